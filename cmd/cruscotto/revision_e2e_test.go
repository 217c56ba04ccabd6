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
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// TestBrowserRevision walks a plan's revision in headless Chromium, at a
// desktop (1366 px) and a phone (390 px) width, saving a screenshot of
// each page: the Controller uploads a revised 2020 plan, reads what
// changes and which value stays behind before confirming it, finds the
// changes again from version 2's page and a carried value in an action's
// history; then two units send back workbooks made for version 1 — one
// listing an action whose form changed, refused by cell with a fresh
// workbook on offer, and one whose actions all carry, accepted with the
// revision's changes on its receipt. No page is wider than the screen.
func TestBrowserRevision(t *testing.T) {
	dir := t.TempDir()
	bctx, shots := browserFor(t, dir)
	db, err := sqlite.Open(filepath.Join(dir, "revisione.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, u := range []struct {
		name string
		role model.Role
		unit string
	}{{"admin", model.RoleAdmin, ""}, {"mediazione", model.RoleUnit, "Mediazione"}, {"registro", model.RoleUnit, "Registro Imprese"}} {
		if _, err := db.AddUser(ctx, u.name, "password-"+u.name, u.role, u.unit); err != nil {
			t.Fatal(err)
		}
	}
	a := app.New(db)
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
	contains := func(what, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, got)
			}
		}
	}
	widths := []int64{1366, 390}
	// look saves the page at each width and checks that nothing in it is
	// wider than the screen: neither the document nor an element that no
	// scrolling box of its own holds
	look := func(name string) {
		t.Helper()
		run(shotWidths(shots, name, widths...))
		for _, w := range widths {
			run(chromedp.EmulateViewport(w, 900))
			fit, err := chromedp.Run(bctx, chromedp.Evaluate[struct {
				Scroll int64
				Over   []string
			}](overflowJS))
			if err != nil {
				t.Fatal(err)
			}
			if fit.Scroll > w || len(fit.Over) > 0 {
				t.Errorf("%s at %d px: the page is %d px wide; past the right edge: %v", name, w, fit.Scroll, fit.Over)
			}
		}
		run(chromedp.EmulateViewport(widths[0], 900))
	}
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
	uploadPlan := func(path string) step {
		return chromedp.Steps(chromedp.Navigate(srv.URL+"/piani"), chromedp.WaitVisible(css(`form[enctype] input[type=file]`)),
			chromedp.SetUploadFiles(css(`form[enctype] input[type=file]`), []string{mustAbs(t, path)}),
			chromedp.Click(css(`form[enctype] button[type=submit]`)))
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(bctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}

	// 1. the 2020 plan, June's values, and the year-end workbooks handed
	// out to two units while version 1 is in force
	run(chromedp.EmulateViewport(widths[0], 900), login("admin"), uploadPlan(plan2020), chromedp.WaitVisible(css(`.ok-box`)))
	contains("the first import", text(`.ok-box`), "Piano 2020 importato (versione 1)")
	run(openForCollection(srv.URL, 1))
	admin := model.Principal{Username: "admin", Role: model.RoleAdmin}
	june := map[string]any{"1.4.1": "120", "1.4.2": "45%", "1.3.1": "3"}
	if _, err := a.Measure(ctx, admin, 1, "2020-06", june, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	workbook := func(user, unit, slug string) string {
		t.Helper()
		book, err := a.UnitWorkbook(ctx, model.Principal{Username: user, Role: model.RoleUnit, Unit: unit}, 1, slug, "2020")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, book.FileName)
		if err := os.WriteFile(path, book.Content, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	mediazione := fill(t, workbook("mediazione", "Mediazione", "mediazione"), map[string]any{
		"1.4.1": map[string]any{"kind": "number", "value": 150},
		"1.4.2": map[string]any{"kind": "percent", "value": 0.45},
	})
	registro := fill(t, workbook("registro", "Registro Imprese", "registro-imprese"), map[string]any{
		"1.3.1": map[string]any{"kind": "number", "value": 5},
	})

	// 2. the revised plan: asked first, then imported
	run(uploadPlan(revisedPlanForUnits(t)), chromedp.WaitVisible(css(`table.changes`)))
	if loc := location(); !strings.Contains(loc, "/piani/revisione/") {
		t.Errorf("after the upload the browser is at %s, not at the confirmation", loc)
	}
	changes := []string{"1.4.1", "170", "160", "1.4.2", "50%", "12", "1.3.1"}
	contains("the confirmation's title", text(`h1`), "Nuova versione del piano 2020: cosa cambia")
	contains("the confirmation", text(`main`), append(changes, "Con «Conferma»", "in vigore al posto della versione 1",
		"1.4.2, giugno 2020: 45% — l'azione ora si misura in un'altra forma", "2 valori registrati saranno riportati nella versione 2",
		"Conferma: importa la versione 2", "Annulla: non importare")...)
	look("revisione-1-conferma")
	run(chromedp.Click(css(`form[action^="/piani/revisione/"] button[type=submit]`)), chromedp.WaitVisible(css(`.ok-box`)))
	contains("the import's result", text(`.ok-box`), append(changes, "Piano 2020 importato (versione 2)", "45%")...)
	// the version imported on confirmation is dated today, as the first
	today := time.Now().In(model.Rome).Format("02/01/2006")
	contains("version 2's row on /piani", text(`.scroll table tbody tr:first-child`), "2 versione corrente", "in raccolta", today)
	contains("version 1's row on /piani", text(`.scroll table tbody tr:nth-child(2)`), "sostituita")
	look("revisione-2-importato")

	// 3. version 2's page leads to what changed; 1.4.1's June value came
	// along
	run(chromedp.Navigate(srv.URL+"/piani/2"), chromedp.WaitVisible(css(`a[href="/piani/2/modifiche"]`)))
	contains("version 2's link", text(`a[href="/piani/2/modifiche"]`), "Cosa è cambiato rispetto alla versione 1")
	run(chromedp.Click(css(`a[href="/piani/2/modifiche"]`)), chromedp.WaitVisible(css(`table.changes`)))
	contains("the changes page", text(`main`), changes...)
	look("revisione-3-modifiche")
	run(chromedp.Navigate(srv.URL+"/piani/2/azioni/1.4.1"), chromedp.WaitVisible(css(`table.history`)))
	contains("1.4.1's history in version 2", text(`table.history`), "riportato dalla versione 1", "120")
	look("revisione-4-storico")
	run(logout)

	// 4. workbooks of version 1 sent back after the revision
	upload := func(path string) step {
		return chromedp.Steps(chromedp.Navigate(srv.URL+"/struttura"), chromedp.WaitVisible(css(`form.upload-form`)),
			chromedp.SetUploadFiles(css(`form.upload-form input[type=file]`), []string{path}),
			chromedp.Click(css(`form.upload-form button[type=submit]`)))
	}
	run(login("mediazione"), upload(mediazione), chromedp.WaitVisible(css(`.error-box`)))
	// a workbook of version 1 is of no use corrected: only the new one
	// is offered
	contains("Mediazione's refusal", text(`.error-box`), "la versione in vigore è la 2", "l'azione 1.4.2 si misura in un'altra forma", "Rilevazione!",
		"Questa cartella è della versione 1 del piano 2020; ora è in vigore la versione 2", "Scarica la cartella nuova")
	if n, err := chromedp.Run(bctx, chromedp.Evaluate[string](`[...document.querySelectorAll(".error-box a[href$='/correction.xlsx']")].length + "/" + document.querySelectorAll(".error-box a[href*='/api/plans/2/units/mediazione/sheet.xlsx']").length`)); err != nil || n != "0/1" {
		t.Errorf("the refusal offers %s of the correction / the new workbook (%v), want 0/1", n, err)
	}
	look("revisione-5-ricevuta-rifiutata")
	run(logout, login("registro"), upload(registro), chromedp.WaitVisible(css(`.ok-box`)))
	contains("Registro Imprese's receipt", text(`.ok-box`), "Il piano è stato rivisto", "versione 1 → versione 2", "1.3.1: target 4 → 5", revisedKPI)
	look("revisione-6-ricevuta-accettata")
	// the refused workbook stored nothing, the accepted one its value, in
	// the version in force
	yearEnd, err := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(2, model.Period{Year: 2020})))
	if err != nil {
		t.Fatal(err)
	}
	if yearEnd["1.4.1"] != nil || yearEnd["1.3.1"] == nil || yearEnd["1.3.1"].Value.Raw != "5" {
		t.Errorf("version 2's year-end values after the two workbooks: %v", yearEnd)
	}
}

// revisedKPI is 1.3.1's KPI as the revision rewords it: a long text, as
// the Giunta writes them, for the pages to wrap on a phone.
const revisedKPI = "numero di incontri di formazione e assistenza organizzati per le imprese iscritte al Registro delle imprese"

// revisedPlanForUnits is revisedPlan with, besides, 1.3.1's target raised
// from 4 to 5 and its KPI reworded: «Registro Imprese», whose actions all
// carry, then has changes of its own to read on its receipt.
func revisedPlanForUnits(t *testing.T) string {
	t.Helper()
	path := revisedPlan(t)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, v := range map[string]any{"P10": 5, "O10": revisedKPI} {
		if err := f.SetCellValue("Tessuto economico", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return path
}

// overflowJS answers the document's width and the elements that reach
// past the viewport's right edge with no scrolling or clipping box
// between them and the page.
const overflowJS = `(() => {
	const edge = document.documentElement.clientWidth + 1, over = [];
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.right <= edge) continue;
		let held = false;
		for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
			if (getComputedStyle(p).overflowX !== "visible") { held = true; break; }
		}
		if (!held) over.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " to " + Math.round(r.right) + " px");
	}
	return {scroll: document.documentElement.scrollWidth, over: over.slice(0, 8)};
})()`
