package main

import (
	"context"
	"encoding/json"
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
	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// TestBrowserMapsRenamedPlan: the 2020 plan with every header label and
// group title renamed is uploaded in Chromium; the mapping page shows one
// sheet at a time, its proposals (some «proposto»), and mirrors a choice
// onto the same column of the other sheets; confirmed as proposed, the
// plan imported equals the original field for field. Screenshots at 1366
// and 390 px.
func TestBrowserMapsRenamedPlan(t *testing.T) {
	dir := t.TempDir()
	bctx, shots := browserFor(t, dir)
	db, err := sqlite.Open(filepath.Join(dir, "mappatura.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.AddUser(ctx, "controller", "password-controller", model.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(plan2020)
	if err != nil {
		t.Fatal(err)
	}
	renamed, err := planwriter.RenameHeaders(orig, planwriter.UnknownLabels, planwriter.UnknownGroups)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "piano-2020-intestazioni-nuove.xlsx")
	if err := os.WriteFile(file, renamed, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(app.New(db), slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()

	type step = chromedp.Action[chromedp.Void]
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	run := func(steps ...step) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	run(chromedp.EmulateViewport(1366, 900), logIn(srv.URL, "controller", "password-controller"),
		chromedp.Navigate(srv.URL+"/piani"), chromedp.WaitVisible(css(`input[type=file]`)),
		chromedp.SetUploadFiles(css(`input[type=file]`), []string{file}),
		chromedp.Click(css(`form[enctype] button[type=submit]`)),
		chromedp.WaitVisible(css(`table.mapping`)), shotWidths(shots, "mappatura-01-proposta", 1366, 390))

	// one sheet at a time: four tabs, one panel shown
	if got := eval(`[...document.querySelectorAll("section.mapping-sheet")].filter(s => !s.hidden).length + "/" + document.querySelectorAll("[role=tab]").length`); got != "1/4" {
		t.Errorf("panels shown / tabs: %s, want 1/4", got)
	}
	if got := eval(`document.querySelectorAll("section.mapping-sheet:not([hidden]) .chip.proposed").length > 0 ? "yes" : "no"`); got != "yes" {
		t.Error("no «proposto» mark on the first sheet")
	}
	// the table fits the phone: the page does not scroll sideways, the
	// first column stays in view
	run(chromedp.EmulateViewport(390, 844))
	if got := eval(`String(document.documentElement.scrollWidth <= window.innerWidth) + " " + getComputedStyle(document.querySelector("table.mapping th[scope=row]")).position`); got != "true sticky" {
		t.Errorf("on a phone: page fits, first column %q", got)
	}
	run(chromedp.EmulateViewport(1366, 900))
	// a choice on the first sheet follows on the same column elsewhere,
	// and is put back
	mirror := `(v => { const s = document.querySelector('select[name="field-0-14"]'); const before = s.value; s.value = v;
		s.dispatchEvent(new Event("change", {bubbles: true}));
		const others = [...document.querySelectorAll('select[data-key="' + s.dataset.key + '"]')].map(o => o.value);
		return before + "|" + others.join(",") })`
	first := eval(mirror + `("action.note")`)
	before, after, _ := strings.Cut(first, "|")
	if strings.Count(after, "action.note") < 2 || strings.Contains(after, before) {
		t.Errorf("the choice did not follow on the other sheets: %s", first)
	}
	eval(mirror + `(` + mustJSON(t, before) + `)`)
	if got := eval(`document.querySelector('select[name="field-0-14"]').parentNode.querySelector(".chip").textContent`); got != "scelto" {
		t.Errorf("a column changed by hand still reads %q, want «scelto»", got)
	}
	// without a responsible column the page says so before the import
	if got := eval(`String(document.querySelector(".mapping-checks").hidden)`); got != "true" {
		t.Error("the checks box shows although nothing is missing")
	}
	toggle := `(v => { const out = []; document.querySelectorAll("select[data-key]").forEach(s => { if (s.value === "action.responsible" || s.dataset.was === "action.responsible") {
		s.dataset.was = "action.responsible"; s.value = v; s.dispatchEvent(new Event("change", {bubbles: true})); } }); return document.querySelector(".mapping-checks").hidden + "|" + document.querySelector(".mapping-checks").textContent })`
	if got := eval(toggle + `("ignore")`); !strings.HasPrefix(got, "false|") || !strings.Contains(got, "Struttura responsabile") {
		t.Errorf("no warning without a responsible column: %q", got)
	}
	run(shotWidths(shots, "mappatura-01b-senza-responsabile", 1366))
	if got := eval(toggle + `("action.responsible")`); !strings.HasPrefix(got, "true|") {
		t.Errorf("the warning stays once the column is chosen again: %q", got)
	}
	run(chromedp.Click(css(`[role=tab][data-sheet="1"]`)), shotWidths(shots, "mappatura-02-secondo-foglio", 1366, 390),
		chromedp.Click(css(`form[action="/piani/mappatura"] button[type=submit]`)),
		chromedp.WaitVisible(css(`.ok-box`)), shotWidths(shots, "mappatura-03-importato", 1366, 390))
	if got := eval(`document.querySelector(".ok-box").textContent`); !strings.Contains(got, "Piano 2020 importato") || strings.Contains(got, "nessun obiettivo strategico") {
		t.Errorf("result: %q", got)
	}
	got, err := db.Plan(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want, err := importer.ParsePlan(context.Background(), orig, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := treeJSON(t, got), treeJSON(t, want); g != w {
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Errorf("the plan mapped in the browser differs from the original at:\n got …%.300s\nwant …%.300s", g[max(0, i-200):], w[max(0, i-200):])
	}
}

// treeJSON is a plan's tree as JSON, without the cells each item was
// read from.
func treeJSON(t *testing.T, p *model.Plan) string {
	t.Helper()
	for _, ps := range p.Perspectives {
		for _, s := range ps.Strategic {
			s.Cell = model.CellRef{}
			for _, o := range s.Operational {
				o.Cell = model.CellRef{}
				for _, a := range o.Actions {
					a.Cell = model.CellRef{}
				}
			}
		}
	}
	js, err := json.Marshal(p.Perspectives)
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}
