// Package scorecard writes the scored workbook management reads: a summary
// with a chart, the whole tree with every attainment and roll-up as a live
// formula (cached with the engine's value, so the file opens right and a
// corrected value recomputes everything above it), a sheet per unit and the
// warnings. Colour bands follow the values through conditional formatting.
package scorecard

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/internal/sheet"
	"cruscotto/model"
)

// Sheet names.
const (
	SheetSummary  = "Sintesi"
	SheetDetail   = "Dettaglio"
	SheetUnits    = "Per unità"
	SheetWarnings = "Avvisi"
)

// Dettaglio's columns.
const (
	colLevel = iota + 1
	colCode
	colTitle
	colKPI
	colWeight
	colTarget
	col80
	col60
	colValue
	colAttainment
	colCoverage
	colUnits
	colPIRA
	colNote
	colReview
	colPrevValue
	colPrevAttainment
	colLastYearValue
	colLastYearAttainment
	colTargetN
	col80N
	col60N
	colDirection
)

var detailHeads = []string{"Livello", "Codice", "Azione", "KPI", "Peso", "Target", "Soglia 80%", "Soglia 60%", "Valore rilevato",
	"Raggiungimento", "Copertura", "Struttura", "PIRA", "Note (analisi degli scostamenti)", "Verifica del Controller", "Valore precedente", "Raggiungimento precedente",
	"Valore anno precedente", "Raggiungimento anno precedente", "Target (calcolo)", "Soglia 80% (calcolo)", "Soglia 60% (calcolo)", "Verso (1 più alto è meglio, -1 più basso)"}

// DetailHeaderRow is the row of Dettaglio's headings; data start below.
const DetailHeaderRow = 4

// Data is what the scored workbook shows.
type Data struct {
	Plan        *model.Plan
	Score       *model.Scorecard
	Previous    *model.Scorecard // an earlier period of the same plan, or nil
	GeneratedAt time.Time
}

// Write writes the scored workbook.
func Write(w io.Writer, d Data) error {
	f := excelize.NewFile()
	defer f.Close()
	wr := &writer{f: f, d: d, rows: map[string]int{}}
	for _, step := range []func() error{wr.setup, wr.detail, wr.summary, wr.units, wr.warnings, wr.finish} {
		if err := step(); err != nil {
			return fmt.Errorf("scored workbook: %w", err)
		}
	}
	return f.Write(w)
}

type writer struct {
	f    *excelize.File
	d    Data
	rows map[string]int // "A:1.1.1", "O:1.1", "S:1", "P:name" → Dettaglio row
	st   styles
}

type styles struct {
	title, meta, section, header, text, bold, pct, pctBold, weight, general, days, hours, euro, month, date int
	band                                                                                                    map[string]int // conditional formats by band name
	fill                                                                                                    map[string]int // legend cells
	met                                                                                                     int            // conditional format of a verdict «✓»
}

func (wr *writer) setup() error {
	f := wr.f
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	for _, s := range []string{SheetDetail, SheetUnits, SheetWarnings} {
		if _, err := f.NewSheet(s); err != nil {
			return err
		}
	}
	// before the sheets' stream writers start: they write sheetPr first
	// and never again
	if err := sheet.FitToPage(f, f.GetSheetList()...); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "bottom", Color: "BFBFBF", Style: 1}}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	custom := func(code string) excelize.Style {
		return excelize.Style{CustomNumFmt: &code, Border: border, Alignment: wrap}
	}
	defs := []struct {
		dst *int
		s   excelize.Style
	}{
		{&wr.st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&wr.st.meta, excelize.Style{Font: &excelize.Font{Italic: true, Color: "404040"}}},
		{&wr.st.section, excelize.Style{Font: &excelize.Font{Bold: true}}}, // a heading over a table, spilling to the right
		{&wr.st.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}, Border: border}},
		{&wr.st.text, excelize.Style{Alignment: wrap, Border: border}},
		{&wr.st.bold, excelize.Style{Alignment: wrap, Border: border, Font: &excelize.Font{Bold: true}}},
		{&wr.st.pct, excelize.Style{NumFmt: 10, Border: border, Alignment: wrap}},
		{&wr.st.pctBold, excelize.Style{NumFmt: 10, Border: border, Alignment: wrap, Font: &excelize.Font{Bold: true}}},
		{&wr.st.weight, excelize.Style{NumFmt: 9, Border: border, Alignment: wrap}},
		{&wr.st.general, excelize.Style{NumFmt: 0, Border: border, Alignment: wrap}},
		{&wr.st.days, custom(`General" gg"`)},
		{&wr.st.hours, custom(`General" ore"`)},
		{&wr.st.euro, custom(`#,##0.00" €"`)},
		{&wr.st.month, custom(`[$-410]mmmm`)}, // Italian month names whatever the reader's locale
		{&wr.st.date, custom(`dd/mm/yyyy`)},
	}
	for _, def := range defs {
		id, err := f.NewStyle(&def.s)
		if err != nil {
			return err
		}
		*def.dst = id
	}
	met, err := f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Font: &excelize.Font{Bold: true, Color: "1F3864"}})
	if err != nil {
		return err
	}
	wr.st.met = met
	wr.st.band, wr.st.fill = map[string]int{}, map[string]int{}
	for _, b := range model.AllBands() {
		color := strings.TrimPrefix(b.Color, "#")
		text := strings.TrimPrefix(b.Text, "#")
		id, err := f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}, Font: &excelize.Font{Color: text}})
		if err != nil {
			return err
		}
		wr.st.band[b.Name] = id
		id, err = f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}, Font: &excelize.Font{Color: text}, Border: border})
		if err != nil {
			return err
		}
		wr.st.fill[b.Name] = id
	}
	return nil
}

// num returns a cached number for a formula cell, or "" when there is none.
func num(v *float64, scale float64) any {
	if v == nil {
		return ""
	}
	return *v * scale
}

// bandRules colours a range by the band of the score in column col of its
// row, as bandFormula names it, where condition when (a formula over
// firstRow's cells, "" for always) holds.
func (wr *writer) bandRules(sheet, rangeRef string, col int, firstRow int, when string) error {
	band := bandFormula(fmt.Sprintf("$%s%d", model.ColumnName(col), firstRow))
	var opts []excelize.ConditionalFormatOptions
	for _, b := range model.AllBands() {
		style := wr.st.band[b.Name]
		criteria := fmt.Sprintf(`%s="%s"`, band, b.ColorName)
		if when != "" {
			criteria = fmt.Sprintf("AND(%s,%s)", when, criteria)
		}
		opts = append(opts, excelize.ConditionalFormatOptions{Type: "formula", Criteria: criteria, Format: &style, StopIfTrue: true})
	}
	return wr.f.SetConditionalFormat(sheet, rangeRef, opts)
}

// threshold writes a lower bound as a formula's number, a hair below
// its value: a score computed as 0.7999999999 reaches the 80% band, as
// the model's scoring does.
func threshold(f float64) string {
	return sheet.Number(f - 1e-9)
}

func (wr *writer) finish() error {
	f := wr.f
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	// Sintesi is the first sheet and active already: SetActiveSheet would
	// make excelize parse every streamed sheet back (2 s on 10,000 actions)
	return f.SetDocProps(&excelize.DocProperties{
		Title:   fmt.Sprintf("Risultati del Piano della Performance %d — %s", wr.d.Plan.Year, wr.d.Score.Period.Label()),
		Creator: "Cruscotto",
	})
}

func methodLabel(m model.Method) string {
	if m == model.MethodLinear {
		return "lineare (interpolazione tra le soglie)"
	}
	return "a gradini (100% al target, 80% e 60% alle soglie)"
}

func (wr *writer) metaLines() []string {
	p, sc := wr.d.Plan, wr.d.Score
	period := fmt.Sprintf("Periodo: %s — metodo di calcolo: %s", sc.Period.Label(), methodLabel(sc.Method))
	if sc.Period.Month != 0 {
		// every sheet says it: a value at mid-year is progress
		period += " — MONITORAGGIO INTERMEDIO: avanzamento in corso, confrontato con i target annuali; non è un giudizio (fasce ed esiti valgono al consuntivo)"
	}
	return []string{
		period,
		fmt.Sprintf("Prodotto il %s dal piano %d, versione %d (file %s, sha256 %.12s…)", wr.d.GeneratedAt.Format("02/01/2006 15:04"), p.Year, p.Version, p.FileName, p.SHA256),
	}
}

// printSetup prints a sheet as the unit workbooks do: landscape A4, one
// page wide, headerRow (0 for none) repeated on every page, margins, the
// plan and period on top and the page number at the foot; lastCol×lastRow
// bounds the print area (0 for what the sheet holds).
func (wr *writer) printSetup(name string, headerRow, lastCol, lastRow int) error {
	return sheet.SetPage(wr.f, name, sheet.Page{
		Header:   sheet.PageHeader(fmt.Sprintf("Piano della Performance %d", wr.d.Plan.Year), wr.d.Score.Period.Label()),
		Footer:   sheet.PageFooter("Risultati — " + name),
		TitleRow: headerRow, LastCol: lastCol, LastRow: lastRow, Narrow: true,
	})
}

// fit gives a row the height its wrapped texts need in columns of widths
// (in characters): neither Excel nor LibreOffice grows a row written with
// the default height, and the text would spill over the rows below,
// on screen and on paper. Nothing when one line is enough.
func (wr *writer) fit(widths []float64, cells []any) []excelize.RowOpts {
	lines := 1
	for i, c := range cells {
		cell, ok := c.(excelize.Cell)
		if !ok || i >= len(widths) {
			continue
		}
		if s, ok := cell.Value.(string); ok {
			width := widths[i]
			if cell.StyleID == wr.st.bold {
				width /= boldWidth
			}
			lines = max(lines, wrappedLines(s, width))
		}
	}
	if lines == 1 {
		return nil
	}
	return []excelize.RowOpts{{Height: float64(lines) * lineHeight}}
}

// boldWidth is how much wider a bold text is than a regular one.
const boldWidth = 1.15

// lineHeight is a line of the default 11-point font, in points.
const lineHeight = 15

// wrappedLines counts the lines s takes wrapped at word boundaries in a
// column width characters wide: a width counts digits, and an average
// letter is narrower (LibreOffice fits 1.2 of them in DejaVu Sans, the
// font it substitutes for Calibri where Carlito is missing; Excel more).
func wrappedLines(s string, width float64) int {
	per := max(1, int(width*1.15))
	lines := 0
	for _, para := range strings.Split(s, "\n") {
		lines++
		used := 0
		for _, word := range strings.Fields(para) {
			n := len([]rune(word))
			switch {
			case used == 0:
				used = n
			case used+1+n <= per:
				used += 1 + n
			default:
				lines++
				used = n
			}
			for used > per { // a word longer than the column breaks
				lines++
				used -= per
			}
		}
	}
	return lines
}
