package workbook_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"cruscotto/importer/workbook"
	"cruscotto/importer/workbook/bombtest"
	"cruscotto/model"
)

// readAll opens a workbook and reads every sheet, as the importer does.
func readAll(ctx context.Context, data []byte, limits workbook.Limits) error {
	wb, err := workbook.Open(ctx, data, limits)
	if err != nil {
		return err
	}
	for _, name := range wb.SheetNames() {
		if _, err := wb.ReadSheet(name); err != nil {
			return err
		}
	}
	return nil
}

// TestBombs feeds the reader small files that expand into huge work, at
// the sizes reported in issue 9 and just under the part size limit (so
// that the count and depth limits, not only the size, are exercised).
// Each is refused with one sentence, quickly and in bounded memory.
func TestBombs(t *testing.T) {
	for _, tt := range bombtest.Catalogue {
		t.Run(tt.Name, func(t *testing.T) {
			data := tt.Make()
			if len(data) > 256<<10 {
				t.Fatalf("the bomb is %d KB: it should be small", len(data)>>10)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			workBefore := workbook.WorkDone()
			err := readAll(context.Background(), data, workbook.DefaultLimits)
			work := workbook.WorkDone()
			runtime.ReadMemStats(&after)
			inflated, tokens := work.Inflated-workBefore.Inflated, work.Tokens-workBefore.Tokens
			if model.ErrorCode(err) != model.EInvalid {
				t.Fatalf("error %v (code %s), want a refusal", err, model.ErrorCode(err))
			}
			if msg := model.ErrorMessage(err); !strings.Contains(msg, tt.Refusal) || strings.Count(msg, ". ") > 2 {
				t.Errorf("message %q, want one sentence mentioning %q", msg, tt.Refusal)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 100<<20 {
				t.Errorf("allocated %d MB refusing it, want under 100", grew>>20)
			}
			// the work done is bounded by the limits, not by the bomb: at
			// most one part of the largest size inflated, and the tokens
			// of that much XML
			if limit := workbook.DefaultLimits.MaxPartBytes; inflated > limit {
				t.Errorf("inflated %d MB refusing it, want at most %d", inflated>>20, limit>>20)
			}
			if limit := workbook.DefaultLimits.MaxPartBytes / 4; tokens > limit {
				t.Errorf("scanned %d tokens refusing it, want at most %d", tokens, limit)
			}
			t.Logf("%d KB refused: %d MB allocated, %d KB inflated, %d tokens scanned", len(data)>>10,
				(after.TotalAlloc-before.TotalAlloc)>>20, inflated>>10, tokens)
		})
	}
}

// sheetWorkbook is a one-sheet workbook whose sheet part is sheetXML.
func sheetWorkbook(t testing.TB, sheetXML string) []byte {
	t.Helper()
	return bombtest.Workbook(sheetXML)
}

func rowsXML(n int) string {
	var b strings.Builder
	b.WriteString(`<worksheet><sheetData>`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, i, i, i)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.String()
}

func TestLimits(t *testing.T) {
	limits := func(f func(*workbook.Limits)) workbook.Limits {
		l := workbook.DefaultLimits
		f(&l)
		return l
	}
	tests := []struct {
		name   string
		sheet  string
		limits workbook.Limits
		frag   string // "" for accepted
	}{
		{"rows within the limit", rowsXML(10), limits(func(l *workbook.Limits) { l.MaxRows = 10 }), ""},
		{"a row over the limit", rowsXML(11), limits(func(l *workbook.Limits) { l.MaxRows = 10 }), "più di 10 righe compilate"},
		{"empty rows do not count", `<worksheet><sheetData><row r="1"/><row r="2"/><row r="3"><c r="A3"><v>1</v></c></row></sheetData></worksheet>`,
			limits(func(l *workbook.Limits) { l.MaxRows = 1 }), ""},
		{"cells over the limit", rowsXML(11), limits(func(l *workbook.Limits) { l.MaxCells = 10 }), "più di 10 celle"},
		{"merged copies count as cells", `<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="A1:K1"/></mergeCells></worksheet>`,
			limits(func(l *workbook.Limits) { l.MaxCells = 10 }), "contando quelle unite"},
		{"nesting at the limit", `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`,
			limits(func(l *workbook.Limits) { l.MaxDepth = 6 }), ""},
		{"nesting over the limit", `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>x</t></r></is></c></row></sheetData></worksheet>`,
			limits(func(l *workbook.Limits) { l.MaxDepth = 6 }), "oltre 6 livelli"},
		{"a part over the size limit", rowsXML(100), limits(func(l *workbook.Limits) { l.MaxPartBytes = 1000 }), "decompresso, supera"},
		{"overlapping merges", `<worksheet><sheetData/><mergeCells><mergeCell ref="A1:B3"/><mergeCell ref="B3:C4"/></mergeCells></worksheet>`,
			workbook.DefaultLimits, "(A1:B3 e B3:C4)"},
		{"adjacent merges", `<worksheet><sheetData/><mergeCells><mergeCell ref="A1:B3"/><mergeCell ref="C1:C4"/><mergeCell ref="A4:B4"/></mergeCells></worksheet>`,
			workbook.DefaultLimits, ""},
		{"merges beyond the columns read are ignored", `<worksheet><sheetData/><mergeCells><mergeCell ref="IW1:XFD9"/><mergeCell ref="IW1:XFD9"/></mergeCells></worksheet>`,
			workbook.DefaultLimits, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readAll(context.Background(), sheetWorkbook(t, tt.sheet), tt.limits)
			switch {
			case tt.frag == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.frag != "" && !strings.Contains(model.ErrorMessage(err), tt.frag):
				t.Fatalf("error %v, want one mentioning %q", err, tt.frag)
			case tt.frag != "" && model.ErrorCode(err) != model.EInvalid:
				t.Fatalf("code %s, want invalid", model.ErrorCode(err))
			}
		})
	}
}

// TestDeadline stops reading when the context is done, with a sentence
// and its own code.
func TestDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	data := sheetWorkbook(t, rowsXML(20_000))
	wb, err := workbook.Open(ctx, data, workbook.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	_, err = wb.ReadSheet(wb.SheetNames()[0])
	if model.ErrorCode(err) != model.ETimeout || !strings.Contains(model.ErrorMessage(err), "tempo massimo") {
		t.Fatalf("err = %v (code %s), want a timeout", err, model.ErrorCode(err))
	}
}
