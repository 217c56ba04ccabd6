package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
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
	_, tok, err := f.db.NewToken(t.Context(), model.RoleAdmin, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["admin"] = tok
	if rec := f.do(t, "admin", "POST", "/password", strings.NewReader("current=x&new=nuova-password&confirm=nuova-password"), "application/x-www-form-urlencoded"); rec.Code != 403 {
		t.Errorf("token: %d", rec.Code)
	}
}

// TestGeneratedPasswordMustChange: a user added with a generated
// password is led to the password form by every page until they choose
// their own (the API refuses them), and then reaches their pages.
func TestGeneratedPasswordMustChange(t *testing.T) {
	f := setup(t)
	admin, csrf := loggedIn(t, f, "carla", model.RoleAdmin, "")
	rec := admin.do(t, "POST", "/utenti", url.Values{"csrf": {csrf}, "username": {"anna"}, "role": {"unit"}, "unit": {"Mediazione"}})
	page := admin.follow(t, rec).Body.String()
	m := regexp.MustCompile(`<code class="secret">([^<]+)</code>`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "provvisoria") {
		t.Fatalf("no generated password shown:\n%.800s", page)
	}
	anna := &browser{f: f}
	if rec := anna.do(t, "POST", "/accesso", url.Values{"username": {"anna"}, "password": {html.UnescapeString(m[1])}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("log-in with the generated password: %d", rec.Code)
	}
	for _, path := range []string{"/struttura", "/piani/1", "/piani"} {
		if rec := anna.do(t, "GET", path, nil); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/password") {
			t.Errorf("%s with a password to change: %d %q", path, rec.Code, rec.Header().Get("Location"))
		}
	}
	if rec := anna.do(t, "GET", "/api/plans", nil); rec.Code != http.StatusForbidden {
		t.Errorf("the API with a password to change: %d", rec.Code)
	}
	form := anna.do(t, "GET", "/password", nil).Body.String()
	if !strings.Contains(form, "La password ricevuta è provvisoria") {
		t.Error("the password form does not say why it is shown")
	}
	token := csrfField.FindStringSubmatch(form)[1]
	rec = anna.do(t, "POST", "/password", url.Values{"csrf": {token}, "current": {html.UnescapeString(m[1])}, "new": {"una-password-sua"}, "confirm": {"una-password-sua"}})
	if rec.Code >= 400 {
		t.Fatalf("change: %d %s", rec.Code, rec.Body.String())
	}
	if rec := anna.do(t, "GET", "/struttura", nil); rec.Code != http.StatusOK {
		t.Errorf("after the change, the home: %d", rec.Code)
	}
}
