package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe starts the service on a new database: it creates the first
// admin, answers /healthz, and stops gracefully when signalled.
func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, env{stdin: strings.NewReader(""), stdout: &stderr, stderr: &stderr}, []string{"serve", "--addr", addr, "--db", filepath.Join(t.TempDir(), "s.db")})
	}()
	var resp *http.Response
	for i := 0; i < 100; i++ {
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not stop")
	}
	if out := stderr.String(); !strings.Contains(out, "Creato l'utente «admin» con password provvisoria:") || !strings.Contains(out, "path=/healthz") {
		t.Errorf("output:\n%s", out)
	}
}

func TestUserAndToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatal(stderr)
	}
	if code, out, stderr := cli(t, "segretissima\n", "user", "add", "--db", db, "--role", "unit", "--unit", "Mediazione", "anna"); code != exitOK || strings.Contains(out, "Password:") {
		t.Errorf("user add: %d %s %s", code, out, stderr)
	}
	if code, out, _ := cli(t, "", "user", "add", "--db", db, "--role", "viewer", "giunta"); code != exitOK || !strings.Contains(out, "Password provvisoria (da cambiare al primo accesso): ") {
		t.Errorf("generated password not printed: %s", out)
	}
	if code, _, stderr := cli(t, "segretissima\n", "user", "add", "--db", db, "--role", "unit", "--unit", "Inesistente", "bruno"); code != exitRejected || !strings.Contains(stderr, "non compare") {
		t.Errorf("unknown unit: %d %s", code, stderr)
	}
	if code, _, stderr := cli(t, "segretissima\n", "user", "add", "--db", db, "--role", "viewer", "anna"); code != exitRejected || !strings.Contains(stderr, "esiste già") {
		t.Errorf("duplicate: %d %s", code, stderr)
	}
	if code, out, _ := cli(t, "", "token", "create", "--db", db, "--role", "admin", "--label", "script"); code != exitOK || !strings.HasPrefix(out, "cru_") {
		t.Errorf("token: %d %s", code, out)
	}
	if code, _, _ := cli(t, "", "token", "create", "--db", db, "--role", "capo"); code != exitUsage {
		t.Errorf("bad role: %d", code)
	}
}
