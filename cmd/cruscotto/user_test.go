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
		m := regexp.MustCompile(`Password: (\S+)`).FindStringSubmatch(out)
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
