// Package xlsxtest writes .xlsx files part by part, the way Excel and
// other programs write them and excelize does not: shared strings with
// _xHHHH_ escapes, rich-text and phonetic runs, booleans, error values,
// cached formula results, shared formulas, the 1904 date system, cells
// and rows without a reference, hidden sheets and custom number formats.
// Tests build fixtures with it instead of committing opaque files.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// Book is a workbook to write.
type Book struct {
	Sheets   []Sheet
	Date1904 bool
	// Strings are the shared strings, each the raw XML inside its <si>:
	// `<t>plain</t>` or `<r><t>rich </t></r><r><t>text</t></r>`.
	Strings []string
	// StringsXML, when not empty, is the whole shared strings part,
	// written instead of Strings.
	StringsXML string
	// Formats are the custom number formats by id (164 and up).
	Formats map[int]string
	// Styles are the cell formats (cellXfs); style 0 is always General.
	Styles []Style
}

// Style is one cell format.
type Style struct {
	NumFmt      int
	QuotePrefix bool
}

// Sheet is one worksheet.
type Sheet struct {
	Name  string
	State string // "", "hidden" or "veryHidden"
	Rows  []Row
	// Merges are ranges such as "A3:A5".
	Merges []string
	// HiddenCols are 1-based columns hidden in <cols>.
	HiddenCols []int
	// XML, when not empty, is the whole part, written instead of Rows.
	XML string
}

// Row is one <row>. Num 0 leaves out its r, as some programs do.
type Row struct {
	Num   int
	Cells []Cell
}

// Cell is one <c>. Ref "" leaves out its r. XML is the raw content
// (`<v>1</v>`, `<f>A1</f><v>2</v>`, `<is><t>x</t></is>`).
type Cell struct {
	Ref   string
	Type  string // the t attribute, "" for a number
	Style int
	XML   string
}

// Num is a number cell.
func Num(ref string, n float64, style int) Cell {
	return Cell{Ref: ref, Style: style, XML: fmt.Sprintf("<v>%s</v>", formatFloat(n))}
}

// SST is a shared string cell pointing at string i.
func SST(ref string, i int, style int) Cell {
	return Cell{Ref: ref, Type: "s", Style: style, XML: fmt.Sprintf("<v>%d</v>", i)}
}

func formatFloat(n float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.15f", n), "0"), ".")
}

// Escape writes text for XML content.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Bytes writes the workbook.
func (b Book) Bytes() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, content string) {
		w, err := zw.Create(name)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			panic(err)
		}
	}
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n"
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	var ct strings.Builder
	ct.WriteString(head + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	for i := range b.Sheets {
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	ct.WriteString(`</Types>`)
	put("[Content_Types].xml", ct.String())
	put("_rels/.rels", head+`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)

	var wb, rels strings.Builder
	wb.WriteString(head + `<workbook ` + ns + `>`)
	if b.Date1904 {
		wb.WriteString(`<workbookPr date1904="1"/>`)
	} else {
		wb.WriteString(`<workbookPr defaultThemeVersion="166925"/>`)
	}
	wb.WriteString(`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	rels.WriteString(head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, s := range b.Sheets {
		state := ""
		if s.State != "" {
			state = fmt.Sprintf(` state="%s"`, s.State)
		}
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, Escape(s.Name), i+1, state, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	wb.WriteString(`</sheets></workbook>`)
	n := len(b.Sheets)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`, n+1, n+2)
	put("xl/workbook.xml", wb.String())
	put("xl/_rels/workbook.xml.rels", rels.String())

	var st strings.Builder
	st.WriteString(head + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if len(b.Formats) > 0 {
		ids := make([]int, 0, len(b.Formats))
		for id := range b.Formats {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		fmt.Fprintf(&st, `<numFmts count="%d">`, len(ids))
		for _, id := range ids {
			fmt.Fprintf(&st, `<numFmt numFmtId="%d" formatCode="%s"/>`, id, Escape(b.Formats[id]))
		}
		st.WriteString(`</numFmts>`)
	}
	st.WriteString(`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	styles := append([]Style{{}}, b.Styles...)
	fmt.Fprintf(&st, `<cellXfs count="%d">`, len(styles))
	for _, s := range styles {
		qp := ""
		if s.QuotePrefix {
			qp = ` quotePrefix="1"`
		}
		fmt.Fprintf(&st, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"%s/>`, s.NumFmt, qp)
	}
	st.WriteString(`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	put("xl/styles.xml", st.String())

	var sst strings.Builder
	fmt.Fprintf(&sst, head+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(b.Strings), len(b.Strings))
	for _, s := range b.Strings {
		sst.WriteString("<si>" + s + "</si>")
	}
	sst.WriteString(`</sst>`)
	if b.StringsXML != "" {
		sst.Reset()
		sst.WriteString(b.StringsXML)
	}
	put("xl/sharedStrings.xml", sst.String())

	for i, s := range b.Sheets {
		if s.XML != "" {
			put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), s.XML)
			continue
		}
		var w strings.Builder
		w.WriteString(head + `<worksheet ` + ns + `>`)
		if len(s.HiddenCols) > 0 {
			w.WriteString(`<cols>`)
			for _, c := range s.HiddenCols {
				fmt.Fprintf(&w, `<col min="%d" max="%d" width="9" hidden="1" customWidth="1"/>`, c, c)
			}
			w.WriteString(`</cols>`)
		}
		w.WriteString(`<sheetData>`)
		for _, r := range s.Rows {
			if r.Num > 0 {
				fmt.Fprintf(&w, `<row r="%d">`, r.Num)
			} else {
				w.WriteString(`<row>`)
			}
			for _, c := range r.Cells {
				w.WriteString(`<c`)
				if c.Ref != "" {
					fmt.Fprintf(&w, ` r="%s"`, c.Ref)
				}
				if c.Style != 0 {
					fmt.Fprintf(&w, ` s="%d"`, c.Style)
				}
				if c.Type != "" {
					fmt.Fprintf(&w, ` t="%s"`, c.Type)
				}
				w.WriteString(">" + c.XML + "</c>")
			}
			w.WriteString(`</row>`)
		}
		w.WriteString(`</sheetData>`)
		if len(s.Merges) > 0 {
			fmt.Fprintf(&w, `<mergeCells count="%d">`, len(s.Merges))
			for _, m := range s.Merges {
				fmt.Fprintf(&w, `<mergeCell ref="%s"/>`, m)
			}
			w.WriteString(`</mergeCells>`)
		}
		w.WriteString(`</worksheet>`)
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), w.String())
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
