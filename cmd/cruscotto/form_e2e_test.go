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

// TestBrowserUnitForm: a unit with a handful of actions fills them in
// the browser from its to-do list. While a value is typed, the band it
// falls in shows beside it; a red value without its note is refused on
// its row; with the note the values are stored and the receipt shows
// them. The Controller then asks to revise a value from the action's
// page, and the unit reads the comment on its to-do list. Screenshots at
// 1366 and 390 px.
func TestBrowserUnitForm(t *testing.T) {
	dir := t.TempDir()
	bctx, shots := browserFor(t, dir)
	db, err := sqlite.Open(filepath.Join(dir, "modulo.db"))
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
	ctrl := model.Principal{Username: "controller", Role: model.RoleAdmin}
	if _, _, err := a.ImportPlan(ctx, ctrl, "piano.xlsx", plan, app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetPeriod(ctx, ctrl, 1, model.Period{Year: 2020}, false, "2099-01-31"); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		name string
		role model.Role
		unit string
	}{{"controller", model.RoleAdmin, ""}, {"mediazione", model.RoleUnit, "Mediazione"}} {
		if _, err := a.AddUser(ctx, ctrl, u.name, "password-"+u.name, u.role, u.unit); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	run := func(steps ...chromedp.Action[chromedp.Void]) {
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
	run(chromedp.EmulateViewport(1366, 900), logIn(srv.URL, "mediazione", "password-mediazione"), chromedp.WaitVisible(css(`li.todo`)),
		shotWidths(shots, "modulo-01-da-fare", 1366, 390),
		chromedp.Click(css(`li.todo a[href*="/compila"]`)), chromedp.WaitVisible(css(`form.entry-form`)))
	// 1.4.1: target 170, 80% threshold 150: 50 is red, and asks a note
	run(chromedp.SendKeys(css(`input[data-code="1.4.1"]`), "50"), chromedp.WaitVisible(css(`#fascia-1\.4\.1.band-red`)))
	if got := text(`#fascia-1\.4\.1`); !strings.Contains(got, "nota obbligatoria") {
		t.Errorf("the band of 50 for 1.4.1 reads %q", got)
	}
	run(chromedp.SendKeys(css(`input[data-code="1.4.2"]`), "55%"), shotWidths(shots, "modulo-02-fasce", 1366, 390),
		chromedp.Click(css(`form.entry-form button[type=submit]`)), chromedp.WaitVisible(css(`.entry-row.has-error`)),
		shotWidths(shots, "modulo-03-nota-mancante", 1366, 390))
	if got := text(`.entry-row.has-error .error`); !strings.Contains(got, "scrivere la nota per l'analisi degli scostamenti") {
		t.Errorf("the refusal reads %q", got)
	}
	run(chromedp.SendKeys(css(`.entry-row.has-error textarea[name=note]`), "Uffici chiusi per due mesi."),
		chromedp.Click(css(`form.entry-form button[type=submit]`)), chromedp.WaitVisible(css(`.ok-box`)),
		shotWidths(shots, "modulo-04-ricevuta", 1366, 390))
	if got := text(`.ok-box`); !strings.Contains(got, "2 valori registrati") {
		t.Errorf("the receipt reads %q", got)
	}
	// the Controller asks to revise 1.4.2; the unit reads why
	run(chromedp.Click(css(`form.logout button`)), chromedp.WaitVisible(css(`input[name=username]`)),
		logIn(srv.URL, "controller", "password-controller"), chromedp.Navigate(srv.URL+"/piani/1/azioni/1.4.2?period=2020"),
		chromedp.WaitVisible(css(`details.review-form`)), chromedp.Click(css(`details.review-form summary`)),
		chromedp.Click(css(`details.review-form input[value="da rivedere"]`)),
		chromedp.SendKeys(css(`details.review-form textarea[name=comment]`), "Il 55% non torna con il registro delle conciliazioni."),
		shotWidths(shots, "modulo-05-verifica", 1366, 390),
		chromedp.Click(css(`details.review-form button[type=submit]`)), chromedp.WaitVisible(css(`.review-da-rivedere`)),
		chromedp.Click(css(`form.logout button`)), chromedp.WaitVisible(css(`input[name=username]`)),
		logIn(srv.URL, "mediazione", "password-mediazione"), chromedp.WaitVisible(css(`.to-revise`)),
		shotWidths(shots, "modulo-06-da-rivedere", 1366, 390))
	if got := text(`.to-revise`); !strings.Contains(got, "1.4.2") || !strings.Contains(got, "registro delle conciliazioni") {
		t.Errorf("the unit's to-do list reads %q", got)
	}
}
