// Package sheet holds what every workbook Cruscotto writes shares: the
// printed page (A4 landscape, one page wide, the page header and footer
// escaped as Excel wants them), number literals for formulas, and column
// tables whose positions are derived from their order, never written
// twice. Cell names come from model.CellName.
package sheet

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// EscapeHF escapes text for a page header or footer, where «&» starts a
// code (&P is the page number): «&&» prints one «&».
func EscapeHF(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// MaxHeaderFooter is the longest page header or footer Excel accepts, in
// characters.
const MaxHeaderFooter = 255

// PageHeader is a page header with left on the left and right on the
// right, left shortened with «…» when both would not fit in
// MaxHeaderFooter.
func PageHeader(left, right string) string {
	head := func(l string) string { return "&L" + EscapeHF(l) + "&R" + EscapeHF(right) }
	if utf8.RuneCountInString(head(left)) <= MaxHeaderFooter {
		return head(left)
	}
	runes := []rune(left)
	for len(runes) > 0 && utf8.RuneCountInString(head(strings.TrimSpace(string(runes))+"…")) > MaxHeaderFooter {
		runes = runes[:len(runes)-1]
	}
	return head(strings.TrimSpace(string(runes)) + "…")
}

// PageFooter is a page footer with left on the left and «Pagina N di M»
// on the right.
func PageFooter(left string) string {
	return "&L" + EscapeHF(left) + "&RPagina &P di &N"
}

// Page is how a sheet prints.
type Page struct {
	Header, Footer string // PageHeader and PageFooter
	// TitleRow is repeated on top of every page, 0 for none.
	TitleRow int
	// LastCol and LastRow bound the print area from A1, 0 for what the
	// sheet holds.
	LastCol, LastRow int
	// Narrow sets narrow margins, the table centred on the page.
	Narrow bool
}

// SetPage prints sheet on A4 landscape, one page wide and as many tall
// as it takes, as p says. Fitting to the width also needs the sheet's
// FitToPage property (FitToPage), which a stream writer must find set
// before it starts.
func SetPage(f *excelize.File, sheet string, p Page) error {
	landscape, fit, tall, a4 := "landscape", 1, 0, 9
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &fit, FitToHeight: &tall}); err != nil {
		return fmt.Errorf("page layout of %s: %w", sheet, err)
	}
	if p.Narrow {
		side, edge, band, center := 0.4, 0.6, 0.3, true
		if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &band, Footer: &band, Horizontally: &center}); err != nil {
			return fmt.Errorf("margins of %s: %w", sheet, err)
		}
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: p.Header, OddFooter: p.Footer}); err != nil {
		return fmt.Errorf("page header of %s: %w", sheet, err)
	}
	if p.TitleRow > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, p.TitleRow, p.TitleRow), Scope: sheet}); err != nil {
			return fmt.Errorf("print titles of %s: %w", sheet, err)
		}
	}
	if p.LastCol > 0 && p.LastRow > 0 {
		ref := fmt.Sprintf("'%s'!$A$1:$%s$%d", sheet, model.ColumnName(p.LastCol), p.LastRow)
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: ref, Scope: sheet}); err != nil {
			return fmt.Errorf("print area of %s: %w", sheet, err)
		}
	}
	return nil
}

// FitToPage marks sheets to print scaled to their page setup's fit (see
// SetPage).
func FitToPage(f *excelize.File, sheets ...string) error {
	yes := true
	for _, s := range sheets {
		if err := f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
			return fmt.Errorf("fit to page of %s: %w", s, err)
		}
	}
	return nil
}

// Number writes f as a number literal for a formula: a dot for decimals,
// at most nine of them, no trailing zeros, and never «-0».
func Number(f float64) string {
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.9f", f), "0"), ".")
	if s == "" || s == "-0" {
		return "0"
	}
	return s
}

// Column is a column of a table a writer lays out: its heading and its
// width in characters.
type Column struct {
	Head  string
	Width float64
}

// Columns is a table's columns in order: a column's position is where its
// heading stands, so that adding or moving a column moves every use.
type Columns []Column

// Index returns the 1-based position of the column headed head; a
// heading the table lacks is a programming error, and panics.
func (cs Columns) Index(head string) int {
	for i, c := range cs {
		if c.Head == head {
			return i + 1
		}
	}
	panic("sheet: no column headed " + head)
}

// Widths returns the columns' widths, in order.
func (cs Columns) Widths() []float64 {
	out := make([]float64, len(cs))
	for i, c := range cs {
		out[i] = c.Width
	}
	return out
}
