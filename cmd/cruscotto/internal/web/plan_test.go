package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

var admin = model.Principal{Username: "controller", Role: model.RoleAdmin}

// measured is the fixture with the 2020 plan's year-end values (and a
// note on 1.4.1) and a few June values, as the pages show them.
func measured(t *testing.T) *fixture {
	t.Helper()
	f := setup(t)
	values := values2020(t)
	delete(values, "3.3.7") // Mediazione's, left unmeasured
	delete(values, "6.1.3")
	ctx := context.Background()
	if _, err := f.a.Measure(ctx, admin, 1, "2020-06", map[string]any{"1.4.1": "120", "1.1.2": "900", "3.1.1": "30 gg"}, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Measure(ctx, admin, 1, "2020", values, model.SourceCLI); err != nil {
		t.Fatal(err)
	}
	// a unit's workbook with a deviation note for 1.4.1
	book := fillCell(t, fillCell(t, f.sheet, "H7", "170"), "J7", "in linea con il target")
	body, ct := multipartBody(t, "mediazione.xlsx", book)
	if rec := f.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct); rec.Code != 200 {
		t.Fatalf("unit's workbook: %d %s", rec.Code, rec.Body.String())
	}
	return f
}

// values2020 are the 2020 plan's year-end values as typed
// (testdata/measurements-2020.json), by action code.
func values2020(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile("../../../../testdata/measurements-2020.json")
	if err != nil {
		t.Fatal(err)
	}
	var values map[string]any
	if err := json.Unmarshal(data, &values); err != nil {
		t.Fatal(err)
	}
	return values
}

// actionCodes lists the action codes of the plan page's tree, in order.
func actionCodes(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<tr class="level-action">\s*<td class="code"><a href="[^"]*"[^>]*>([^<]+)</a>`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestPlanPageOverview(t *testing.T) {
	f := measured(t)
	for _, who := range []string{"admin", "viewer"} {
		t.Run(who, func(t *testing.T) {
			rec := f.do(t, who, "GET", "/piani/1", nil, "")
			page := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("%d %s", rec.Code, page)
			}
			for _, want := range []string{
				"Sintesi — consuntivo 2020", "Prospettive", "Obiettivi strategici", `role="group"`, "<title id=\"chart-title\">",
				"Obiettivo 4: 85%, target 80%, raggiunto", // the chart's words
				"consuntivo 2020 • con dati", "giugno 2020 • con dati", ">luglio 2020<",
				"giugno 2020 (periodo precedente)", `class="trend trend-worse" title="in diminuzione, in peggioramento">▼`, // 1.1.2: 900 in June, 792 now
				"Nota per l'analisi degli scostamenti:</span> in linea con il target",
				"soglia 80%: 150", "soglia 60%: 120", `title="più alto è meglio">↑`, `title="più basso è meglio">↓`,
				"KPI: numero istanze pervenute", `href="/piani/1/azioni/1.4.1?method=step&amp;period=2020"`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if strings.Contains(page, "Monitoraggio intermedio") {
				t.Error("the year-end figure is called an interim monitoring")
			}
			// objective 4 at 85% against 80% has met its target: a verdict
			// badge, not an action band's colour
			row := regexp.MustCompile(`<tr><td class="code"><a href="[^"]*">4</a></td>.*?</tr>`).FindString(page)
			if !strings.Contains(row, "verdict-met") || !strings.Contains(row, "85%") || !strings.Contains(row, "✓ raggiunto (target 80%)") || strings.Contains(row, "band-") {
				t.Errorf("objective 4 in the overview: %s", row)
			}
			if strings.Count(page, `<tr class="level-action">`) != 49 || len(actionCodes(page)) != 49 {
				t.Errorf("%d actions in the tree, want 49", len(actionCodes(page)))
			}
			if may := strings.Contains(page, "/piani/1/avvisi"); !may {
				t.Error("no link to the import warnings")
			}
			// the CSP forbids inline styles and scripts
			if strings.Contains(page, "style=") || strings.Contains(page, "<script") {
				t.Error("inline style or script on the page")
			}
		})
	}
}

func TestPlanPageFilters(t *testing.T) {
	f := measured(t)
	tests := []struct {
		name, query string
		want        []string // exactly these actions, in the plan's order
	}{
		{"non misurate", "fascia=grey", []string{"3.3.7", "6.1.3"}},
		{"a unit", "unita=mediazione", []string{"1.4.1", "1.4.2", "3.3.2", "3.3.7", "6.1.3"}},
		{"a unit and a band", "unita=mediazione&fascia=grey", []string{"3.3.7", "6.1.3"}},
		{"text, any case and accent", "q=CONCILIAZIONE", []string{"1.4.1", "1.4.2"}},
		{"a code from its start", "q=1.4", []string{"1.4.1", "1.4.2"}},
		{"a note", "q=in+linea+con", []string{"1.4.1"}},
		{"an objective's title finds its actions", "q=regolazione+del+mercato", []string{"1.4.1", "1.4.2"}},
		{"nothing", "q=zzzz", nil},
		{"an unknown unit filters nothing", "unita=nessuna&q=conciliazione", []string{"1.4.1", "1.4.2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do(t, "admin", "GET", "/piani/1?"+tt.query, nil, "")
			page := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("%d %s", rec.Code, page)
			}
			got := actionCodes(page)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("actions %v, want %v", got, tt.want)
			}
			if len(tt.want) == 0 && !strings.Contains(page, "Nessuna azione corrisponde ai filtri") {
				t.Error("an empty result without a sentence")
			}
			shown := fmt.Sprintf("Mostrate <strong>%d</strong> azioni su 49", len(tt.want))
			if len(tt.want) == 1 {
				shown = "Mostrata <strong>1</strong> azione su 49"
			}
			if len(tt.want) > 0 && !strings.Contains(page, shown) {
				t.Errorf("the page does not say %q", shown)
			}
			if strings.Contains(page, `<details class="overview" open>`) {
				t.Error("the overview stays open over a filtered page")
			}
		})
	}
	// without filters everything is open; the compact view closes the objectives
	page := f.do(t, "viewer", "GET", "/piani/1", nil, "").Body.String()
	if strings.Count(page, `<details class="strategic" open>`) != 9 || !strings.Contains(page, `<details class="overview" open>`) {
		t.Error("the plan page does not open every objective")
	}
	page = f.do(t, "viewer", "GET", "/piani/1?vista=obiettivi", nil, "").Body.String()
	if strings.Count(page, `<details class="strategic">`) != 9 || !strings.Contains(page, "Espandi tutti gli obiettivi") {
		t.Error("the compact view does not close the objectives")
	}
}

func TestPlanPageInterim(t *testing.T) {
	f := measured(t)
	page := f.do(t, "admin", "GET", "/piani/1?period=2020-06", nil, "").Body.String()
	for _, want := range []string{"Monitoraggio intermedio (giugno 2020)", "confrontati con i target annuali del 2020", `<option value="2020-06" selected>giugno 2020 • con dati`} {
		if !strings.Contains(page, want) {
			t.Errorf("the June page lacks %q", want)
		}
	}
	if strings.Contains(page, "(precedente)") {
		t.Error("June shows a previous period, but none was measured before it")
	}
}

// TestPlanPageOfAUnit: a unit sees its own actions' summary, no objective
// it shares with other units, no warnings.
func TestPlanPageOfAUnit(t *testing.T) {
	f := measured(t)
	page := f.do(t, "unit", "GET", "/piani/1", nil, "").Body.String()
	if got := strings.Join(actionCodes(page), ","); got != "1.4.1,1.4.2,3.3.2,3.3.7,6.1.3" {
		t.Errorf("the unit sees %s", got)
	}
	for _, unwanted := range []string{"Obiettivi strategici", "Prospettive", "<svg", "/piani/1/avvisi", "Struttura <select", "scorecard.xlsx", "37,4%"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("the unit's page shows %q", unwanted)
		}
	}
	for _, want := range []string{"azioni di Mediazione", "azioni misurate su 5"} {
		if !strings.Contains(page, want) {
			t.Errorf("the unit's page lacks %q", want)
		}
	}
	// a unit filter in the address changes nothing
	if got := strings.Join(actionCodes(f.do(t, "unit", "GET", "/piani/1?unita=sg", nil, "").Body.String()), ","); got != "1.4.1,1.4.2,3.3.2,3.3.7,6.1.3" {
		t.Errorf("the unit asking for SG sees %s", got)
	}
}

func TestActionHistoryPage(t *testing.T) {
	f := measured(t)
	if _, err := f.a.Measure(context.Background(), admin, 1, "2020", map[string]any{"1.4.1": "175"}, model.SourceCLI); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		who, path string
		status    int
		want      []string
	}{
		{"admin", "/piani/1/azioni/1.4.1", 200, []string{"Azione 1.4.1", "Servizio di conciliazione", "Regolazione del mercato",
			"170 → <strong>175</strong>", "controller", "riga di comando", "cartella caricata", "giugno 2020", "in linea con il target",
			"soglia 80%: 150", "più alto è meglio", "in vigore"}},
		{"unit", "/piani/1/azioni/1.4.1", 200, []string{"Azione 1.4.1", "170 → <strong>175</strong>"}},
		{"viewer", "/piani/1/azioni/3.3.7", 200, []string{"Azione 3.3.7", "Nessun valore inviato finora"}},
		// another unit's action is, to a unit, one that is not there
		{"unit", "/piani/1/azioni/1.1.1", 404, []string{"L&#39;azione 1.1.1 non esiste nel piano 2020"}},
		{"other", "/piani/1/azioni/1.4.1", 404, nil},
		{"admin", "/piani/1/azioni/99.1", 404, []string{"non esiste"}},
		{"admin", "/piani/1/azioni/1.4.1?method=boh", 422, nil},
	}
	for _, tt := range tests {
		t.Run(tt.who+tt.path, func(t *testing.T) {
			rec := f.do(t, tt.who, "GET", tt.path, nil, "")
			if rec.Code != tt.status || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("%d %s, want %d", rec.Code, rec.Header().Get("Content-Type"), tt.status)
			}
			for _, want := range tt.want {
				if !strings.Contains(rec.Body.String(), want) {
					t.Errorf("lacks %q", want)
				}
			}
		})
	}
	// newest first: the correction, then the value it replaced
	page := f.do(t, "admin", "GET", "/piani/1/azioni/1.4.1", nil, "").Body.String()
	if i, j := strings.Index(page, "<strong>175</strong>"), strings.Index(page, "<strong>120</strong>"); i < 0 || j < 0 || i > j {
		t.Errorf("history order: 175 at %d, June's 120 at %d", i, j)
	}
}

func TestWarningsPage(t *testing.T) {
	f := setup(t)
	for who, status := range map[string]int{"admin": 200, "viewer": 200, "unit": 403, "other": 403, "anon": 303} {
		rec := f.do(t, who, "GET", "/piani/1/avvisi", nil, "")
		if rec.Code != status {
			t.Errorf("%s: %d, want %d", who, rec.Code, status)
		}
		if status == 200 && (!strings.Contains(rec.Body.String(), "Processi interni!Q23") || !strings.Contains(rec.Body.String(), "File piano.xlsx")) {
			t.Errorf("%s: the warnings are not listed", who)
		}
	}
	if rec := f.do(t, "admin", "GET", "/piani/9/avvisi", nil, ""); rec.Code != 404 {
		t.Errorf("a missing plan: %d", rec.Code)
	}
}

// TestStrategicBandOverTheAPI: a strategic objective's band is green
// exactly when it meets its target.
func TestStrategicBandOverTheAPI(t *testing.T) {
	f := measured(t)
	var sc model.Scorecard
	if err := json.Unmarshal(f.do(t, "viewer", "GET", "/api/plans/1/scores", nil, "").Body.Bytes(), &sc); err != nil {
		t.Fatal(err)
	}
	if len(sc.Strategic) != 9 {
		t.Fatalf("%d strategic objectives", len(sc.Strategic))
	}
	greens := 0
	for _, s := range sc.Strategic {
		if s.Achieved == nil {
			t.Fatalf("%s: no achievement", s.Code)
		}
		if (s.Band == "green") != *s.Achieved {
			t.Errorf("%s: %v against %v, achieved %v, band %s", s.Code, *s.Score, *s.Target, *s.Achieved, s.Band)
		}
		if s.Band == "green" {
			greens++
		}
	}
	if greens == 0 || greens == len(sc.Strategic) {
		t.Errorf("%d of %d objectives green: the data do not test the rule", greens, len(sc.Strategic))
	}
}

// TestObjectiveNotJudgedOnLittleData: an objective measured over too
// little of its weight says «da valutare», never «raggiunto», in its
// band's place.
func TestObjectiveNotJudgedOnLittleData(t *testing.T) {
	f := setup(t)
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements", strings.NewReader(`{"1.1.1":"5"}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	page := f.do(t, "viewer", "GET", "/piani/1", nil, "").Body.String()
	if !strings.Contains(page, `verdict-pending" title="misurato solo il`) || !strings.Contains(page, ">da valutare<") {
		t.Errorf("objective 1 on one action:\n%s", page)
	}
	var doc struct {
		Strategic []struct {
			Code     string
			Band     string
			Achieved *bool
		}
	}
	rec := f.do(t, "viewer", "GET", "/api/plans/1/scores", nil, "")
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Strategic {
		if s.Code == "1" && (s.Band != "grey" || s.Achieved != nil) {
			t.Errorf("API: objective 1 band %s, achieved %v", s.Band, s.Achieved)
		}
	}
}

// TestFromRedToWhy: the overview's objectives and chart bars link to the
// objective's actions, the bars carry short names, and the panel
// «Obiettivi non raggiunti» lists each objective short of its target
// with its red and orange actions only: unit, value, target, note.
func TestFromRedToWhy(t *testing.T) {
	f := measured(t)
	page := f.do(t, "viewer", "GET", "/piani/1", nil, "").Body.String()
	i := strings.Index(page, `<section class="missed"`)
	if i < 0 {
		t.Fatal("no panel «Obiettivi non raggiunti»")
	}
	panel := page[i : i+strings.Index(page[i:], "</section>")]
	objectives := regexp.MustCompile(`<div class="missed-objective">`).FindAllStringIndex(panel, -1)
	if len(objectives) == 0 || strings.Count(panel, "verdict-short") != len(objectives) {
		t.Errorf("%d objectives in the panel, %d marked short of their target", len(objectives), strings.Count(panel, "verdict-short"))
	}
	bands := regexp.MustCompile(`class="band band-(\w+)"`).FindAllStringSubmatch(panel, -1)
	if len(bands) == 0 {
		t.Error("no red or orange action in the panel: the data do not test it")
	}
	for _, b := range bands {
		if b[1] != "red" && b[1] != "orange" {
			t.Errorf("a %s action in the panel", b[1])
		}
	}
	for _, want := range []string{"<th scope=\"col\">Struttura</th>", "<th scope=\"col\">Rilevato</th>", "<th scope=\"col\">Target</th>", "Nota per l'analisi"} {
		if !strings.Contains(panel, want) {
			t.Errorf("the panel lacks %q", want)
		}
	}
	bars := regexp.MustCompile(`<a href="\?method=step&amp;obiettivo=[^"]+&amp;period=2020#os-[^"]+"><g><title>`).FindAllString(page, -1)
	if len(bars) == 0 {
		t.Error("the chart's bars do not link to their objectives")
	}
	if strings.Contains(page, ">Obiettivo 1<") {
		t.Error("a bar is labelled «Obiettivo 1», not by its name")
	}
	if !strings.Contains(page, `id="os-1"`) {
		t.Error("the tree has no anchor for objective 1")
	}
	if strings.Contains(page, "KPI: ponderazione") {
		t.Error("«KPI: ponderazione» shown where it is no objective's own KPI")
	}
}

// TestInterimIsNotAFailure: a period before the year end shows progress
// in neutral colours, «in corso»: no action band, no objective verdict,
// no panel of objectives missed; its scored workbook says so on every
// sheet.
func TestInterimIsNotAFailure(t *testing.T) {
	f := measured(t)
	page := f.do(t, "viewer", "GET", "/piani/1?period=2020-06", nil, "").Body.String()
	rows := regexp.MustCompile(`(?s)<tr class="level-action">.*?</tr>`).FindAllString(page, -1)
	if len(rows) == 0 {
		t.Fatal("no action rows")
	}
	interim := 0
	for _, r := range rows {
		for _, b := range []string{"band-red", "band-orange", "band-yellow", "band-green"} {
			if strings.Contains(r, `class="band `+b) {
				t.Errorf("an action row in June takes the band %s", b)
			}
		}
		if strings.Contains(r, "band-interim") && strings.Contains(r, "in corso") {
			interim++
		}
	}
	if interim == 0 {
		t.Error("no measured action shows «in corso»")
	}
	for _, absent := range []string{`<section class="missed"`, `class="band-counts"`, "verdict-met", "verdict-short"} {
		if strings.Contains(page, absent) {
			t.Errorf("June's page shows %s", absent)
		}
	}
	if !strings.Contains(page, "avanzamento in corso, non un giudizio") {
		t.Error("June's page does not say it is progress")
	}
	rec := f.do(t, "viewer", "GET", "/api/plans/1/scorecard.xlsx?period=2020-06", nil, "")
	wb, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for _, sheet := range wb.GetSheetList() {
		rows, _ := wb.GetRows(sheet)
		found := false
		for i := 0; i < len(rows) && i < 4; i++ {
			found = found || strings.Contains(strings.Join(rows[i], " "), "MONITORAGGIO INTERMEDIO")
		}
		if !found {
			t.Errorf("the June workbook's sheet %s does not say it is an interim monitoring", sheet)
		}
	}
}
