package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/importer/workbook/bombtest"
	"cruscotto/model"
)

// rewritePart returns a copy of a workbook with one part changed.
func rewritePart(t *testing.T, book []byte, part string, change func(string) string) []byte {
	t.Helper()
	return bombtest.PatchPart(book, part, change)
}

// TestCorrectionRefusals: refused workbooks that excelize cannot reopen
// (a style index out of range, a broken merged range) or that are far
// heavier than a unit's workbook get a sentence (422), never a 500, and
// the heavy ones are refused before excelize reads them.
func TestCorrectionRefusals(t *testing.T) {
	a, _ := openApp(t)
	ctx := context.Background()
	if _, _, err := a.ImportPlan(ctx, admin, "piano.xlsx", plan2020(t), app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	wrong := filled(t, a, "tanti") // a word where a number goes: refused at H7
	const sheet = "xl/worksheets/sheet1.xml"
	valueCell := regexp.MustCompile(`<c r="H7"( s="\d+")?`) // the cell the correction marks
	cases := map[string][]byte{
		"style index out of range": rewritePart(t, wrong, sheet, func(s string) string { return valueCell.ReplaceAllString(s, `<c r="H7" s="999999999"`) }),
		"negative style index":     rewritePart(t, wrong, sheet, func(s string) string { return valueCell.ReplaceAllString(s, `<c r="H7" s="-5"`) }),
		"broken merged range": rewritePart(t, wrong, sheet, func(s string) string {
			if strings.Contains(s, "<mergeCells") {
				return strings.Replace(s, "<mergeCells", `<mergeCells><mergeCell ref="ZZ:::"/></mergeCells><x`, 1)
			}
			return strings.Replace(s, "</sheetData>", `</sheetData><mergeCells count="1"><mergeCell ref="ZZ:::"/></mergeCells>`, 1)
		}),
		"far more strings than a unit's workbook": rewritePart(t, wrong, sheet, func(s string) string {
			var rows strings.Builder
			for i := 0; i < 50; i++ { // within the rows a unit's sheet may have
				rows.WriteString(`<row r="` + itoa(2000+i) + `">`)
				for c := 27; c < 27+150; c++ { // past the columns the rows are read by
					rows.WriteString(`<c r="` + colName(c) + itoa(2000+i) + `" t="inlineStr"><is><t>x</t></is></c>`)
				}
				rows.WriteString(`</row>`)
			}
			return strings.Replace(s, "</sheetData>", rows.String()+"</sheetData>", 1)
		}),
	}
	for name, book := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := a.Collect(ctx, unitOf("Mediazione"), 1, "mediazione.xlsx", book)
			if err == nil || res == nil || res.UploadID == 0 {
				t.Skipf("not refused with a record (%v): nothing to correct", err)
			}
			content, _, err := a.CorrectionForUpload(ctx, unitOf("Mediazione"), res.UploadID)
			if code := model.ErrorCode(err); err != nil && code != model.EInvalid && code != model.EConflict || err == nil && len(content) == 0 {
				t.Errorf("correction: %v (code %s), want a workbook or a sentence (422 or 409)", err, code)
			}
			if strings.HasPrefix(name, "far more") && !strings.Contains(model.ErrorMessage(err), "troppo grande o complesso") {
				t.Errorf("a workbook far heavier than a unit's: %v, want it refused before excelize reads it", err)
			}
		})
	}
}

func colName(c int) string {
	name := ""
	for ; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{digits[i%10]}, b...)
	}
	return string(b)
}
