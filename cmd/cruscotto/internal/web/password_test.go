package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cruscotto/model"
)

func TestPasswordPage(t *testing.T) {
	f := setupAuth(t)
	login := func(password string) *browser {
		b := &browser{f: f.fixture}
		if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"anna"}, "password": {password}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("login with %q: %d", password, rec.Code)
		}
		return b
	}
	b, other := login("password-anna"), login("password-anna")
	page := b.do(t, "GET", "/password", nil)
	m := csrfField.FindStringSubmatch(page.Body.String())
	if page.Code != 200 || m == nil || !strings.Contains(page.Body.String(), "Cambia password") {
		t.Fatalf("password page: %d\n%.400s", page.Code, page.Body.String())
	}
	if list := b.do(t, "GET", "/piani", nil).Body.String(); !strings.Contains(list, `href="/password"`) {
		t.Error("no link to the password page in the header")
	}
	csrf := m[1]
	tests := []struct {
		name, csrf, current, next, confirm string
		code                               int
		says                               string
	}{
		{"ErrNoCSRF", "", "password-anna", "nuova-password", "nuova-password", 403, "Modulo scaduto"},
		{"ErrWrongCurrent", csrf, "sbagliata", "nuova-password", "nuova-password", 422, "La password attuale non è corretta."},
		{"ErrMismatch", csrf, "password-anna", "nuova-password", "nuova-passwort", 422, "non coincidono"},
		{"ErrTooShort", csrf, "password-anna", "corta", "corta", 422, "La password deve avere almeno 8 caratteri."},
		{"ErrSameAsCurrent", csrf, "password-anna", "password-anna", "password-anna", 422, "uguale a quella attuale"},
		{"OK", csrf, "password-anna", "nuova-password", "nuova-password", 200, "Password cambiata."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := b.do(t, "POST", "/password", url.Values{"csrf": {tt.csrf}, "current": {tt.current}, "new": {tt.next}, "confirm": {tt.confirm}})
			if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.says) {
				t.Errorf("%d, want %d saying %q:\n%.600s", rec.Code, tt.code, tt.says, rec.Body.String())
			}
		})
	}
	if rec := b.do(t, "GET", "/piani", nil); rec.Code != 200 {
		t.Errorf("the session that changed the password: %d", rec.Code)
	}
	if rec := other.do(t, "GET", "/piani", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("another session after the change: %d, want a redirect to log in", rec.Code)
	}
	login("nuova-password")
	// a token has no password to change
	tok, err := f.db.CreateToken(t.Context(), model.RoleAdmin, "", "")
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["admin"] = tok
	if rec := f.do(t, "admin", "POST", "/password", strings.NewReader("current=x&new=nuova-password&confirm=nuova-password"), "application/x-www-form-urlencoded"); rec.Code != 403 {
		t.Errorf("token: %d", rec.Code)
	}
}
