package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/clienttest"
	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
	"cruscotto/model"
)

// nextYear returns the 2020 plan turned into a 2021 plan as a person
// would edit it: new years, and targets in the value forms next year's
// files use.
func nextYear(t *testing.T) *model.Plan {
	t.Helper()
	p := mustParse(t, plan2020)
	p.Year = 2021
	for _, ps := range p.Perspectives {
		for _, s := range ps.Strategic {
			targets := map[int]float64{}
			for y, v := range s.Targets {
				targets[y+1] = v
			}
			s.Targets = targets
		}
	}
	for code, forms := range nextYearValues {
		a := findAction(p, code)
		if a == nil {
			t.Fatalf("no action %s", code)
		}
		a.Target, a.Threshold80, a.Threshold60 = valueOf(forms[0]), valueOf(forms[1]), valueOf(forms[2])
		a.Threshold80Text, a.Threshold60Text = "", ""
		a.Qualitative = false
	}
	return p
}

// nextYearValues are the targets and thresholds changed to the new value
// forms: signs, yes/no, dates (typed, «entro il», as date cells).
var nextYearValues = map[string][3]string{
	"1.1.1": {"≥ 90%", "80%", "70%"},
	"1.1.2": {"> 3", "2", ""},
	"1.2.1": {"<= 30 gg", "35 gg", "40 gg"},
	"1.2.2": {"SI", "", ""},
	"1.3.1": {"30/06/2021", "31/07/2021", "31/08/2021"},
	"2.1.1": {"entro il 31/03/2021", "", ""},
	"3.1.1": {"30/09/2021", "", ""}, // written as a date cell with Numbers
	"3.3.2": {"=< 4", "5", "6"},
	"4.1.1": {"< 5", "", ""},
}

func valueOf(s string) *model.Value {
	if s == "" {
		return nil
	}
	v := model.ParseText(s)
	return &v
}

func findAction(p *model.Plan, code string) *model.Action {
	for _, a := range p.Actions() {
		if a.Code == code {
			return a
		}
	}
	return nil
}

func write(t *testing.T, p *model.Plan, l planwriter.Layout) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := planwriter.Write(&buf, p, l); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestNextYearValues: each new value form is read with its sign, kind and
// number, and the sign fixes the direction.
func TestNextYearValues(t *testing.T) {
	p, err := importer.ParsePlan(context.Background(), write(t, nextYear(t), planwriter.Layout{Merge: true, Numbers: true}), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code string
		op   model.Op
		kind model.Kind
		num  float64
		dir  model.Direction
	}{
		{"1.1.1", model.OpGE, model.KindPercent, 90, model.HigherIsBetter},
		{"1.1.2", model.OpGT, model.KindNumber, 3, model.HigherIsBetter},
		{"1.2.1", model.OpLE, model.KindDays, 30, model.LowerIsBetter},
		{"1.2.2", "", model.KindYesNo, 1, model.HigherIsBetter},
		{"1.3.1", "", model.KindDate, 44377, model.LowerIsBetter},
		{"2.1.1", "", model.KindDate, 44286, model.LowerIsBetter},
		{"3.1.1", "", model.KindDate, 44469, model.LowerIsBetter},
		{"3.3.2", model.OpLE, model.KindNumber, 4, model.LowerIsBetter},
		{"4.1.1", model.OpLT, model.KindNumber, 5, model.LowerIsBetter},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			a := findAction(p, tt.code)
			if a.Target.Op != tt.op || a.Target.Kind != tt.kind || a.Target.Float() != tt.num || a.Direction != tt.dir || a.Qualitative {
				t.Errorf("target %+v (%v), direction %s, qualitative %v", *a.Target, a.Target.Float(), a.Direction, a.Qualitative)
			}
		})
	}
	if d := findAction(p, "1.3.1").Threshold60; d == nil || d.Kind != model.KindDate {
		t.Errorf("a date threshold is not a date: %+v", d)
	}
}

// TestNextYearLayouts writes next year's plan the ways next year's files
// drift — one feature at a time, then all at once — and checks that each
// reads back as the plan written in the 2020 layout, with its notes.
func TestNextYearLayouts(t *testing.T) {
	plan := nextYear(t)
	base, err := importer.ParsePlan(context.Background(), write(t, plan, planwriter.Layout{Merge: true, Numbers: true}), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := shape(t, base)
	responsibleFirst := []planwriter.Column{planwriter.Perspective, planwriter.StrategicCode, planwriter.StrategicDescription, planwriter.StrategicKPI, planwriter.StrategicTargets,
		planwriter.OperationalCode, planwriter.OperationalTitle, planwriter.OperationalWeight, planwriter.OperationalKPI,
		planwriter.ActionCode, planwriter.ActionTitle, planwriter.ActionWeight, planwriter.ActionKPI, planwriter.ActionTarget,
		planwriter.Responsible, planwriter.Threshold80, planwriter.Threshold60, planwriter.PIRA}
	notes := planwriter.NoteLines(2021)
	all := planwriter.Layout{Merge: true, Numbers: true, Notes: true, TitleLines: 5, Sections: true, Totals: true,
		HiddenYear: true, Synonyms: true, Order: responsibleFirst, TrailingDots: true}
	tests := []struct {
		name   string
		layout planwriter.Layout
		notes  []string
		resave bool
	}{
		{"notes, legend and signatures", planwriter.Layout{Merge: true, Numbers: true, Notes: true, OneSheet: true}, append(slices.Clone(planwriter.LegendLines), notes...), false},
		{"notes on the last sheet", planwriter.Layout{Merge: true, Numbers: true, Notes: true}, notes, false},
		{"a tall title area", planwriter.Layout{Merge: true, Numbers: true, TitleLines: 4}, nil, false},
		{"section rows", planwriter.Layout{Merge: true, Numbers: true, Sections: true}, nil, false},
		{"totals rows", planwriter.Layout{Merge: true, Numbers: true, Totals: true}, nil, false},
		{"totals rows, values once", planwriter.Layout{Numbers: true, Totals: true}, nil, false},
		{"a hidden column of last year's targets", planwriter.Layout{Merge: true, Numbers: true, HiddenYear: true}, nil, false},
		{"header synonyms", planwriter.Layout{Merge: true, Numbers: true, Synonyms: true}, nil, false},
		{"responsible before the thresholds", planwriter.Layout{Merge: true, Numbers: true, Synonyms: true, Order: responsibleFirst}, nil, false},
		{"everything at once", all, notes, false},
		{"everything at once, re-saved by LibreOffice", all, notes, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := write(t, plan, tt.layout)
			if tt.resave {
				// LibreOffice re-saves it: its own XML, shared strings, merges
				src := filepath.Join(t.TempDir(), "piano-2021.xlsx")
				if err := os.WriteFile(src, data, 0o644); err != nil {
					t.Fatal(err)
				}
				var err error
				if data, err = os.ReadFile(clienttest.Convert(t, src, "xlsx")); err != nil {
					t.Fatal(err)
				}
			}
			p, err := importer.ParsePlan(context.Background(), data, importer.Options{})
			if err != nil {
				t.Fatalf("ParsePlan: %v", err)
			}
			if got := shape(t, p); got != want {
				t.Errorf("model differs from next year's plan in the 2020 layout:\n%s", firstDiff(got, want))
			}
			if len(p.Warnings) != len(base.Warnings) {
				t.Errorf("%d warnings, want %d: %v", len(p.Warnings), len(base.Warnings), p.Warnings)
			}
			var got []string
			for _, n := range p.Notes {
				got = append(got, n.Text)
			}
			if strings.Join(got, "\n") != strings.Join(tt.notes, "\n") {
				t.Errorf("notes %q, want %q", got, tt.notes)
			}
		})
	}
}

// edit opens a workbook, changes it, and returns the new bytes.
func edit(t *testing.T, data []byte, change func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	change(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// findRow returns the row of the first cell in column col whose text is text.
func findRow(t *testing.T, f *excelize.File, sheet, col, text string) int {
	t.Helper()
	rows, _ := f.GetRows(sheet)
	idx, _ := excelize.ColumnNameToNumber(col)
	for i, r := range rows {
		if len(r) >= idx && strings.TrimSpace(r[idx-1]) == text {
			return i + 1
		}
	}
	t.Fatalf("%q not found in %s!%s", text, sheet, col)
	return 0
}

func TestTotalsAndMissingCodes(t *testing.T) {
	plan := nextYear(t)
	data := write(t, plan, planwriter.Layout{Merge: true, Numbers: true, Totals: true})
	sheet := "Tessuto economico locale"
	t.Run("a total that differs warns", func(t *testing.T) {
		bad := edit(t, data, func(f *excelize.File) {
			r := findRow(t, f, sheet, "M", "Totale")
			f.SetCellValue(sheet, fmt.Sprintf("N%d", r), 0.9) // 90% typed over the SUM
		})
		p, err := importer.ParsePlan(context.Background(), bad, importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, w := range p.Warnings {
			found = found || strings.Contains(w.Message, "il totale 90% non è la somma dei pesi delle azioni di 1.1")
		}
		if !found || len(p.Actions()) != len(plan.Actions()) {
			t.Errorf("warnings %v", p.Warnings)
		}
	})
	t.Run("an action without its code is an error", func(t *testing.T) {
		bad := edit(t, data, func(f *excelize.File) {
			r := findRow(t, f, sheet, "M", "Totale")
			f.SetCellValue(sheet, fmt.Sprintf("M%d", r), "Nuova azione senza codice")
			f.SetCellValue(sheet, fmt.Sprintf("P%d", r), "5")
		})
		_, err := importer.ParsePlan(context.Background(), bad, importer.Options{})
		probs := model.ErrorProblems(err)
		if len(probs) != 1 || probs[0].Sheet != sheet || !strings.HasPrefix(probs[0].Cell, "L") || !strings.Contains(probs[0].Message, "manca il codice dell'azione") {
			t.Errorf("err = %v", err)
		}
	})
}
