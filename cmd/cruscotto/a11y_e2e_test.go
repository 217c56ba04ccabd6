package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/exporter/planwriter"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// axeScript is axe-core, installed by .ci/install (npm ci in
// testdata/axe): the accessibility rules the test runs in each page.
const axeScript = "testdata/axe/node_modules/axe-core/axe.min.js"

// axeViolation is one rule a page breaks, with where.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// TestAccessibility runs axe-core's WCAG 2.1 A and AA rules in Chromium
// on every page of every role, at a desktop and a phone width: no page
// may break one. It also checks by hand what axe cannot see: a skip link
// first, a visible focus ring on every kind of control.
func TestAccessibility(t *testing.T) {
	dir := t.TempDir()
	bctx, _ := browserFor(t, dir)
	axe, err := os.ReadFile(axeScript)
	if err != nil {
		t.Fatalf("axe-core not installed (npm ci --prefix cmd/cruscotto/testdata/axe, as .ci/install does): %v", err)
	}
	db, err := sqlite.Open(filepath.Join(dir, "a11y.db"))
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
	ctrl := model.Principal{Username: "admin", Role: model.RoleAdmin}
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
	measureRest(t, a)
	if _, err := a.ReviewValue(ctx, ctrl, 1, "2020", "1.1.1", model.ReviewToRevise, "Il dato va ricontrollato."); err != nil {
		t.Fatal(err)
	}
	unit := model.Principal{Username: "mediazione", Role: model.RoleUnit, Unit: "Mediazione"}
	col, err := a.SubmitForm(ctx, unit, 1, "2020", []app.FormEntry{{Code: "1.4.1", Value: "170"}})
	if err != nil {
		t.Fatal(err)
	}
	renamed, err := planwriter.RenameHeaders(plan, planwriter.UnknownLabels)
	if err != nil {
		t.Fatal(err)
	}
	proposal, err := a.UploadPlan(ctx, ctrl, "piano-2021.xlsx", renamed, app.ImportOptions{Year: 2021})
	if err != nil || proposal.Proposal == nil {
		t.Fatalf("a plan to map: %v", err)
	}
	srv := httptest.NewServer(web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()

	check := func(who, path string) {
		t.Helper()
		for _, width := range []int64{1366, 390} {
			if err := chromedp.Do(bctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
				t.Fatalf("%s %s: %v", who, path, err)
			}
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
				t.Fatalf("%s %s: load axe: %v", who, path, err)
			}
			out, err := chromedp.Run(bctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r =>
				JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").split("\n").slice(1, 2).join(""))}))))`,
				func(p *runtime.EvaluateParams) { yes := true; p.AwaitPromise = &yes }))
			if err != nil {
				t.Fatalf("%s %s: axe: %v", who, path, err)
			}
			var violations []axeViolation
			if err := json.Unmarshal([]byte(out), &violations); err != nil {
				t.Fatal(err)
			}
			for _, v := range violations {
				t.Errorf("%s %s at %d px: %s (%s): %s\n    %s", who, path, width, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
			}
		}
	}
	check("anonymous", "/accesso")
	pages := map[string][]string{
		"admin": {"/piani", "/piani/1", "/piani/1?period=2020-06", "/piani/1?vista=obiettivi", "/piani/1/azioni/1.1.1?period=2020", "/piani/1/strutture",
			"/piani/1/strutture/mediazione", "/piani/1/avvisi", "/utenti", "/strutture/nomi", fmt.Sprintf("/piani/mappatura?caricamento=%d&anno=2021", proposal.Proposal.UploadID),
			"/password", fmt.Sprintf("/ricevute/%d", col.UploadID)},
		"direzione":  {"/piani", "/piani/1", "/piani/1/strutture"},
		"mediazione": {"/struttura", "/piani/1", "/piani/1/compila?period=2020", "/piani/1/azioni/1.4.1", fmt.Sprintf("/ricevute/%d", col.UploadID)},
	}
	for _, who := range []string{"admin", "direzione", "mediazione"} {
		if who != "admin" { // log the one before out
			if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/piani"), chromedp.Click(chromedp.CSS(`form.logout button`)), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`))); err != nil {
				t.Fatal(err)
			}
		}
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(1366, 900), logIn(srv.URL, who, "password-"+who)); err != nil {
			t.Fatal(err)
		}
		for _, path := range pages[who] {
			check(who, path)
		}
		// the first thing a keyboard reaches is the skip link, and every
		// control shows where the focus is
		if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/piani/1"), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(bctx, chromedp.Evaluate[string](`(() => { const first = document.querySelector("a, button, input, select, textarea, summary");
				const out = [first.className + ":" + first.getAttribute("href")];
				for (const sel of ["a[href]", "button", "input:not([type=hidden])", "select", "summary"]) {
					const el = document.querySelector("main " + sel) || document.querySelector(sel); if (!el) continue;
					el.focus(); const s = getComputedStyle(el, ":focus-visible"); const st = getComputedStyle(el);
					out.push(sel + "=" + st.outlineStyle + "/" + st.outlineWidth); }
				return out.join(" "); })()`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(got, "skip:#contenuto") {
			t.Errorf("%s: the first control is %q, not the skip link to #contenuto", who, got)
		}
		if strings.Contains(got, "=none/") || strings.Contains(got, "=auto/") {
			t.Errorf("%s: a control shows no focus ring: %s", who, got)
		}
	}
}
