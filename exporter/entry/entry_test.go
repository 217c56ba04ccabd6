package entry_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/clienttest"
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
	plan, err := importer.ParsePlan(context.Background(), data, importer.Options{})
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
			filled, err := readFilled(buf.Bytes())
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

// lastYearBook is Mediazione's 2020 workbook with last year's figures,
// filled in by excelize: the value and the note of 1.4.1 and, carelessly,
// its cell of last year's value too.
func lastYearBook(t *testing.T, plan *model.Plan, lastYear map[string]model.PreviousYear) (written, filled []byte) {
	t.Helper()
	id := model.EntryIdentity{PlanID: 1, PlanVersion: 1, Year: 2020, Unit: "Mediazione", Period: model.Period{Year: 2020}}
	var buf bytes.Buffer
	if err := entry.Write(&buf, entry.Data{Plan: plan, Identity: id, LastYear: lastYear}, []byte("k")); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, v := range map[string]string{"H7": "150", "J7": "in linea", "M7": "999"} {
		if err := f.SetCellStr(entry.SheetEntry, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), out.Bytes()
}

// collectsOnly141 checks that a filled lastYearBook is collected as 1.4.1
// = 150 with its note, the other four actions blank.
func collectsOnly141(t *testing.T, plan *model.Plan, book []byte) {
	t.Helper()
	got, err := readFilled(book)
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
}

var figures2019 = map[string]model.PreviousYear{
	"1.4.1": {Year: 2019, Value: model.ParseText("135"), Attainment: 80},
	"3.3.2": {Year: 2019, Value: model.ParseText("9 gg"), Attainment: 100},
}

// columnM is column M of the entry sheet from the heading down, its
// empty cells left out.
func columnM(t *testing.T, book []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
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
	return column
}

// TestLastYearColumn: last year's figures of the unit's actions come in a
// last column headed «Valore {year}», left out when the unit has none,
// and the collector still reads «Valore rilevato» and the notes from
// their own columns.
func TestLastYearColumn(t *testing.T) {
	plan := plan2020(t)
	tests := []struct {
		name     string
		lastYear map[string]model.PreviousYear
		column   []string // M6, M7, M8 …; nil for no column
	}{
		{"NoPreviousYear", nil, nil},
		{"OnlyOtherUnits", map[string]model.PreviousYear{"1.1.1": {Year: 2019, Value: model.ParseText("5"), Attainment: 100}}, nil},
		{"OK", figures2019, []string{"Valore 2019", "135", "—", "9 gg", "—", "—"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			written, filled := lastYearBook(t, plan, tt.lastYear)
			if column := columnM(t, written); strings.Join(column, "|") != strings.Join(tt.column, "|") {
				t.Errorf("column M %q, want %q", column, tt.column)
			}
			f, err := excelize.OpenReader(bytes.NewReader(written))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			instructions, _ := f.GetRows(entry.SheetInstructions)
			said := strings.Contains(fmt.Sprint(instructions), "«Valore 2019» riporta, per confronto, il valore di consuntivo 2019")
			if said != (tt.column != nil) {
				t.Errorf("the instructions speak of the column: %v, want %v", said, tt.column != nil)
			}
			collectsOnly141(t, plan, filled)
		})
	}
}

// TestLastYearColumnInLibreOffice: re-saved by LibreOffice, the workbook
// keeps last year's column and is collected the same.
func TestLastYearColumnInLibreOffice(t *testing.T) {
	clienttest.SkipShort(t)
	plan := plan2020(t)
	_, filled := lastYearBook(t, plan, figures2019)
	path := filepath.Join(t.TempDir(), "mediazione.xlsx")
	if err := os.WriteFile(path, filled, 0o600); err != nil {
		t.Fatal(err)
	}
	resaved, err := os.ReadFile(clienttest.Convert(t, path, "xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if column := columnM(t, resaved); strings.Join(column, "|") != "Valore 2019|999|—|9 gg|—|—" {
		t.Errorf("column M after LibreOffice %q", column)
	}
	collectsOnly141(t, plan, resaved)
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

// filled is a returned workbook as the collector reads it whole.
type filled struct {
	Fields    map[string]string
	Signature string
	Rows      []importer.FilledRow
}

// readFilled reads a returned workbook as the collector does, every row.
func readFilled(data []byte) (*filled, error) {
	fw, err := importer.OpenFilled(context.Background(), data)
	if err != nil {
		return nil, err
	}
	rows, err := fw.Rows(0)
	if err != nil {
		return nil, err
	}
	return &filled{Fields: fw.Fields, Signature: fw.Signature, Rows: rows}, nil
}
