package main

import (
	"os"
	"path/filepath"
	"testing"

	"cruscotto/exporter/clienttest"
	"cruscotto/importer/workbook/xlsxtest"
)

// TestExcelNativePlanEndToEnd takes the plan as Excel writes it (units in
// number formats, escapes, booleans, the 1904 date system…) through every
// output: the unit workbooks show each value with its unit, they come
// back filled through LibreOffice, and the scored workbook recalculates
// in LibreOffice to the engine's figures.
func TestExcelNativePlanEndToEnd(t *testing.T) {
	clienttest.SkipShort(t)
	tmp := t.TempDir()
	_, native := xlsxtest.NativePlan()
	plan := filepath.Join(tmp, "piano-2024.xlsx")
	if err := os.WriteFile(plan, native, 0o644); err != nil {
		t.Fatal(err)
	}
	db, dir := filepath.Join(tmp, "c.db"), filepath.Join(tmp, "cartelle")
	if code, out, stderr := cli(t, "", "import", "--db", db, plan); code != exitOK {
		t.Fatalf("import: %s %s", out, stderr)
	}
	if code, out, stderr := cli(t, "", "sheets", "--db", db, "--plan", "1", "--out", dir); code != exitOK {
		t.Fatalf("sheets: %s %s", out, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	names := map[string]string{}
	for _, f := range files {
		names[filepath.Base(f)] = f
	}
	// one workbook a unit: the two units written on two lines are two
	for _, want := range []string{"registro-imprese", "digitalizzazione-e-marketing", "mediazione", "sg", "controller"} {
		if names["piano-2024-"+want+"-2024.xlsx"] == "" {
			t.Errorf("no workbook for %s among %v", want, names)
		}
	}
	if len(files) != 5 {
		t.Errorf("%d workbooks, want 5: %v", len(files), names)
	}
	shown := map[string]string{}
	for _, f := range files {
		for code, v := range entryColumn(t, f, "Target") {
			shown[code] = v
		}
		for code, v := range entryColumn(t, f, "Soglia 80%") {
			shown[code+" 80"] = v
		}
	}
	for code, want := range map[string]string{"1.1.1": "28 gg", "1.1.1 80": "30 gg", "1.1.2": "85 €", "1.1.3": "24 ore", "2.1.1": "≥ 90%",
		"2.1.2": "1.200", "2.2.1": "30/06/2022", "2.2.2": "giugno", "2.2.3": "10"} {
		if shown[code] != want {
			t.Errorf("the unit workbook shows %s as %q, want %q", code, shown[code], want)
		}
	}
	fills := map[string]map[string]any{
		"mediazione":       {"1.1.2": map[string]any{"kind": "number", "value": 80}, "1.1.3": map[string]any{"kind": "text", "value": "22 ore"}},
		"sg":               {"2.1.1": map[string]any{"kind": "percent", "value": 0.92}, "2.1.2": map[string]any{"kind": "number", "value": 1100}},
		"controller":       {"2.2.1": map[string]any{"kind": "date", "value": "2022-07-15"}, "2.2.2": map[string]any{"kind": "text", "value": "luglio"}, "2.2.3": map[string]any{"kind": "number", "value": 9}},
		"registro-imprese": {"1.1.1": map[string]any{"kind": "number", "value": 31}},
	}
	for unit, spec := range fills {
		resaved := clienttest.Convert(t, fill(t, names["piano-2024-"+unit+"-2024.xlsx"], spec), "xlsx")
		if code, out, stderr := cli(t, "", "collect", "--db", db, resaved); code != exitOK {
			t.Fatalf("collect %s: exit %d\n%s%s", unit, code, out, stderr)
		}
	}
	engine := scoreJSON(t, db)
	measuredRaw := map[string]string{}
	for _, a := range engine.Actions {
		if a.Measured != nil {
			measuredRaw[a.Code] = a.Measured.Raw
		}
	}
	if len(measuredRaw) != 8 {
		t.Errorf("%d values stored, want 8: %v", len(measuredRaw), measuredRaw)
	}
	out := filepath.Join(tmp, "risultati.xlsx")
	if code, _, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--out", out); code != exitOK {
		t.Fatal(stderr)
	}
	checkAgainstEngine(t, clienttest.InspectValues(t, clienttest.Convert(t, out, "xlsx")), engine, "LibreOffice")
	if t.Failed() {
		t.Logf("measured: %v", measuredRaw)
	}
}
