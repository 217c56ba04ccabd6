package entry_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/entry"
	"cruscotto/importer"
	"cruscotto/model"
)

// plan2020 is the Chamber's 2020 plan as imported.
func plan2020(t *testing.T) *model.Plan {
	t.Helper()
	data, err := os.ReadFile("../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := importer.ParsePlan(data, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func TestWrite(t *testing.T) {
	plan := plan2020(t)
	plan.ID, plan.Version, plan.SHA256 = 1, 1, "abc"
	key := []byte("chiave di prova")
	id := model.EntryIdentity{PlanID: 1, PlanVersion: 1, PlanSHA: "abc", Year: 2020, Unit: "Mediazione", Period: model.Period{Year: 2020},
		GeneratedAt: time.Date(2020, 12, 1, 9, 0, 0, 0, time.UTC)}
	tests := []struct {
		name   string
		unit   string
		codes  []string
		titled string
	}{
		{"OK", "Mediazione", []string{"1.4.1", "1.4.2", "3.3.2", "3.3.7", "6.1.3"}, "Struttura: Mediazione"},
		{"NoUnit", model.NoUnit, []string{"8.1.1", "8.1.2", "8.1.3", "9.1.1", "9.1.3"}, "senza responsabile"},
		{"Formula-like text stays text", "Controller", []string{"4.1.1", "5.1.1"}, "Struttura: Controller"},
	}
	for _, a := range plan.Actions() {
		if a.Code == "4.1.1" {
			a.Title = "=HYPERLINK(\"http://x\")" // text from the plan must never become a formula
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id.Unit = tt.unit
			var buf bytes.Buffer
			if err := entry.Write(&buf, entry.Data{Plan: plan, Identity: id}, key); err != nil {
				t.Fatal(err)
			}
			// the collector's reader sees the identity and the rows
			filled, err := importer.ReadFilled(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			got, ok := model.ParseEntryIdentity(filled.Fields)
			if !ok || got != id || !model.VerifyEntry(key, got, filled.Signature) || model.VerifyEntry([]byte("altra"), got, filled.Signature) {
				t.Errorf("identity %+v ok %v, signature %q", got, ok, filled.Signature)
			}
			var codes []string
			for _, r := range filled.Rows {
				codes = append(codes, r.Code)
				if !r.Blank() {
					t.Errorf("%s is not blank", r.Code)
				}
			}
			if strings.Join(codes, ",") != strings.Join(tt.codes, ",") {
				t.Errorf("rows %v, want %v", codes, tt.codes)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if tt.unit == "Controller" {
				formula, _ := f.GetCellFormula(entry.SheetEntry, "C7")
				value, _ := f.GetCellValue(entry.SheetEntry, "C7")
				if formula != "" || value != "=HYPERLINK(\"http://x\")" {
					t.Errorf("C7 formula %q value %q", formula, value)
				}
			}
			if v, _ := f.GetCellValue(entry.SheetEntry, "A2"); !strings.Contains(v, tt.titled) {
				t.Errorf("A2 = %q", v)
			}
			dvs, _ := f.GetDataValidations(entry.SheetEntry)
			cells := 0
			for _, dv := range dvs {
				cells += len(strings.Fields(dv.Sqref))
			}
			if cells != len(tt.codes) {
				t.Errorf("%d validated cells, want %d", cells, len(tt.codes))
			}
		})
	}
}

// TestNoteRules: every scorable action's note cell carries the rule that
// colours it while a deviation note is missing, and «Cosa scrivere» says
// when the note is needed.
func TestNoteRules(t *testing.T) {
	plan := plan2020(t)
	id := model.EntryIdentity{PlanID: 1, PlanVersion: 1, Year: 2020, Unit: "Mediazione", Period: model.Period{Year: 2020}}
	var buf bytes.Buffer
	if err := entry.Write(&buf, entry.Data{Plan: plan, Identity: id}, []byte("k")); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := f.GetConditionalFormats(entry.SheetEntry)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range plan.UnitActions("Mediazione") {
		row := entry.FirstRow + i
		note := fmt.Sprintf("J%d", row)
		rule := model.NoteRule(a)
		if rule == "" {
			continue
		}
		if len(rules[note]) != 1 || !strings.Contains(rules[note][0].Criteria, fmt.Sprintf("H%d", row)) {
			t.Errorf("%s: note cell %s rules %+v", a.Code, note, rules[note])
		}
		if what, _ := f.GetCellValue(entry.SheetEntry, fmt.Sprintf("K%d", row)); !strings.Contains(what, rule) {
			t.Errorf("%s: «Cosa scrivere» says %q, not %q", a.Code, what, rule)
		}
	}
}

// TestLastYearColumn: last year's figures of the unit's actions come in a
// last column headed «Valore {year}», left out when the unit has none,
// and the collector still reads «Valore rilevato» and the notes from
// their own columns.
func TestLastYearColumn(t *testing.T) {
	plan := plan2020(t)
	key := []byte("k")
	id := model.EntryIdentity{PlanID: 1, PlanVersion: 1, Year: 2020, Unit: "Mediazione", Period: model.Period{Year: 2020}}
	figure := func(raw string, att float64) model.PreviousYear {
		return model.PreviousYear{Year: 2019, Value: model.ParseText(raw), Attainment: att}
	}
	tests := []struct {
		name     string
		lastYear map[string]model.PreviousYear
		column   []string // M6, M7, M8 …; nil for no column
	}{
		{"NoPreviousYear", nil, nil},
		{"OnlyOtherUnits", map[string]model.PreviousYear{"1.1.1": figure("5", 100)}, nil},
		{"OK", map[string]model.PreviousYear{"1.4.1": figure("135", 80), "3.3.2": figure("9 gg", 100)},
			[]string{"Valore 2019", "135", "—", "9 gg", "—", "—"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := entry.Write(&buf, entry.Data{Plan: plan, Identity: id, LastYear: tt.lastYear}, key); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var column []string
			for row := entry.HeaderRow; row < entry.FirstRow+5; row++ {
				if v, _ := f.GetCellValue(entry.SheetEntry, fmt.Sprintf("M%d", row)); v != "" {
					column = append(column, v)
				}
			}
			if strings.Join(column, "|") != strings.Join(tt.column, "|") {
				t.Errorf("column M %q, want %q", column, tt.column)
			}
			instructions, _ := f.GetRows(entry.SheetInstructions)
			said := strings.Contains(fmt.Sprint(instructions), "«Valore 2019» riporta, per confronto, il valore di consuntivo 2019")
			if said != (tt.column != nil) {
				t.Errorf("the instructions speak of the column: %v, want %v", said, tt.column != nil)
			}
			// the unit fills the value and the note and, carelessly, last
			// year's cell too: only the value and the note are collected
			for cell, v := range map[string]string{"H7": "150", "J7": "in linea", "M7": "999"} {
				if err := f.SetCellStr(entry.SheetEntry, cell, v); err != nil {
					t.Fatal(err)
				}
			}
			var filled bytes.Buffer
			if err := f.Write(&filled); err != nil {
				t.Fatal(err)
			}
			got, err := importer.ReadFilled(filled.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Rows) != 5 {
				t.Fatalf("%d rows read back, want 5", len(got.Rows))
			}
			r := got.Rows[0]
			if r.Code != "1.4.1" || r.Value.NumberText() != "150" || r.ValueCell.Name() != "H7" || r.Note != "in linea" || r.NoteCell.Name() != "J7" {
				t.Errorf("row read back %+v", r)
			}
			values, blank, err := model.CheckEntry(plan, "Mediazione", entryRows(got.Rows))
			if err != nil || len(values) != 1 || blank != 4 || values[0].Value.Raw != "150" {
				t.Errorf("collected %+v, %d blank, %v", values, blank, err)
			}
		})
	}
}

// entryRows turns the rows read back into what the model checks, as the
// app does.
func entryRows(rows []importer.FilledRow) []model.EntryRow {
	out := make([]model.EntryRow, len(rows))
	for i, r := range rows {
		out[i] = model.EntryRow{Code: r.Code, CodeCell: r.CodeCell, Value: r.Value.Value(), ValueCell: r.ValueCell, Blank: r.Blank(),
			Note: r.Note, NoteCell: r.NoteCell}
	}
	return out
}
