package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cruscotto/importer/workbook"
	"cruscotto/importer/workbook/bombtest"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// TestBombsThroughTheCLI imports each small hostile workbook, and
// collects it inside Mediazione's own signed workbook: exit 1, one
// sentence, nothing stored, and no more read than one part's limit. `make bench` times the same files in a
// process of their own for peak memory.
func TestBombsThroughTheCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatalf("import: %s", stderr)
	}
	if code, _, stderr := cli(t, "", "sheets", "--db", db, "--plan", "1", "--unit", "Mediazione", "--out", dir); code != exitOK {
		t.Fatalf("sheets: %s", stderr)
	}
	sheet, err := os.ReadFile(filepath.Join(dir, "piano-2020-mediazione-2020.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range bombtest.Catalogue {
		t.Run(tt.Name, func(t *testing.T) {
			data := tt.Make()
			plan := filepath.Join(dir, "bomba.xlsx")
			entry := filepath.Join(dir, "rilevazione-bomba.xlsx")
			os.WriteFile(plan, data, 0o644)
			os.WriteFile(entry, bombtest.Transplant(sheet, "xl/worksheets/sheet1.xml", data), 0o644)
			for _, args := range [][]string{{"import", "--db", db, plan}, {"collect", "--db", db, entry}} {
				before := workbook.WorkDone()
				code, _, stderr := cli(t, "", args...)
				if inflated := workbook.WorkDone().Inflated - before.Inflated; inflated > workbook.DefaultLimits.MaxPartBytes {
					t.Errorf("%s inflated %d MB, want at most one part's limit", args[0], inflated>>20)
				}
				// in the entry sheet, a bomb may meet the bound on rows
				// first, or leave no entry sheet to find
				refused := strings.Contains(stderr, tt.Refusal) || args[0] == "collect" &&
					(strings.Contains(stderr, "righe compilate") || strings.Contains(stderr, "non è una cartella di rilevazione"))
				if code != exitRejected || !refused {
					t.Errorf("%s: exit %d: %s", args[0], code, stderr)
				}
			}
		})
	}
	if code, out, _ := cli(t, "", "plans", "--db", db); code != exitOK || strings.Count(out, "\n") > 3 {
		t.Errorf("a bomb became a plan: %s", out)
	}
	store, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if cur, err := model.MeasurementsByCode(store.Measurements(context.Background(), model.CurrentIn(1, model.Period{Year: 2020}))); err != nil || len(cur) != 0 {
		t.Errorf("a bomb stored values: %v %v", cur, err)
	}
}
