// Package bombtest writes small .xlsx files that expand into huge work —
// the "bombs" the reader must refuse quickly and in bounded memory. Tests
// of every layer (reader, importer, CLI, HTTP) generate them here instead
// of committing large fixtures.
package bombtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// part is one file of the archive: its content is written by fill, so
// that a part of hundreds of megabytes never sits in memory.
type part struct {
	name string
	fill func(w io.Writer) error
}

func fixed(name, content string) part {
	return part{name, func(w io.Writer) error { _, err := io.WriteString(w, content); return err }}
}

// repeated writes head, then chunk n times, then tail.
func repeated(name, head, chunk string, n int, tail string) part {
	return part{name, func(w io.Writer) error {
		if _, err := io.WriteString(w, head); err != nil {
			return err
		}
		// write in blocks of many chunks: one Write per chunk is slow
		block := strings.Repeat(chunk, max(1, 64<<10/max(1, len(chunk))))
		per := len(block) / len(chunk)
		for n > 0 {
			k := min(n, per)
			if _, err := io.WriteString(w, block[:k*len(chunk)]); err != nil {
				return err
			}
			n -= k
		}
		_, err := io.WriteString(w, tail)
		return err
	}}
}

func archive(parts ...part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			panic(err)
		}
		if err := p.fill(w); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`
	workbookXML  = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Piano" sheetId="1" r:id="rId1"/></sheets></workbook>`
	relsXML      = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
	sheetOpen    = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	smallSheet   = sheetOpen + `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`
)

// workbook is a one-sheet workbook («Piano») with the given sheet part
// and, when not nil, shared strings part.
func workbook(sheet part, sharedStrings *part) []byte {
	return workbookNamed("Piano", sheet, sharedStrings)
}

// workbookNamed is workbook with another sheet name.
func workbookNamed(name string, sheet part, sharedStrings *part) []byte {
	wbXML := strings.Replace(workbookXML, `name="Piano"`, `name="`+name+`"`, 1)
	parts := []part{fixed("[Content_Types].xml", contentTypes), fixed("xl/workbook.xml", wbXML),
		fixed("xl/_rels/workbook.xml.rels", relsXML), sheet}
	if sharedStrings != nil {
		parts = append(parts, *sharedStrings)
	}
	return archive(parts...)
}

// SharedStrings is a workbook whose shared strings table holds n empty
// strings: 25 million of them fit in under 200 KB.
func SharedStrings(n int) []byte {
	sst := repeated("xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`, `<si/>`, n, `</sst>`)
	return workbook(fixed("xl/worksheets/sheet1.xml", smallSheet), &sst)
}

// NestedSheet is a workbook whose sheet nests depth elements inside one
// cell.
func NestedSheet(depth int) []byte { return NestedSheetNamed("Piano", depth) }

// NestedSheetNamed is NestedSheet with another sheet name, such as a data-entry
// workbook's hidden identity sheet.
func NestedSheetNamed(name string, depth int) []byte {
	return workbookNamed(name, part{"xl/worksheets/sheet1.xml", func(w io.Writer) error {
		if _, err := io.WriteString(w, sheetOpen+`<sheetData><row r="1"><c r="A1" t="inlineStr"><is>`); err != nil {
			return err
		}
		if err := repeated("", "", "<x>", depth, "").fill(w); err != nil {
			return err
		}
		if err := repeated("", "", "</x>", depth, "").fill(w); err != nil {
			return err
		}
		_, err := io.WriteString(w, `</is></c></row></sheetData></worksheet>`)
		return err
	}}, nil)
}

// NestedStrings is a workbook whose shared strings table nests depth
// elements inside its first string.
func NestedStrings(depth int) []byte {
	sst := part{"xl/sharedStrings.xml", func(w io.Writer) error {
		if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>`); err != nil {
			return err
		}
		if err := repeated("", "", "<r>", depth, "").fill(w); err != nil {
			return err
		}
		if err := repeated("", "", "</r>", depth, "").fill(w); err != nil {
			return err
		}
		_, err := io.WriteString(w, `</si></sst>`)
		return err
	}}
	return workbook(fixed("xl/worksheets/sheet1.xml", smallSheet), &sst)
}

// DuplicateMerges is a workbook whose sheet merges A1:IV1 n times over.
func DuplicateMerges(n int) []byte {
	head := sheetOpen + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Piano</t></is></c></row></sheetData><mergeCells>`
	return workbook(repeated("xl/worksheets/sheet1.xml", head, `<mergeCell ref="A1:IV1"/>`, n, `</mergeCells></worksheet>`), nil)
}

// HugeMerge is a workbook whose sheet has rows sparse rows of one cell
// each under a single merged range A1:IV1048576.
func HugeMerge(rows int) []byte {
	return workbook(part{"xl/worksheets/sheet1.xml", func(w io.Writer) error {
		if _, err := io.WriteString(w, sheetOpen+`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Piano</t></is></c></row>`); err != nil {
			return err
		}
		for i := 0; i < rows; i++ {
			r := 2 + i*25
			if _, err := fmt.Fprintf(w, `<row r="%d"><c r="B%d"><v>1</v></c></row>`, r, r); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</sheetData><mergeCells><mergeCell ref="A1:IV1048576"/></mergeCells></worksheet>`)
		return err
	}}, nil)
}

// Workbook is a one-sheet workbook («Piano») whose sheet part is
// sheetXML, for tests that need a hand-written sheet. A bare
// «<worksheet>» root gets SpreadsheetML's namespace, which every reader
// requires.
func Workbook(sheetXML string) []byte {
	if rest, ok := strings.CutPrefix(sheetXML, "<worksheet>"); ok {
		sheetXML = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + rest
	}
	return workbook(fixed("xl/worksheets/sheet1.xml", sheetXML), nil)
}

// ExtraRows returns a copy of a workbook with n rows appended to sheet,
// each with an unknown action code in column A and a value in column H:
// a unit's own, validly signed workbook made to produce n problems.
func ExtraRows(original []byte, sheet string, n int) []byte {
	f, err := excelize.OpenReader(bytes.NewReader(original))
	if err != nil {
		panic(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		panic(err)
	}
	for i := 0; i < n; i++ {
		r := len(rows) + 1 + i
		row := []any{fmt.Sprintf("99.%d.%d", i/100, i%100), "inventata", nil, nil, nil, nil, nil, "abc"}
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", r), &row); err != nil {
			panic(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Transplant returns a copy of the workbook original whose part name is
// replaced by the first worksheet of bomb, copied still compressed: a
// unit's own, validly signed workbook carrying a bomb in its entry sheet.
func Transplant(original []byte, name string, bomb []byte) []byte {
	src, err := zip.NewReader(bytes.NewReader(original), int64(len(original)))
	if err != nil {
		panic(err)
	}
	bz, err := zip.NewReader(bytes.NewReader(bomb), int64(len(bomb)))
	if err != nil {
		panic(err)
	}
	var sheet *zip.File
	for _, f := range bz.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			sheet = f
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range src.File {
		from := f
		if f.Name == name {
			from = sheet
		}
		hdr := from.FileHeader
		hdr.Name = f.Name
		w, err := zw.CreateRaw(&hdr)
		if err != nil {
			panic(err)
		}
		r, err := from.OpenRaw()
		if err != nil {
			panic(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// ManySheets is a workbook whose workbook.xml lists n sheets, all the same
// small part: each costs a lookup, and reading them all costs n parses.
func ManySheets(n int) []byte {
	wb := repeated("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`,
		`<sheet name="Piano" sheetId="1" r:id="rId1"/>`, n, `</sheets></workbook>`)
	return archive(fixed("[Content_Types].xml", contentTypes), wb, fixed("xl/_rels/workbook.xml.rels", relsXML), fixed("xl/worksheets/sheet1.xml", smallSheet))
}

// StyledCells is a workbook whose sheet has rows rows of cols empty cells
// that carry only a style: nothing to read, but a reader that keeps every
// cell (excelize, for the correction workbook and the filled plan) holds
// them all.
func StyledCells(rows, cols int) []byte {
	return workbook(part{"xl/worksheets/sheet1.xml", func(w io.Writer) error {
		if _, err := io.WriteString(w, sheetOpen+`<sheetData>`); err != nil {
			return err
		}
		var b strings.Builder
		for c := 1; c <= cols; c++ {
			b.WriteString(`<c s="0"/>`)
		}
		cells := b.String()
		for r := 1; r <= rows; r++ {
			if _, err := fmt.Fprintf(w, `<row r="%d">%s</row>`, r, cells); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</sheetData></worksheet>`)
		return err
	}}, nil)
}

// Styles is a workbook whose styles part lists n empty entries in one of
// its lists (fonts: <font/>, …): tiny zipped, and excelize compares every
// style it adds with each of them.
func Styles(list, item string, n int) []byte {
	styles := repeated("xl/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><`+list+`>`,
		`<`+item+`/>`, n, `</`+list+`><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`)
	return archive(fixed("[Content_Types].xml", contentTypes), fixed("xl/workbook.xml", workbookXML), fixed("xl/_rels/workbook.xml.rels", relsXML),
		fixed("xl/worksheets/sheet1.xml", smallSheet), styles)
}

// PadStyles returns a copy of the workbook original whose styles part
// lists n more empty fonts before its own: a unit's own, validly signed
// workbook made to cost excelize minutes per style.
func PadStyles(original []byte, n int) []byte {
	parts := []part{}
	for _, f := range readParts(original) {
		if f.name != "xl/styles.xml" {
			parts = append(parts, fixed(f.name, f.data))
			continue
		}
		s := f.data
		open := strings.Index(s, "<fonts")
		end := open + strings.Index(s[open:], ">") + 1
		parts = append(parts, repeated(f.name, s[:end], `<font/>`, n, s[end:]))
	}
	return archive(parts...)
}

// Bomb is one hostile workbook with a fragment of the sentence that
// refuses it.
type Bomb struct {
	Name    string // as given to genplan -bomb
	Make    func() []byte
	Refusal string
}

// Catalogue lists the bombs of issue 9 at the sizes it reported and, for
// the "-under" ones, just under the reader's part size limit, so that its
// count and depth limits, not only its size limit, are what refuses them.
var Catalogue = []Bomb{
	{"sharedstrings", func() []byte { return SharedStrings(25_000_000) }, "decompresso, supera"},
	{"sharedstrings-under", func() []byte { return SharedStrings(6_000_000) }, "testi distinti"},
	{"nested-sheet", func() []byte { return NestedSheet(17_000_000) }, "decompresso, supera"},
	{"nested-sheet-under", func() []byte { return NestedSheet(4_000_000) }, "annidati oltre 64 livelli"},
	{"nested-sst", func() []byte { return NestedStrings(17_000_000) }, "decompresso, supera"},
	{"nested-sst-under", func() []byte { return NestedStrings(4_000_000) }, "annidati oltre 64 livelli"},
	{"merges", func() []byte { return DuplicateMerges(4000) }, "si sovrappongono (A1:IV1 e A1:IV1)"},
	{"huge-merge", func() []byte { return HugeMerge(40_000) }, "celle compilate (contando quelle unite)"},
	{"many-sheets", func() []byte { return ManySheets(400_000) }, "fogli"},
	{"styled-cells", func() []byte { return StyledCells(6_000, 256) }, "anche vuote o solo formattate"},
	{"fonts", func() []byte { return Styles("fonts", "font", 4_000_000) }, "tipi di carattere"},
	{"cell-styles", func() []byte { return Styles("cellStyleXfs", "xf", 4_000_000) }, "stili di cella"},
}

// PatchPart returns a copy of a workbook with one part rewritten by
// edit, for tests that make a file the way a hand or another program
// would.
func PatchPart(book []byte, name string, edit func(string) string) []byte {
	parts := []part{}
	for _, f := range readParts(book) {
		if f.name == name {
			f.data = edit(f.data)
		}
		parts = append(parts, fixed(f.name, f.data))
	}
	return archive(parts...)
}

// readParts returns every part of a workbook, in order.
func readParts(book []byte) []struct{ name, data string } {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		panic(err)
	}
	var out []struct{ name, data string }
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			panic(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			panic(err)
		}
		out = append(out, struct{ name, data string }{f.Name, string(data)})
	}
	return out
}
