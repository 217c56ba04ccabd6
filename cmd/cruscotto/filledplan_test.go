package main

import (
	"bytes"
	"context"
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
	"cruscotto/model"
)

// TestFilledPlan writes the results into the Chamber's own workbook, for
// the 2020 plan, for a layout with several blocks on one sheet and for a
// header read with a mapping, and checks that nothing of the original
// changed and that the added columns hold the engine's attainment for
// every action.
func TestFilledPlan(t *testing.T) {
	original2020, err := os.ReadFile(plan2020)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := importer.ParsePlan(context.Background(), original2020, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var oneSheet bytes.Buffer
	if err := planwriter.Write(&oneSheet, parsed, planwriter.Layout{OneSheet: true, Merge: true, Numbers: true}); err != nil {
		t.Fatal(err)
	}
	variant := filepath.Join(t.TempDir(), "piano-un-foglio.xlsx")
	if err := os.WriteFile(variant, oneSheet.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	from2020 := []string{"--file", "../../testdata/measurements-2020.json"}
	nextYear := []string{"1.5.1=SI", "3.4.1=31/03/2021", "4.1.1=15/08/2021", "6.1.1=95%", "3.3.3=45 gg", "2.1.1=5", "8.1.2=29%"}
	foreign, err := planwriter.Foreign(2023)
	if err != nil {
		t.Fatal(err)
	}
	foreignFile, mappingFile := filepath.Join(t.TempDir(), "piano-2023.xlsx"), filepath.Join(t.TempDir(), "mappatura.json")
	if err := os.WriteFile(foreignFile, foreign, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mappingFile, planwriter.ForeignMapping().JSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, file string
		mapping    string // a mapping file the plan is imported with
		values     []string
		measured   int
	}{
		{"2020 workbook", plan2020, "", from2020, 49},
		{"several blocks on one sheet", variant, "", from2020, 49},
		{"next year's file with every drift at once", "../../testdata/drift/all.xlsx", "", nextYear, len(nextYear)},
		{"a header only a mapping reads", foreignFile, mappingFile, []string{"1.1.1=320", "1.1.2=10", "2.1.1=25 gg"}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "c.db")
			var mapping *model.Mapping
			args := []string{"import", "--db", db, tt.file}
			if tt.mapping != "" {
				mapping = planwriter.ForeignMapping()
				args = append(args, "--mapping", tt.mapping)
			}
			if code, _, stderr := cli(t, "", args...); code != exitOK {
				t.Fatal(stderr)
			}
			if code, _, stderr := cli(t, "", append([]string{"measure", "--db", db, "--plan", "1"}, tt.values...)...); code != exitOK {
				t.Fatal(stderr)
			}
			out := filepath.Join(t.TempDir(), "piano-con-risultati.xlsx")
			if code, _, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--filled-plan", out); code != exitOK {
				t.Fatal(stderr)
			}
			engine := scoreJSON(t, db)
			orig, err := excelize.OpenFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer orig.Close()
			filled, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer filled.Close()
			if a, b := strings.Join(orig.GetSheetList(), "|"), strings.Join(filled.GetSheetList(), "|"); a != b {
				t.Fatalf("sheets %s, want %s", b, a)
			}
			for _, sheet := range orig.GetSheetList() {
				rows, _ := orig.GetRows(sheet, excelize.Options{RawCellValue: true})
				after, _ := filled.GetRows(sheet, excelize.Options{RawCellValue: true})
				for r, row := range rows {
					for c, v := range row {
						cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
						got := ""
						if r < len(after) && c < len(after[r]) {
							got = after[r][c]
						}
						so, _ := orig.GetCellStyle(sheet, cell)
						sf, _ := filled.GetCellStyle(sheet, cell)
						if got != v || so != sf {
							t.Errorf("%s!%s changed: %q (style %d), was %q (style %d)", sheet, cell, got, sf, v, so)
						}
					}
				}
				om, _ := orig.GetMergeCells(sheet)
				fm, _ := filled.GetMergeCells(sheet)
				have := map[string]bool{}
				for _, m := range fm {
					have[m.GetStartAxis()+":"+m.GetEndAxis()] = true
				}
				for _, m := range om {
					if !have[m.GetStartAxis()+":"+m.GetEndAxis()] {
						t.Errorf("%s: merge %s:%s lost", sheet, m.GetStartAxis(), m.GetEndAxis())
					}
				}
			}
			data, _ := os.ReadFile(out)
			plan, err := importer.ParsePlan(context.Background(), data, importer.Options{Mapping: mapping})
			if err != nil {
				t.Fatalf("the filled plan no longer imports: %v", err)
			}
			attainmentCol := func(at model.CellRef) int {
				for _, b := range plan.Blocks {
					if b.Holds(at) {
						for c := 1; c < b.LastCol+10; c++ {
							cell, _ := excelize.CoordinatesToCellName(c, b.LabelRow)
							if v, _ := filled.GetCellValue(b.Sheet, cell); v == "Raggiungimento" {
								return c
							}
						}
					}
				}
				return 0
			}
			checked := 0
			for _, as := range engine.Actions {
				if as.Attainment == nil {
					continue
				}
				var at model.CellRef
				for _, a := range plan.Actions() {
					if a.Code == as.Code {
						at = a.Cell
					}
				}
				sheet, row := at.Sheet, at.Row
				col := attainmentCol(at)
				if col == 0 {
					t.Errorf("%s: no Raggiungimento column", as.Code)
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(col, row)
				raw, _ := filled.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
				got, err := strconv.ParseFloat(raw, 64)
				if err != nil || math.Abs(got*100-*as.Attainment) > 1e-9 {
					t.Errorf("%s at %s!%s = %q, want %v", as.Code, sheet, cell, raw, *as.Attainment/100)
				}
				checked++
			}
			if checked != tt.measured {
				t.Errorf("checked %d actions, want %d", checked, tt.measured)
			}
			t.Run("imported before blocks were stored", func(t *testing.T) {
				if n := forgetBlocks(t, db); n == 0 {
					t.Fatal("no blocks stored at import")
				}
				again := filepath.Join(t.TempDir(), "piano-con-risultati.xlsx")
				if code, _, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--filled-plan", again); code != exitOK {
					t.Fatal(stderr)
				}
				if a, b := readFile(t, out), readFile(t, again); !bytes.Equal(a, b) {
					t.Error("the filled plan differs when its blocks are read from the upload")
				}
				if n := forgetBlocks(t, db); n == 0 {
					t.Error("the blocks read from the upload were not stored")
				}
			})
		})
	}
}

// forgetBlocks deletes the blocks stored with the plans, as in a database
// made before they were stored, and returns how many there were.
func forgetBlocks(t *testing.T, path string) int64 {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`DELETE FROM plan_blocks`)
	if err != nil {
		t.Fatal(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
