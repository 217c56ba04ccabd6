package scorecard

import (
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// layoutRows gives every perspective, objective and action its Dettaglio
// row, in the plan's order, before anything is written: roll-up formulas
// refer to rows below them.
func (wr *writer) layoutRows() int {
	r := DetailHeaderRow + 1
	for n := range wr.d.Plan.Tree() {
		wr.rows[rowKey[n.Level]+n.Code()] = r
		r++
	}
	return r - 1
}

// rowKey prefixes a node's code in writer.rows: codes are unique within
// a level only.
var rowKey = map[model.Level]string{model.LevelPerspective: "P:", model.LevelStrategic: "S:", model.LevelOperational: "O:", model.LevelAction: "A:"}

func (wr *writer) detail() error {
	last := wr.layoutRows()
	sw, err := wr.f.NewStreamWriter(SheetDetail)
	if err != nil {
		return err
	}
	if err := wr.detailHeading(sw); err != nil {
		return err
	}
	for n := range wr.d.Plan.Tree() {
		var err error
		switch n.Level {
		case model.LevelPerspective:
			err = wr.perspectiveRow(sw, n.Perspective)
		case model.LevelStrategic:
			err = wr.strategicRow(sw, n.Strategic)
		case model.LevelOperational:
			err = wr.operationalRow(sw, n.Operational)
		case model.LevelAction:
			err = wr.actionRow(sw, n.Action)
		}
		if err != nil {
			return err
		}
	}
	if last > DetailHeaderRow {
		if err := wr.detailBands(last); err != nil {
			return err
		}
	}
	// the print leaves out the columns the formulas compute from
	// («… (calcolo)», «Verso»), and the earlier period's and last year's
	// when there are none
	printed := colReview
	if wr.d.Previous != nil {
		printed = colPrevAttainment
	}
	if wr.lastYear() {
		printed = colLastYearAttainment
	}
	if err := wr.printSetup(SheetDetail, DetailHeaderRow, printed, max(last, DetailHeaderRow)); err != nil {
		return err
	}
	return sw.Flush()
}

// detailHeading writes Dettaglio's title, what it is about and the
// column headings, frozen with the codes and titles.
func (wr *writer) detailHeading(sw *excelize.StreamWriter) error {
	d := wr.d
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 3, YSplit: DetailHeaderRow, TopLeftCell: model.CellName(4, DetailHeaderRow+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	for i, w := range detailWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: wr.st.title, Value: fmt.Sprintf("Risultati del Piano della Performance %d — dettaglio", d.Plan.Year)}}); err != nil {
		return err
	}
	for i, m := range wr.metaLines() {
		if err := sw.SetRow(model.CellName(1, 2+i), []any{excelize.Cell{StyleID: wr.st.meta, Value: m}}); err != nil {
			return err
		}
	}
	heads := make([]any, len(detailHeads))
	for i, h := range detailHeads {
		if i+1 == colPrevValue && d.Previous != nil {
			h = fmt.Sprintf("Valore %s", d.Previous.Period.Label())
		}
		if i+1 == colPrevAttainment && d.Previous != nil {
			h = fmt.Sprintf("Raggiungimento %s", d.Previous.Period.Label())
		}
		if i+1 == colLastYearValue || i+1 == colLastYearAttainment {
			h = strings.Replace(h, "anno precedente", model.Period{Year: d.Plan.Year - 1}.Label(), 1) // «Valore consuntivo 2020»
		}
		heads[i] = excelize.Cell{StyleID: wr.st.header, Value: h}
	}
	return sw.SetRow(model.CellName(1, DetailHeaderRow), heads, excelize.RowOpts{Height: 45})
}

// detailBands colours the attainments of Dettaglio's rows down to last
// by their band, and filters the headings; these settings live on the
// worksheet the stream writer flushes.
func (wr *writer) detailBands(last int) error {
	first := DetailHeaderRow + 1
	rng := fmt.Sprintf("%s:%s", model.CellName(colAttainment, first), model.CellName(colAttainment, last))
	// actions and operational objectives take the actions' bands; a
	// strategic objective and a perspective have their verdict in words
	// instead (the note column), never a band beside a child of the same
	// score in another colour
	level := "$" + model.CellName(colLevel, first)
	when := fmt.Sprintf(`AND(%s<>"Strategico",%s<>"Prospettiva")`, level, level)
	if err := wr.bandRules(SheetDetail, rng, colAttainment, first, when); err != nil {
		return err
	}
	// only actions have an earlier attainment, or last year's
	for _, col := range []int{colPrevAttainment, colLastYearAttainment} {
		if col == colPrevAttainment && wr.d.Previous == nil || col == colLastYearAttainment && !wr.lastYear() {
			continue
		}
		rng := fmt.Sprintf("%s:%s", model.CellName(col, first), model.CellName(col, last))
		if err := wr.bandRules(SheetDetail, rng, col, first, ""); err != nil {
			return err
		}
	}
	return wr.f.AutoFilter(SheetDetail, fmt.Sprintf("%s:%s", model.CellName(1, DetailHeaderRow), model.CellName(len(detailHeads), last)), nil)
}

// detailWidths are Dettaglio's column widths, in characters.
var detailWidths = []float64{11, 9, 40, 36, 8, 12, 11, 11, 13, 16, 11, 24, 6, 40, 22, 13, 14, 13, 14, 10, 10, 10, 10}

// lastYear reports whether any action has a figure of the previous
// year's end to show.
func (wr *writer) lastYear() bool {
	for _, as := range wr.d.Score.Actions {
		if as.PreviousYear != nil {
			return true
		}
	}
	return false
}

func row(cells ...any) []any { return cells }

func text(style int, s string) excelize.Cell { return excelize.Cell{StyleID: style, Value: s} }

func (wr *writer) perspectiveRow(sw *excelize.StreamWriter, ps *model.Perspective) error {
	r := wr.rows["P:"+ps.Name]
	var refs []string
	var sum float64
	n := 0
	for _, s := range ps.Strategic {
		refs = append(refs, model.CellName(colAttainment, wr.rows["S:"+s.Code]))
		if sc := wr.d.Score.StrategicScoreOf(s.Code); sc != nil && sc.Score != nil {
			sum += *sc.Score
			n++
		}
	}
	var cached *float64
	if n > 0 {
		mean := sum / float64(n)
		cached = &mean
	}
	list := strings.Join(refs, ",")
	cells := make([]any, colAttainment)
	cells[colLevel-1] = text(wr.st.bold, "Prospettiva")
	cells[colTitle-1] = text(wr.st.bold, ps.Name)
	cells[colAttainment-1] = excelize.Cell{StyleID: wr.st.pctBold, Formula: fmt.Sprintf(`IF(COUNT(%s)=0,"",AVERAGE(%s))`, list, list), Value: num(cached, 0.01)}
	return sw.SetRow(model.CellName(1, r), cells, wr.fit(detailWidths, cells)...)
}

func (wr *writer) strategicRow(sw *excelize.StreamWriter, s *model.StrategicObjective) error {
	r := wr.rows["S:"+s.Code]
	sc := wr.d.Score.StrategicScoreOf(s.Code)
	var num1, den, cov, weights []string
	for _, o := range s.Operational {
		or := wr.rows["O:"+o.Code]
		e, j, k := model.CellName(colWeight, or), model.CellName(colAttainment, or), model.CellName(colCoverage, or)
		num1 = append(num1, fmt.Sprintf("IF(ISNUMBER(%s),%s*%s,0)", j, e, j))
		den = append(den, fmt.Sprintf("ISNUMBER(%s)*%s", j, e))
		cov = append(cov, fmt.Sprintf("%s*N(%s)", e, k))
		weights = append(weights, e)
	}
	cells := make([]any, colCoverage)
	cells[colLevel-1] = text(wr.st.bold, "Strategico")
	cells[colCode-1] = text(wr.st.bold, s.Code)
	cells[colTitle-1] = text(wr.st.bold, s.Description)
	cells[colKPI-1] = text(wr.st.text, s.KPI)
	if sc.Target != nil {
		cells[colTarget-1] = excelize.Cell{StyleID: wr.st.weight, Value: *sc.Target / 100}
	}
	if len(num1) > 0 {
		d := strings.Join(den, "+")
		cells[colAttainment-1] = excelize.Cell{StyleID: wr.st.pctBold, Formula: fmt.Sprintf(`IF((%s)=0,"",(%s)/(%s))`, d, strings.Join(num1, "+"), d), Value: num(sc.Score, 0.01)}
		cells[colCoverage-1] = excelize.Cell{StyleID: wr.st.pct, Formula: fmt.Sprintf(`IF((%s)=0,"",(%s)/(%s))`, strings.Join(weights, "+"), strings.Join(cov, "+"), strings.Join(weights, "+")), Value: sc.Coverage / 100}
	}
	// the objective's verdict against its own target, in words
	cells = append(cells, make([]any, colNote-len(cells))...)
	cells[colNote-1] = excelize.Cell{StyleID: wr.st.bold, Formula: `"Esito: "&` + verdictFormula(model.CellName(colAttainment, r), model.CellName(colTarget, r), model.CellName(colCoverage, r)),
		Value: "Esito: " + sc.Verdict()}
	return sw.SetRow(model.CellName(1, r), cells, wr.fit(detailWidths, cells)...)
}

func (wr *writer) operationalRow(sw *excelize.StreamWriter, o *model.OperationalObjective) error {
	r := wr.rows["O:"+o.Code]
	sc := wr.d.Score.OperationalScore(o.Code)
	cells := make([]any, colCoverage)
	cells[colLevel-1] = text(wr.st.text, "Operativo")
	cells[colCode-1] = text(wr.st.bold, o.Code)
	cells[colTitle-1] = text(wr.st.bold, o.Title)
	cells[colKPI-1] = text(wr.st.text, o.KPI)
	cells[colWeight-1] = excelize.Cell{StyleID: wr.st.weight, Value: o.Weight / 100}
	if n := len(o.Actions); n > 0 {
		first, last := r+1, r+n
		e := fmt.Sprintf("%s:%s", model.CellName(colWeight, first), model.CellName(colWeight, last))
		j := fmt.Sprintf("%s:%s", model.CellName(colAttainment, first), model.CellName(colAttainment, last))
		den := fmt.Sprintf("SUMPRODUCT(%s,--ISNUMBER(%s))", e, j)
		cells[colAttainment-1] = excelize.Cell{StyleID: wr.st.pctBold, Formula: fmt.Sprintf(`IF(%s=0,"",SUMPRODUCT(%s,%s)/%s)`, den, e, j, den), Value: num(sc.Score, 0.01)}
		cells[colCoverage-1] = excelize.Cell{StyleID: wr.st.pct, Formula: fmt.Sprintf(`IF(SUM(%s)=0,"",%s/SUM(%s))`, e, den, e), Value: sc.Coverage / 100}
	}
	return sw.SetRow(model.CellName(1, r), cells, wr.fit(detailWidths, cells)...)
}

// scale is how an action's values are held in the sheet: percentages as
// fractions under a % format, months as month numbers (the measured month
// as a date shown as its name).
func scale(a *model.Action) float64 {
	if model.ExpectedKind(a) == model.KindPercent {
		return 0.01
	}
	return 1
}

func (wr *writer) valueCell(a *model.Action, v *model.Value) any {
	if v == nil || !v.Numeric() {
		return nil
	}
	n := *v.Number
	switch kind := model.ExpectedKind(a); {
	case kind == model.KindPercent:
		return excelize.Cell{StyleID: wr.st.pct, Value: n / 100}
	case kind == model.KindMonth:
		return excelize.Cell{StyleID: wr.st.month, Value: time.Date(wr.d.Score.Period.Year, time.Month(n), 1, 0, 0, 0, 0, time.UTC)}
	case kind == model.KindDate:
		return excelize.Cell{StyleID: wr.st.date, Value: n}
	case kind == model.KindYesNo:
		return text(wr.st.text, yesNoText(n))
	case a.Target.Kind == model.KindDays:
		return excelize.Cell{StyleID: wr.st.days, Value: n}
	case a.Target.Kind == model.KindHours:
		return excelize.Cell{StyleID: wr.st.hours, Value: n}
	case a.Target.Kind == model.KindEuro:
		return excelize.Cell{StyleID: wr.st.euro, Value: n}
	}
	return excelize.Cell{StyleID: wr.st.general, Value: n}
}

func (wr *writer) actionRow(sw *excelize.StreamWriter, a *model.Action) error {
	r := wr.rows["A:"+a.Code]
	as := wr.d.Score.Action(a.Code)
	cells := make([]any, colDirection)
	cells[colLevel-1] = text(wr.st.text, "Azione")
	cells[colCode-1] = text(wr.st.text, a.Code)
	cells[colTitle-1] = text(wr.st.text, a.Title)
	cells[colKPI-1] = text(wr.st.text, a.KPI)
	cells[colWeight-1] = excelize.Cell{StyleID: wr.st.weight, Value: a.Weight / 100}
	cells[colTarget-1] = text(wr.st.text, a.Target.DisplayOr(""))
	cells[col80-1] = text(wr.st.text, a.Threshold80.DisplayOr(a.Threshold80Text))
	cells[col60-1] = text(wr.st.text, a.Threshold60.DisplayOr(a.Threshold60Text))
	if as.Measured != nil {
		cells[colValue-1] = wr.valueCell(a, as.Measured)
	} else {
		cells[colValue-1] = text(wr.st.general, "")
	}
	cells[colAttainment-1] = excelize.Cell{StyleID: wr.st.pctBold, Formula: attainmentFormula(a, r, wr.d.Score.Method), Value: num(as.Attainment, 0.01)}
	units := strings.Join(a.Units, ", ")
	if units == "" {
		units = "senza responsabile"
	}
	cells[colUnits-1] = text(wr.st.text, units)
	if a.PIRA {
		cells[colPIRA-1] = text(wr.st.text, "Sì")
	}
	cells[colNote-1] = text(wr.st.text, as.Note)
	if as.Measured != nil {
		// which values the Controller has not validated yet
		review := as.Measurement.ReviewLabel()
		if m := as.Measurement; m != nil && m.Review != nil && m.Review.Comment != "" {
			review += ": " + m.Review.Comment
		}
		cells[colReview-1] = text(wr.st.text, review)
	}
	if wr.d.Previous != nil {
		if ps := wr.d.Previous.Action(a.Code); ps != nil && ps.Measured != nil {
			cells[colPrevValue-1] = text(wr.st.text, ps.Measured.Display())
			cells[colPrevAttainment-1] = excelize.Cell{StyleID: wr.st.pct, Value: *ps.Attainment / 100}
		} else {
			cells[colPrevValue-1] = text(wr.st.text, "non misurata")
		}
	}
	if p := as.PreviousYear; p != nil {
		cells[colLastYearValue-1] = text(wr.st.text, p.Value.Display())
		cells[colLastYearAttainment-1] = excelize.Cell{StyleID: wr.st.pct, Value: p.Attainment / 100}
	}
	if !a.Qualitative {
		s := scale(a)
		style := wr.st.general
		if a.Target.Kind == model.KindDate {
			style = wr.st.date // a serial day shown as the day it is
		}
		for i, v := range []*model.Value{a.Target, a.Threshold80, a.Threshold60} {
			if v.Numeric() {
				cells[colTargetN-1+i] = excelize.Cell{StyleID: style, Value: *v.Number * s}
			}
		}
		dir := 1
		if a.Direction == model.LowerIsBetter {
			dir = -1
		}
		cells[colDirection-1] = excelize.Cell{StyleID: wr.st.general, Value: dir}
	}
	return sw.SetRow(model.CellName(1, r), cells, wr.fit(detailWidths, cells)...)
}

// attainmentFormula is the engine's rule for one action as an Excel
// formula over the row's cells: the measured value (I), the numeric target
// and thresholds (S, T, U) and the direction (V). It yields a fraction.
// A signed target or threshold is met by its own comparison («> 3» only
// above 3), an unsigned one by the non-strict comparison of the direction;
// a yes/no target only by the same answer.
func attainmentFormula(a *model.Action, r int, method model.Method) string {
	i := model.CellName(colValue, r)
	if a.Qualitative {
		return fmt.Sprintf(`IF(%s="","",MAX(0,MIN(1,%s)))`, i, i)
	}
	if a.Target.Kind == model.KindYesNo {
		return fmt.Sprintf(`IF(%s="","",IF(IF(%s="%s",1,0)=%s,1,0))`, i, i, yesNoText(1), model.CellName(colTargetN, r))
	}
	v := i
	if model.ExpectedKind(a) == model.KindMonth {
		v = fmt.Sprintf("MONTH(%s)", i)
	}
	t := "$" + model.CellName(colDirection, r)
	type anchor struct {
		cell  string
		at    float64
		score float64
		op    model.Op
	}
	var anchors []anchor
	for k, x := range []*model.Value{a.Target, a.Threshold80, a.Threshold60} {
		if x.Numeric() {
			anchors = append(anchors, anchor{model.CellName(colTargetN+k, r), *x.Number, []float64{1, 0.8, 0.6}[k], x.Op})
		}
	}
	if len(anchors) == 0 {
		return `""`
	}
	expr := "0"
	for k := len(anchors) - 1; k >= 0; k-- {
		an := anchors[k]
		score := excelFloat(an.score)
		if method == model.MethodLinear && k > 0 && anchors[k-1].at != an.at {
			up := anchors[k-1]
			score = fmt.Sprintf("%s+%s*(%s-%s)/(%s-%s)", excelFloat(an.score), excelFloat(up.score-an.score), v, an.cell, up.cell, an.cell)
		}
		expr = fmt.Sprintf("IF(%s,%s,%s)", meets(an.op, t, v, an.cell), score, expr)
	}
	return fmt.Sprintf(`IF(%s="","",%s)`, i, expr)
}

// meets is the comparison that says value v meets limit: the limit's own
// sign, or the non-strict comparison of the direction t (1 or -1).
func meets(op model.Op, t, v, limit string) string {
	switch op {
	case model.OpGT, model.OpGE, model.OpLT, model.OpLE:
		return v + string(op) + limit
	}
	return fmt.Sprintf("%s*%s>=%s*%s", t, v, t, limit)
}

// yesNoText writes a yes/no answer as the unit workbooks offer it.
func yesNoText(n float64) string {
	if n == 1 {
		return "SI"
	}
	return "NO"
}

func excelFloat(f float64) string {
	s := fmt.Sprintf("%.6f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}
