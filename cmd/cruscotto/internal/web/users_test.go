package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cruscotto/model"
)

// send is browser.do with request headers (Accept, Referer). A log-in
// posted without its form's token first opens the log-in page, as a
// person does, and sends the token it holds.
func (b *browser) send(t *testing.T, method, path string, form url.Values, headers map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	if method == "POST" && path == "/accesso" && form != nil && !form.Has("csrf") {
		page := b.send(t, "GET", "/accesso", nil, nil)
		form.Set("csrf", csrfField.FindStringSubmatch(page.Body.String())[1])
	}
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.f.e.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		b.cookies = append([]*http.Cookie{c}, b.cookies...)
	}
	return rec
}

// loggedIn adds a user and returns a browser logged in as it, with the
// session's CSRF token.
func loggedIn(t *testing.T, f *fixture, name string, role model.Role, unit string) (*browser, string) {
	t.Helper()
	if _, err := f.db.AddUser(context.Background(), name, "password-"+name, role, unit); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f}
	if rec := b.do(t, "POST", "/accesso", url.Values{"username": {name}, "password": {"password-" + name}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("login %s: %d", name, rec.Code)
	}
	m := csrfField.FindStringSubmatch(b.do(t, "GET", "/piani", nil).Body.String())
	if m == nil {
		t.Fatal("no CSRF field")
	}
	return b, m[1]
}

var postForm = regexp.MustCompile(`<form method="post" action="([^"]+)"`)

// forms lists the actions of a page's POST forms but logging out.
func forms(page string) []string {
	var out []string
	for _, m := range postForm.FindAllStringSubmatch(page, -1) {
		if m[1] != "/uscita" {
			out = append(out, m[1])
		}
	}
	return out
}

// TestEachRoleSeesWhatItCanDo: the viewer gets no forms and no unit
// workbook links; a unit gets its own workbook and the upload form; the
// admin everything.
func TestEachRoleSeesWhatItCanDo(t *testing.T) {
	f := setup(t)
	type want struct {
		forms      int  // POST forms besides logging out
		sheetLinks int  // links to units' workbooks
		nav        bool // the admin's links
	}
	for _, tc := range []struct {
		name, role, unit string
		pages            map[string]want
	}{
		{"viewer", "viewer", "", map[string]want{"/piani": {0, 0, false}, "/piani/1": {0, 0, false}, "/piani/1/strutture": {0, 0, false}}},
		{"unit", "unit", "Mediazione", map[string]want{"/piani": {0, 0, false}, "/piani/1": {0, 0, false}, "/piani/1/strutture": {1, 1, false}}},
		{"admin", "admin", "", map[string]want{"/piani": {1, 0, true}, "/piani/1": {1, 0, true} /* the plan state form */, "/piani/1/strutture": {2, -1, true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := loggedIn(t, f, "p-"+tc.name, model.Role(tc.role), tc.unit)
			for path, w := range tc.pages {
				rec := b.do(t, "GET", path, nil)
				page := rec.Body.String()
				if rec.Code != 200 {
					t.Fatalf("%s: %d", path, rec.Code)
				}
				if got := forms(page); len(got) != w.forms {
					t.Errorf("%s: forms %v, want %d", path, got, w.forms)
				}
				links := strings.Count(page, "/sheet.xlsx")
				if (w.sheetLinks >= 0 && links != w.sheetLinks) || (w.sheetLinks < 0 && links < 2) {
					t.Errorf("%s: %d workbook links, want %d", path, links, w.sheetLinks)
				}
				if got := strings.Contains(page, `href="/utenti"`); got != w.nav {
					t.Errorf("%s: link to the users page %v, want %v", path, got, w.nav)
				}
				if strings.Contains(page, "javascript:") {
					t.Errorf("%s: a javascript: link", path)
				}
			}
		})
	}
}

// TestRefusalsArePages: a refusal met in the browser — a page path, or an
// API download clicked on a page — is the Italian error page with a way
// back; programs of the API still get JSON.
func TestRefusalsArePages(t *testing.T) {
	f := setup(t)
	viewer, csrf := loggedIn(t, f, "sg", model.RoleViewer, "")
	html := map[string]string{"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
	from := func(path string) map[string]string {
		return map[string]string{"Accept": html["Accept"], "Referer": "http://example.com" + path}
	}
	for _, tc := range []struct {
		name         string
		b            *browser
		method, path string
		form         url.Values
		headers      map[string]string
		status       int
		title, back  string
	}{
		{"ForbiddenDownload", viewer, "GET", "/api/plans/1/units/mediazione/sheet.xlsx", nil, from("/piani/1/strutture?period=2020"), 403,
			"Operazione non consentita", "/piani/1/strutture?period=2020"},
		{"ForbiddenForm", viewer, "POST", "/piani", url.Values{"csrf": {csrf}}, from("/piani"), 403, "Operazione non consentita", "/piani"},
		{"ForbiddenUsers", viewer, "GET", "/utenti", nil, html, 403, "Operazione non consentita", "/piani"},
		{"NotFound", viewer, "GET", "/piani/99", nil, from("/piani"), 404, "Pagina inesistente", "/piani"},
		{"NotFoundDownload", viewer, "GET", "/api/plans/99/scorecard.xlsx", nil, from("/piani/1"), 404, "Pagina inesistente", "/piani/1"},
		{"MethodNotAllowed", viewer, "PUT", "/piani", nil, html, 405, "Operazione non consentita", "/piani"},
		{"BackNotToItself", viewer, "GET", "/piani/99", nil, from("/piani/99"), 404, "Pagina inesistente", "/piani"},
		{"BackNotElsewhere", viewer, "GET", "/piani/99", nil, map[string]string{"Referer": "http://altrove.example/piani/1"}, 404, "Pagina inesistente", "/piani"},
		{"LoginAsked", &browser{f: f}, "GET", "/api/plans/1/scorecard.xlsx", nil, html, 401, "Accesso richiesto", "/piani"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := tc.b.send(t, tc.method, tc.path, tc.form, tc.headers)
			page := rec.Body.String()
			if rec.Code != tc.status || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("%d %s, want %d as a page: %.300s", rec.Code, rec.Header().Get("Content-Type"), tc.status, page)
			}
			if !strings.Contains(page, "<h1>"+tc.title+"</h1>") || !strings.Contains(page, `<a href="`+tc.back+`">Torna indietro</a>`) {
				t.Errorf("title %q, back %q not on the page:\n%s", tc.title, tc.back, page)
			}
			if strings.Contains(page, "javascript:") || strings.Contains(page, `"error":`) {
				t.Errorf("a javascript: link or JSON on the page")
			}
			if tc.status == 401 && !strings.Contains(page, `href="/accesso"`) {
				t.Errorf("no link to log in")
			}
		})
	}
	t.Run("TooLarge", func(t *testing.T) {
		req := httptest.NewRequest("POST", "/piani", strings.NewReader("x"))
		req.ContentLength = model.MaxUploadBytes + 1<<20
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		for _, c := range viewer.cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		f.e.ServeHTTP(rec, req)
		if rec.Code != 413 || !strings.Contains(rec.Body.String(), "<h1>File troppo grande</h1>") {
			t.Errorf("%d: %.300s", rec.Code, rec.Body.String())
		}
	})
	t.Run("ProgramsGetJSON", func(t *testing.T) {
		for _, rec := range []*httptest.ResponseRecorder{
			f.do(t, "viewer", "GET", "/api/plans/1/units/mediazione/sheet.xlsx", nil, ""),
			viewer.send(t, "GET", "/api/plans/1/units/mediazione/sheet.xlsx", nil, map[string]string{"Accept": "application/json"}),
		} {
			if rec.Code != 403 || !strings.Contains(rec.Body.String(), `"error":`) {
				t.Errorf("%d %s", rec.Code, rec.Body.String())
			}
		}
	})
}

// flashOf returns the secret shown once on a page, or "".
var secretShown = regexp.MustCompile(`<code class="secret">([^<]+)</code>`)

func secretOn(page string) string {
	if m := secretShown.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// followed posts a form, checks the 303 to want, and returns the page it
// leads to.
func followed(t *testing.T, b *browser, path string, form url.Values, want string) string {
	t.Helper()
	rec := b.do(t, "POST", path, form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
		t.Fatalf("POST %s: %d → %q, want 303 → %s: %.500s", path, rec.Code, rec.Header().Get("Location"), want, rec.Body.String())
	}
	return b.do(t, "GET", want, nil).Body.String()
}

func TestUsersPage(t *testing.T) {
	f := setup(t)
	admin, csrf := loggedIn(t, f, "ctrl", model.RoleAdmin, "")
	t.Run("ErrNotAdmin", func(t *testing.T) {
		for _, role := range []struct {
			name string
			role model.Role
			unit string
		}{{"anna", model.RoleUnit, "Mediazione"}, {"sg", model.RoleViewer, ""}} {
			b, token := loggedIn(t, f, role.name, role.role, role.unit)
			for _, c := range []struct {
				method, path string
				form         url.Values
			}{{"GET", "/utenti", nil}, {"GET", "/utenti/modifica?utente=ctrl", nil}, {"GET", "/strutture/alias", nil},
				{"POST", "/utenti", url.Values{"csrf": {token}, "username": {"x"}, "role": {"admin"}}},
				{"POST", "/utenti/password", url.Values{"csrf": {token}, "username": {"ctrl"}}}} {
				if rec := b.do(t, c.method, c.path, c.form); rec.Code != 403 || !strings.Contains(rec.Body.String(), "<h1>Operazione non consentita</h1>") {
					t.Errorf("%s %s as %s: %d", c.method, c.path, role.name, rec.Code)
				}
			}
		}
	})
	t.Run("ErrCSRF", func(t *testing.T) {
		if rec := admin.do(t, "POST", "/utenti", url.Values{"username": {"x"}, "role": {"viewer"}}); rec.Code != 403 {
			t.Errorf("without the CSRF token: %d", rec.Code)
		}
	})
	t.Run("List", func(t *testing.T) {
		page := admin.do(t, "GET", "/utenti", nil).Body.String()
		for _, want := range []string{"ctrl", "anna", "Mediazione", "(unit)</strong>", "valido, senza scadenza", "<option>Mediazione</option>", `action="/utenti/token/revoca"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the users page lacks %q", want)
			}
		}
	})
	var password string
	t.Run("AddUserGenerated", func(t *testing.T) {
		rec := admin.do(t, "POST", "/utenti", url.Values{"csrf": {csrf}, "username": {"marta"}, "role": {"unit"}, "unit": {"SG"}})
		if rec.Code != http.StatusSeeOther || strings.Contains(rec.Header().Get("Location"), "?") {
			t.Fatalf("%d → %q", rec.Code, rec.Header().Get("Location"))
		}
		page := admin.do(t, "GET", "/utenti", nil).Body.String()
		if password = secretOn(page); len(password) < model.MinPasswordLength || !strings.Contains(page, "Utente «marta» creato: struttura «SG».") {
			t.Fatalf("no password shown:\n%s", page)
		}
		if again := admin.do(t, "GET", "/utenti", nil).Body.String(); secretOn(again) != "" {
			t.Error("the password is shown twice")
		}
		b := &browser{f: f}
		if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"marta"}, "password": {password}}); rec.Code != http.StatusSeeOther {
			t.Errorf("marta cannot log in with the password shown: %d", rec.Code)
		}
	})
	t.Run("AddUserTyped", func(t *testing.T) {
		page := followed(t, admin, "/utenti", url.Values{"csrf": {csrf}, "username": {"dir"}, "role": {"viewer"}, "unit": {"SG"}, "password": {"password-dir"}}, "/utenti")
		if secretOn(page) != "" || !strings.Contains(page, "Utente «dir» creato: direzione.") {
			t.Errorf("typed password: %s", page)
		}
	})
	t.Run("ErrAddUser", func(t *testing.T) {
		for _, c := range []struct {
			name   string
			form   url.Values
			status int
			msg    string
		}{
			{"Exists", url.Values{"username": {"marta"}, "role": {"viewer"}}, 409, "esiste già"},
			{"NoUnit", url.Values{"username": {"nuovo"}, "role": {"unit"}}, 422, "appartiene a una struttura: indicarla"},
			{"UnknownUnit", url.Values{"username": {"nuovo"}, "role": {"unit"}, "unit": {"Ufficio inesistente"}}, 422, "non compare"},
			{"ShortPassword", url.Values{"username": {"nuovo"}, "role": {"viewer"}, "password": {"corta"}}, 422, "almeno 8"},
		} {
			c.form.Set("csrf", csrf)
			rec := admin.do(t, "POST", "/utenti", c.form)
			if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.msg) || !strings.Contains(rec.Body.String(), `value="`+c.form.Get("username")+`"`) {
				t.Errorf("%s: %d, want %d with %q and the name kept", c.name, rec.Code, c.status, c.msg)
			}
		}
	})
	t.Run("SetRole", func(t *testing.T) {
		edit := admin.do(t, "GET", "/utenti/modifica?utente=marta", nil).Body.String()
		if !strings.Contains(edit, "Genera una nuova password") || !strings.Contains(edit, `<option selected>SG</option>`) {
			t.Errorf("the edit page:\n%s", edit)
		}
		page := followed(t, admin, "/utenti/ruolo", url.Values{"csrf": {csrf}, "username": {"marta"}, "role": {"unit"}, "unit": {"Mediazione"}}, "/utenti")
		if !strings.Contains(page, "«marta» ha ora il ruolo struttura «Mediazione».") {
			t.Errorf("no notice:\n%s", page)
		}
		if rec := admin.do(t, "POST", "/utenti/ruolo", url.Values{"csrf": {csrf}, "username": {"ctrl"}, "role": {"viewer"}}); rec.Code != 409 || !strings.Contains(rec.Body.String(), "unico utente di ruolo admin") {
			t.Errorf("demoting the last admin: %d", rec.Code)
		}
	})
	t.Run("ResetPassword", func(t *testing.T) {
		page := followed(t, admin, "/utenti/password", url.Values{"csrf": {csrf}, "username": {"marta"}}, "/utenti")
		next := secretOn(page)
		if next == "" || next == password {
			t.Fatalf("no new password shown: %s", page)
		}
		b := &browser{f: f}
		if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"marta"}, "password": {password}}); rec.Code != 401 {
			t.Errorf("the old password still works: %d", rec.Code)
		}
		if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"marta"}, "password": {next}}); rec.Code != http.StatusSeeOther {
			t.Errorf("the new password does not work: %d", rec.Code)
		}
		if edit := admin.do(t, "GET", "/utenti/modifica?utente=ctrl", nil).Body.String(); strings.Contains(edit, `action="/utenti/password"`) {
			t.Error("the admin is offered to reset their own password")
		}
		if rec := admin.do(t, "POST", "/utenti/password", url.Values{"csrf": {csrf}, "username": {"ctrl"}}); rec.Code != 422 {
			t.Errorf("resetting one's own password: %d", rec.Code)
		}
		if rec := admin.do(t, "GET", "/utenti", nil); rec.Code != 200 {
			t.Errorf("the admin lost the session: %d", rec.Code)
		}
	})
	t.Run("Tokens", func(t *testing.T) {
		page := followed(t, admin, "/utenti/token", url.Values{"csrf": {csrf}, "label": {"gestionale"}, "role": {"unit"}, "unit": {"Mediazione"}, "expires": {"2099-12-31"}}, "/utenti")
		secret := secretOn(page)
		if !strings.HasPrefix(secret, "cru_") || !strings.Contains(page, "(gestionale)") || !strings.Contains(page, "valido fino al 01/01/2100 00:00") {
			t.Fatalf("token created:\n%s", page)
		}
		f.tokens["new"] = secret
		if rec := f.do(t, "new", "GET", "/api/plans/1/units/mediazione/sheet.xlsx", nil, ""); rec.Code != 200 {
			t.Fatalf("the new token: %d", rec.Code)
		}
		id := regexp.MustCompile(`name="id" value="(\d+)"`).FindStringSubmatch(page)
		if id == nil {
			t.Fatal("no revoke form")
		}
		page = followed(t, admin, "/utenti/token/revoca", url.Values{"csrf": {csrf}, "id": {id[1]}}, "/utenti")
		if !strings.Contains(page, "revocato") {
			t.Errorf("no notice of the revocation:\n%s", page)
		}
		if rec := f.do(t, "new", "GET", "/api/plans/1/units/mediazione/sheet.xlsx", nil, ""); rec.Code != 401 {
			t.Errorf("a revoked token: %d", rec.Code)
		}
		if rec := admin.do(t, "POST", "/utenti/token", url.Values{"csrf": {csrf}, "role": {"viewer"}, "expires": {"2001-01-01"}}); rec.Code != 422 || !strings.Contains(rec.Body.String(), "già passata") {
			t.Errorf("a token expired already: %d", rec.Code)
		}
	})
}

func TestAliasesPage(t *testing.T) {
	f := setup(t)
	admin, csrf := loggedIn(t, f, "ctrl", model.RoleAdmin, "")
	const short, long = "Progetti incentivazione e sostegno", "Progetti di incentivazione e sostegno"
	page := admin.do(t, "GET", "/strutture/alias", nil).Body.String()
	if !strings.Contains(page, `name="name" value="`+short+`"><input type="hidden" name="target" value="`+long+`">`) || !strings.Contains(page, "Segnalato all'importazione in Tessuto economico!T25") {
		t.Fatalf("no suggestion:\n%s", page)
	}
	before := strings.Count(admin.do(t, "GET", "/piani/1/strutture", nil).Body.String(), "/sheet.xlsx")
	page = followed(t, admin, "/strutture/alias", url.Values{"csrf": {csrf}, "name": {short}, "target": {long}}, "/strutture/alias")
	if !strings.Contains(page, "«"+short+"» è ora letta come «"+long+"» in tutti i piani") || !strings.Contains(page, "Nessuna coppia di nomi simili") {
		t.Errorf("after merging:\n%s", page)
	}
	units := admin.do(t, "GET", "/piani/1/strutture", nil).Body.String()
	if got := strings.Count(units, "/sheet.xlsx"); got != before-1 || strings.Contains(units, ">"+short+"<") {
		t.Errorf("%d workbooks after merging, %d before", got, before)
	}
	if rec := admin.do(t, "POST", "/strutture/alias", url.Values{"csrf": {csrf}, "name": {"SG"}, "target": {"sg"}}); rec.Code != 422 || !strings.Contains(rec.Body.String(), "già la stessa struttura") {
		t.Errorf("merging a unit into itself: %d", rec.Code)
	}
	page = followed(t, admin, "/strutture/alias/rimuovi", url.Values{"csrf": {csrf}, "name": {short}}, "/strutture/alias")
	if !strings.Contains(page, "di nuovo una struttura a sé") {
		t.Errorf("after separating:\n%s", page)
	}
	// a merge the imports did not suggest asks first, naming who moves
	if _, err := f.db.AddUser(context.Background(), "sara", "password-sara", model.RoleUnit, "SG"); err != nil {
		t.Fatal(err)
	}
	ask := admin.do(t, "POST", "/strutture/alias", url.Values{"csrf": {csrf}, "name": {"SG"}, "target": {"Mediazione"}})
	if ask.Code != 200 || !strings.Contains(ask.Body.String(), "Unire «SG» in «Mediazione»?") || !strings.Contains(ask.Body.String(), "1 utente e 1 token") {
		t.Fatalf("an unsuggested merge: %d\n%s", ask.Code, ask.Body.String())
	}
	if aliases, _ := f.db.UnitAliases(context.Background()); len(aliases) != 0 {
		t.Fatalf("merged before the confirmation: %+v", aliases)
	}
	page = followed(t, admin, "/strutture/alias", url.Values{"csrf": {csrf}, "name": {"SG"}, "target": {"Mediazione"}, "confirm": {"1"}}, "/strutture/alias")
	if !strings.Contains(page, "«SG» è ora letta come «Mediazione»") {
		t.Errorf("after confirming:\n%s", page)
	}
}

// TestPeriodConfirmation: «Chiudi ora» goes through a page that asks;
// «Riapri» keeps the closing date to come and says when one has passed.
func TestPeriodConfirmation(t *testing.T) {
	f := setup(t)
	admin, csrf := loggedIn(t, f, "ctrl", model.RoleAdmin, "")
	units := admin.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String()
	if strings.Contains(units, `name="closed" value="true"`) || !strings.Contains(units, `href="/piani/1/periodo/chiudi?period=2020"`) {
		t.Fatalf("the units page closes without asking:\n%s", units)
	}
	if rec := admin.do(t, "POST", "/piani/1/periodo?period=2020", url.Values{"csrf": {csrf}, "closed": {"false"}, "closes_on": {"2099-01-31"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("set the date: %d", rec.Code)
	}
	ask := admin.do(t, "GET", "/piani/1/periodo/chiudi?period=2020", nil).Body.String()
	if !strings.Contains(ask, "Chiudere la raccolta?") || !strings.Contains(ask, "Sì, chiudi la raccolta") || !strings.Contains(ask, "31/01/2099") {
		t.Fatalf("the confirmation page:\n%s", ask)
	}
	if rec := admin.do(t, "POST", "/piani/1/periodo?period=2020", url.Values{"csrf": {csrf}, "closed": {"true"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("close: %d", rec.Code)
	}
	st := func() string { return f.do(t, "admin", "GET", "/api/plans/1/periods/2020", nil, "").Body.String() }
	if s := st(); !strings.Contains(s, `"closed":true`) || !strings.Contains(s, `"closes_on":"2099-01-31"`) {
		t.Errorf("closed: %s", s)
	}
	reopen := admin.do(t, "GET", "/piani/1/periodo/riapri?period=2020", nil).Body.String()
	if !strings.Contains(reopen, `value="2099-01-31"`) {
		t.Errorf("the reopening page does not show the date:\n%s", reopen)
	}
	// a reopening without a date field, as the old form sent it, keeps it
	if rec := admin.do(t, "POST", "/piani/1/periodo?period=2020", url.Values{"csrf": {csrf}, "closed": {"false"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reopen: %d", rec.Code)
	}
	if s := st(); !strings.Contains(s, `"closed":false`) || !strings.Contains(s, `"closes_on":"2099-01-31"`) {
		t.Errorf("reopened: %s", s)
	}
	// a date passed is said, and dropped on reopening
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/periods/2020", strings.NewReader(`{"closed":false,"closes_on":"2020-01-31"}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	reopen = admin.do(t, "GET", "/piani/1/periodo/riapri?period=2020", nil).Body.String()
	if !strings.Contains(reopen, "31/01/2020, è passata") {
		t.Errorf("the reopening page does not say the date passed:\n%s", reopen)
	}
	if rec := admin.do(t, "GET", "/piani/1/periodo/altro?period=2020", nil); rec.Code != 404 {
		t.Errorf("unknown action: %d", rec.Code)
	}
	viewer, _ := loggedIn(t, f, "sg", model.RoleViewer, "")
	if rec := viewer.do(t, "GET", "/piani/1/periodo/chiudi?period=2020", nil); rec.Code != 403 {
		t.Errorf("the viewer's confirmation page: %d", rec.Code)
	}
}
