package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/exporter/planwriter"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// pageLoad is what the browser measured of a page: bytes of the response
// (before any compression), time to the first byte and to the load event,
// in ms from the navigation's start, and the elements of the document.
type pageLoad struct {
	Bytes      int64   `json:"bytes"`
	FirstByte  float64 `json:"firstByte"`
	Load       float64 `json:"load"`
	Elements   int     `json:"elements"`
	ActionRows int     `json:"actionRows"`
}

const measureLoad = `JSON.stringify((() => { const n = performance.getEntriesByType("navigation")[0];
	return {bytes: n.decodedBodySize, firstByte: n.responseStart - n.startTime, load: n.loadEventEnd - n.startTime,
		elements: document.getElementsByTagName("*").length, actionRows: document.querySelectorAll("tr.level-action").length}; })())`

// TestBrowserBigPlan loads the plan page of a generated 10,000-action plan
// in headless Chromium as the Controller and reports how long it takes and
// how big it is: the outline of the objectives, one objective's actions, a
// filtered page. Each first response must stay under 600 KB; the times
// are logged, not asserted (the machine is shared).
func TestBrowserBigPlan(t *testing.T) {
	dir := t.TempDir()
	bctx, shots := browserFor(t, dir)
	db, err := sqlite.Open(filepath.Join(dir, "grande.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	a := app.New(db)
	plan := planwriter.Synthetic(2020, 10000)
	var buf bytes.Buffer
	if err := planwriter.Write(&buf, plan, planwriter.Layout{Merge: true, Numbers: true}); err != nil {
		t.Fatal(err)
	}
	ctrl := model.Principal{Username: "test", Role: model.RoleAdmin}
	if _, _, err := a.ImportPlan(ctx, ctrl, "piano-10k.xlsx", buf.Bytes(), app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	// the first eight strategic objectives measured, at the target, at a
	// threshold or below, so that the outline shows every colour
	values := map[string]any{}
	for i, act := range plan.Actions()[:2000] {
		v := []*model.Value{act.Target, act.Target, act.Threshold80, act.Threshold60}[(i/25+i)%4]
		values[act.Code] = v.Raw
	}
	if _, err := a.Measure(ctx, ctrl, 1, "2020", values, model.SourceCLI); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddUser(ctx, ctrl, "admin", "password-admin", model.RoleAdmin, ""); err != nil {
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
	widths := []int64{1366, 390}
	shot := func(name string) step { return shotWidths(shots, name, widths...) }
	run(chromedp.EmulateViewport(widths[0], 900), chromedp.Navigate(srv.URL+"/accesso"), chromedp.WaitVisible(css(`input[name=username]`)),
		chromedp.SendKeys(css(`input[name=username]`), "admin"), chromedp.SendKeys(css(`input[name=password]`), "password-admin"),
		chromedp.Click(css(`button[type=submit]`)), chromedp.WaitVisible(css(`form.logout`)))

	for _, pg := range []struct {
		name, path string
		actions    int // action rows the page shows
		shot       string
	}{
		{"piano (struttura)", "/piani/1", 0, "grande-01-piano"},
		{"obiettivo operativo 1.2", "/piani/1?obiettivo=1.2", 25, "grande-02-obiettivo"},
		{"obiettivo strategico 12, pagina 2", "/piani/1?obiettivo=12&pagina=2", 50, "grande-03-pagina"},
		{"non misurate, pagina 1", "/piani/1?fascia=grey", 200, ""},
	} {
		run(chromedp.Navigate(srv.URL+pg.path), chromedp.WaitVisible(css(`section.plan-tree`)))
		raw, err := chromedp.Run(bctx, chromedp.Evaluate[string](measureLoad))
		if err != nil {
			t.Fatal(err)
		}
		var m pageLoad
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			t.Fatal(err)
		}
		t.Logf("%-34s %7.0f KB, first byte %5.0f ms, load %5.0f ms, %6d elements", pg.name, float64(m.Bytes)/1024, m.FirstByte, m.Load, m.Elements)
		if m.Bytes == 0 || m.Bytes > 600<<10 {
			t.Errorf("%s: the first response is %d bytes, want under 600 KB", pg.name, m.Bytes)
		}
		if m.ActionRows != pg.actions {
			t.Errorf("%s: %d action rows, want %d", pg.name, m.ActionRows, pg.actions)
		}
		if pg.shot != "" {
			run(shot(pg.shot))
		}
	}
	t.Logf("screenshots in %s", shots)
}
