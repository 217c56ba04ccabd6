package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/clienttest"
)

// planChamber2 is another Chamber's two-sheet plan (testdata/chamber2).
const planChamber2 = "../../testdata/chamber2/cciaa-2022.xlsx"

// TestAnotherChamberThroughEveryOutput takes another Chamber's plan,
// read without a mapping, through the units' workbooks (with their
// baseline), openpyxl, LibreOffice, collect, the engine, the scored
// workbook recalculated by LibreOffice, and the filled plan.
func TestAnotherChamberThroughEveryOutput(t *testing.T) {
	tmp := t.TempDir()
	db, dir := filepath.Join(tmp, "c.db"), filepath.Join(tmp, "cartelle")
	if code, _, stderr := cli(t, "", "import", "--db", db, planChamber2); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := cli(t, "", "sheets", "--db", db, "--plan", "1", "--out", dir); code != exitOK {
		t.Fatal(stderr)
	}
	// the unit sees where each indicator starts from
	book := filepath.Join(dir, "piano-2022-ufficio-ragioneria-2022.xlsx")
	if f, err := excelize.OpenFile(book); err != nil {
		t.Fatal(err)
	} else {
		rows, _ := f.GetRows("Rilevazione")
		found := false
		for _, r := range rows {
			found = found || len(r) >= 12 && r[0] == "6.1.1" && r[11] == "72%"
		}
		if head, _ := f.GetCellValue("Rilevazione", "L6"); head != "Valore di partenza" || !found {
			t.Errorf("baseline column %q, 6.1.1's baseline shown: %v", head, found)
		}
		f.Close()
	}
	typed := []filledBook{
		{"piano-2022-segreteria-generale-2022.xlsx", map[string]any{
			"5.2.1": map[string]any{"kind": "percent", "value": 0.98},
			"5.2.2": map[string]any{"kind": "date", "value": "2022-06-15"},
			"OO7.3": map[string]any{"kind": "date", "value": "2022-07-10"},
			"3.1.1": map[string]any{"kind": "number", "value": 3},
		}},
		{"piano-2022-ufficio-ragioneria-2022.xlsx", map[string]any{
			"6.1.1": map[string]any{"kind": "percent", "value": 0.75},
			"6.1.2": map[string]any{"kind": "number", "value": 119000},
			"6.2.1": map[string]any{"kind": "text", "value": "-6 gg"},
		}},
		{"piano-2022-ufficio-suap-e-ambiente-2022.xlsx", map[string]any{
			"4.2.1": map[string]any{"kind": "number", "value": 25},
			"4.2.2": map[string]any{"kind": "text", "value": "SI"},
		}},
	}
	collectFilled(t, db, dir, typed)
	engine := scoreJSON(t, db)
	want := map[string]float64{
		"5.2.1": 0,   // 98% against 100%, no thresholds
		"5.2.2": 100, // before the deadline
		"OO7.3": 0,   // after it
		"3.1.1": 100,
		"6.1.1": 100,
		"6.1.2": 0,   // 119.000 against ≥ 120.000
		"6.2.1": 100, // -6 gg meets ≤ -5 gg
		"4.2.1": 100,
		"4.2.2": 100,
	}
	checkAttainments(t, engine, want)
	out := filepath.Join(tmp, "risultati.xlsx")
	filledPlan := filepath.Join(tmp, "piano-con-risultati.xlsx")
	if code, _, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--out", out, "--filled-plan", filledPlan); code != exitOK {
		t.Fatal(stderr)
	}
	checkAgainstEngine(t, clienttest.InspectValues(t, clienttest.Convert(t, out, "xlsx")), engine, "LibreOffice")
	// the filled plan keeps both sheets and still reads as the same plan
	if code, stdout, stderr := cli(t, "", "import", "--db", filepath.Join(tmp, "again.db"), filledPlan); code != exitOK || !strings.Contains(stdout, "azioni                  31") {
		t.Errorf("the filled plan no longer reads: %d %s %s", code, stdout, stderr)
	}
}
