package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"cruscotto/exporter/clienttest"
	"cruscotto/model"
)

// detailRows maps "A:1.1.1", "O:1.1", "S:1" to their Dettaglio row, from
// what openpyxl reads.
func detailRows(wb clienttest.Workbook) map[string]int {
	rows := map[string]int{}
	for r := 5; r < 1000; r++ {
		level, ok := wb.Cells[fmt.Sprintf("Dettaglio!A%d", r)]
		if !ok {
			break
		}
		code, _ := wb.Cells[fmt.Sprintf("Dettaglio!B%d", r)].Value.(string)
		switch level.Value {
		case "Azione":
			rows["A:"+code] = r
		case "Operativo":
			rows["O:"+code] = r
		case "Strategico":
			rows["S:"+code] = r
		}
	}
	return rows
}

// checkAgainstEngine compares every attainment and roll-up in the sheet's
// computed values with the engine's JSON.
func checkAgainstEngine(t *testing.T, wb clienttest.Workbook, doc scoreDoc, what string) {
	t.Helper()
	rows := detailRows(wb)
	cell := func(key string) (float64, bool) {
		v := wb.Cells[fmt.Sprintf("Dettaglio!J%d", rows[key])].Value
		f, ok := v.(float64)
		return f * 100, ok
	}
	compare := func(key string, want *float64) {
		got, ok := cell(key)
		switch {
		case want == nil && ok:
			t.Errorf("%s: %s = %v, want empty", what, key, got)
		case want != nil && (!ok || math.Abs(got-*want) > 1e-6):
			t.Errorf("%s: %s = %v (%v), want %v", what, key, got, ok, *want)
		}
	}
	if want := len(doc.Actions) + len(doc.Operational) + len(doc.Strategic); len(rows) != want {
		t.Fatalf("%s: %d rows found in Dettaglio, want %d", what, len(rows), want)
	}
	for _, a := range doc.Actions {
		compare("A:"+a.Code, a.Attainment)
	}
	for _, o := range doc.Operational {
		compare("O:"+o.Code, o.Score)
	}
	for _, s := range doc.Strategic {
		compare("S:"+s.Code, s.Score)
	}
}

// TestScoredWorkbook recalculates the scored workbook in LibreOffice and
// checks every formula's result against the engine, before and after a
// manager corrects a measured value in the file.
func TestScoredWorkbook(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "--period", "2020-06", "1.1.1=2", "3.3.1=35 gg"); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "--file", "../../testdata/measurements-2020.json"); code != exitOK {
		t.Fatal(stderr)
	}
	for _, method := range []string{"step", "linear"} {
		t.Run(method, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "risultati.xlsx")
			if code, _, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--method", method, "--out", out); code != exitOK {
				t.Fatal(stderr)
			}
			engine := scoreJSON(t, db, "--method", method)
			// our own cached values, then LibreOffice's recalculation
			checkAgainstEngine(t, clienttest.InspectValues(t, out), engine, "cached")
			recalculated := clienttest.Convert(t, out, "xlsx")
			checkAgainstEngine(t, clienttest.InspectValues(t, recalculated), engine, "LibreOffice")
			if method != "step" {
				return
			}
			formulas := clienttest.Inspect(t, out)
			if formulas.Charts["Sintesi"] != 1 || !formulas.FullCalcOnLoad {
				t.Errorf("charts %v, full calc on load %v", formulas.Charts, formulas.FullCalcOnLoad)
			}
			for _, s := range []string{"Sintesi", "Dettaglio", "Per unità"} {
				if len(formulas.ConditionalFormats[s]) == 0 {
					t.Errorf("%s has no conditional formats", s)
				}
			}
			rows := detailRows(formulas)
			for key, r := range rows {
				if v, _ := formulas.Cells[fmt.Sprintf("Dettaglio!J%d", r)].Value.(string); !strings.HasPrefix(v, "=") {
					t.Errorf("%s: J%d is not a formula: %v", key, r, v)
				}
			}
			if v := formulas.Cells[fmt.Sprintf("Dettaglio!P%d", rows["A:1.1.1"])].Value; v != "2" {
				t.Errorf("June value of 1.1.1 = %v, want 2", v)
			}
			// a manager corrects 1.1.2 from 792 to 528 in the file; the
			// engine gets the same correction
			edited := filepath.Join(t.TempDir(), "corretto.xlsx")
			clienttest.RunPython(t, "openpyxl_set.py", out, edited, fmt.Sprintf("Dettaglio!I%d=528", rows["A:1.1.2"]))
			if code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "1.1.2=528"); code != exitOK {
				t.Fatal(stderr)
			}
			after := scoreJSON(t, db)
			checkAgainstEngine(t, clienttest.InspectValues(t, clienttest.Convert(t, edited, "xlsx")), after, "after the correction")
			if *after.Operational[0].Score != 80 { // 50·100 + 50·60
				t.Errorf("1.1 after the correction = %v, want 80", *after.Operational[0].Score)
			}
		})
	}
}

// sintesiVerdicts checks every row of Sintesi as a spreadsheet computed
// it: «Esito» (H) and «Raggiunto» (F) follow the engine's rule from the
// score (D), target (E) and coverage (G) beside them — a strategic
// objective's verdict (model.StrategicScore.Verdict), a perspective's
// count of its objectives that met their target — and strategic rows say
// what the engine says (when want is not nil). It returns the verdicts by
// strategic code.
func sintesiVerdicts(t *testing.T, wb clienttest.Workbook, want map[string]string, what string) map[string]string {
	t.Helper()
	got := map[string]string{}
	type perspective struct {
		row              int
		verdict          string
		progress         *float64
		of               []float64
		achieved, judged int
	}
	var open *perspective
	closePerspective := func() {
		if open == nil {
			return
		}
		var mean *float64
		if len(open.of) > 0 {
			var sum float64
			for _, v := range open.of {
				sum += v
			}
			m := sum / float64(len(open.of))
			mean = &m
		}
		if (mean == nil) != (open.progress == nil) || (mean != nil && math.Abs(*mean-*open.progress) > 1e-6) {
			t.Errorf("%s: perspective (row %d): progress %s, its objectives' mean %s", what, open.row, fmtPtr(open.progress), fmtPtr(mean))
		}
		if rule := model.PerspectiveVerdict(open.achieved, open.judged); open.verdict != rule {
			t.Errorf("%s: perspective (row %d): Esito %q, want %q", what, open.row, open.verdict, rule)
		}
		open = nil
	}
	for r := 6; r < 100; r++ {
		level, _ := wb.Cells[fmt.Sprintf("Sintesi!A%d", r)].Value.(string)
		if level != "Prospettiva" && level != "Strategico" {
			break
		}
		code, _ := wb.Cells[fmt.Sprintf("Sintesi!B%d", r)].Value.(string)
		pct := func(col string) *float64 {
			if v, ok := wb.Cells[fmt.Sprintf("Sintesi!%s%d", col, r)].Value.(float64); ok {
				v *= 100
				return &v
			}
			return nil
		}
		score, target, coverage := pct("D"), pct("E"), pct("G")
		verdict, _ := wb.Cells[fmt.Sprintf("Sintesi!H%d", r)].Value.(string)
		if level == "Prospettiva" {
			closePerspective()
			open = &perspective{row: r, verdict: verdict, progress: pct("I")}
			continue
		}
		cov := 0.0
		if coverage != nil {
			cov = *coverage
		}
		ss := model.StrategicScore{Score: score, Target: target, Coverage: cov, Achieved: model.Achieved(score, target)}
		progress := ss.Progress()
		if got := pct("I"); (got == nil) != (progress == nil) || (got != nil && math.Abs(*got-*progress) > 1e-6) {
			t.Errorf("%s: strategic %s: progress %s, want %s", what, code, fmtPtr(got), fmtPtr(progress))
		}
		judged := coverage != nil && model.Judged(*coverage)
		if open != nil {
			if progress != nil {
				open.of = append(open.of, *progress)
			}
			if ss.Achieved != nil && judged {
				open.judged++
				if *ss.Achieved {
					open.achieved++
				}
			}
		}
		got[code] = verdict
		achieved, _ := wb.Cells[fmt.Sprintf("Sintesi!F%d", r)].Value.(string)
		if a := ss.Achieved; a != nil && judged && achieved != map[bool]string{true: "Sì", false: "No"}[*a] {
			t.Errorf("%s: %s %s: Raggiunto %q with score %v, target %v", what, level, code, achieved, *score, *target)
		}
		if !judged && achieved != "" {
			t.Errorf("%s: %s %s: Raggiunto %q with coverage %s", what, level, code, achieved, fmtPtr(coverage))
		}
		if w, ok := want[code]; ok && verdict != w {
			t.Errorf("%s: strategic %s: Esito %q, the engine says %q", what, code, verdict, w)
		}
		if rule := ss.Verdict(); verdict != rule {
			t.Errorf("%s: %s %s (row %d): Esito %q, want %q (score %v, target %v)", what, level, code, r, verdict, rule, fmtPtr(score), fmtPtr(target))
		}
	}
	closePerspective()
	if len(got) == 0 {
		t.Fatalf("%s: no strategic rows in Sintesi", what)
	}
	return got
}

// engineVerdicts are the engine's verdicts by strategic code.
func engineVerdicts(doc scoreDoc) map[string]string {
	out := map[string]string{}
	for _, s := range doc.Strategic {
		out[s.Code] = model.StrategicScore{Score: s.Score, Target: s.Target, Coverage: s.Coverage, Achieved: s.Achieved}.Verdict()
	}
	return out
}

func fmtPtr(v *float64) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprint(*v)
}

// TestScoredWorkbookLowCoverage: an objective measured over too little of
// its weight is «da valutare», «Raggiunto» empty, for the engine, in the
// cached values and after LibreOffice recalculates them.
func TestScoredWorkbookLowCoverage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatal(stderr)
	}
	one := filepath.Join(t.TempDir(), "uno.json")
	if err := os.WriteFile(one, []byte(`{"1.1.1": "5"}`), 0o644); err != nil { // objective 1's first action, on target
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "--file", one); code != exitOK {
		t.Fatal(stderr)
	}
	engine := engineVerdicts(scoreJSON(t, db))
	if engine["1"] != "da valutare" {
		t.Fatalf("engine: objective 1 with one action measured is %q, want «da valutare»", engine["1"])
	}
	out := filepath.Join(t.TempDir(), "risultati.xlsx")
	if code, _, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--out", out); code != exitOK {
		t.Fatal(stderr)
	}
	sintesiVerdicts(t, clienttest.InspectValues(t, out), engine, "cached")
	sintesiVerdicts(t, clienttest.InspectValues(t, clienttest.Convert(t, out, "xlsx")), engine, "LibreOffice")
}

// TestScoredWorkbookVerdicts: in Sintesi, a strategic objective has a
// verdict of its own, «✓ raggiunto (target 80%)» or «97% del target», the same words
// as the pages, in the cached values, after LibreOffice recalculates them
// and after a manager changes a target in the file; only a verdict met is
// painted, and no objective takes the actions' band colours.
func TestScoredWorkbookVerdicts(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "--file", "../../testdata/measurements-2020.json"); code != exitOK {
		t.Fatal(stderr)
	}
	out := filepath.Join(t.TempDir(), "risultati.xlsx")
	if code, _, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--out", out); code != exitOK {
		t.Fatal(stderr)
	}
	engine := engineVerdicts(scoreJSON(t, db))
	// 4 at 85% against 80% meets it; 2 at 70% against 80% reached 87,5%
	// of it; 9 at 70% against 100%, 70%; 1 at 36,2% against 80%, 45%
	for code, verdict := range map[string]string{"4": "✓ raggiunto (target 80%)", "2": "88% del target", "9": "70% del target", "1": "45% del target"} {
		if engine[code] != verdict {
			t.Errorf("engine: strategic %s is %q, want %q", code, engine[code], verdict)
		}
	}
	sintesiVerdicts(t, clienttest.InspectValues(t, out), engine, "cached")
	sintesiVerdicts(t, clienttest.InspectValues(t, clienttest.Convert(t, out, "xlsx")), engine, "LibreOffice")

	// the manager raises objective 4's target to 90% and lowers 2's to
	// 70%, in Dettaglio where Sintesi takes them from
	formulas := clienttest.Inspect(t, out)
	rowOf := map[string]int{}
	for r := 6; r < 100; r++ {
		if code, ok := formulas.Cells[fmt.Sprintf("Sintesi!B%d", r)].Value.(string); ok && code != "" {
			rowOf[code] = r
		}
	}
	detail := detailRows(formulas)
	edited := filepath.Join(t.TempDir(), "target.xlsx")
	clienttest.RunPython(t, "openpyxl_set.py", out, edited, fmt.Sprintf("Dettaglio!F%d=0.9", detail["S:4"]), fmt.Sprintf("Dettaglio!F%d=0.7", detail["S:2"]))
	after := sintesiVerdicts(t, clienttest.InspectValues(t, clienttest.Convert(t, edited, "xlsx")), nil, "after the targets changed")
	if after["4"] != "94% del target" || after["2"] != "✓ raggiunto (target 70%)" {
		t.Errorf("after the targets changed: 4 is %q (85%% against 90%%), 2 is %q (70%% against 70%%)", after["4"], after["2"])
	}
	// a verdict met is marked by a conditional format on «Esito», as
	// LibreOffice paints it; an objective's score is never painted with
	// the actions' bands, in Sintesi or in Dettaglio
	if rng := fmt.Sprintf("H6:H%d", rowOf["9"]); !slices.Contains(formulas.ConditionalFormats["Sintesi"], rng) {
		t.Errorf("Sintesi conditional formats %v, want one on %s", formulas.ConditionalFormats["Sintesi"], rng)
	}
	for _, c := range []struct {
		file string
		met  map[string]bool // strategic code → target met
	}{
		{out, map[string]bool{"4": true, "2": false, "9": false, "1": false}},
		{edited, map[string]bool{"4": false, "2": true, "9": false, "1": false}},
	} {
		painted := paintedStrategic(t, clienttest.Convert(t, c.file, "html"))
		for code, met := range c.met {
			if got := painted["Sintesi!H:"+code]; strings.EqualFold(got, "#DDEBF7") != met {
				t.Errorf("%s: Esito of strategic %s painted %q, met %v", filepath.Base(c.file), code, got, met)
			}
			for _, cell := range []string{"Sintesi!D", "Dettaglio!J"} {
				if got := painted[cell+":"+code]; got != "" && !strings.EqualFold(got, "#FFFFFF") {
					t.Errorf("%s: %s of strategic %s painted %q: an objective takes no action band", filepath.Base(c.file), cell, code, got)
				}
			}
		}
	}
}

var (
	htmlSheet = regexp.MustCompile(`(?s)<A NAME="table\d+"><h1>Sheet \d+: <em>([^<]+)</em></h1></A>(.*?)</table>`)
	htmlRow   = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	htmlCell  = regexp.MustCompile(`(?s)<td([^>]*)>(.*?)</td>`)
	htmlTag   = regexp.MustCompile(`<[^>]+>`)
	bgcolor   = regexp.MustCompile(`bgcolor="([^"]+)"`)
)

// paintedStrategic reads LibreOffice's HTML export of a recalculated
// workbook, where conditional formats are painted as cell colours, and
// returns the colour of each strategic row's cells by "Sheet!Column:code".
func paintedStrategic(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, sheet := range htmlSheet.FindAllStringSubmatch(string(b), -1) {
		for _, row := range htmlRow.FindAllStringSubmatch(sheet[2], -1) {
			cells := htmlCell.FindAllStringSubmatch(row[1], -1)
			if len(cells) < 2 || strings.TrimSpace(htmlTag.ReplaceAllString(cells[0][2], "")) != "Strategico" {
				continue
			}
			code := strings.TrimSpace(htmlTag.ReplaceAllString(cells[1][2], ""))
			for i, c := range cells {
				col := string(rune('A' + i))
				if m := bgcolor.FindStringSubmatch(c[1]); m != nil {
					out[sheet[1]+"!"+col+":"+code] = m[1]
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no strategic rows in %s", path)
	}
	return out
}
