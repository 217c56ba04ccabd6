package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"cruscotto/exporter/clienttest"
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
			if v := formulas.Cells[fmt.Sprintf("Dettaglio!O%d", rows["A:1.1.1"])].Value; v != "2" {
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
