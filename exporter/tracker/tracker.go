// Package tracker writes the submission tracker as a workbook: for a
// plan's period, each unit's progress and its last upload, for the
// Controller to file, filter or send on.
package tracker

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// Sheet is the workbook's one sheet.
const Sheet = "Stato degli invii"

// Headings are the table's column headings, on HeaderRow.
var Headings = []string{"Struttura", "Stato", "Azioni", "Azioni con valore", "Completamento", "Ultimo invio", "Inviato da", "Esito",
	"Invii rifiutati"}

// HeaderRow is the row of the headings; one row per unit follows.
const HeaderRow = 5

// Table is what the workbook shows.
type Table struct {
	Title       string // «Piano della Performance 2020, versione 1»
	Period      string // «giugno 2020»
	Closing     string // «chiusura il 15/07/2020: ancora 5 giorni»
	GeneratedAt time.Time
	Rows        []Row
}

// Row is a unit's line.
type Row struct {
	Unit              string
	Status            model.CollectionStatus
	Actions, Measured int
	// LastAt is when its last workbook came, nil when none did.
	LastAt      *time.Time
	LastBy      string
	LastOutcome string // the outcome, model.OutcomeAccepted…
	Refused     int
}

// statusFills are the fills of the Stato cells: Excel's own «Buono»,
// «Neutrale» and «Non valido» colours.
var statusFills = map[model.CollectionStatus]string{
	model.StatusComplete: "C6EFCE", model.StatusPartial: "FFEB9C", model.StatusMissing: "FFC7CE",
}

// Write writes the tracker workbook.
func Write(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := write(f, t); err != nil {
		return fmt.Errorf("tracker workbook: %w", err)
	}
	return f.Write(w)
}

func write(f *excelize.File, t Table) error {
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "bottom", Color: "BFBFBF", Style: 1}}
	dateFormat := "dd/mm/yyyy hh:mm"
	styles := map[string]*excelize.Style{
		"title":  {Font: &excelize.Font{Bold: true, Size: 14}},
		"meta":   {Font: &excelize.Font{Italic: true, Color: "404040"}},
		"header": {Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Border: border, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}},
		"text":   {Border: border},
		"number": {Border: border, NumFmt: 1},
		"pct":    {Border: border, NumFmt: 9},
		"date":   {Border: border, CustomNumFmt: &dateFormat},
	}
	for s, fill := range statusFills {
		styles[string(s)] = &excelize.Style{Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}}
	}
	ids := map[string]int{}
	for name, s := range styles {
		id, err := f.NewStyle(s)
		if err != nil {
			return err
		}
		ids[name] = id
	}
	set := func(cell string, v any, style string) error {
		if text, ok := v.(string); ok {
			v = model.EncodeExcelEscapes(text) // see exporter/xlsxcell
		}
		if err := f.SetCellValue(Sheet, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(Sheet, cell, cell, ids[style])
	}
	meta := fmt.Sprintf("Periodo: %s. %s", t.Period, t.Closing)
	generated := "Generato il " + t.GeneratedAt.In(model.Rome).Format("02/01/2006 alle 15:04")
	for i, c := range []styled{{t.Title, "title"}, {meta, "meta"}, {generated, "meta"}} {
		if err := set(fmt.Sprintf("A%d", i+1), c.v, c.style); err != nil {
			return err
		}
	}
	for i, h := range Headings {
		cell := model.CellName(i+1, HeaderRow)
		if err := set(cell, h, "header"); err != nil {
			return err
		}
	}
	for i, r := range t.Rows {
		for col, c := range rowCells(r) {
			cell := model.CellName(col+1, HeaderRow+1+i)
			if err := set(cell, c.v, c.style); err != nil {
				return err
			}
		}
	}
	for col, width := range []float64{34, 14, 9, 12, 14, 17, 18, 30, 10} {
		name := model.ColumnName(col + 1)
		if err := f.SetColWidth(Sheet, name, name, width); err != nil {
			return err
		}
	}
	last := model.CellName(len(Headings), HeaderRow+max(1, len(t.Rows)))
	first := model.CellName(1, HeaderRow)
	if err := f.AutoFilter(Sheet, first+":"+last, nil); err != nil {
		return err
	}
	below := model.CellName(1, HeaderRow+1)
	return f.SetPanes(Sheet, &excelize.Panes{Freeze: true, YSplit: HeaderRow, TopLeftCell: below, ActivePane: "bottomLeft"})
}

// styled is a cell's value and the name of its style.
type styled struct {
	v     any
	style string
}

// rowCells are a unit's cells, in the order of Headings.
func rowCells(r Row) []styled {
	last, by, outcome := styled{"nessun invio", "text"}, "", ""
	if r.LastAt != nil {
		last, by, outcome = styled{romeWall(*r.LastAt), "date"}, r.LastBy, model.OutcomeLabel(r.LastOutcome)
	}
	return []styled{{r.Unit, "text"}, {r.Status.Label(), string(r.Status)}, {r.Actions, "number"}, {r.Measured, "number"},
		{completion(r), "pct"}, last, {by, "text"}, {outcome, "text"}, {r.Refused, "number"}}
}

// completion is the share of a unit's actions with a value, 0–1.
func completion(r Row) float64 {
	if r.Actions == 0 {
		return 1
	}
	return float64(r.Measured) / float64(r.Actions)
}

// romeWall is t as the Chamber's clocks show it: excelize writes a
// time's instant, and a spreadsheet has no time zone.
func romeWall(t time.Time) time.Time {
	r := t.In(model.Rome)
	return time.Date(r.Year(), r.Month(), r.Day(), r.Hour(), r.Minute(), r.Second(), 0, time.UTC)
}
