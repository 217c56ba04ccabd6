package tracker_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/tracker"
	"cruscotto/model"
)

// TestWrite re-reads the workbook's cells: the headings, each unit's row
// with its status filled in its colour, the last upload's time as the
// Chamber's clocks show it, and the filter over the table.
func TestWrite(t *testing.T) {
	at := time.Date(2020, 7, 10, 13, 5, 0, 0, time.UTC) // 15:05 in Rome (summer time)
	table := tracker.Table{Title: "Piano della Performance 2020, versione 1", Period: "giugno 2020",
		Closing: "Chiusura il 15/07/2020: ancora 5 giorni.", GeneratedAt: time.Date(2020, 7, 10, 8, 0, 0, 0, time.UTC),
		Rows: []tracker.Row{
			{Unit: "Mediazione", Status: model.StatusPartial, Actions: 5, Measured: 2, LastAt: &at, LastBy: "anna", LastOutcome: model.OutcomeRejected, Refused: 2},
			{Unit: "SG", Status: model.StatusMissing, Actions: 3},
		}}
	var buf bytes.Buffer
	if err := tracker.Write(&buf, table); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(tracker.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Piano della Performance 2020, versione 1"},
		{"Periodo: giugno 2020. Chiusura il 15/07/2020: ancora 5 giorni."},
		{"Generato il 10/07/2020 alle 10:00"},
		nil,
		tracker.Headings,
		{"Mediazione", "parziale", "5", "2", "40%", "10/07/2020 15:05", "anna", "rifiutata", "2"},
		{"SG", "nessun valore", "3", "0", "0%", "nessun invio", "", "", "0"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i := range want {
		if len(want[i]) == 0 && len(rows[i]) == 0 {
			continue
		}
		if got, w := rows[i], want[i]; !slices.Equal(got, w) {
			t.Errorf("row %d = %q, want %q", i+1, got, w)
		}
	}
	for cell, fill := range map[string]string{"B6": "FFEB9C", "B7": "FFC7CE"} {
		id, _ := f.GetCellStyle(tracker.Sheet, cell)
		st, err := f.GetStyle(id)
		if err != nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != fill {
			t.Errorf("%s fill %+v, want %s (%v)", cell, st.Fill, fill, err)
		}
	}
	if v, _ := f.GetCellValue(tracker.Sheet, "F6", excelize.Options{RawCellValue: true}); v == "" || v[0] < '4' {
		t.Errorf("F6 is not a date serial: %q", v)
	}
	panes, err := f.GetPanes(tracker.Sheet)
	if err != nil || !panes.Freeze || panes.YSplit != tracker.HeaderRow {
		t.Errorf("panes %+v, %v", panes, err)
	}
}
