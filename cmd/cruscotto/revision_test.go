package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/clienttest"
	"cruscotto/model"
)

// revisedPlan writes the 2020 plan with 1.4.1's target corrected from
// 170 to 160 and 1.4.2 turned from a percentage into a count,
// and returns its path.
func revisedPlan(t *testing.T) string {
	t.Helper()
	f, err := excelize.OpenFile(plan2020)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "Tessuto economico"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 11 && (r[11] == "1.4.1" || r[11] == "1.4.2") {
			target := any(160)
			if r[11] == "1.4.2" {
				target = 12
			}
			if err := f.SetCellValue(sheet, "P"+itoa(i+1), target); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "piano-2020-rivisto.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRevisionCLI: a revised plan imported from the command line prints
// what changed and which values stay behind, carries the rest, and
// «plans diff» says the same in JSON; --dry-run imports nothing.
func TestRevisionCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "--period", "2020-06", "--file", "../../testdata/measurements-2020.json"); code != exitOK {
		t.Fatal(stderr)
	}
	revised := revisedPlan(t)
	printed := []string{"Cosa è cambiato rispetto alla versione 1 del piano 2020", "1.4.1: target 170 → 160", "1.4.2: target 50% → 12",
		"Attenzione: 1 valore non è riportato", "1.4.2, giugno 2020: 45%"}
	t.Run("DryRun", func(t *testing.T) {
		code, out, stderr := cli(t, "", "import", "--db", db, "--dry-run", revised)
		if code != exitOK {
			t.Fatal(stderr)
		}
		for _, want := range append(printed, "nulla è stato importato") {
			if !strings.Contains(out, want) {
				t.Errorf("dry run lacks %q:\n%s", want, out)
			}
		}
		if _, list, _ := cli(t, "", "plans", "--db", db); strings.Contains(list, "2 (in vigore)") {
			t.Errorf("the dry run imported:\n%s", list)
		}
	})
	t.Run("DryRunJSON", func(t *testing.T) {
		code, out, stderr := cli(t, "", "import", "--db", db, "--dry-run", "--json", revised)
		var d model.PlanDiff
		if err := json.Unmarshal([]byte(out), &d); code != exitOK || err != nil || len(d.Changed) == 0 || len(d.NotCarried) != 1 ||
			!strings.Contains(stderr, "1 valore non è riportato") {
			t.Errorf("exit %d: %s\n%s", code, out, stderr)
		}
	})
	t.Run("Import", func(t *testing.T) {
		code, out, stderr := cli(t, "", "import", "--db", db, revised)
		if code != exitOK {
			t.Fatal(stderr)
		}
		for _, want := range append(printed, "Piano 2020 importato: versione 2", "Valori riportati dalla versione 1: 48.") {
			if !strings.Contains(out, want) {
				t.Errorf("import lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("SheetsOfOldVersion", func(t *testing.T) {
		code, out, stderr := cli(t, "", "sheets", "--db", db, "--plan", "1", "--unit", "Mediazione", "--out", t.TempDir())
		if code != exitOK || !strings.Contains(out, "le cartelle sono della versione 2 in vigore (id 2)") {
			t.Errorf("exit %d: %s %s", code, out, stderr)
		}
	})
	t.Run("DiffJSON", func(t *testing.T) {
		code, out, stderr := cli(t, "", "plans", "diff", "--db", db, "--json", "1", "2")
		if code != exitOK {
			t.Fatal(stderr)
		}
		var d model.PlanDiff
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatal(err, out)
		}
		want := model.PlanDiff{
			Changed: []model.FieldChange{{Code: "1.4.1", Field: "target", Old: "170", New: "160"}, {Code: "1.4.2", Field: "target", Old: "50%", New: "12"},
				// its thresholds (40%, 30%) now lie above the target
				{Code: "1.4.2", Field: "direction", Old: "più alto è meglio", New: "più basso è meglio"}},
			Added:      []string{},
			Removed:    []string{},
			NotCarried: []model.UncarriedValue{{Code: "1.4.2", Period: model.Period{Year: 2020, Month: 6}, Value: "45%"}},
		}
		if !reflect.DeepEqual(d, want) {
			t.Errorf("diff %+v\nwant %+v", d, want)
		}
		for _, key := range []string{`"changed"`, `"added"`, `"removed"`, `"not_carried"`, `"code"`, `"field"`, `"old"`, `"new"`, `"period"`, `"value"`} {
			if !strings.Contains(out, key) {
				t.Errorf("the JSON lacks %s", key)
			}
		}
	})
	t.Run("ThroughVersions", func(t *testing.T) {
		// version 3 is version 1 again: 1.4.2 is a percentage once more,
		// but its June value stayed in version 1 and never reached 3
		if code, _, stderr := cli(t, "", "import", "--db", db, "../../testdata/piano-performance-2020-libreoffice.xlsx"); code != exitOK {
			t.Fatal(stderr)
		}
		code, out, stderr := cli(t, "", "plans", "diff", "--db", db, "--json", "1", "3")
		var d model.PlanDiff
		if err := json.Unmarshal([]byte(out), &d); code != exitOK || err != nil {
			t.Fatal(code, stderr, err)
		}
		want := []model.UncarriedValue{{Code: "1.4.2", Period: model.Period{Year: 2020, Month: 6}, Value: "45%"}}
		if len(d.Changed) != 0 || !reflect.DeepEqual(d.NotCarried, want) {
			t.Errorf("diff 1 → 3: %+v", d)
		}
		code, _, stderr = cli(t, "", "plans", "diff", "--db", db, "3", "1")
		if code != exitUsage || !strings.Contains(stderr, "indicare prima la versione vecchia") {
			t.Errorf("diff 3 → 1: exit %d %s", code, stderr)
		}
	})
	t.Run("ErrOtherYear", func(t *testing.T) {
		if code, _, stderr := cli(t, "", "import", "--db", db, planNextYear); code != exitOK {
			t.Fatal(stderr)
		}
		code, _, stderr := cli(t, "", "plans", "diff", "--db", db, "1", "4")
		if code != exitUsage || !strings.Contains(stderr, "si confrontano solo versioni del piano dello stesso anno") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("ErrUnknownID", func(t *testing.T) {
		code, _, stderr := cli(t, "", "plans", "diff", "--db", db, "1", "99")
		if code != exitUsage || !strings.Contains(stderr, "Il piano 99 non esiste") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
}

// TestRevisionResavedEmpty: the same plan re-saved by LibreOffice is a new
// file but no change: its diff is empty and every value carries.
func TestRevisionResavedEmpty(t *testing.T) {
	tests := []struct {
		name    string
		resaved func(t *testing.T, original string) string
	}{
		{"Fixture", func(*testing.T, string) string { return "../../testdata/piano-performance-2020-libreoffice.xlsx" }},
		{"RevisedPlanNow", func(t *testing.T, original string) string { return clienttest.Convert(t, original, "xlsx") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			original := plan2020
			if tt.name == "RevisedPlanNow" {
				original = revisedPlan(t)
			}
			resaved := tt.resaved(t, original)
			db := filepath.Join(t.TempDir(), "c.db")
			for _, f := range []string{original, resaved} {
				if code, _, stderr := cli(t, "", "import", "--db", db, f); code != exitOK {
					t.Fatal(stderr)
				}
			}
			code, out, stderr := cli(t, "", "plans", "diff", "--db", db, "--json", "1", "2")
			if code != exitOK || strings.TrimSpace(out) != `{
  "changed": [],
  "added": [],
  "removed": [],
  "not_carried": []
}` {
				t.Errorf("exit %d %s\n%s", code, stderr, out)
			}
		})
	}
}
