package difftest_test

import (
	"testing"

	"cruscotto/importer/workbook"
	"cruscotto/importer/workbook/difftest"
	"cruscotto/importer/workbook/xlsxtest"
	"cruscotto/model"
)

const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`

// fuzzBook wraps a mutated sheet and shared strings table in a valid
// archive whose styles hold formats of every class.
func fuzzBook(sheet, sst []byte, date1904 bool) []byte {
	return xlsxtest.Book{
		Date1904:   date1904,
		StringsXML: string(sst),
		Formats:    map[int]string{164: `0" gg"`, 165: `"≥ "0.0%`, 166: `[$-410]mmmm`, 167: `#,##0 "€";[Red]-#,##0 "€"`, 168: `"entro il "dd/mm/yyyy`, 169: `@`},
		Styles:     []xlsxtest.Style{{NumFmt: 164}, {NumFmt: 165}, {NumFmt: 166}, {NumFmt: 167}, {NumFmt: 168}, {NumFmt: 169}, {NumFmt: 9}, {NumFmt: 14}, {NumFmt: 3}},
		Sheets:     []xlsxtest.Sheet{{Name: "Piano", XML: string(sheet)}, {Name: "Nascosto", State: "hidden", XML: `<worksheet ` + ns + `><sheetData/></worksheet>`}},
	}.Bytes()
}

// FuzzAgainstExcelize feeds the same mutated sheet and shared strings to
// our reader and to excelize. It fails when ours accepts a file excelize
// cannot read, or when the two read any cell, merge or hidden column
// differently for a reason difftest.Expected does not name.
func FuzzAgainstExcelize(f *testing.F) {
	sst := `<sst ` + ns + `><si><t>Prospettiva</t></si><si><r><t>rich </t></r><r><t>text</t></r><rPh><t>ph</t></rPh></si><si><t>a_x000D_` + "\n" + `b _x005F_x0041_</t></si><si><t xml:space="preserve">  </t></si></sst>`
	for _, seed := range []string{
		`<worksheet ` + ns + `><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>28</v></c><c r="C1" s="2"><v>0.855</v></c></row></sheetData></worksheet>`,
		`<worksheet ` + ns + `><sheetData><row r="2"><c r="A2" s="3"><v>44742</v></c><c r="B2" s="4"><v>-1200.5</v></c><c r="C2" s="5"><v>44742</v></c><c r="D2" t="s"><v>2</v></c></row></sheetData><mergeCells><mergeCell ref="A2:A4"/></mergeCells></worksheet>`,
		`<worksheet ` + ns + `><cols><col min="2" max="3" hidden="1"/></cols><sheetData><row><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>x_x0009_y</v></c></row><row><c t="inlineStr"><is><t>in</t></is></c><c s="6" t="s"><v>1</v></c></row></sheetData></worksheet>`,
		`<worksheet ` + ns + `><sheetData><row r="1"><c r="A1" s="7"><f t="shared" ref="A1:A2" si="0">B1</f><v>0.9</v></c></row><row r="2"><c r="A2" s="8"><f t="shared" si="0"/><v>1234567</v></c><c r="B2" s="9"><v>1234.5</v></c><c r="C2" t="s"><v>3</v></c></row></sheetData></worksheet>`,
	} {
		f.Add([]byte(seed), []byte(sst), false)
		f.Add([]byte(seed), []byte(sst), true)
	}
	limits := workbook.DefaultLimits
	limits.MaxCells, limits.MaxRows, limits.MaxMerges, limits.MaxDepth = 5000, 500, 100, 16
	f.Fuzz(func(t *testing.T, sheet, sst []byte, date1904 bool) {
		res := difftest.Compare(fuzzBook(sheet, sst, date1904), limits)
		switch {
		case res.Refused != nil:
			if model.ErrorCode(res.Refused) != model.EInvalid || model.ErrorMessage(res.Refused) == "" {
				t.Fatalf("refusal %v is not a sentence for people", res.Refused)
			}
			return
		case res.TheirError != nil:
			t.Fatalf("our reader accepted what excelize cannot read: %v", res.TheirError)
		}
		for _, d := range res.Unexpected() {
			t.Errorf("%s", d)
		}
	})
}
