package app_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/entry"
	"cruscotto/model"
)

// TestMissingNoteWarns: a value in the red band sent without a deviation
// note is stored, and the sender is told which note cell to fill; with
// the note written, no warning.
func TestMissingNoteWarns(t *testing.T) {
	a, db, _ := mustApp(t)
	ctx := context.Background()
	plan, err := db.Plan(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var act *model.Action
	for _, x := range plan.UnitActions("Mediazione") {
		if v, err := model.ParseMeasured(x, "0"); err == nil && model.NeedsNote(x, v) {
			act = x
			break
		}
	}
	if act == nil {
		t.Fatal("no action of Mediazione where 0 needs a note")
	}
	books, err := a.EntryWorkbooks(ctx, admin, 1, "", []string{"Mediazione"})
	if err != nil {
		t.Fatal(err)
	}
	fill := func(note string) ([]byte, int) {
		f, err := excelize.OpenReader(bytes.NewReader(books[0].Content))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows(entry.SheetEntry)
		at := 0
		for i, r := range rows {
			if len(r) > 0 && r[0] == act.Code {
				at = i + 1
				f.SetCellStr(entry.SheetEntry, fmt.Sprintf("H%d", at), "0")
				f.SetCellStr(entry.SheetEntry, fmt.Sprintf("J%d", at), note)
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), at
	}
	book, row := fill("")
	res, err := a.Collect(ctx, unitOf("Mediazione"), 1, "m.xlsx", book)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stored) != 1 || len(res.Warnings) != 1 || res.Warnings[0].Cell != fmt.Sprintf("J%d", row) || res.Warnings[0].Severity != model.SeverityWarning {
		t.Fatalf("stored %d, warnings %+v", len(res.Stored), res.Warnings)
	}
	book, _ = fill("il servizio è stato sospeso per tre mesi")
	res, err = a.Collect(ctx, unitOf("Mediazione"), 1, "m.xlsx", book)
	if err != nil || len(res.Warnings) != 0 {
		t.Fatalf("with the note: %v, warnings %+v", err, res.Warnings)
	}
}
