package scorecard_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/planwriter"
	"cruscotto/exporter/scorecard"
	"cruscotto/importer"
	"cruscotto/model"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func plan2020(t testing.TB) *model.Plan {
	t.Helper()
	data, err := os.ReadFile("../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	p, err := importer.ParsePlan(context.Background(), data, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.ID, p.Version, p.SHA256, p.FileName = 1, 1, strings.Repeat("0", 64), "piano.xlsx"
	return p
}

func measurements(t testing.TB, p *model.Plan) map[string]*model.Measurement {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/measurements-2020.json")
	if err != nil {
		t.Fatal(err)
	}
	var values map[string]any
	if err := json.Unmarshal(raw, &values); err != nil {
		t.Fatal(err)
	}
	out := map[string]*model.Measurement{}
	for _, a := range p.Actions() {
		if typed, ok := values[a.Code]; ok && a.Code != "2.2.1" { // one left unmeasured
			v, err := model.ParseMeasured(a, typed)
			if err != nil {
				t.Fatal(err)
			}
			out[a.Code] = &model.Measurement{Value: v, Note: "nota " + a.Code}
		}
	}
	return out
}

func write(t testing.TB, p *model.Plan, m map[string]*model.Measurement) *excelize.File {
	t.Helper()
	return writeMethod(t, p, m, model.MethodStep)
}

func writeMethod(t testing.TB, p *model.Plan, m map[string]*model.Measurement, method model.Method) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	sc := model.Score(p, model.Period{Year: 2020}, m, method)
	if err := scorecard.Write(&buf, scorecard.Data{Plan: p, Score: sc, GeneratedAt: time.Date(2021, 1, 15, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestLayoutGolden pins the layout: sheet names, header rows, and which
// cells of each row are formulas.
func TestLayoutGolden(t *testing.T) {
	p := plan2020(t)
	f := write(t, p, measurements(t, p))
	type sheetLayout struct {
		Name     string
		Header   []string
		Formulas []string // "row: columns with a formula"
	}
	var got []sheetLayout
	headerRows := map[string]int{"Sintesi": 5, "Dettaglio": 4, "Per unità": 4, "Avvisi": 4}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		l := sheetLayout{Name: name}
		if h := headerRows[name]; h <= len(rows) {
			l.Header = rows[h-1]
		}
		for r := range rows {
			var cols []string
			for c := 1; c <= 20; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r+1)
				if formula, _ := f.GetCellFormula(name, cell); formula != "" {
					col, _ := excelize.ColumnNumberToName(c)
					cols = append(cols, col)
				}
			}
			if len(cols) > 0 {
				l.Formulas = append(l.Formulas, fmt.Sprintf("%d: %s", r+1, strings.Join(cols, ",")))
			}
		}
		got = append(got, l)
	}
	b, _ := json.MarshalIndent(got, "", " ")
	const golden = "../../testdata/golden/scorecard-2020-layout.json"
	if *update {
		if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(b), bytes.TrimSpace(want)) {
		t.Errorf("layout differs from %s; run with -update and review the diff", golden)
	}
}

// TestTextStaysText: text from the plan or from units never becomes a
// formula, whatever it starts with.
func TestTextStaysText(t *testing.T) {
	p := plan2020(t)
	hostile := []string{`=HYPERLINK("http://x","y")`, "+1", "@SUM(1)", "-2+3"}
	for i, a := range p.Actions()[:len(hostile)] {
		a.Title = hostile[i]
	}
	m := measurements(t, p)
	m["1.1.1"].Note = "=1+1"
	f := write(t, p, m)
	rows, _ := f.GetRows("Dettaglio")
	found := map[string]bool{}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			for _, h := range append(hostile, "=1+1") {
				if v == h {
					if formula, _ := f.GetCellFormula("Dettaglio", cell); formula != "" {
						t.Errorf("%s became a formula: %q", cell, formula)
					}
					found[h] = true
				}
			}
		}
	}
	if len(found) != len(hostile)+1 {
		t.Errorf("texts written literally: %v", found)
	}
}

// BenchmarkScoredWorkbook10k writes the scored workbook of a 10,000-action
// plan, every action measured.
func BenchmarkScoredWorkbook10k(b *testing.B) {
	p := planwriter.Synthetic(2020, 10000)
	m := map[string]*model.Measurement{}
	for i, a := range p.Actions() {
		v := *a.Target
		if i%3 == 0 {
			v = *a.Threshold80
		}
		m[a.Code] = &model.Measurement{Value: v}
	}
	sc := model.Score(p, model.Period{Year: 2020}, m, model.MethodStep)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := scorecard.Write(&buf, scorecard.Data{Plan: p, Score: sc, GeneratedAt: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLegendByMethod: Sintesi's legend says what the bands mean under the
// method the workbook was scored with.
func TestLegendByMethod(t *testing.T) {
	p := plan2020(t)
	m := measurements(t, p)
	for _, tc := range []struct {
		method      model.Method
		want, never string
	}{
		{model.MethodStep, "raggiunto all'80% — da 80% a meno di 100%", "tra la soglia"},
		{model.MethodLinear, "tra la soglia dell'80% e il target — da 80% a meno di 100%", "raggiunto all'80%"},
	} {
		t.Run(string(tc.method), func(t *testing.T) {
			rows, err := writeMethod(t, p, m, tc.method).GetRows(scorecard.SheetSummary)
			if err != nil {
				t.Fatal(err)
			}
			var legend []string
			for i, r := range rows {
				if len(r) > 0 && r[0] == "Legenda delle fasce" {
					for _, l := range rows[i+1 : i+6] {
						legend = append(legend, l[len(l)-1])
					}
				}
			}
			text := strings.Join(legend, "\n")
			if len(legend) != 5 || !strings.Contains(text, tc.want) || strings.Contains(text, tc.never) {
				t.Errorf("legend:\n%s\nwant %q, never %q", text, tc.want, tc.never)
			}
		})
	}
}

// TestLastYearInDetail: Dettaglio shows each action's figure at the
// previous year's end, value and attainment, in the band's colours, and
// prints them; a plan without them keeps the columns empty and unprinted.
func TestLastYearInDetail(t *testing.T) {
	p := plan2020(t)
	m := measurements(t, p)
	sc := model.Score(p, model.Period{Year: 2020}, m, model.MethodStep)
	tests := []struct {
		name  string
		last  map[string]model.PreviousYear
		cells map[string]string // the action's Q and R, by code
		area  string
	}{
		{"OK", map[string]model.PreviousYear{
			"1.4.1": {Year: 2019, Value: model.ParseText("135"), Attainment: 80},
			"3.1.1": {Year: 2019, Value: model.ParseText("27 gg"), Attainment: 100},
		}, map[string]string{"1.4.1": "135|0.8", "3.1.1": "27 gg|1", "1.4.2": "|"}, "'Dettaglio'!$A$1:$S$89"},
		{"NoPreviousYear", nil, map[string]string{"1.4.1": "|", "3.1.1": "|"}, "'Dettaglio'!$A$1:$O$89"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := scorecard.Write(&buf, scorecard.Data{Plan: p, Score: sc.WithPreviousYear(tt.last), GeneratedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for col, want := range map[string]string{"O": "Verifica del Controller", "R": "Valore consuntivo 2019", "S": "Raggiungimento consuntivo 2019", "T": "Target (calcolo)"} {
				if got, _ := f.GetCellValue(scorecard.SheetDetail, fmt.Sprintf("%s%d", col, scorecard.DetailHeaderRow)); got != want {
					t.Errorf("heading %s = %q, want %q", col, got, want)
				}
			}
			rows, _ := f.GetRows(scorecard.SheetDetail, excelize.Options{RawCellValue: true})
			for code, want := range tt.cells {
				found := false
				for _, r := range rows {
					if len(r) > 1 && r[0] == "Azione" && r[1] == code {
						found = true
						got := strings.Join([]string{cellAt(r, 18), cellAt(r, 19)}, "|")
						if got != want {
							t.Errorf("%s: last year %q, want %q", code, got, want)
						}
					}
				}
				if !found {
					t.Errorf("%s not in Dettaglio", code)
				}
			}
			area := ""
			for _, n := range f.GetDefinedName() {
				if n.Scope == scorecard.SheetDetail && n.Name == "_xlnm.Print_Area" {
					area = n.RefersTo
				}
			}
			if area != tt.area {
				t.Errorf("print area %q, want %q", area, tt.area)
			}
			formats, _ := f.GetConditionalFormats(scorecard.SheetDetail)
			banded := false
			for rng := range formats {
				banded = banded || strings.HasPrefix(rng, "S5:")
			}
			if banded != (tt.last != nil) {
				t.Errorf("last year's attainment coloured by band: %v, want %v (%v)", banded, tt.last != nil, formats)
			}
		})
	}
}

// cellAt is the n-th (1-based) cell of a row read back, "" past its end.
func cellAt(r []string, n int) string {
	if n > len(r) {
		return ""
	}
	return r[n-1]
}
