package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// nextYearPlan is the 2020 plan workbook made into 2021's: the years of
// its title and strategic targets moved on by one, and the KPI of each
// action in kpi rewritten by it. plan is the 2020 plan as imported, which
// says where each action's row is.
func nextYearPlan(t *testing.T, data []byte, plan *model.Plan, kpi map[string]func(string) string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set := func(sheet string, col, row int, v any) {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows[:min(len(rows), 6)] { // the title and header rows
			for c, v := range row {
				if y, err := strconv.Atoi(v); err == nil && y >= 2020 && y <= 2022 {
					set(sheet, c+1, r+1, y+1)
				} else if strings.Contains(v, "2020-2022") {
					set(sheet, c+1, r+1, strings.Replace(v, "2020-2022", "2021-2023", 1))
				}
			}
		}
	}
	for _, a := range plan.Actions() {
		change := kpi[a.Code]
		if change == nil {
			continue
		}
		rows, _ := f.GetRows(a.Cell.Sheet)
		found := false
		for c, v := range rows[a.Cell.Row-1] {
			if !found && strings.TrimSpace(v) == a.KPI {
				set(a.Cell.Sheet, c+1, a.Cell.Row, change(v))
				found = true
			}
		}
		if !found {
			t.Fatalf("%s: KPI %q not found in its row %s", a.Code, a.KPI, a.Cell)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scoresDoc is the scores API's answer, as far as the actions go.
type scoresDoc struct {
	Actions []struct {
		Code         string
		Attainment   *float64
		Measured     *model.Value
		PreviousYear *model.PreviousYear `json:"previous_year"`
	}
}

func (f *fixture) scores(t *testing.T, who, path string) (scoresDoc, string) {
	t.Helper()
	rec := f.do(t, who, "GET", path, nil, "")
	var doc scoresDoc
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
		t.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
	}
	return doc, rec.Body.String()
}

// workbookRow is the row of a sheet whose cell in column col (1-based)
// is code, nil when there is none.
func workbookRow(t *testing.T, f *excelize.File, sheet string, col int, code string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) >= col && r[col-1] == code {
			return append(r, make([]string, 30)...) // cells past the last are ""
		}
	}
	return nil
}

// TestLastYearBesideThisYear: a 2021 plan shows, for each action that
// 2020's plan in force holds with the same code and KPI, its 2020
// year-end value and attainment — in the scores API, on the plan and
// action pages, in the unit's workbook and in Dettaglio — and warns at
// import of the action whose KPI changed, which shows nothing.
func TestLastYearBesideThisYear(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	values := values2020(t)
	if _, err := f.a.Measure(ctx, admin, 1, "2020", values, model.SourceCLI); err != nil {
		t.Fatal(err)
	}
	plan2020, err := f.db.Plan(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	// a plan without a previous year: the unit's workbook as it was
	if f, err := excelize.OpenReader(bytes.NewReader(f.sheet)); err != nil {
		t.Fatal(err)
	} else if v, _ := f.GetCellValue("Rilevazione", "M6"); v != "" {
		t.Errorf("the 2020 workbook has a column %q", v)
	}

	book := nextYearPlan(t, f.plan, plan2020, map[string]func(string) string{
		"1.4.1": func(kpi string) string { return " " + strings.ToUpper(kpi) + "." }, // the same KPI, written otherwise
		"1.4.2": func(string) string { return "Tasso di conciliazione delle mediazioni" },
	})
	body, ct := multipartBody(t, "piano-2021.xlsx", book)
	rec := f.do(t, "admin", "POST", "/api/plans", body, ct)
	var plan2021 model.Plan
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &plan2021) != nil || plan2021.Year != 2021 {
		t.Fatalf("2021 plan: %d %.300s", rec.Code, rec.Body.String())
	}
	if plan2021.State != model.StateDraft {
		t.Errorf("a new plan starts as %q, want a draft", plan2021.State)
	}
	if rec := f.do(t, "admin", "PUT", "/api/plans/2", strings.NewReader(`{"state": "raccolta"}`), "application/json"); rec.Code != http.StatusOK {
		t.Fatalf("open the 2021 plan: %d %s", rec.Code, rec.Body.String())
	}
	const warning = "1.4.2: indicatore cambiato, nessun confronto con il 2020"
	var warned []string
	for _, w := range plan2021.Warnings {
		if strings.Contains(w.Message, "indicatore cambiato") {
			warned = append(warned, w.Message)
		}
	}
	if len(warned) != 1 || !strings.HasPrefix(warned[0], warning) {
		t.Errorf("import warnings about KPIs %q, want one %q", warned, warning)
	}
	if page := f.do(t, "admin", "GET", fmt.Sprintf("/piani/%d/avvisi", plan2021.ID), nil, "").Body.String(); !strings.Contains(page, warning) {
		t.Error("the warnings page does not list the changed KPI")
	}
	next := fmt.Sprintf("/api/plans/%d", plan2021.ID)

	// the API: 2020's own scores are what 2021 shows beside its actions
	measured2020 := 0
	for _, a := range plan2020.Actions() {
		if values[a.Code] != nil && a.Code != "1.4.2" {
			measured2020++
		}
	}
	for _, method := range []string{"step", "linear"} {
		then, _ := f.scores(t, "admin", "/api/plans/1/scores?method="+method)
		now, text := f.scores(t, "admin", next+"/scores?method="+method)
		att := map[string]float64{}
		for _, as := range then.Actions {
			if as.Attainment != nil {
				att[as.Code] = *as.Attainment
			}
		}
		shown := 0
		for _, as := range now.Actions {
			p := as.PreviousYear
			switch {
			case as.Code == "1.4.2" && p != nil:
				t.Errorf("%s: 1.4.2, whose KPI changed, shows %+v", method, p)
			case p == nil:
				continue
			case p.Year != 2020 || p.Attainment != att[as.Code]:
				t.Errorf("%s: %s shows %+v, want 2020's attainment %v", method, as.Code, p, att[as.Code])
			}
			shown++
		}
		if shown != measured2020 {
			t.Errorf("%s: %d actions show 2020, want %d", method, shown, measured2020)
		}
		if strings.Contains(text, `"previous_year":null`) {
			t.Errorf("%s: previous_year written as null, not left out", method)
		}
	}
	unit, _ := f.scores(t, "unit", next+"/scores")
	if len(unit.Actions) != 5 || unit.Actions[0].Code != "1.4.1" || unit.Actions[0].PreviousYear == nil || unit.Actions[0].PreviousYear.Value.Raw != "135" {
		t.Errorf("the unit's scores %+v", unit.Actions)
	}
	att141 := unit.Actions[0].PreviousYear.Attainment
	score141 := model.FormatScore(&att141)

	// the pages
	page := f.do(t, "admin", "GET", fmt.Sprintf("/piani/%d", plan2021.ID), nil, "").Body.String()
	row141 := regexp.MustCompile(`(?s)<tr class="level-action">\s*<td class="code"><a [^>]*>1\.4\.1</a>.*?</tr>`).FindString(page)
	row142 := regexp.MustCompile(`(?s)<tr class="level-action">\s*<td class="code"><a [^>]*>1\.4\.2</a>.*?</tr>`).FindString(page)
	if !strings.Contains(page, `<th scope="col" class="c-value">Valore 2020</th>`) ||
		!strings.Contains(row141, `data-label="Valore 2020">135 <span class="chip band-`) || !strings.Contains(row141, ">"+score141+"</span>") {
		t.Errorf("the plan page's 1.4.1: %s", row141)
	}
	if !strings.Contains(row142, `data-label="Valore 2020"></td>`) {
		t.Errorf("the plan page's 1.4.2 shows 2020: %s", row142)
	}
	action := f.do(t, "unit", "GET", fmt.Sprintf("/piani/%d/azioni/1.4.1", plan2021.ID), nil, "").Body.String()
	if !strings.Contains(action, "<dt>Consuntivo 2020</dt><dd>135 · raggiungimento") || !strings.Contains(action, ">"+score141+"</span>") {
		t.Error("the action page of 1.4.1 does not show 2020")
	}
	if action := f.do(t, "unit", "GET", fmt.Sprintf("/piani/%d/azioni/1.4.2", plan2021.ID), nil, ""); action.Code != 200 || strings.Contains(action.Body.String(), "Consuntivo 2020") {
		t.Errorf("the action page of 1.4.2: %d, shows 2020", action.Code)
	}
	if page := f.do(t, "admin", "GET", "/piani/1", nil, "").Body.String(); strings.Contains(page, "Valore 2019") {
		t.Error("the 2020 plan's page shows a previous year it does not have")
	}

	// the unit's workbook: «Valore 2020» last, and it still collects
	get := func(who, path, etag string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens[who])
		req.Header.Set("If-None-Match", etag)
		rec := httptest.NewRecorder()
		f.e.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != http.StatusNotModified {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
		}
		return rec
	}
	open := func(rec *httptest.ResponseRecorder) *excelize.File {
		t.Helper()
		wb, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { wb.Close() })
		return wb
	}
	sheetPath, scoredPath := next+"/units/mediazione/sheet.xlsx", next+"/scorecard.xlsx"
	sheet := get("unit", sheetPath, "")
	wb := open(sheet)
	if v, _ := wb.GetCellValue("Rilevazione", "M6"); v != "Valore 2020" {
		t.Errorf("M6 = %q", v)
	}
	r141, r142 := workbookRow(t, wb, "Rilevazione", 1, "1.4.1"), workbookRow(t, wb, "Rilevazione", 1, "1.4.2")
	if r141 == nil || r141[12] != "135" || r142 == nil || r142[12] != "—" {
		t.Fatalf("«Valore 2020» of 1.4.1 and 1.4.2: %q, %q", r141, r142)
	}
	filled := fillCell(t, sheet.Body.Bytes(), "H7", "150")
	body, ct = multipartBody(t, "mediazione-2021.xlsx", filled)
	if rec := f.do(t, "unit", "POST", next+"/submissions", body, ct); rec.Code != 200 {
		t.Fatalf("the 2021 workbook: %d %s", rec.Code, rec.Body.String())
	}
	if cur, _ := model.MeasurementsByCode(f.db.Measurements(ctx, model.CurrentIn(plan2021.ID, model.Period{Year: 2021}))); len(cur) != 1 || cur["1.4.1"] == nil || cur["1.4.1"].Value.Raw != "150" {
		t.Errorf("collected %v, want 1.4.1 = 150", cur)
	}

	// Dettaglio
	scored := get("viewer", scoredPath, "")
	wb = open(scored)
	for cell, want := range map[string]string{"R4": "Valore consuntivo 2020", "S4": "Raggiungimento consuntivo 2020"} {
		if v, _ := wb.GetCellValue("Dettaglio", cell); v != want {
			t.Errorf("Dettaglio!%s = %q, want %q", cell, v, want)
		}
	}
	d141 := workbookRow(t, wb, "Dettaglio", 2, "1.4.1")
	if got, err := strconv.ParseFloat(d141[18], 64); d141[17] != "135" || err != nil || got != att141/100 {
		t.Errorf("Dettaglio's 1.4.1: last year %q, %q", d141[17], d141[18])
	}

	// a corrected 2020 value reaches the cached files (the unit's
	// workbook as it is since its upload)
	sheet = get("unit", sheetPath, "")
	sheet = get("unit", sheetPath, sheet.Header().Get("ETag"))
	scored = get("viewer", scoredPath, scored.Header().Get("ETag"))
	if sheet.Code != http.StatusNotModified || scored.Code != http.StatusNotModified {
		t.Fatalf("unchanged files: %d, %d", sheet.Code, scored.Code)
	}
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements?period=2020", strings.NewReader(`{"1.4.1":"160"}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	if sheet = get("unit", sheetPath, sheet.Header().Get("ETag")); sheet.Code != 200 || workbookRow(t, open(sheet), "Rilevazione", 1, "1.4.1")[12] != "160" {
		t.Errorf("the unit's workbook after 2020's correction: %d", sheet.Code)
	}
	if scored = get("viewer", scoredPath, scored.Header().Get("ETag")); scored.Code != 200 || workbookRow(t, open(scored), "Dettaglio", 2, "1.4.1")[17] != "160" {
		t.Errorf("the scored workbook after 2020's correction: %d", scored.Code)
	}
}
