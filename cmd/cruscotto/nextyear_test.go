package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/clienttest"
)

// planNextYear is next year's plan file with the new value forms: signed
// targets and thresholds, yes/no and date KPIs (testdata/drift).
const planNextYear = "../../testdata/drift/values.xlsx"

// TestNextYearThroughEveryOutput takes the new value forms through every
// output with the real clients: openpyxl fills the units' workbooks with
// SI/no, dates and plain values for signed targets, LibreOffice re-saves
// them, collect stores them; measure takes the same forms as text; the
// engine scores them by the rules; and LibreOffice recalculates the
// scored workbook to the engine's numbers.
func TestNextYearThroughEveryOutput(t *testing.T) {
	tmp := t.TempDir()
	db, dir := filepath.Join(tmp, "c.db"), filepath.Join(tmp, "cartelle")
	if code, _, stderr := cli(t, "", "import", "--db", db, planNextYear); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := cli(t, "", "sheets", "--db", db, "--plan", "1", "--out", dir); code != exitOK {
		t.Fatal(stderr)
	}
	// the unit's workbook offers SI/NO from a list and takes dates in a
	// date-validated cell formatted dd/mm/yyyy (openpyxl's reading)
	sg := clienttest.Inspect(t, filepath.Join(dir, "piano-2021-sg-2021.xlsx"))
	var list, date bool
	for _, v := range sg.Validations {
		list = list || v.Type == "list" && strings.Contains(v.Formula1, "SI,NO")
		date = date || v.Type == "date" && strings.Contains(v.Prompt, "15/07/2022")
	}
	if !list || !date {
		t.Errorf("validations %+v", sg.Validations)
	}
	if f, err := excelize.OpenFile(filepath.Join(dir, "piano-2021-sg-2021.xlsx")); err != nil {
		t.Fatal(err)
	} else {
		found := false
		rows, _ := f.GetRows("Rilevazione")
		for i, r := range rows {
			if len(r) > 0 && r[0] == "3.4.1" {
				id, _ := f.GetCellStyle("Rilevazione", fmt.Sprintf("H%d", i+1))
				st, _ := f.GetStyle(id)
				found = st != nil && st.CustomNumFmt != nil && *st.CustomNumFmt == "dd/mm/yyyy"
			}
		}
		if !found {
			t.Error("the input cell of the date KPI 3.4.1 is not formatted dd/mm/yyyy")
		}
		f.Close()
	}
	typed := []filledBook{
		{"piano-2021-sg-2021.xlsx", map[string]any{
			"1.5.1": map[string]any{"kind": "text", "value": "SI"},
			"3.4.1": map[string]any{"kind": "date", "value": "2021-03-31"},
		}},
		{"piano-2021-controller-2021.xlsx", map[string]any{
			"4.1.1": map[string]any{"kind": "date", "value": "2021-08-15"},
			"5.1.1": map[string]any{"kind": "text", "value": "no"},
		}},
		{"piano-2021-progetti-incentivazione-e-sostegno-2021.xlsx", map[string]any{
			"1.6.2": map[string]any{"kind": "number", "value": 3},
			"2.3.1": map[string]any{"kind": "text", "value": "Sì"},
			"2.3.2": map[string]any{"kind": "number", "value": 5},
		}},
	}
	collectFilled(t, db, dir, typed)
	if code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "6.1.1=90%", "3.3.3=45 gg", "3.5.1=15/07/2021", "8.1.2=30%"); code != exitOK {
		t.Fatal(stderr)
	}
	stored := measured(t, db)
	for code, kind := range map[string]string{"1.5.1": "yesno", "3.4.1": "date", "4.1.1": "date", "5.1.1": "yesno", "3.5.1": "date"} {
		if stored[code].Kind != kind {
			t.Errorf("%s stored as %+v, want kind %s", code, stored[code], kind)
		}
	}
	if stored["3.4.1"].Value != 44286 || stored["3.4.1"].Raw != "31/03/2021" {
		t.Errorf("3.4.1 stored as %+v", stored["3.4.1"])
	}
	for _, method := range []string{"step", "linear"} {
		t.Run(method, func(t *testing.T) {
			engine := scoreJSON(t, db, "--method", method)
			want := map[string]float64{
				"1.5.1": 100, // SI for SI
				"3.4.1": 100, // on the deadline day
				"5.1.1": 100, // no for NO
				"1.6.2": 80,  // 3 does not meet «> 3», meets the threshold 3
				"2.3.1": 100,
				"2.3.2": 100, // 5 meets «=> 5»
				"6.1.1": 100, // 90% meets «≥ 90%»
				"8.1.2": 0,   // 30% does not meet «< 30%», nor the thresholds 28% and 25%
			}
			if method == "step" {
				want["4.1.1"], want["3.3.3"], want["3.5.1"] = 80, 80, 80
			}
			checkAttainments(t, engine, want)
			out := filepath.Join(t.TempDir(), "risultati.xlsx")
			if code, _, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--method", method, "--out", out); code != exitOK {
				t.Fatal(stderr)
			}
			checkAgainstEngine(t, clienttest.InspectValues(t, out), engine, "cached")
			checkAgainstEngine(t, clienttest.InspectValues(t, clienttest.Convert(t, out, "xlsx")), engine, "LibreOffice")
		})
	}
	if code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "1.5.1=forse"); code != exitRejected {
		t.Errorf("a yes/no value that is neither: exit %d %s", code, stderr)
	}
	if code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "3.5.1=luglio"); code != exitRejected {
		t.Errorf("a month for a date target: exit %d %s", code, stderr)
	}
}

// filledBook is a unit's workbook in dir and what openpyxl types in it.
type filledBook struct {
	file string
	spec map[string]any
}

// collectFilled fills each workbook with openpyxl, has LibreOffice re-save
// it, and collects it.
func collectFilled(t *testing.T, db, dir string, books []filledBook) {
	t.Helper()
	for _, b := range books {
		filled := clienttest.Convert(t, fill(t, filepath.Join(dir, b.file), b.spec), "xlsx")
		if code, out, stderr := cli(t, "", "collect", "--db", db, filled); code != exitOK {
			t.Fatalf("collect %s: exit %d\n%s%s", b.file, code, out, stderr)
		}
	}
}

// checkAttainments compares the engine's attainment of the actions want
// names.
func checkAttainments(t *testing.T, engine scoreDoc, want map[string]float64) {
	t.Helper()
	for _, a := range engine.Actions {
		if w, ok := want[a.Code]; ok && (a.Attainment == nil || math.Abs(*a.Attainment-w) > 1e-9) {
			t.Errorf("%s: attainment %v, want %v", a.Code, a.Attainment, w)
		}
	}
}
