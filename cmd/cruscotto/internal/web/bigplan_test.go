package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/exporter/planwriter"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// bigFixture serves a generated plan of 10,000 actions (40 strategic and
// 400 operational objectives, 60 units), with the usual tokens.
func bigFixture(tb testing.TB) *fixture {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "big.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	var buf bytes.Buffer
	if err := planwriter.Write(&buf, planwriter.Synthetic(2020, 10000), planwriter.Layout{Merge: true, Numbers: true}); err != nil {
		tb.Fatal(err)
	}
	a := app.New(db)
	ctx := context.Background()
	if _, _, err := a.ImportPlan(ctx, admin, "plan-10k.xlsx", buf.Bytes(), app.ImportOptions{State: model.StateCollecting}); err != nil {
		tb.Fatal(err)
	}
	f := &fixture{a: a, db: db, tokens: map[string]string{}, e: web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)))}
	for name, spec := range map[string][2]string{"admin": {"admin", ""}, "viewer": {"viewer", ""}, "unit": {"unit", "Unità 01"}} {
		_, tok, err := db.NewToken(ctx, model.Role(spec[0]), spec[1], name, nil)
		if err != nil {
			tb.Fatal(err)
		}
		f.tokens[name] = tok
	}
	return f
}

// BenchmarkPlanPage10k renders the plan page of a 10,000-action plan as
// the Controller sees it, and reports the size of the response.
func BenchmarkPlanPage10k(b *testing.B) {
	f := bigFixture(b)
	for _, bb := range []struct{ name, path string }{
		{"piano", "/piani/1"},
		{"obiettivo", "/piani/1?obiettivo=12"},
		{"filtro", "/piani/1?fascia=grey&pagina=3"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				rec := get(b, f, "admin", bb.path)
				if rec.Code != 200 {
					b.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}

// get is f.do for a GET from a test or a benchmark.
func get(tb testing.TB, f *fixture, who, path string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens[who])
	rec := httptest.NewRecorder()
	f.e.ServeHTTP(rec, req)
	return rec
}

// TestBigPlanPage walks the plan page of a 10,000-action plan: an outline
// of its objectives without a filter, an objective's actions a page at a
// time, filters paged with links that keep them; every response well
// under 600 KB.
func TestBigPlanPage(t *testing.T) {
	f := bigFixture(t)
	const limit = 600 << 10
	page := func(t *testing.T, who, path string) string {
		t.Helper()
		rec := get(t, f, who, path)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
		}
		if n := rec.Body.Len(); n > limit {
			t.Errorf("%s: %d bytes, want at most %d", path, n, limit)
		}
		return rec.Body.String()
	}
	t.Run("outline", func(t *testing.T) {
		p := page(t, "admin", "/piani/1")
		if n := len(actionCodes(p)); n != 0 {
			t.Errorf("%d actions in the outline", n)
		}
		if n := strings.Count(p, `<tr class="level-operational">`); n != 400 {
			t.Errorf("%d operational objectives, want 400", n)
		}
		if n := strings.Count(p, "Apri le 250 azioni dell'obiettivo"); n != 40 {
			t.Errorf("%d strategic objectives open their actions, want 40", n)
		}
		for _, want := range []string{"Il piano ha <strong>10.000</strong> azioni", `href="/piani/1?method=step&amp;obiettivo=1.2&amp;period=2020"`, `<td class="num more" data-label="Azioni"><a href="/piani/1?method=step&amp;obiettivo=1.2&amp;period=2020">25 azioni</a>`,
			`<details class="overview" open>`} {
			if !strings.Contains(p, want) {
				t.Errorf("the outline lacks %q", want)
			}
		}
		if strings.Contains(p, `class="pager"`) {
			t.Error("the outline is paged")
		}
		if n := strings.Count(p, `<details class="strategic" open>`); n != 0 {
			t.Errorf("the outline starts with %d strategic objectives open, want all collapsed", n)
		}
	})
	t.Run("an operational objective", func(t *testing.T) {
		p := page(t, "viewer", "/piani/1?obiettivo=1.2")
		got := actionCodes(p)
		if len(got) != 25 || got[0] != "1.2.1" || got[24] != "1.2.25" {
			t.Errorf("actions %v", got)
		}
		if !strings.Contains(p, "Solo le azioni dell'obiettivo operativo 1.2 — Obiettivo operativo 1.2.") || !strings.Contains(p, "Torna alla struttura del piano") ||
			!strings.Contains(p, `<input type="hidden" name="obiettivo" value="1.2">`) || strings.Contains(p, `class="pager"`) {
			t.Error("the objective's page does not say what it shows or keep it in the form")
		}
	})
	t.Run("a strategic objective in two pages", func(t *testing.T) {
		p := page(t, "admin", "/piani/1?obiettivo=12")
		if got := actionCodes(p); len(got) != 200 || got[0] != "12.1.1" || got[199] != "12.8.25" {
			t.Errorf("page 1: %d actions %v…", len(got), got[:min(3, len(got))])
		}
		if !strings.Contains(p, "Pagina 1 di 2") || !strings.Contains(p, `href="/piani/1?method=step&amp;obiettivo=12&amp;pagina=2&amp;period=2020" rel="next"`) {
			t.Error("page 1 does not lead to page 2")
		}
		p = page(t, "admin", "/piani/1?obiettivo=12&pagina=2")
		if got := actionCodes(p); len(got) != 50 || got[0] != "12.9.1" {
			t.Errorf("page 2: %d actions", len(got))
		}
		if !strings.Contains(p, "qui dalla 201 alla 250") || !strings.Contains(p, `rel="prev"`) || strings.Contains(p, `rel="next"`) {
			t.Error("page 2 of 2 is not the last")
		}
	})
	t.Run("a filter over the whole plan", func(t *testing.T) {
		p := page(t, "admin", "/piani/1?fascia=grey&pagina=3")
		if got := actionCodes(p); len(got) != 200 || got[0] != "2.7.1" {
			t.Errorf("page 3: %d actions from %v", len(got), got[:min(1, len(got))])
		}
		for _, want := range []string{"Trovate <strong>10.000</strong> azioni su 10.000: qui dalla 401 alla 600", "Pagina 3 di 50",
			`href="/piani/1?fascia=grey&amp;method=step&amp;pagina=4&amp;period=2020" rel="next"`, `<strong aria-current="page">3</strong>`, "<span>…</span>"} {
			if !strings.Contains(p, want) {
				t.Errorf("the filtered page lacks %q", want)
			}
		}
		// past the end is the last page
		p = page(t, "admin", "/piani/1?fascia=grey&pagina=999")
		if got := actionCodes(p); len(got) != 200 || got[199] != "40.10.25" || !strings.Contains(p, "Pagina 50 di 50") {
			t.Errorf("page 999: %d actions", len(got))
		}
		plan, err := f.db.Plan(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		p = page(t, "admin", "/piani/1?unita=unita-01")
		if got, want := len(actionCodes(p)), len(plan.UnitActions("Unità 01")); got != want || strings.Contains(p, `class="pager"`) {
			t.Errorf("a unit's %d actions on one page, want %d", got, want)
		}
	})
	t.Run("a unit sees its own whole", func(t *testing.T) {
		p := page(t, "unit", "/piani/1")
		if n := len(actionCodes(p)); n < 150 || strings.Contains(p, "Il piano ha") {
			t.Errorf("the unit's page: %d actions, outline %v", n, strings.Contains(p, "Il piano ha"))
		}
	})
	t.Run("an unknown objective", func(t *testing.T) {
		if rec := get(t, f, "admin", "/piani/1?obiettivo=99.9"); rec.Code != 404 || !strings.Contains(rec.Body.String(), "Obiettivo «99.9» inesistente") {
			t.Errorf("%d %s", rec.Code, rec.Body.String())
		}
	})
}

// TestSmallPlanObjective: the objective filter narrows a small plan's full
// page too, with no outline and no pages.
func TestSmallPlanObjective(t *testing.T) {
	f := setup(t)
	p := f.do(t, "admin", "GET", "/piani/1?obiettivo=1.4", nil, "").Body.String()
	if got := actionCodes(p); strings.Join(got, ",") != "1.4.1,1.4.2" {
		t.Errorf("actions %v", got)
	}
	if !strings.Contains(p, "Mostra tutti gli obiettivi") || strings.Contains(p, `class="pager"`) || strings.Contains(p, "Apri le") {
		t.Error("a small plan's objective page is not the full tree narrowed")
	}
}
