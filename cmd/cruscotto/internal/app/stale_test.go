package app_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/exporter/entry"
	"cruscotto/model"
)

// TestStaleWorkbookKeepsNewerValues: ASL downloads its workbook while
// 1.1.1 (shared with Progetti) holds 4; Progetti then sets it to 2; ASL
// sends its workbook back changing only 6.1.2. The 2 stays, and ASL is
// told; a value ASL did change is stored.
func TestStaleWorkbookKeepsNewerValues(t *testing.T) {
	clock := time.Date(2021, 1, 10, 9, 0, 0, 0, time.UTC)
	a, db := openApp(t, app.Options{Now: func() time.Time { return clock }})
	ctx := context.Background()
	if _, _, err := a.ImportPlan(ctx, admin, "piano.xlsx", plan2020(t), app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	put := func(unit string, values map[string]any) {
		t.Helper()
		clock = clock.Add(time.Minute)
		if _, err := a.Measure(ctx, unitOf(unit), 1, "", values, model.SourceAPI); err != nil {
			t.Fatal(err)
		}
	}
	put("ASL", map[string]any{"1.1.1": "4", "1.1.2": "800"})
	clock = clock.Add(time.Minute)
	books, err := a.EntryWorkbooks(ctx, admin, 1, "", []string{"ASL"})
	if err != nil {
		t.Fatal(err)
	}
	put("Progetti incentivazione e sostegno", map[string]any{"1.1.1": "2", "1.1.2": "850"})
	// ASL changes 6.1.2 and 1.1.2, and leaves 1.1.1 as downloaded
	f, err := excelize.OpenReader(bytes.NewReader(books[0].Content))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(entry.SheetEntry)
	for i, r := range rows {
		switch {
		case len(r) > 0 && r[0] == "6.1.2":
			f.SetCellValue(entry.SheetEntry, fmt.Sprintf("H%d", i+1), 0.8)
		case len(r) > 0 && r[0] == "1.1.2":
			f.SetCellValue(entry.SheetEntry, fmt.Sprintf("H%d", i+1), 900)
		}
	}
	var buf bytes.Buffer
	f.Write(&buf)
	clock = clock.Add(time.Minute)
	res, err := a.Collect(ctx, unitOf("ASL"), 1, "asl.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Kept, []string{"1.1.1"}) {
		t.Errorf("kept %v, want [1.1.1]", res.Kept)
	}
	cur, _ := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(1, model.Period{Year: 2020})))
	for code, want := range map[string]string{"1.1.1": "2", "1.1.2": "900", "6.1.2": "80,00%"} {
		if cur[code] == nil || cur[code].Value.Raw != want {
			t.Errorf("%s = %+v, want %s", code, cur[code], want)
		}
	}
}

// setValue returns a copy of a data-entry workbook with the value of the
// action code typed in as text.
func setValue(t *testing.T, book []byte, code, value string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(entry.SheetEntry)
	for i, r := range rows {
		if len(r) > 0 && r[0] == code {
			f.SetCellStr(entry.SheetEntry, fmt.Sprintf("H%d", i+1), value)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
