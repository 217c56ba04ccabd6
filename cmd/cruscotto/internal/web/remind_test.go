package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"cruscotto/cmd/cruscotto/internal/app"
	cmail "cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/cmd/cruscotto/internal/mail/mailtest"
	"cruscotto/model"
)

// TestReminderPages: the admin's tracker offers «Sollecita» per unit and
// for every unit in arrears; the confirmation shows who gets what; the
// POST queues the messages and comes back to the tracker (303), which
// then shows when the unit was reminded. A viewer and a unit get 403.
func TestReminderPages(t *testing.T) {
	srv := mailtest.Start(t)
	cfg := cmail.Config{Addr: srv.Addr, From: "cruscotto@cciaa.it", TLS: cmail.NoTLS, Timeout: 5 * time.Second}
	if err := cfg.Check(); err != nil {
		t.Fatal(err)
	}
	f := setup(t, app.Options{Mail: cfg})
	ctx := context.Background()
	if _, err := f.db.AddUser(ctx, "anna", "password-anna", model.RoleUnit, "Mediazione"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.SetUserEmail(ctx, "anna", "anna@cciaa.it"); err != nil {
		t.Fatal(err)
	}
	admin, csrf := loggedIn(t, f, "ctrl", model.RoleAdmin, "")
	tracker := admin.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String()
	for _, want := range []string{`href="/piani/1/solleciti?period=2020"`, "Sollecita le strutture che non hanno ancora inviato tutto", `href="/piani/1/solleciti?period=2020&amp;struttura=mediazione"`, "Sollecito"} {
		if !strings.Contains(tracker, want) {
			t.Errorf("the tracker lacks %q", want)
		}
	}
	ask := admin.do(t, "GET", "/piani/1/solleciti?period=2020&struttura=mediazione", nil)
	page := ask.Body.String()
	if ask.Code != 200 || !strings.Contains(page, "Sollecitare «Mediazione»?") || !strings.Contains(page, "anna@cciaa.it") || !strings.Contains(page, "Invia i solleciti") {
		t.Fatalf("the confirmation: %d\n%s", ask.Code, page)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("sent before the confirmation")
	}
	back := admin.do(t, "POST", "/piani/1/solleciti?period=2020&struttura=mediazione", url.Values{"csrf": {csrf}})
	if back.Code != http.StatusSeeOther || back.Header().Get("Location") != "/piani/1/strutture?period=2020" {
		t.Fatalf("POST: %d → %q", back.Code, back.Header().Get("Location"))
	}
	after := admin.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String()
	if !strings.Contains(after, "Sollecito in invio: 1 messaggio.") || !strings.Contains(after, "· ctrl") {
		t.Errorf("the tracker after the reminder lacks the outcome or the reminder:\n%s", after)
	}
	if _, err := f.a.Deliver(ctx); err != nil || len(srv.Messages()) != 1 {
		t.Errorf("%d delivered, %v", len(srv.Messages()), err)
	}
	viewer, _ := loggedIn(t, f, "sg", model.RoleViewer, "")
	if rec := viewer.do(t, "GET", "/piani/1/solleciti?period=2020", nil); rec.Code != 403 {
		t.Errorf("the viewer's confirmation page: %d", rec.Code)
	}
	if strings.Contains(viewer.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String(), "Sollecita") {
		t.Error("the viewer's tracker offers reminders")
	}
	if rec := f.do(t, "unit", "GET", "/piani/1/solleciti?period=2020", nil, ""); rec.Code != 403 && rec.Code != 404 {
		t.Errorf("a unit's token: %d", rec.Code)
	}
}

// TestReminderPageWithoutMail: without a relay the confirmation shows each
// message to copy and the workbook, and offers no sending.
func TestReminderPageWithoutMail(t *testing.T) {
	f := setup(t)
	admin, _ := loggedIn(t, f, "ctrl", model.RoleAdmin, "")
	page := admin.do(t, "GET", "/piani/1/solleciti?period=2020&struttura=mediazione", nil).Body.String()
	for _, want := range []string{"non invia e-mail", "Gentili colleghi della struttura «Mediazione»", "/api/plans/1/units/mediazione/sheet.xlsx?period=2020"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "Invia i solleciti") {
		t.Error("the page offers to send without a relay")
	}
}

// TestAddressForms: the admin sets a user's address on the user's page
// and a unit's shared mailbox on the units page; a wrong address is
// refused with a sentence; a unit sees neither page.
func TestAddressForms(t *testing.T) {
	f := setup(t)
	if _, err := f.db.AddUser(context.Background(), "anna", "password-anna", model.RoleUnit, "Mediazione"); err != nil {
		t.Fatal(err)
	}
	admin, csrf := loggedIn(t, f, "ctrl", model.RoleAdmin, "")
	if page := admin.do(t, "GET", "/utenti/modifica?utente=anna", nil).Body.String(); !strings.Contains(page, `action="/utenti/email"`) {
		t.Fatalf("the user's page has no address form")
	}
	bad := admin.do(t, "POST", "/utenti/email", url.Values{"csrf": {csrf}, "username": {"anna"}, "email": {"anna@"}})
	if bad.Code != 422 || !strings.Contains(bad.Body.String(), "non è un indirizzo e-mail valido") {
		t.Errorf("a wrong address: %d", bad.Code)
	}
	page := followed(t, admin, "/utenti/email", url.Values{"csrf": {csrf}, "username": {"anna"}, "email": {"Anna@CCIAA.it"}}, "/utenti")
	if !strings.Contains(page, "Indirizzo e-mail di «anna»: anna@cciaa.it.") || !strings.Contains(page, "<td data-label=\"E-mail\">anna@cciaa.it</td>") {
		t.Errorf("after setting the address:\n%s", page)
	}
	page = followed(t, admin, "/strutture/email", url.Values{"csrf": {csrf}, "unit": {"Mediazione"}, "email": {"mediazione@cciaa.it"}}, "/strutture/alias")
	if !strings.Contains(page, "Casella condivisa della struttura «Mediazione»: mediazione@cciaa.it.") || !strings.Contains(page, "<code>mediazione@cciaa.it</code>") {
		t.Errorf("after setting the mailbox:\n%s", page)
	}
	unit, ucsrf := loggedIn(t, f, "bruno", model.RoleUnit, "Mediazione")
	for _, path := range []string{"/utenti", "/strutture/alias"} {
		if rec := unit.do(t, "GET", path, nil); rec.Code != 403 {
			t.Errorf("a unit's %s: %d", path, rec.Code)
		}
	}
	if rec := unit.do(t, "POST", "/strutture/email", url.Values{"csrf": {ucsrf}, "unit": {"Mediazione"}, "email": {"x@cciaa.it"}}); rec.Code != 403 {
		t.Errorf("a unit sets its mailbox: %d", rec.Code)
	}
}

// TestTrackerWhomToChase: the admin's tracker says which units have no
// user able to log in and which are late after the closing date, and
// gives every unit's workbook in one zip; a unit's zip holds its own only.
func TestTrackerWhomToChase(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	if _, err := f.db.AddUser(ctx, "anna", "password-anna", model.RoleUnit, "Mediazione"); err != nil {
		t.Fatal(err)
	}
	admin, csrf := loggedIn(t, f, "ctrl", model.RoleAdmin, "")
	rec0 := admin.do(t, "GET", "/piani/1/strutture?period=2020", nil)
	page := rec0.Body.String()
	if rec0.Code != 200 {
		t.Fatalf("the tracker: %d", rec0.Code)
	}
	if !strings.Contains(page, "nessun utente") || strings.Count(page, "nessun utente") < 2 {
		t.Errorf("the tracker does not flag the units without users")
	}
	if !strings.Contains(page, `<th scope="col" class="num">Utenti</th>`) || !strings.Contains(page, `crearne uno">0</a>`) {
		t.Errorf("the tracker has no column of the units' users")
	}
	if strings.Contains(page, "in ritardo</span>") {
		t.Errorf("units late before any closing date")
	}
	if rec := admin.do(t, "POST", "/piani/1/periodo?period=2020", url.Values{"csrf": {csrf}, "closed": {"false"}, "closes_on": {"2020-12-31"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("closing date: %d", rec.Code)
	}
	if page = admin.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String(); !strings.Contains(page, "in ritardo</span>") {
		t.Errorf("no unit late after the closing date passed")
	}
	// a red value entered by the Controller, without the note it needs
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements", strings.NewReader(`{"1.4.1":"0"}`), "application/json"); rec.Code != 200 {
		t.Fatalf("PUT: %d %s", rec.Code, rec.Body.String())
	}
	page = admin.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String()
	if !strings.Contains(page, "valori inseriti dal Controller (") || !strings.Contains(page, `nota=mancante" title="Le azioni con la nota mancante">1</a>`) {
		t.Errorf("the tracker does not say who entered Mediazione's value, or that its note is missing")
	}
	rec := admin.do(t, "GET", "/piani/1/strutture/cartelle.zip?period=2020", nil)
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if rec.Code != 200 || err != nil || len(zr.File) < 10 || !strings.Contains(rec.Header().Get("Content-Disposition"), "cartelle-piano-2020-consuntivo-2020.zip") {
		t.Fatalf("the zip: %d %v, %s", rec.Code, err, rec.Header().Get("Content-Disposition"))
	}
	own := f.do(t, "unit", "GET", "/piani/1/strutture/cartelle.zip?period=2020", nil, "")
	zr, err = zip.NewReader(bytes.NewReader(own.Body.Bytes()), int64(own.Body.Len()))
	if own.Code != 200 || err != nil || len(zr.File) != 1 || zr.File[0].Name != "piano-2020-mediazione-2020.xlsx" {
		t.Errorf("a unit's zip: %d %v", own.Code, err)
	}
}

// TestUnitsMenu: «Strutture» in the menu opens the tracker of the plan in
// force, which links the page that merges names.
func TestUnitsMenu(t *testing.T) {
	f := setup(t)
	admin, _ := loggedIn(t, f, "ctrl", model.RoleAdmin, "")
	plans := admin.do(t, "GET", "/piani", nil).Body.String()
	if !strings.Contains(plans, `<a href="/strutture">Strutture</a>`) {
		t.Errorf("the menu has no «Strutture»")
	}
	rec := admin.do(t, "GET", "/strutture", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/piani/1/strutture" {
		t.Fatalf("/strutture: %d → %q", rec.Code, rec.Header().Get("Location"))
	}
	if !strings.Contains(admin.do(t, "GET", "/piani/1/strutture", nil).Body.String(), `href="/strutture/alias"`) {
		t.Error("the tracker does not link the names page")
	}
	viewer, _ := loggedIn(t, f, "sg", model.RoleViewer, "")
	if rec := viewer.do(t, "GET", "/strutture", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("the viewer's «Strutture»: %d", rec.Code)
	}
}

// TestDeepLinkSurvivesLogin: a page opened before logging in is where the
// log-in lands; a link to another site is not followed; management lands
// on the plan in force.
func TestDeepLinkSurvivesLogin(t *testing.T) {
	f := setup(t)
	if _, err := f.db.AddUser(context.Background(), "sg", "password-sg", model.RoleViewer, ""); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f}
	rec := b.do(t, "GET", "/piani/1/strutture?period=2020", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/accesso?dopo=%2Fpiani%2F1%2Fstrutture%3Fperiod%3D2020" {
		t.Fatalf("anonymous deep link: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if page := b.do(t, "GET", rec.Header().Get("Location"), nil).Body.String(); !strings.Contains(page, `name="dopo" value="/piani/1/strutture?period=2020"`) {
		t.Errorf("the log-in page does not carry the page asked")
	}
	in := b.do(t, "POST", "/accesso", url.Values{"username": {"sg"}, "password": {"password-sg"}, "dopo": {"/piani/1/strutture?period=2020"}})
	if in.Code != http.StatusSeeOther || in.Header().Get("Location") != "/piani/1/strutture?period=2020" {
		t.Errorf("after logging in: %d %q", in.Code, in.Header().Get("Location"))
	}
	for _, evil := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "/accesso"} {
		c := &browser{f: f}
		got := c.do(t, "POST", "/accesso", url.Values{"username": {"sg"}, "password": {"password-sg"}, "dopo": {evil}})
		if got.Header().Get("Location") != "/piani/1" {
			t.Errorf("dopo=%q: landed on %q, want management's /piani/1", evil, got.Header().Get("Location"))
		}
	}
}

// TestUnitWithoutActionsReadsASentence: a unit with no action in a plan
// reads why the plan page is empty, not «nessuna azione corrisponde ai
// filtri».
func TestUnitWithoutActionsReadsASentence(t *testing.T) {
	f := setup(t)
	if _, err := f.db.AddUser(context.Background(), "zeno", "password-zeno", model.RoleUnit, "Ufficio senza azioni"); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f}
	if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"zeno"}, "password": {"password-zeno"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d", rec.Code)
	}
	page := b.do(t, "GET", "/piani/1", nil).Body.String()
	if !strings.Contains(page, "La struttura «Ufficio senza azioni» non ha azioni in questo piano") || strings.Contains(page, "Nessuna azione corrisponde ai filtri") {
		t.Errorf("the empty plan page of a unit without actions:\n%.2000s", page)
	}
}
