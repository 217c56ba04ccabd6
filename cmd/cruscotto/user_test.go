package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

func TestUserPasswd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	if code, _, stderr := cli(t, "vecchia-password\n", "user", "add", "--db", path, "--role", "viewer", "anna"); code != exitOK {
		t.Fatal(stderr)
	}
	ctx := context.Background()
	session := func() string {
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		p, err := db.Authenticate(ctx, "anna", "vecchia-password")
		if err != nil {
			t.Fatal(err)
		}
		ck, _, err := db.CreateSession(ctx, p.UserID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return ck
	}
	check := func(password, cookie string) {
		t.Helper()
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Authenticate(ctx, "anna", password); err != nil {
			t.Errorf("the new password %q is refused: %v", password, err)
		}
		if _, _, err := db.SessionPrincipal(ctx, cookie); model.ErrorCode(err) != model.EUnauthorized {
			t.Errorf("the session survived: %v", err)
		}
	}
	t.Run("FromStdin", func(t *testing.T) {
		ck := session()
		code, out, stderr := cli(t, "password-nuova\n", "user", "passwd", "--db", path, "anna")
		if code != exitOK || strings.Contains(out, "Password:") {
			t.Fatalf("%d %s %s", code, out, stderr)
		}
		check("password-nuova", ck)
	})
	t.Run("Generated", func(t *testing.T) {
		cli(t, "vecchia-password\n", "user", "passwd", "--db", path, "anna")
		ck := session()
		code, out, _ := cli(t, "", "user", "passwd", "--db", path, "anna")
		m := regexp.MustCompile(`primo accesso\): (\S+)`).FindStringSubmatch(out)
		if code != exitOK || m == nil {
			t.Fatalf("%d %s", code, out)
		}
		check(m[1], ck)
	})
	t.Run("ErrTooShort", func(t *testing.T) {
		if code, _, stderr := cli(t, "corta\n", "user", "passwd", "--db", path, "anna"); code != exitRejected || !strings.Contains(stderr, "almeno 8") {
			t.Errorf("%d %s", code, stderr)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if code, _, stderr := cli(t, "password-nuova\n", "user", "passwd", "--db", path, "bruno"); code != exitRejected || !strings.Contains(stderr, "non esiste") {
			t.Errorf("%d %s", code, stderr)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		if code, _, stderr := cli(t, "", "user", "cancella", "anna"); code != exitUsage || !strings.Contains(stderr, "user passwd") {
			t.Errorf("%d %s", code, stderr)
		}
	})
}

// TestAddresses: users and units get checked, lower-case addresses from
// the command line.
func TestAddresses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	if code, _, stderr := cli(t, "", "import", "--db", path, plan2020); code != exitOK {
		t.Fatal(stderr)
	}
	steps := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"user", "add", "--db", path, "--role", "unit", "--unit", "Mediazione", "--email", "Anna.Verdi@CCIAA.it", "anna"}, exitOK, "e-mail anna.verdi@cciaa.it"},
		{[]string{"user", "add", "--db", path, "--role", "viewer", "--email", "non-un-indirizzo", "bruno"}, exitRejected, "non è un indirizzo e-mail valido"},
		{[]string{"user", "email", "--db", path, "anna", "Anna Verdi <a.verdi@cciaa.it>"}, exitOK, "a.verdi@cciaa.it"},
		{[]string{"user", "email", "--db", path, "nessuno", "x@cciaa.it"}, exitRejected, "non esiste"},
		{[]string{"user", "email", "--db", path, "anna", ""}, exitOK, "non ha più"},
		{[]string{"unit", "email", "--db", path, "Mediazione", "Mediazione@CCIAA.it"}, exitOK, "mediazione@cciaa.it"},
		{[]string{"unit", "email", "--db", path, "Inesistente", "x@cciaa.it"}, exitRejected, "non è in nessun piano"},
		{[]string{"unit", "email", "--db", path, "Mediazione", "x@"}, exitRejected, "non è un indirizzo e-mail valido"},
	}
	for _, s := range steps {
		code, out, stderr := cli(t, "", s.args...)
		if code != s.code || !strings.Contains(out+stderr, s.out) {
			t.Errorf("%v: exit %d, %s%s; want exit %d and %q", s.args, code, out, stderr, s.code, s.out)
		}
	}
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	boxes, err := db.UnitMailboxes(context.Background())
	if err != nil || boxes["Mediazione"] != "mediazione@cciaa.it" || len(boxes) != 1 {
		t.Errorf("mailboxes %v, %v", boxes, err)
	}
}
