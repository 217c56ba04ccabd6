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

func TestParseExpiry(t *testing.T) {
	now := time.Date(2026, 11, 28, 15, 30, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time // zero: refused
	}{
		{"90d", now.Add(90 * 24 * time.Hour)},
		{"12h", now.Add(12 * time.Hour)},
		{" 1d ", now.Add(24 * time.Hour)},
		{"2027-03-31", time.Date(2027, 3, 31, 22, 0, 0, 0, time.UTC)},  // valid through that day in Rome (CEST, UTC+2)
		{"2026-11-28", time.Date(2026, 11, 28, 23, 0, 0, 0, time.UTC)}, // CET, UTC+1
		{"2026-11-27", time.Time{}},                                    // past
		{"0d", time.Time{}},
		{"-5d", time.Time{}},
		{"90", time.Time{}},
		{"d", time.Time{}},
		{"3w", time.Time{}},
		{"1.5d", time.Time{}},
		{"99999999d", time.Time{}},
		{"31/03/2027", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseExpiry(tt.in, now)
			if tt.want.IsZero() {
				if model.ErrorCode(err) != model.EInvalid {
					t.Errorf("got %v, %v; want refused", got, err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	var secrets []string
	for _, args := range [][]string{
		{"--role", "admin"},
		{"--role", "admin"},
		{"--role", "viewer", "--label", "giunta", "--expires", "90d"},
	} {
		code, out, stderr := cli(t, "", append([]string{"token", "create", "--db", db}, args...)...)
		if code != exitOK || !strings.HasPrefix(out, "cru_") || !strings.Contains(stderr, "token #") {
			t.Fatalf("create %v: %d %s %s", args, code, out, stderr)
		}
		secrets = append(secrets, strings.TrimSpace(out))
	}
	if code, _, stderr := cli(t, "", "token", "create", "--db", db, "--role", "admin", "--expires", "domani"); code != exitUsage || !strings.Contains(stderr, "non valida") {
		t.Errorf("bad --expires: %d %s", code, stderr)
	}
	code, out, _ := cli(t, "", "token", "list", "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || len(lines) != 4 {
		t.Fatalf("list: %d\n%s", code, out)
	}
	for i, want := range []string{`^1\s+admin\s+—\s+—\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+—\s+valido$`, `^2\s+admin`, `^3\s+viewer\s+—\s+giunta\s+.*valido fino al`} {
		if !regexp.MustCompile(want).MatchString(lines[i+1]) {
			t.Errorf("line %d %q does not match %s", i+1, lines[i+1], want)
		}
	}
	for _, s := range secrets {
		if strings.Contains(out, s) || strings.Contains(out, "cru_") {
			t.Error("the list shows a secret")
		}
	}
	if code, out, _ := cli(t, "", "token", "revoke", "--db", db, "2"); code != exitOK || !strings.Contains(out, "token #2 revocato") {
		t.Errorf("revoke: %d %s", code, out)
	}
	if code, _, stderr := cli(t, "", "token", "revoke", "--db", db, "9"); code != exitRejected || !strings.Contains(stderr, "non esiste") {
		t.Errorf("revoke unknown: %d %s", code, stderr)
	}
	if code, _, _ := cli(t, "", "token", "revoke", "--db", db, "due"); code != exitUsage {
		t.Errorf("revoke without a number: %d", code)
	}
	if _, out, _ := cli(t, "", "token", "list", "--db", db); !regexp.MustCompile(`(?m)^2\s.*revocato il`).MatchString(out) {
		t.Errorf("list after revoke:\n%s", out)
	}
	store, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	if _, err := store.TokenPrincipal(ctx, secrets[1]); model.ErrorCode(err) != model.EUnauthorized {
		t.Errorf("revoked token: %v", err)
	}
	if p, err := store.TokenPrincipal(ctx, secrets[0]); err != nil || p.Username != "token #1" || p.TokenID != 1 {
		t.Errorf("token 1: %+v %v", p, err)
	}
}
