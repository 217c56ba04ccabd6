package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// TestBrowserRoles walks each role's pages in headless Chromium at a
// desktop (1366 px) and a phone (390 px) width, saving a screenshot of
// each: the admin adds a user and reads the password shown once, merges
// two spellings of a unit, is asked before closing a period; the viewer
// reads plans with no form to fill, and a refused download is a page whose
// «Torna indietro» leads back.
func TestBrowserRoles(t *testing.T) {
	dir := t.TempDir()
	bctx, shots := browserFor(t, dir)
	db, err := sqlite.Open(filepath.Join(dir, "ruoli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	a := app.New(db)
	plan, err := os.ReadFile(plan2020)
	if err != nil {
		t.Fatal(err)
	}
	ctrl := model.Principal{Username: "test", Role: model.RoleAdmin}
	if _, _, err := a.ImportPlan(ctx, ctrl, "piano-performance-2020.xlsx", plan, app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		name string
		role model.Role
		unit string
	}{{"admin", model.RoleAdmin, ""}, {"direzione", model.RoleViewer, ""}, {"mediazione", model.RoleUnit, "Mediazione"}} {
		if _, err := a.AddUser(ctx, ctrl, u.name, "password-"+u.name, u.role, u.unit); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := a.NewToken(ctx, ctrl, model.RoleUnit, "Mediazione", "gestionale", nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()

	type step = chromedp.Action[chromedp.Void]
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	run := func(steps ...step) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	widths := []int64{1366, 390}
	// shot saves the page at each width, name-1366.png and name-390.png
	shot := func(name string) step { return shotWidths(shots, name, widths...) }
	login := func(user string) step {
		return chromedp.Steps(
			chromedp.Navigate(srv.URL+"/accesso"),
			chromedp.WaitVisible(css(`input[name=username]`)),
			chromedp.SendKeys(css(`input[name=username]`), user),
			chromedp.SendKeys(css(`input[name=password]`), "password-"+user),
			chromedp.Click(css(`button[type=submit]`)),
			chromedp.WaitVisible(css(`form.logout`)),
		)
	}
	logout := chromedp.Steps(chromedp.Click(css(`form.logout button`)), chromedp.WaitVisible(css(`input[name=username]`)))

	// the admin: users and tokens
	run(chromedp.EmulateViewport(widths[0], 900), login("admin"), chromedp.Navigate(srv.URL+"/utenti"), chromedp.WaitVisible(css(`table.users`)), shot("ruoli-01-utenti"),
		chromedp.SendKeys(css(`form[action="/utenti"] input[name=username]`), "lucia"),
		chromedp.SetValue(css(`form[action="/utenti"] select[name=role]`), "unit"),
		chromedp.SetValue(css(`form[action="/utenti"] select[name=unit]`), "SG"),
		chromedp.Click(css(`form[action="/utenti"] button[type=submit]`)),
		chromedp.WaitVisible(css(`code.secret`)), shot("ruoli-02-utente-creato"))
	password := text(`code.secret`)
	if got := text(`.ok-box`); !strings.Contains(got, "Utente «lucia» creato: struttura «SG».") || len(password) < model.MinPasswordLength {
		t.Errorf("user added: %q", got)
	}
	run(chromedp.Reload(), chromedp.WaitVisible(css(`table.users`)))
	if n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("code.secret").length`)); err != nil || n != 0 {
		t.Errorf("the password is shown again after a reload (%d, %v)", n, err)
	}
	run(chromedp.Navigate(srv.URL+"/utenti/modifica?utente=lucia"), chromedp.WaitVisible(css(`form[action="/utenti/ruolo"]`)), shot("ruoli-03-utente"))

	// the admin: unit names
	run(chromedp.Navigate(srv.URL+"/strutture/alias"), chromedp.WaitVisible(css(`ul.suggestions`)), shot("ruoli-04-strutture"),
		chromedp.Click(css(`ul.suggestions button.secondary`)), chromedp.WaitVisible(css(`table.aliases`)), shot("ruoli-05-strutture-unite"))
	if got := text(`.ok-box`); !strings.Contains(got, "«Progetti incentivazione e sostegno» è ora letta come «Progetti di incentivazione e sostegno»") {
		t.Errorf("merge: %q", got)
	}

	// the admin: closing a period asks first
	run(chromedp.Navigate(srv.URL+"/piani/1/strutture?period=2020"), chromedp.WaitVisible(css(`table`)),
		chromedp.Click(css(`details.period-form > summary`)), chromedp.WaitVisible(css(`input[name=closes_on]`)),
		chromedp.SetValue(css(`input[name=closes_on]`), "2099-01-31"), chromedp.Click(css(`button[name=closed][value=false]`)),
		chromedp.WaitVisible(css(`input[name=closes_on][value="2099-01-31"]`)), // the page again, the date set
		chromedp.Click(css(`a[href^="/piani/1/periodo/chiudi"]`)), chromedp.WaitVisible(css(`button.danger`)), shot("ruoli-06-chiudi"),
		chromedp.Click(css(`button.danger`)), chromedp.WaitVisible(css(`a[href^="/piani/1/periodo/riapri"]`)),
		chromedp.Click(css(`a[href^="/piani/1/periodo/riapri"]`)), chromedp.WaitVisible(css(`input[name=closes_on][value="2099-01-31"]`)), shot("ruoli-07-riapri"),
		chromedp.Click(css(`main form button[type=submit]`)), chromedp.WaitVisible(css(`table.tracker`)), // reopened: the units may send again
		logout)

	// the viewer: plans, scores and units, nothing to fill
	run(login("direzione"), chromedp.Navigate(srv.URL+"/piani"), chromedp.WaitVisible(css(`table`)), shot("ruoli-08-direzione-piani"),
		chromedp.Navigate(srv.URL+"/piani/1/strutture?period=2020"), chromedp.WaitVisible(css(`table`)), shot("ruoli-09-direzione-strutture"))
	if n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("form[method=post]:not(.logout), input[type=file], a[href*='sheet.xlsx']").length`)); err != nil || n != 0 {
		t.Errorf("the viewer is offered %d forms or workbooks (%v)", n, err)
	}
	// a download the viewer may not have, opened from a page: the error
	// page, whose «Torna indietro» leads back to that page
	run(chromedp.Evaluate[chromedp.Void](`(() => { const a = document.createElement("a"); a.href = "/api/plans/1/units/mediazione/sheet.xlsx"; a.id = "vietato"; a.textContent = "x"; document.body.append(a); })()`),
		chromedp.Click(css(`#vietato`)), chromedp.WaitVisible(css(`p.actions`)), shot("ruoli-10-errore"))
	if got := text(`h1`); got != "Operazione non consentita" {
		t.Errorf("error page title %q", got)
	}
	run(chromedp.Click(css(`p.actions a:first-child`)), chromedp.WaitVisible(css(`table`)))
	if loc, err := chromedp.Run(bctx, chromedp.Location()); err != nil || !strings.HasSuffix(loc, "/piani/1/strutture?period=2020") {
		t.Errorf("«Torna indietro» led to %q (%v)", loc, err)
	}
	run(chromedp.Navigate(srv.URL+"/utenti"), chromedp.WaitVisible(css(`p.actions`)), shot("ruoli-11-utenti-vietato"), logout)

	// the unit: its own workbook and the upload form, no admin page
	run(login("mediazione"), chromedp.Navigate(srv.URL+"/piani/1/strutture?period=2020"), chromedp.WaitVisible(css(`input[type=file]`)), shot("ruoli-12-struttura"))
}
