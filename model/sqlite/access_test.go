package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// clockDB opens a database whose clock the test moves.
func clockDB(t *testing.T) (*sqlite.DB, *time.Time) {
	t.Helper()
	db := MustOpenDB(t)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	return db, &now
}

func TestTokenNames(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	seen := map[string]bool{}
	for _, label := range []string{"", "", "script"} {
		tok, secret, err := db.NewToken(ctx, model.RoleViewer, "", label, nil)
		if err != nil {
			t.Fatal(err)
		}
		p, err := db.TokenPrincipal(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if p.TokenID != tok.ID || p.Username != tok.Name() || seen[p.Username] || p.Key() == "" {
			t.Errorf("label %q: principal %+v, token %+v", label, p, tok)
		}
		seen[p.Username] = true
	}
	for _, want := range []string{"token #1", "token #2", "token #3 (script)"} {
		if !seen[want] {
			t.Errorf("no principal named %q in %v", want, seen)
		}
	}
}

func TestTokenValidity(t *testing.T) {
	ctx := context.Background()
	db, now := clockDB(t)
	in := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	tests := []struct {
		name    string
		expires *time.Time
		revoke  bool
		later   time.Duration
		ok      bool
	}{
		{"OK", nil, false, 1000 * time.Hour, true},
		{"BeforeExpiry", in(24 * time.Hour), false, 23 * time.Hour, true},
		{"ErrExpired", in(24 * time.Hour), false, 24 * time.Hour, false},
		{"ErrRevoked", nil, true, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := *now
			defer func() { *now = start }()
			tok, secret, err := db.NewToken(ctx, model.RoleAdmin, "", tt.name, tt.expires)
			if err != nil {
				t.Fatal(err)
			}
			if tt.revoke {
				if _, err := db.RevokeToken(ctx, tok.ID); err != nil {
					t.Fatal(err)
				}
			}
			*now = now.Add(tt.later)
			_, err = db.TokenPrincipal(ctx, secret)
			if tt.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tt.ok && (model.ErrorCode(err) != model.EUnauthorized || model.ErrorMessage(err) != "Token scaduto o revocato: chiederne uno nuovo all'amministrazione.") {
				t.Errorf("want the expired-or-revoked sentence, got %v", err)
			}
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := db.RevokeToken(ctx, 999); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("got %v", err)
		}
	})
}

// TestTokenLastUsed checks that the last use is recorded, but written at
// most once a minute.
func TestTokenLastUsed(t *testing.T) {
	ctx := context.Background()
	db, now := clockDB(t)
	tok, secret, err := db.NewToken(ctx, model.RoleAdmin, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	lastUsed := func() *time.Time {
		list, err := db.Tokens(ctx)
		if err != nil || len(list) != 1 || list[0].ID != tok.ID {
			t.Fatalf("tokens %v %v", list, err)
		}
		return list[0].LastUsedAt
	}
	if lastUsed() != nil {
		t.Error("a new token has a last use")
	}
	first := *now
	for _, step := range []time.Duration{0, 30 * time.Second, 29 * time.Second} {
		*now = now.Add(step)
		if _, err := db.TokenPrincipal(ctx, secret); err != nil {
			t.Fatal(err)
		}
	}
	if got := lastUsed(); got == nil || !got.Equal(first) {
		t.Errorf("last used %v, want %v (not rewritten within a minute)", got, first)
	}
	*now = now.Add(2 * time.Second)
	db.TokenPrincipal(ctx, secret)
	if got := lastUsed(); got == nil || !got.Equal(*now) {
		t.Errorf("last used %v, want %v", got, *now)
	}
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	db, now := clockDB(t)
	u, err := db.AddUser(ctx, "anna", "password-anna", model.RoleViewer, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ExpiredDeleted", func(t *testing.T) {
		old, _, err := db.CreateSession(ctx, u.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		*now = now.Add(2 * time.Hour)
		if _, _, err := db.SessionPrincipal(ctx, old); model.ErrorCode(err) != model.EUnauthorized {
			t.Errorf("expired session: %v", err)
		}
		if n, _ := db.Sessions(ctx, u.ID); n != 0 {
			t.Errorf("%d sessions after looking up an expired one", n)
		}
		// a login sweeps the expired sessions nobody looks up again
		db.CreateSession(ctx, u.ID, time.Hour)
		*now = now.Add(2 * time.Hour)
		db.CreateSession(ctx, u.ID, time.Hour)
		if n, _ := db.Sessions(ctx, u.ID); n != 1 {
			t.Errorf("%d sessions after a login, want 1", n)
		}
	})
	t.Run("ChangePassword", func(t *testing.T) {
		keep, _, _ := db.CreateSession(ctx, u.ID, time.Hour)
		other, _, _ := db.CreateSession(ctx, u.ID, time.Hour)
		tests := []struct {
			name, current, next string
			code                model.Code
		}{
			{"ErrWrongCurrent", "sbagliata", "nuova-password", model.EInvalid},
			{"OK", "password-anna", "nuova-password", ""},
		}
		for _, tt := range tests {
			err := db.ChangePassword(ctx, u.ID, tt.current, tt.next, keep)
			if model.ErrorCode(err) != tt.code && !(tt.code == "" && err == nil) {
				t.Errorf("%s: %v", tt.name, err)
			}
		}
		if _, _, err := db.SessionPrincipal(ctx, keep); err != nil {
			t.Errorf("the session that changed the password ended: %v", err)
		}
		if _, _, err := db.SessionPrincipal(ctx, other); err == nil {
			t.Error("another session survived the password change")
		}
		if _, err := db.Authenticate(ctx, "anna", "nuova-password"); err != nil {
			t.Errorf("new password refused: %v", err)
		}
	})
	t.Run("ResetPassword", func(t *testing.T) {
		s, _, _ := db.CreateSession(ctx, u.ID, time.Hour)
		if _, err := db.ResetPassword(ctx, "Anna", "azzerata-ora"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.SessionPrincipal(ctx, s); err == nil {
			t.Error("a session survived the reset")
		}
		if _, err := db.Authenticate(ctx, "anna", "azzerata-ora"); err != nil {
			t.Errorf("reset password refused: %v", err)
		}
		if _, err := db.ResetPassword(ctx, "nessuno", "azzerata-ora"); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("unknown user: %v", err)
		}
	})
}

// TestConcurrentPasswordChanges: of several changes made at once with the
// same old password, one wins; the others are refused, as they would be
// one after another, and the winner's password is the one that works.
func TestConcurrentPasswordChanges(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	u, err := db.AddUser(ctx, "anna", "password-anna", model.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]error, 6)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.ChangePassword(ctx, u.ID, "password-anna", fmt.Sprint("nuova-password-", i), "")
		}()
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won >= 0:
			t.Errorf("changes %d and %d both succeeded", won, i)
		case err == nil:
			won = i
		case model.ErrorCode(err) != model.EInvalid:
			t.Errorf("change %d: %v", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no change succeeded")
	}
	if _, err := db.Authenticate(ctx, "anna", fmt.Sprint("nuova-password-", won)); err != nil {
		t.Errorf("the winner's password is refused: %v", err)
	}
}

// TestSessionsPerUserBounded: logging in in a loop keeps at most
// MaxSessionsPerUser sessions, the newest; the oldest end.
func TestSessionsPerUserBounded(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	u, err := db.AddUser(ctx, "anna", "password-lunga-1", model.RoleViewer, "")
	if err != nil {
		t.Fatal(err)
	}
	var cookies []string
	for i := 0; i < sqlite.MaxSessionsPerUser+5; i++ {
		ck, _, err := db.CreateSession(ctx, u.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		cookies = append(cookies, ck)
	}
	for i, ck := range cookies {
		_, _, err := db.SessionPrincipal(ctx, ck)
		if live := err == nil; live != (i >= 5) {
			t.Errorf("session %d live %v (%v)", i, live, err)
		}
	}
}
