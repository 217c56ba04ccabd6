package filledplan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/filledplan"
	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
	"cruscotto/model"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// measurements2020 are the values of testdata/measurements-2020.json,
// all but 2.2.1's, which stays unmeasured.
func measurements2020(t *testing.T) map[string]any {
	t.Helper()
	var values map[string]any
	if err := json.Unmarshal(readFile(t, "../../testdata/measurements-2020.json"), &values); err != nil {
		t.Fatal(err)
	}
	delete(values, "2.2.1")
	return values
}

// write reads a plan workbook (with a mapping, when not nil), scores it
// with values by action code and returns its filled plan, opened again.
func write(t *testing.T, data []byte, mapping *model.Mapping, values map[string]any) *excelize.File {
	t.Helper()
	p, err := importer.ParsePlan(context.Background(), data, importer.Options{Mapping: mapping})
	if err != nil {
		t.Fatal(err)
	}
	measured := map[string]*model.Measurement{}
	for _, a := range p.Actions() {
		if typed, ok := values[a.Code]; ok {
			v, err := model.ParseMeasured(a, typed)
			if err != nil {
				t.Fatal(err)
			}
			measured[a.Code] = &model.Measurement{Value: v}
		}
	}
	sc := model.Score(p, model.Period{Year: p.Year}, measured, model.MethodStep)
	out, err := filledplan.Write(filledplan.Data{Original: data, Blocks: p.Blocks, Plan: p, Score: sc})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// fill returns a cell's fill colour, "" for none.
func fill(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return st.Fill.Color[0]
}

func raw(f *excelize.File, sheet, cell string) string {
	v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	return v
}

// merges returns a sheet's merged ranges, "X6:X7", with their values.
func merges(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	mc, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range mc {
		out[m.GetStartAxis()+":"+m.GetEndAxis()] = m.GetCellValue()
	}
	return out
}

// sameNumber reports whether a cell holds the number want.
func sameNumber(got string, want float64) bool {
	n, err := strconv.ParseFloat(got, 64)
	return err == nil && math.Abs(n-want) < 1e-9
}

var heads = []string{"Valore rilevato", "Raggiungimento", "Fascia", "Punteggio obiettivo operativo", "Punteggio obiettivo strategico"}

// heading is where the new headings of a block go: from column col of
// row, merged down to row end.
type heading struct {
	sheet         string
	col, row, end int
}

// checkHeads checks the five new headings where h says.
func checkHeads(t *testing.T, f *excelize.File, h heading) {
	t.Helper()
	sheet, col, row, end := h.sheet, h.col, h.row, h.end
	merged := merges(t, f, sheet)
	for i, head := range heads {
		top, bottom := model.CellName(col+i, row), model.CellName(col+i, end)
		if got, _ := f.GetCellValue(sheet, top); got != head {
			t.Errorf("%s!%s = %q, want %q", sheet, top, got, head)
		}
		if _, ok := merged[top+":"+bottom]; end > row && !ok {
			t.Errorf("%s: heading %q not merged over %s:%s", sheet, head, top, bottom)
		}
		if got := fill(t, f, sheet, top); got != "D9E1F2" {
			t.Errorf("%s!%s fill %q, want the heading's D9E1F2", sheet, top, got)
		}
	}
}

// TestWrite2020 fills the 2020 plan: the headings right of each block,
// every action's value, attainment and band on its own row, and each
// objective's score merged over its actions' rows, in its band's colour.
func TestWrite2020(t *testing.T) {
	data := readFile(t, "../../testdata/piano-performance-2020.xlsx")
	f := write(t, data, nil, measurements2020(t))
	// every block ends at column T: the new columns are U to Y
	for _, sheet := range []string{"Tessuto economico", "Processi interni", "Apprendimento", "Economico finanziaria"} {
		t.Run("headings on "+sheet, func(t *testing.T) { checkHeads(t, f, heading{sheet, 21, 4, 5}) })
	}
	t.Run("actions", func(t *testing.T) {
		tests := []struct {
			name, sheet string
			row         int
			measured    string
			attainment  string // as stored: a fraction of 1, "" for none
			band, color string
		}{
			{"1.1.1 reached", "Tessuto economico", 6, "5", "1", "verde", "63BE7B"},
			{"1.1.2 at 80%", "Tessuto economico", 7, "792", "0.8", "giallo", "FFEB84"},
			{"1.2.2 at 60%", "Tessuto economico", 9, "30", "0.6", "arancione", "F8A45F"},
			{"1.3.1 not reached", "Tessuto economico", 10, "1", "0", "rosso", "F8696B"},
			{"2.2.1 not measured", "Tessuto economico", 20, "non misurata", "", "grigio", "D9D9D9"},
			{"3.1.1 in days, read as its target «28» is written", "Processi interni", 6, "27", "1", "verde", "63BE7B"},
			{"5.2 measured directly, its code in another column", "Processi interni", 22, "18", "0.8", "giallo", "FFEB84"},
			{"7.1.1 on the shortest sheet", "Apprendimento", 6, "16 ore", "0.8", "giallo", "FFEB84"},
			{"9.1.3 on the last row of the last sheet", "Economico finanziaria", 11, "55 €", "0.6", "arancione", "F8A45F"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u, v, w := model.CellName(21, tt.row), model.CellName(22, tt.row), model.CellName(23, tt.row)
				if got := raw(f, tt.sheet, u); got != tt.measured {
					t.Errorf("%s = %q, want %q", u, got, tt.measured)
				}
				if got := raw(f, tt.sheet, v); got != tt.attainment {
					t.Errorf("%s = %q, want %q", v, got, tt.attainment)
				}
				if got := raw(f, tt.sheet, w); got != tt.band {
					t.Errorf("%s = %q, want %q", w, got, tt.band)
				}
				if got := fill(t, f, tt.sheet, v); got != tt.color {
					t.Errorf("%s fill %q, want %q", v, got, tt.color)
				}
				if got := fill(t, f, tt.sheet, w); got != tt.color {
					t.Errorf("%s fill %q, want %q", w, got, tt.color)
				}
			})
		}
	})
	t.Run("objectives", func(t *testing.T) {
		tests := []struct {
			name, sheet, cells string // the merged range, or one cell
			score              float64
			color              string
		}{
			{"operational 1.1 over its two actions", "Tessuto economico", "X6:X7", 0.9, "FFEB84"},
			{"operational 1.3, one action not reached", "Tessuto economico", "X10:X11", 0.51, "F8696B"},
			{"operational 2.2, one action not measured", "Tessuto economico", "X20:X21", 0.8, "FFEB84"},
			{"strategic 1 over its operational objectives", "Tessuto economico", "Y6:Y16", 0.3615, "F8696B"},
			{"strategic 2 missing its target of 80% by a little: yellow", "Tessuto economico", "Y17:Y25", 0.718, "FFEB84"},
			{"operational 3.3 over seven actions", "Processi interni", "X8:X14", 0.67, "F8A45F"},
			{"operational and strategic 4 over the same rows, meeting its target of 80%: green", "Processi interni", "Y18:Y20", 0.85, "63BE7B"},
			{"strategic 5 over objectives measured directly, meeting its target", "Processi interni", "Y21:Y23", 0.83, "63BE7B"},
			{"strategic 9, 70% of its target of 100%", "Economico finanziaria", "Y9:Y11", 0.7, "F8A45F"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if _, ok := merges(t, f, tt.sheet)[tt.cells]; !ok {
					t.Errorf("%s not merged", tt.cells)
				}
				top, _, _ := strings.Cut(tt.cells, ":")
				if got := raw(f, tt.sheet, top); !sameNumber(got, tt.score) {
					t.Errorf("%s = %q, want %v", top, got, tt.score)
				}
				if got := fill(t, f, tt.sheet, top); got != tt.color {
					t.Errorf("%s fill %q, want %q", top, got, tt.color)
				}
			})
		}
		// an objective with one action has its score on that row alone
		for _, cell := range []string{"X14", "X21"} {
			for m := range merges(t, f, "Tessuto economico") {
				if strings.HasPrefix(m, cell+":") {
					t.Errorf("%s merged as %s, over one row", cell, m)
				}
			}
		}
		if got := raw(f, "Tessuto economico", "X14"); !sameNumber(got, 1) {
			t.Errorf("1.5's score in X14 = %q, want 1", got)
		}
	})
	t.Run("the Chamber's cells are kept", func(t *testing.T) {
		orig, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		defer orig.Close()
		for _, sheet := range orig.GetSheetList() {
			before, _ := orig.GetRows(sheet, excelize.Options{RawCellValue: true})
			after, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			for r, row := range before {
				for c, v := range row {
					if r >= len(after) || c >= len(after[r]) || after[r][c] != v {
						t.Errorf("%s!%s changed", sheet, model.CellName(c+1, r+1))
					}
				}
			}
		}
	})
}

// TestWriteBesideTheChambersCells: a column right of a block that the
// Chamber wrote in is skipped, never overwritten.
func TestWriteBesideTheChambersCells(t *testing.T) {
	data := readFile(t, "../../testdata/piano-performance-2020.xlsx")
	orig, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := orig.SetCellStr("Apprendimento", "V7", "verificare"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := orig.Write(&buf); err != nil {
		t.Fatal(err)
	}
	orig.Close()
	f := write(t, buf.Bytes(), nil, measurements2020(t))
	checkHeads(t, f, heading{"Apprendimento", 23, 4, 5}) // W to AA: U and V are not free
	if got := raw(f, "Apprendimento", "V7"); got != "verificare" {
		t.Errorf("V7 = %q, want the Chamber's note", got)
	}
	if got := raw(f, "Apprendimento", "W6"); got != "16 ore" {
		t.Errorf("7.1.1's value in W6 = %q", got)
	}
	checkHeads(t, f, heading{"Processi interni", 21, 4, 5}) // other blocks as before
}

// TestWriteMapped: a plan read with a mapping gets its columns right of
// the blocks the mapping names, on another Chamber's two sheets (also
// with their columns reordered) and on a header only a mapping reads.
func TestWriteMapped(t *testing.T) {
	var chamber2 model.Mapping
	if err := json.Unmarshal(readFile(t, "../../testdata/chamber2/cciaa-2022.mapping.json"), &chamber2); err != nil {
		t.Fatal(err)
	}
	foreign, err := planwriter.Foreign(2023)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    []byte
		mapping *model.Mapping
		values  map[string]any
		heads   []heading
		cells   map[string]string // "Sheet!N6" → its raw value
	}{
		{"another Chamber", readFile(t, "../../testdata/chamber2/cciaa-2022.xlsx"), &chamber2,
			map[string]any{"1.1.1": "360", "OO7.3": "10/07/2022"},
			[]heading{{"Obiettivi strategici", 9, 5, 6}, {"Obiettivi operativi 2022", 14, 5, 5}},
			map[string]string{"Obiettivi operativi 2022!N6": "360", "Obiettivi operativi 2022!O6": "1", "Obiettivi operativi 2022!P6": "verde",
				"Obiettivi operativi 2022!N7": "non misurata", "Obiettivi operativi 2022!N36": "10/07/2022", "Obiettivi operativi 2022!O36": "0",
				"Obiettivi strategici!I7": ""}},
		{"another Chamber, its columns reordered", readFile(t, "../../testdata/chamber2/cciaa-2022-reordered.xlsx"), &chamber2,
			map[string]any{"1.1.1": "360"},
			[]heading{{"Obiettivi strategici", 9, 5, 6}, {"Obiettivi operativi anno 2022", 14, 5, 5}},
			map[string]string{"Obiettivi operativi anno 2022!N6": "360", "Obiettivi operativi anno 2022!O6": "1"}},
		{"a header only a mapping reads", foreign, planwriter.ForeignMapping(),
			map[string]any{"1.1.1": "320", "1.1.2": "10", "2.1.1": "25 gg"},
			[]heading{{"Piano 2023", 12, 3, 3}},
			map[string]string{"Piano 2023!L4": "320", "Piano 2023!M4": "1", "Piano 2023!L5": "10", "Piano 2023!M5": "0", "Piano 2023!N5": "rosso",
				"Piano 2023!O4": "0.6", "Piano 2023!P4": "0.6", "Piano 2023!L6": "25 gg", "Piano 2023!P6": "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := write(t, tt.data, tt.mapping, tt.values)
			for _, h := range tt.heads {
				checkHeads(t, f, h)
			}
			for where, want := range tt.cells {
				at, err := model.ParseCellRef(where)
				if err != nil {
					t.Fatal(err)
				}
				if got := raw(f, at.Sheet, at.Name()); got != want {
					t.Errorf("%s = %q, want %q", where, got, want)
				}
			}
		})
	}
}
