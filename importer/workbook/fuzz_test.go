package workbook_test

import (
	"context"
	"testing"

	"cruscotto/importer/workbook"
	"cruscotto/importer/workbook/bombtest"
	"cruscotto/model"
)

// FuzzReadSheet feeds the reader arbitrary sheet XML inside a valid
// archive. It must never panic, refuse only with an *model.Error, and
// whatever it accepts must respect its limits: rows in order, cells in
// column order within the columns read, no more cells than allowed.
func FuzzReadSheet(f *testing.F) {
	for _, seed := range []string{
		`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Prospettiva</t></is></c><c r="B1"><v>1.5</v></c></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="3"><c r="B3" t="s"><v>0</v></c></row><row r="2"><c><v>2</v></c><c><v>3</v></c></row></sheetData><mergeCells><mergeCell ref="A2:B4"/></mergeCells></worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="A1" t="str"><f>1+1</f><v>2</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c></row></sheetData></worksheet>`,
		`<x:worksheet xmlns:x="m"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:r><x:t>a&amp;b</x:t></x:r><x:rPh><x:t>ph</x:t></x:rPh></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="IV1"><v>1</v></c><c r="IW1"><v>2</v></c></row></sheetData><mergeCells><mergeCell ref="A1:A1048576"/><mergeCell ref="B1:C1"/></mergeCells></worksheet>`,
		`<worksheet><![CDATA[x]]><!-- c --><?pi x?><sheetData/></worksheet>`,
	} {
		f.Add([]byte(seed))
	}
	limits := workbook.DefaultLimits
	limits.MaxCells, limits.MaxRows, limits.MaxMerges, limits.MaxDepth = 5000, 500, 100, 16
	f.Fuzz(func(t *testing.T, sheet []byte) {
		wb, err := workbook.Open(context.Background(), bombtest.Workbook(string(sheet)), limits)
		if err != nil {
			t.Fatalf("the archive around the sheet is valid: %v", err)
		}
		sh, err := wb.ReadSheet("Piano")
		if err != nil {
			var me *model.Error
			if model.ErrorCode(err) != model.EInvalid || model.ErrorMessage(err) == "" {
				t.Fatalf("refusal %v is not a sentence for people (%T)", err, me)
			}
			return
		}
		cells, last := 0, 0
		for _, r := range sh.Rows {
			if r.Num <= last {
				t.Fatalf("row %d after row %d", r.Num, last)
			}
			last = r.Num
			col := 0
			for _, c := range r.Cells {
				if c.Col <= col || c.Col > limits.MaxColumns {
					t.Fatalf("row %d: column %d after %d", r.Num, c.Col, col)
				}
				col = c.Col
				cells++
			}
		}
		if cells > limits.MaxCells || len(sh.Merges) > limits.MaxMerges {
			t.Fatalf("%d cells and %d merges accepted beyond the limits", cells, len(sh.Merges))
		}
	})
}
