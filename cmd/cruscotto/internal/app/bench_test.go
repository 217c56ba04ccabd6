package app_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/exporter/entry"
	"cruscotto/exporter/planwriter"
	"cruscotto/model/sqlite"
)

// bigApp stores a generated plan of 10,000 actions and about 60 units.
func bigApp(b *testing.B) *app.App {
	b.Helper()
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var buf bytes.Buffer
	if err := planwriter.Write(&buf, planwriter.Synthetic(2020, 10000), planwriter.Layout{Merge: true, Numbers: true}); err != nil {
		b.Fatal(err)
	}
	a := app.New(db)
	if _, _, err := a.ImportPlan(context.Background(), admin, "plan-10k.xlsx", buf.Bytes(), app.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkEntryWorkbooks10k generates the data-entry workbook of every
// unit of a 10,000-action plan.
func BenchmarkEntryWorkbooks10k(b *testing.B) {
	a := bigApp(b)
	b.ReportAllocs()
	for b.Loop() {
		books, err := a.EntryWorkbooks(context.Background(), admin, 1, "", nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(books) != 60 {
			b.Fatalf("%d workbooks", len(books))
		}
	}
}

// BenchmarkCollect collects one unit's filled workbook (about 170 values),
// alternating two fillings so that every collection stores its values.
func BenchmarkCollect(b *testing.B) {
	a := bigApp(b)
	books, err := a.EntryWorkbooks(context.Background(), admin, 1, "", []string{"Unità 01"})
	if err != nil {
		b.Fatal(err)
	}
	var filled [2][]byte
	for i := range filled {
		f, err := excelize.OpenReader(bytes.NewReader(books[0].Content))
		if err != nil {
			b.Fatal(err)
		}
		rows, _ := f.GetRows(entry.SheetEntry)
		for r := entry.FirstRow; r <= len(rows); r++ {
			target, _ := f.GetCellValue(entry.SheetEntry, fmt.Sprintf("E%d", r))
			value := any(30 + i)
			switch {
			case target == "luglio":
				value = []string{"giugno", "agosto"}[i]
			case target == "75%":
				value = 0.7 + float64(i)/100
			}
			f.SetCellValue(entry.SheetEntry, fmt.Sprintf("H%d", r), value)
		}
		var buf bytes.Buffer
		f.Write(&buf)
		filled[i] = buf.Bytes()
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		res, err := a.Collect(context.Background(), admin, 1, "filled.xlsx", filled[i%2])
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Stored) < 150 {
			b.Fatalf("stored %d", len(res.Stored))
		}
		i++
	}
}

// BenchmarkFilledPlan10k writes the results of a 10,000-action plan into
// the workbook it was imported from, as the filled-plan download does.
func BenchmarkFilledPlan10k(b *testing.B) {
	a := bigApp(b)
	b.ReportAllocs()
	for b.Loop() {
		content, _, err := a.FilledPlan(context.Background(), admin, 1, "", "")
		if err != nil {
			b.Fatal(err)
		}
		if len(content) == 0 {
			b.Fatal("empty workbook")
		}
	}
}
