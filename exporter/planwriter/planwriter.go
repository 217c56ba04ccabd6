// Package planwriter writes a plan as a Chamber-style plan workbook, in the
// layouts plans drift between from year to year: one sheet per perspective
// or several blocks on one sheet, merged or repeated hierarchy cells,
// reordered and extra columns, header spelling variants. The importer's
// tests use it to check that every layout gives the same model, and the
// benchmarks to build large plans.
package planwriter

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// Column is one column a plan sheet can have.
type Column int

// The columns of a plan sheet, in the 2020 plan's order.
const (
	Perspective Column = iota
	StrategicCode
	StrategicDescription
	StrategicKPI
	StrategicTargets // one column per year
	OperationalCode
	OperationalTitle
	OperationalWeight
	OperationalKPI
	ActionCode
	ActionTitle
	ActionWeight
	ActionKPI
	ActionTarget
	Threshold80
	Threshold60
	PIRA
	Responsible
	ExtraNotes // a column the importer does not know
)

// StandardOrder is the 2020 plan's column order.
var StandardOrder = []Column{Perspective, StrategicCode, StrategicDescription, StrategicKPI, StrategicTargets,
	OperationalCode, OperationalTitle, OperationalWeight, OperationalKPI,
	ActionCode, ActionTitle, ActionWeight, ActionKPI, ActionTarget, Threshold80, Threshold60, PIRA, Responsible}

// Layout says how to lay a plan out.
type Layout struct {
	OneSheet     bool     // every perspective as a block on one sheet, each with its header
	Merge        bool     // merge hierarchy cells over their rows
	Repeat       bool     // without Merge: repeat hierarchy values on every row (else only on the first)
	Order        []Column // nil: StandardOrder
	Variant      bool     // header spelling variants: "Cod.", "Titolo/Descrizione", "PESO", "Soglia 80%", "Pira"
	TrailingDots bool     // codes written "1.1." and "1.1.1 "
	Numbers      bool     // numeric values as number cells, percentages formatted as %
	Years        []int    // strategic target years; nil: plan year and the next two

	// How next year's files drift (issue 10).
	TitleLines int  // title lines after the first, then a blank merged logo area, before the header
	Sections   bool // one header; no perspective column: each perspective named in a row merged across the table
	Totals     bool // a «Totale» row under each objective's actions: the SUM of their weights, with its value
	HiddenYear bool // a hidden column of last year's strategic targets («Target 2020» in a 2021 plan)
	Synonyms   bool // other labels: Indicatore, Risultato atteso, Soglia intermedia/minima, Struttura responsabile, Peso %
	Notes      bool // «Note:» and numbered notes after the last block, a «Legenda» between blocks, signatures at the end
}

// NoteLines are the notes Write puts under the last block with Notes, as
// the importer should keep them; LegendLines those between blocks.
func NoteLines(year int) []string {
	return []string{"Note:", fmt.Sprintf("1. I target %d sono stati definiti sulla base dei risultati dell'anno precedente.", year),
		"2. Le soglie indicano il risultato minimo per il riconoscimento parziale dell'obiettivo."}
}

// LegendLines are the lines of the legend Write puts between blocks.
var LegendLines = []string{"Legenda", "PIRA = Piano integrato di prevenzione della corruzione", "gg = giorni lavorativi"}

// Write writes p as a plan workbook.
func Write(w io.Writer, p *model.Plan, l Layout) error {
	f := excelize.NewFile()
	defer f.Close()
	if l.Order == nil {
		l.Order = StandardOrder
	}
	if l.Years == nil {
		l.Years = []int{p.Year, p.Year + 1, p.Year + 2}
	}
	wr, err := newWriter(f, l)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("PIANO DELLA PERFORMANCE %d-%d - Obiettivi strategici, operativi e azioni", l.Years[0], l.Years[len(l.Years)-1])
	first := true
	var sw *excelize.StreamWriter
	row := 0
	oneSheet := l.OneSheet || l.Sections
	for pi, ps := range p.Perspectives {
		if first || !oneSheet {
			if sw != nil {
				if err := sw.Flush(); err != nil {
					return err
				}
			}
			name := sheetName(ps.Name)
			if oneSheet {
				name = "Piano"
			}
			if first {
				if err := f.SetSheetName("Sheet1", name); err != nil {
					return err
				}
			} else if _, err := f.NewSheet(name); err != nil {
				return err
			}
			if sw, err = f.NewStreamWriter(name); err != nil {
				return err
			}
			if row, err = wr.titleArea(sw, title); err != nil {
				return err
			}
		}
		header := first || !l.Sections
		first = false
		if header {
			row++ // a blank spacer row before each header
		}
		if row, err = wr.block(sw, ps, row, header); err != nil {
			return err
		}
		row++
		last := pi == len(p.Perspectives)-1
		switch {
		case l.Notes && last:
			lines := append(NoteLines(p.Year), "IL SEGRETARIO GENERALE", "Dott. Mario Rossi")
			if _, err = wr.lines(sw, row+1, lines); err != nil {
				return err
			}
		case l.Notes && oneSheet && !l.Sections && pi == 0:
			if row, err = wr.lines(sw, row+1, LegendLines); err != nil {
				return err
			}
		}
	}
	if sw != nil {
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// titleArea writes the title, the extra title lines and the blank merged
// logo area of a sheet, and returns the last row written.
func (wr *writer) titleArea(sw *excelize.StreamWriter, title string) (int, error) {
	if err := sw.SetColWidth(1, len(wr.cols), 16); err != nil {
		return 0, err
	}
	if wr.hiddenCol != 0 {
		if err := sw.SetColVisible(wr.hiddenCol, wr.hiddenCol, false); err != nil {
			return 0, err
		}
	}
	if err := sw.SetRow("A1", []any{title}); err != nil {
		return 0, err
	}
	row := 2
	if wr.l.TitleLines == 0 {
		return row, nil
	}
	for i := 0; i < wr.l.TitleLines; i++ {
		if err := sw.SetRow(model.CellName(1, row), []any{fmt.Sprintf("Camera di Commercio — allegato %d al Piano della Performance", i+1)}); err != nil {
			return 0, err
		}
		row++
	}
	// a blank area where a logo stands, merged over three rows
	if err := sw.MergeCell(model.CellName(1, row), model.CellName(3, row+2)); err != nil {
		return 0, err
	}
	return row + 3, nil
}

// lines writes text rows merged across the table from row start, and
// returns the last row written.
func (wr *writer) lines(sw *excelize.StreamWriter, start int, texts []string) (int, error) {
	row := start
	for _, t := range texts {
		if err := sw.SetRow(model.CellName(1, row), []any{t}); err != nil {
			return 0, err
		}
		if err := sw.MergeCell(model.CellName(1, row), model.CellName(len(wr.cols), row)); err != nil {
			return 0, err
		}
		row++
	}
	return row - 1, nil
}

func sheetName(s string) string {
	s = strings.NewReplacer(":", " ", "\\", " ", "/", " ", "?", " ", "*", " ", "[", " ", "]", " ").Replace(s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

type writer struct {
	l         Layout
	cols      []colSpec
	header    int
	pct       int
	date      int
	hiddenCol int // 1-based column of last year's targets, 0 without one
}

// colSpec is one physical column: its kind and, for targets, its year.
type colSpec struct {
	kind   Column
	year   int
	hidden bool // last year's targets, in a hidden column
}

func newWriter(f *excelize.File, l Layout) (*writer, error) {
	wr := &writer{l: l}
	for _, c := range l.Order {
		switch {
		case c == Perspective && l.Sections:
			continue // named in section rows instead
		case c == StrategicTargets:
			if l.HiddenYear {
				wr.cols = append(wr.cols, colSpec{kind: c, year: l.Years[0] - 1, hidden: true})
				wr.hiddenCol = len(wr.cols)
			}
			for _, y := range l.Years {
				wr.cols = append(wr.cols, colSpec{kind: c, year: y})
			}
			continue
		}
		wr.cols = append(wr.cols, colSpec{kind: c})
	}
	var err error
	if wr.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}}); err != nil {
		return nil, err
	}
	if wr.pct, err = f.NewStyle(&excelize.Style{NumFmt: 9}); err != nil {
		return nil, err
	}
	if wr.date, err = f.NewStyle(&excelize.Style{NumFmt: 14}); err != nil {
		return nil, err
	}
	return wr, nil
}

func group(c Column) string {
	switch {
	case c == Perspective:
		return "Prospettiva"
	case c <= StrategicTargets:
		return "Obiettivi strategici"
	case c <= OperationalKPI:
		return "Obiettivi operativi"
	case c <= Responsible:
		return "Azioni"
	}
	return "Altro"
}

func (wr *writer) label(c colSpec) (string, string) {
	v := wr.l.Variant
	pick := func(std, variant string) string {
		if v {
			return variant
		}
		return std
	}
	if wr.l.Synonyms {
		if lab, ok := synonyms[c.kind]; ok {
			return lab, ""
		}
	}
	switch c.kind {
	case Perspective:
		return "Prospettiva", ""
	case StrategicCode, OperationalCode, ActionCode:
		return pick("cod.", "Cod."), ""
	case StrategicDescription:
		return pick("descrizione", "Descrizione"), ""
	case OperationalTitle, ActionTitle:
		return pick("titolo / descrizione", "Titolo/Descrizione"), ""
	case StrategicKPI, OperationalKPI, ActionKPI:
		return pick("kpi", "KPI"), ""
	case StrategicTargets:
		return "Target", fmt.Sprint(c.year)
	case OperationalWeight, ActionWeight:
		return pick("peso", "PESO"), ""
	case ActionTarget:
		return pick("target", "Target"), ""
	case Threshold80:
		return pick("Soglie", "Soglia 80%"), pick("80%", "")
	case Threshold60:
		return pick("Soglie", "Soglia 60%"), pick("60%", "")
	case PIRA:
		return pick("PIRA", "Pira"), pick("Az.", "")
	case Responsible:
		return "Responsabile", ""
	case ExtraNotes:
		return "Note interne", ""
	}
	return "", ""
}

// synonyms are the labels next year's files use instead of the 2020
// ones (Layout.Synonyms).
var synonyms = map[Column]string{
	StrategicKPI: "Indicatore", OperationalKPI: "Indicatore", ActionKPI: "Indicatore",
	OperationalWeight: "Peso %", ActionWeight: "Peso %", ActionTarget: "Risultato atteso",
	Threshold80: "Soglia intermedia", Threshold60: "Soglia minima", Responsible: "Struttura responsabile",
	ActionTitle: "Descrizione", OperationalTitle: "Descrizione",
}

// header writes the three header rows from row start.
func (wr *writer) header3(sw *excelize.StreamWriter, start int) error {
	n := len(wr.cols)
	groupRow, labelRow, subRow := make([]any, n), make([]any, n), make([]any, n)
	for i, c := range wr.cols {
		groupRow[i] = excelize.Cell{StyleID: wr.header, Value: group(c.kind)}
		lab, sub := wr.label(c)
		labelRow[i] = excelize.Cell{StyleID: wr.header, Value: lab}
		if sub != "" {
			subRow[i] = excelize.Cell{StyleID: wr.header, Value: sub}
		}
	}
	for i, r := range [][]any{groupRow, labelRow, subRow} {
		if err := sw.SetRow(model.CellName(1, start+i), r); err != nil {
			return err
		}
	}
	return nil
}

// block writes one perspective's header (when header) and rows from row
// start; it returns the last row written.
func (wr *writer) block(sw *excelize.StreamWriter, ps *model.Perspective, start int, header bool) (int, error) {
	n := len(wr.cols)
	row := start
	if header {
		if err := wr.header3(sw, start); err != nil {
			return 0, err
		}
		row += 3
	}
	if wr.l.Sections {
		if _, err := wr.lines(sw, row, []string{"PROSPETTIVA: " + ps.Name}); err != nil {
			return 0, err
		}
		row++
	}
	var merges [][2]string
	perspStart := row
	for _, s := range ps.Strategic {
		sStart := row
		for oi, o := range s.Operational {
			oStart := row
			for ai, a := range o.Actions {
				vals := make([]any, n)
				for i, c := range wr.cols {
					firstOfS := oi == 0 && ai == 0
					show := func(first bool) bool { return first || wr.l.Repeat } // merged cells hold their value in the top-left cell only
					vals[i] = wr.value(c, ps, s, o, a, show(row == perspStart), show(firstOfS), show(ai == 0))
				}
				if err := sw.SetRow(model.CellName(1, row), vals); err != nil {
					return 0, err
				}
				row++
			}
			oEnd := row
			if wr.l.Totals && !(len(o.Actions) == 1 && o.Actions[0].Implicit) {
				if err := sw.SetRow(model.CellName(1, row), wr.totalsRow(o, oStart, row-1)); err != nil {
					return 0, err
				}
				row++
			}
			if wr.l.Merge && oEnd-oStart > 1 {
				for i, c := range wr.cols {
					if c.kind >= OperationalCode && c.kind <= OperationalKPI {
						merges = append(merges, [2]string{model.CellName(i+1, oStart), model.CellName(i+1, oEnd-1)})
					}
				}
			}
		}
		if wr.l.Merge && row-sStart > 1 {
			for i, c := range wr.cols {
				if c.kind >= StrategicCode && c.kind <= StrategicTargets {
					merges = append(merges, [2]string{model.CellName(i+1, sStart), model.CellName(i+1, row-1)})
				}
			}
		}
	}
	if wr.l.Merge && row-perspStart > 1 {
		for i, c := range wr.cols {
			if c.kind == Perspective {
				merges = append(merges, [2]string{model.CellName(i+1, perspStart), model.CellName(i+1, row-1)})
			}
		}
	}
	for _, m := range merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return 0, err
		}
	}
	return row - 1, nil
}

// totalsRow is the «Totale» row under an objective's actions, rows first
// to last: the SUM of their weights, with its value cached as Excel would.
func (wr *writer) totalsRow(o *model.OperationalObjective, first, last int) []any {
	vals := make([]any, len(wr.cols))
	var sum float64
	for _, a := range o.Actions {
		sum += a.Weight
	}
	for i, c := range wr.cols {
		switch c.kind {
		case ActionTitle:
			vals[i] = "Totale"
		case ActionWeight:
			vals[i] = excelize.Cell{StyleID: wr.pct, Formula: fmt.Sprintf("SUM(%s:%s)", model.CellName(i+1, first), model.CellName(i+1, last)), Value: sum / 100}
		}
	}
	return vals
}

func (wr *writer) code(c string, extra string) string {
	if wr.l.TrailingDots {
		return c + extra
	}
	return c
}

// value returns what a cell holds; showP/showS/showO say whether the
// perspective, strategic and operational cells carry their value on this
// row.
func (wr *writer) value(c colSpec, ps *model.Perspective, s *model.StrategicObjective, o *model.OperationalObjective, a *model.Action, showP, showS, showO bool) any {
	switch c.kind {
	case Perspective:
		if showP {
			return ps.Name
		}
	case StrategicCode:
		if showS {
			if n, err := strconv.Atoi(s.Code); err == nil && wr.l.Numbers {
				return n // the 2020 plan's strategic codes are numbers
			}
			return wr.code(s.Code, ".")
		}
	case StrategicDescription:
		if showS {
			return s.Description
		}
	case StrategicKPI:
		if showS {
			return s.KPI
		}
	case StrategicTargets:
		if c.hidden && showS {
			return wr.percent(70) // last year's target, no longer in force
		}
		if t, ok := s.Targets[c.year]; ok && showS {
			return wr.percent(t)
		}
	case OperationalCode:
		if showO {
			return wr.code(o.Code, ".")
		}
	case OperationalTitle:
		if showO {
			return o.Title
		}
	case OperationalWeight:
		if showO {
			return wr.percent(o.Weight)
		}
	case OperationalKPI:
		if showO {
			return o.KPI
		}
	case ActionCode:
		if !a.Implicit {
			return wr.code(a.Code, " ")
		}
	case ActionTitle:
		if !a.Implicit {
			return a.Title
		}
	case ActionWeight:
		if !a.Implicit {
			return wr.percent(a.Weight)
		}
	case ActionKPI:
		if !a.Implicit {
			return a.KPI
		}
	case ActionTarget:
		return wr.val(a.Target, "")
	case Threshold80:
		return wr.val(a.Threshold80, a.Threshold80Text)
	case Threshold60:
		return wr.val(a.Threshold60, a.Threshold60Text)
	case PIRA:
		if a.PIRA {
			return "si"
		}
	case Responsible:
		return a.Responsible
	case ExtraNotes:
		return "nota " + a.Code
	}
	return nil
}

func (wr *writer) percent(v float64) any {
	if wr.l.Numbers {
		return excelize.Cell{StyleID: wr.pct, Value: v / 100}
	}
	return model.FormatItalian(v) + "%"
}

func (wr *writer) val(v *model.Value, text string) any {
	if v == nil {
		if text != "" {
			return text
		}
		return nil
	}
	if wr.l.Numbers && v.Number != nil && v.Raw == model.ParseNumber(*v.Number, model.FormatGeneral).Raw && v.Kind == model.KindNumber {
		return *v.Number
	}
	if wr.l.Numbers && v.Number != nil && v.Kind == model.KindPercent && v.Raw == model.FormatItalian(*v.Number)+"%" {
		return excelize.Cell{StyleID: wr.pct, Value: *v.Number / 100}
	}
	if wr.l.Numbers && v.Number != nil && v.Kind == model.KindDate && v.Op == "" && model.DateOfSerial(*v.Number).Format("02/01/2006") == v.Raw {
		return excelize.Cell{StyleID: wr.date, Value: *v.Number} // a real date cell
	}
	return v.Raw
}
