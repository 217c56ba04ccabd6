package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"cruscotto/cmd/cruscotto/internal/app"
	cmail "cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/cmd/cruscotto/internal/mail/mailtest"
	"cruscotto/model/sqlite"
)

// asBinary makes the test binary run as cruscotto when the environment
// asks (see TestMain): tests that kill the process start it so.
const asBinary = "CRUSCOTTO_TEST_AS_BINARY"

// TestRemindKilledBeforeDelivery kills «cruscotto remind» with SIGKILL
// after it stored its messages and while the relay stalls before taking
// the first: after the restart, each message is delivered, once.
func TestRemindKilledBeforeDelivery(t *testing.T) {
	srv := mailtest.Start(t)
	db := filepath.Join(t.TempDir(), "c.db")
	steps := [][]string{
		{"import", "--db", db, plan2020},
		{"user", "add", "--db", db, "--role", "unit", "--unit", "Mediazione", "--email", "anna@cciaa.it", "anna"},
		{"user", "add", "--db", db, "--role", "unit", "--unit", "SG", "--email", "carla@cciaa.it", "carla"},
		{"unit", "email", "--db", db, "Mediazione", "mediazione@cciaa.it"},
	}
	for _, s := range steps {
		if code, out, stderr := cli(t, "", s...); code != exitOK {
			t.Fatalf("%v: %s %s", s, out, stderr)
		}
	}
	srv.Hold()
	cmd := exec.Command(os.Args[0], "remind", "--db", db, "--plan", "1", "--smtp", srv.Addr, "--smtp-from", "cruscotto@cciaa.it", "--smtp-tls", "none")
	cmd.Env = append(os.Environ(), asBinary+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for srv.Started() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if srv.Started() == 0 {
		cmd.Process.Kill()
		t.Fatal("remind never reached the relay")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	srv.Release()
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages delivered before the kill", n)
	}
	// the service starts again: it delivers what was queued, once the
	// killed sender's claim has lapsed
	store, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	cfg := cmail.Config{Addr: srv.Addr, From: "cruscotto@cciaa.it", TLS: cmail.NoTLS, Timeout: 5 * time.Second}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(3 * time.Minute)
	a := app.New(store, app.Options{Mail: cfg, Now: func() time.Time { return later }})
	d, err := a.Deliver(context.Background())
	if err != nil || d.Sent != 3 || d.Queued != 0 {
		t.Fatalf("after the restart: %+v, %v", d, err)
	}
	later = later.Add(time.Hour)
	if d, _ := a.Deliver(context.Background()); d.Sent != 0 {
		t.Errorf("sent again: %+v", d)
	}
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		seen[m.To[0]]++
	}
	for _, to := range []string{"anna@cciaa.it", "carla@cciaa.it", "mediazione@cciaa.it"} {
		if seen[to] != 1 {
			t.Errorf("%s got %d messages", to, seen[to])
		}
	}
}

// TestRemindCommand: a dry run says who would get what and sends
// nothing; with the relay down the command exits 1 saying how many are
// queued, and the next run delivers them once.
func TestRemindCommand(t *testing.T) {
	srv := mailtest.Start(t)
	db := filepath.Join(t.TempDir(), "c.db")
	for _, s := range [][]string{
		{"import", "--db", db, plan2020},
		{"user", "add", "--db", db, "--role", "unit", "--unit", "Mediazione", "--email", "anna@cciaa.it", "anna"},
	} {
		if code, out, stderr := cli(t, "", s...); code != exitOK {
			t.Fatalf("%v: %s %s", s, out, stderr)
		}
	}
	smtp := []string{"--smtp", srv.Addr, "--smtp-from", "cruscotto@cciaa.it", "--smtp-tls", "none"}
	remind := func(extra ...string) (int, string, string) {
		return cli(t, "", append(append([]string{"remind", "--db", db, "--plan", "1"}, smtp...), extra...)...)
	}
	code, out, _ := remind("--dry-run")
	if code != exitOK || !strings.Contains(out, "Mediazione") || !strings.Contains(out, "anna@cciaa.it") || !strings.Contains(out, "prova") || len(srv.Messages()) != 0 {
		t.Errorf("dry run: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "SG") || !strings.Contains(out, "nessun indirizzo") {
		t.Errorf("the dry run does not say SG has no address:\n%s", out)
	}
	srv.Stop()
	code, out, stderr := remind()
	if code != exitRejected || !strings.Contains(stderr, "1 messaggio in coda") {
		t.Errorf("relay down: exit %d\n%s%s", code, out, stderr)
	}
	srv.Restart(t)
	// the next run reminds no one new (Mediazione was reminded today) and
	// delivers the queued message, once
	for i := 0; i < 2; i++ {
		code, out, stderr = remind()
		if code != exitOK || !strings.Contains(out, "già sollecitata oggi") || len(srv.Messages()) != 1 {
			t.Errorf("run %d after the relay came back: exit %d, %d delivered\n%s%s", i+1, code, len(srv.Messages()), out, stderr)
		}
	}
	if code, out, stderr := cli(t, "", "remind", "--db", db, "--plan", "1", "--smtp", "relay.cciaa.it:25", "--smtp-from", "x@cciaa.it", "--smtp-tls", "none"); code != exitRejected || !strings.Contains(stderr, "solo per un server sulla stessa macchina") {
		t.Errorf("plain text to a remote relay: exit %d %s%s", code, out, stderr)
	}
	if code, _, stderr := cli(t, "", "remind", "--db", db, "--plan", "1"); code != exitRejected || !strings.Contains(stderr, "--smtp") {
		t.Errorf("without a relay: exit %d %s", code, stderr)
	}
	if code, out, _ := cli(t, "", "plans", "reminders", "--db", db, "1", "14, 7,2"); code != exitOK || !strings.Contains(out, "14 e 7 e 2 giorni prima") {
		t.Errorf("plans reminders: exit %d %s", code, out)
	}
	if code, _, stderr := cli(t, "", "plans", "reminders", "--db", db, "1", "domani"); code != exitRejected || !strings.Contains(stderr, "nessuno") {
		t.Errorf("plans reminders domani: exit %d %s", code, stderr)
	}
}
