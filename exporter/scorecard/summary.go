package scorecard

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/internal/sheet"
	"cruscotto/model"
)

// bandFormula names the band of score cell c with the engine's cut points,
// or no band but grey when c holds no number.
func bandFormula(c string) string {
	return fmt.Sprintf(`IF(ISNUMBER(%s),%s,"%s")`, c, bandChain(c, model.Bands), model.NotMeasured.ColorName)
}

// verdictFormula writes model.StrategicScore.Verdict as a formula over
// score d, target t and coverage k: «✓ raggiunto (target 80%)», «97% del target»,
// «da valutare», «senza target», «non misurato».
func verdictFormula(d, t, k string) string {
	return fmt.Sprintf(`IF(ISNUMBER(%s),IF(ISNUMBER(%s),IF(%s,IF(%s>=%s-0.000000001,"✓ raggiunto (target "&TEXT(%s,"0%%")&")",TEXT(%s/%s,"0%%")&" del target"),"da valutare"),"senza target"),"non misurato")`,
		d, t, judged(k), d, t, t, d, t)
}

// perspectiveVerdictFormula writes model.PerspectiveVerdict over the
// range f of its objectives' «Raggiunto» cells («Sì», «No» or empty).
func perspectiveVerdictFormula(f string) string {
	yes, no := fmt.Sprintf(`COUNTIF(%s,"Sì")`, f), fmt.Sprintf(`COUNTIF(%s,"No")`, f)
	return fmt.Sprintf(`IF(%s+%s=0,"da valutare",IF(%s=0,"✓ ","")&%s&" su "&(%s+%s)&" raggiunti")`, yes, no, no, yes, yes, no)
}

// judged is the condition that coverage k (a fraction) is enough for an
// objective to be judged against its target (model.Judged).
func judged(k string) string {
	return fmt.Sprintf("N(%s)>=%s", k, threshold(model.MinCoverage/100))
}

// bandChain names the band of x among bands (from the highest; the last
// takes whatever is below the others).
func bandChain(x string, bands []model.Band) string {
	f := `"` + bands[len(bands)-1].ColorName + `"`
	for i := len(bands) - 2; i >= 0; i-- {
		b := bands[i]
		f = fmt.Sprintf(`IF(%s>=%s,"%s",%s)`, x, threshold(b.Min/100), b.ColorName, f)
	}
	return f
}

// SummaryHeaderRow is the row of Sintesi's headings.
const SummaryHeaderRow = 5

// summaryColumns are Sintesi's columns (the target's heading gets the
// year); a column's number is where its heading stands (the sum…
// variables).
var summaryColumns = sheet.Columns{
	{Head: "Livello", Width: 14}, {Head: "Codice", Width: 8}, {Head: "Obiettivo", Width: 46}, {Head: "Punteggio", Width: 12},
	{Head: "Target", Width: 10}, {Head: "Raggiunto", Width: 11}, {Head: "Copertura", Width: 11}, {Head: "Esito", Width: 14},
	{Head: "Avanzamento verso il target", Width: 14},
}

var (
	sumScore, sumTarget, sumAchieved = summaryColumns.Index("Punteggio"), summaryColumns.Index("Target"), summaryColumns.Index("Raggiunto")
	sumCoverage, sumVerdict          = summaryColumns.Index("Copertura"), summaryColumns.Index("Esito")
	// colProgress is Sintesi's column of progress towards the targets.
	colProgress = summaryColumns.Index("Avanzamento verso il target")
)

// Column widths, in characters, of Sintesi, «Per unità» and Avvisi.
var (
	summaryWidths  = summaryColumns.Widths()
	unitsWidths    = []float64{30, 10, 46, 9, 14, 16}
	warningsWidths = []float64{28, 110}
)

// summary writes Sintesi: a row per perspective and per strategic
// objective, whose figures are formulas over Dettaglio's, the legend of
// the bands, and the chart of the objectives against their targets.
func (wr *writer) summary() error {
	sw, err := wr.f.NewStreamWriter(SheetSummary)
	if err != nil {
		return err
	}
	if err := wr.summaryHeading(sw); err != nil {
		return err
	}
	r := SummaryHeaderRow + 1
	var chart []chartRow
	for _, ps := range wr.d.Plan.Perspectives {
		if err := wr.perspectiveSummary(sw, r, ps); err != nil {
			return err
		}
		r++
		for _, s := range ps.Strategic {
			if err := wr.strategicSummary(sw, r, s); err != nil {
				return err
			}
			chart = append(chart, chartRow{s.Code, s.Description, r})
			r++
		}
	}
	lastData := r - 1
	if r, err = wr.summaryLegend(sw, r+1); err != nil {
		return err
	}
	if len(chart) > 0 {
		if r, err = wr.summaryChart(sw, r+1, chart); err != nil {
			return err
		}
	}
	if err := wr.markMet(lastData); err != nil {
		return err
	}
	if err := wr.printSetup(SheetSummary, SummaryHeaderRow, colProgress, r-1); err != nil {
		return err
	}
	return sw.Flush()
}

// summaryHeading writes Sintesi's title, what it is about, and the
// column headings, frozen on top.
func (wr *writer) summaryHeading(sw *excelize.StreamWriter) error {
	d := wr.d
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: SummaryHeaderRow, TopLeftCell: model.CellName(1, SummaryHeaderRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, w := range summaryWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", row(text(wr.st.title, fmt.Sprintf("Risultati del Piano della Performance %d", d.Plan.Year)))); err != nil {
		return err
	}
	for i, m := range wr.metaLines() {
		if err := sw.SetRow(model.CellName(1, 2+i), row(text(wr.st.meta, m))); err != nil {
			return err
		}
	}
	hc := make([]any, len(summaryColumns))
	for i, c := range summaryColumns {
		head := c.Head
		if i+1 == sumTarget {
			head += " " + fmt.Sprint(d.Score.Period.Year)
		}
		hc[i] = text(wr.st.header, head)
	}
	return sw.SetRow(model.CellName(1, SummaryHeaderRow), hc, excelize.RowOpts{Height: 30})
}

// perspectiveSummary writes perspective ps's row at r, over its
// objectives' rows below: its score, its verdict (how many objectives
// met their target) and its objectives' mean progress, by which it is
// coloured (model.PerspectiveBand).
func (wr *writer) perspectiveSummary(sw *excelize.StreamWriter, r int, ps *model.Perspective) error {
	d := wr.d
	dr := wr.rows["P:"+ps.Name]
	var cached, progress *float64
	if v, ok := d.Score.PerspectiveScore(ps); ok {
		cached = &v
	}
	if v, ok := d.Score.PerspectiveProgress(ps); ok {
		progress = &v
	}
	objectives := fmt.Sprintf("%s:%s", model.CellName(colProgress, r+1), model.CellName(colProgress, r+len(ps.Strategic)))
	achievedRange := fmt.Sprintf("%s:%s", model.CellName(sumAchieved, r+1), model.CellName(sumAchieved, r+len(ps.Strategic)))
	achieved, judgedN := d.Score.PerspectiveTally(ps)
	cells := row(text(wr.st.bold, "Prospettiva"), text(wr.st.bold, ""), text(wr.st.bold, ps.Name),
		excelize.Cell{StyleID: wr.st.pctBold, Formula: fmt.Sprintf("'%s'!%s", SheetDetail, model.CellName(colAttainment, dr)), Value: num(cached, 0.01)}, nil, nil, nil,
		excelize.Cell{StyleID: wr.st.bold, Formula: perspectiveVerdictFormula(achievedRange), Value: model.PerspectiveVerdict(achieved, judgedN)},
		excelize.Cell{StyleID: wr.st.pctBold, Formula: fmt.Sprintf(`IF(COUNT(%s)=0,"",AVERAGE(%s))`, objectives, objectives), Value: num(progress, 0.01)})
	if len(ps.Strategic) == 0 {
		cells[len(cells)-1] = nil
	}
	return sw.SetRow(model.CellName(1, r), cells, wr.fit(summaryWidths, cells)...)
}

// strategicSummary writes strategic objective s's row at r: its score,
// target and coverage from Dettaglio, whether it met the target, its
// verdict and its progress towards the target.
func (wr *writer) strategicSummary(sw *excelize.StreamWriter, r int, s *model.StrategicObjective) error {
	sc := wr.d.Score.StrategicScoreOf(s.Code)
	dr := wr.rows["S:"+s.Code]
	achieved := ""
	if sc.Achieved != nil {
		achieved = map[bool]string{true: "Sì", false: "No"}[*sc.Achieved]
	}
	// the target lives in Dettaglio, beside the score: one cell to
	// change, and both sheets follow
	target := any(nil)
	if sc.Target != nil {
		t := model.CellName(colTarget, dr)
		target = excelize.Cell{StyleID: wr.st.weight, Formula: fmt.Sprintf(`IF(ISNUMBER('%s'!%s),'%s'!%s,"")`, SheetDetail, t, SheetDetail, t), Value: *sc.Target / 100}
	}
	dcell, ecell, gcell := model.CellName(sumScore, r), model.CellName(sumTarget, r), model.CellName(sumCoverage, r)
	cells := row(text(wr.st.text, "Strategico"), text(wr.st.text, s.Code), text(wr.st.text, s.Description),
		excelize.Cell{StyleID: wr.st.pctBold, Formula: fmt.Sprintf("'%s'!%s", SheetDetail, model.CellName(colAttainment, dr)), Value: num(sc.Score, 0.01)},
		target,
		excelize.Cell{StyleID: wr.st.text, Formula: fmt.Sprintf(`IF(AND(ISNUMBER(%s),ISNUMBER(%s),%s),IF(%s>=%s-0.000000001,"Sì","No"),"")`, dcell, ecell, judged(gcell), dcell, ecell), Value: achieved},
		excelize.Cell{StyleID: wr.st.pct, Formula: fmt.Sprintf("'%s'!%s", SheetDetail, model.CellName(colCoverage, dr)), Value: sc.Coverage / 100},
		excelize.Cell{StyleID: wr.st.text, Formula: verdictFormula(dcell, ecell, gcell), Value: sc.Verdict()},
		excelize.Cell{StyleID: wr.st.pct, Formula: fmt.Sprintf(`IF(ISNUMBER(%s),IF(ISNUMBER(%s),IF(AND(%s,%s>0),MIN(1,%s/%s),""),%s),"")`, dcell, ecell, judged(gcell), ecell, dcell, ecell, dcell),
			Value: num(sc.Progress(), 0.01)})
	return sw.SetRow(model.CellName(1, r), cells, wr.fit(summaryWidths, cells)...)
}

// summaryLegend writes, from row r, the legend of the bands: the heading
// on its own row, unwrapped, over the entries. It returns the row after.
func (wr *writer) summaryLegend(sw *excelize.StreamWriter, r int) (int, error) {
	if err := sw.SetRow(model.CellName(1, r), row(text(wr.st.section, "Legenda delle fasce"))); err != nil {
		return 0, err
	}
	r++
	for _, e := range model.Legend(wr.d.Score.Method) {
		cells := row(text(wr.st.fill[e.Name], e.ColorName), nil, text(wr.st.text, e.Meaning+" — "+e.Span))
		if err := sw.SetRow(model.CellName(1, r), cells, wr.fit(summaryWidths, cells)...); err != nil {
			return 0, err
		}
		r++
	}
	return r, nil
}

// markMet marks the met verdicts of Sintesi's rows down to lastData:
// objectives and perspectives have a verdict of their own, not the
// actions' bands.
func (wr *writer) markMet(lastData int) error {
	first := SummaryHeaderRow + 1
	if lastData < first {
		return nil
	}
	v := model.ColumnName(sumVerdict)
	return wr.f.SetConditionalFormat(SheetSummary, fmt.Sprintf("%s%d:%s%d", v, first, v, lastData), []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: fmt.Sprintf(`LEFT($%s%d,1)="✓"`, v, first), Format: &wr.st.met, StopIfTrue: true}})
}

// outcomes are the verdicts Sintesi's chart colours its bars by: the
// verdict's words (of), the formula over its cell that says so, the fill.
var outcomes = []struct {
	name, formula, color string
	of                   func(string) bool
}{
	{"Target raggiunto", `LEFT(%s,1)="✓"`, "2F5597", func(v string) bool { return strings.HasPrefix(v, "✓") }},
	{"Sotto il target", `RIGHT(%s,10)="del target"`, "9DB3D9", func(v string) bool { return strings.HasSuffix(v, "del target") }},
	{"Da valutare o senza target", `AND(LEFT(%[1]s,1)<>"✓",RIGHT(%[1]s,10)<>"del target")`, "BFBFBF", func(v string) bool {
		return !strings.HasPrefix(v, "✓") && !strings.HasSuffix(v, "del target")
	}},
}

// chartRow is a strategic objective's row in Sintesi.
type chartRow struct {
	code, description string
	row               int
}

// Sintesi's chart, at the width of the table: the page break before it
// keeps it whole on a page of its own, and its data follow below it.
const (
	chartWidth  = 1020 // pixels: columns A to I
	chartHeight = 340
	rowPixels   = 20 // a row of the default height
)

// summaryChart writes, from row r, the chart of the strategic objectives'
// scores against their targets with each bar in its band's colour, and its
// data: a column per band, where an objective's score shows under the band
// Sintesi gives it (column H), so the colours follow a corrected value. It
// returns the row after the data.
func (wr *writer) summaryChart(sw *excelize.StreamWriter, r int, chart []chartRow) (int, error) {
	f, d := wr.f, wr.d
	if err := f.InsertPageBreak(SheetSummary, model.CellName(1, r)); err != nil {
		return 0, err
	}
	anchor := r
	r += (chartHeight+rowPixels-1)/rowPixels + 1
	if err := sw.SetRow(model.CellName(1, r), row(text(wr.st.section, "Dati del grafico: il punteggio di ogni obiettivo strategico sta nella colonna del suo esito"))); err != nil {
		return 0, err
	}
	r++
	heads := row(text(wr.st.header, "Obiettivo"), nil, text(wr.st.header, "Descrizione"))
	for _, o := range outcomes {
		heads = append(heads, text(wr.st.header, o.name))
	}
	heads = append(heads, text(wr.st.header, "Target"))
	if err := sw.SetRow(model.CellName(1, r), heads); err != nil {
		return 0, err
	}
	r++
	first := r
	for _, c := range chart {
		sc := d.Score.StrategicScoreOf(c.code)
		score, verdict := model.CellName(sumScore, c.row), model.CellName(sumVerdict, c.row)
		cells := row(text(wr.st.text, "Obiettivo "+c.code), nil, text(wr.st.text, c.description))
		for _, o := range outcomes {
			var cached any = ""
			if sc.Score != nil && o.of(sc.Verdict()) {
				cached = *sc.Score / 100
			}
			cells = append(cells, excelize.Cell{StyleID: wr.st.pct, Formula: fmt.Sprintf(`IF(AND(ISNUMBER(%s),%s),%s,"")`, score, fmt.Sprintf(o.formula, verdict), score), Value: cached})
		}
		var target any = ""
		if sc.Target != nil {
			target = *sc.Target / 100
		}
		cells = append(cells, excelize.Cell{StyleID: wr.st.pct, Formula: fmt.Sprintf(`IF(ISNUMBER(%[1]s),%[1]s,"")`, model.CellName(sumTarget, c.row)), Value: target})
		if err := sw.SetRow(model.CellName(1, r), cells, wr.fit(summaryWidths, cells)...); err != nil {
			return 0, err
		}
		r++
	}
	cats := fmt.Sprintf("'%s'!$A$%d:$A$%d", SheetSummary, first, r-1)
	column := func(col int) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", SheetSummary, model.ColumnName(col), first, model.ColumnName(col), r-1)
	}
	var series []excelize.ChartSeries
	for i, o := range outcomes {
		series = append(series, excelize.ChartSeries{Name: fmt.Sprintf("'%s'!$%s$%d", SheetSummary, model.ColumnName(4+i), first-1), Categories: cats, Values: column(4 + i),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{o.color}}})
	}
	gap, zero := uint(60), 0.0
	// both charts share the axes, and the last one drawn sets them
	ink := excelize.Font{Color: "404040"}
	xAxis := excelize.ChartAxis{Font: ink}
	yAxis := excelize.ChartAxis{Font: ink, Minimum: &zero, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}}
	err := f.AddChart(SheetSummary, model.CellName(1, anchor), &excelize.Chart{
		Type:      excelize.ColStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Obiettivi strategici: punteggio (per esito) e target"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     xAxis,
		YAxis:     yAxis,
		GapWidth:  &gap,
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:    excelize.GraphicOptions{Positioning: "oneCell"},
	}, &excelize.Chart{
		Type:  excelize.Line,
		XAxis: xAxis,
		YAxis: yAxis,
		Series: []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$%s$%d", SheetSummary, model.ColumnName(4+len(outcomes)), first-1), Categories: cats, Values: column(4 + len(outcomes)),
			Line:   excelize.LineOptions{Type: excelize.LineNone},
			Marker: excelize.ChartMarker{Symbol: "dash", Size: 20, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F1F1F"}}}}},
	})
	return r, err
}

// unitsHeaderRow is the row of «Per unità»'s headings.
const unitsHeaderRow = 4

func (wr *writer) units() error {
	const header = unitsHeaderRow
	f, d := wr.f, wr.d
	sw, err := f.NewStreamWriter(SheetUnits)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: header, TopLeftCell: model.CellName(1, header+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, w := range unitsWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", row(text(wr.st.title, "Risultati per struttura"))); err != nil {
		return err
	}
	if err := sw.SetRow("A2", row(text(wr.st.meta, wr.metaLines()[0]))); err != nil {
		return err
	}
	heads := []string{"Struttura", "Codice", "Azione", "Peso", "Valore rilevato", "Raggiungimento"}
	hc := make([]any, len(heads))
	for i, h := range heads {
		hc[i] = text(wr.st.header, h)
	}
	if err := sw.SetRow(model.CellName(1, header), hc); err != nil {
		return err
	}
	r := header + 1
	first := r
	for _, unit := range d.Plan.EntryUnits() {
		actions := d.Plan.UnitActions(unit)
		ur := r
		cached := model.UnitAttainment(actions, func(a *model.Action) *float64 { return d.Score.Action(a.Code).Attainment })
		c := fmt.Sprintf("D%d:D%d", ur+1, ur+len(actions))
		j := fmt.Sprintf("F%d:F%d", ur+1, ur+len(actions))
		den := fmt.Sprintf("SUMPRODUCT(%s,--ISNUMBER(%s))", c, j)
		label := unit
		if unit == model.NoUnit {
			label = "Senza responsabile (Controller)"
		}
		cells := row(text(wr.st.bold, label), nil, text(wr.st.meta, fmt.Sprintf("%d azioni — raggiungimento ponderato", len(actions))), nil, nil,
			excelize.Cell{StyleID: wr.st.pctBold, Formula: fmt.Sprintf(`IF(%s=0,"",SUMPRODUCT(%s,%s)/%s)`, den, c, j, den), Value: num(cached, 0.01)})
		if err := sw.SetRow(model.CellName(1, ur), cells, wr.fit(unitsWidths, cells)...); err != nil {
			return err
		}
		r++
		for _, a := range actions {
			as := d.Score.Action(a.Code)
			measured := "non misurata"
			if as.Measured != nil {
				measured = as.Measured.Display()
			}
			dr := wr.rows["A:"+a.Code]
			cells := row(nil, text(wr.st.text, a.Code), text(wr.st.text, a.Title), excelize.Cell{StyleID: wr.st.weight, Value: a.Weight / 100},
				text(wr.st.text, measured),
				excelize.Cell{StyleID: wr.st.pct, Formula: fmt.Sprintf("'%s'!%s", SheetDetail, model.CellName(colAttainment, dr)), Value: num(as.Attainment, 0.01)})
			if err := sw.SetRow(model.CellName(1, r), cells, wr.fit(unitsWidths, cells)...); err != nil {
				return err
			}
			r++
		}
	}
	if r > first {
		if err := wr.bandRules(SheetUnits, fmt.Sprintf("F%d:F%d", first, r-1), 6, first, ""); err != nil {
			return err
		}
	}
	if err := wr.printSetup(SheetUnits, header, 0, 0); err != nil {
		return err
	}
	return sw.Flush()
}

func (wr *writer) warnings() error {
	f, d := wr.f, wr.d
	sw, err := f.NewStreamWriter(SheetWarnings)
	if err != nil {
		return err
	}
	for i, w := range warningsWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	r := 1
	put := func(cells ...any) error {
		err := sw.SetRow(model.CellName(1, r), cells, wr.fit(warningsWidths, cells)...)
		r++
		return err
	}
	if err := put(text(wr.st.title, "Avvisi")); err != nil {
		return err
	}
	if err := put(text(wr.st.meta, wr.metaLines()[0])); err != nil {
		return err
	}
	r++
	if err := put(text(wr.st.header, "Azione non misurata"), text(wr.st.header, fmt.Sprintf("%s — azione e struttura responsabile", d.Score.Period.Label()))); err != nil {
		return err
	}
	unmeasured := 0
	for _, a := range d.Plan.Actions() {
		if as := d.Score.Action(a.Code); as.Measured == nil {
			unmeasured++
			units := strings.Join(a.Units, ", ")
			if units == "" {
				units = "senza responsabile"
			}
			if err := put(text(wr.st.text, a.Code), text(wr.st.text, fmt.Sprintf("%s (%s)", a.Title, units))); err != nil {
				return err
			}
		}
	}
	if unmeasured == 0 {
		if err := put(nil, text(wr.st.text, "Tutte le azioni sono misurate.")); err != nil {
			return err
		}
	}
	r++
	if err := put(text(wr.st.header, "Cella del piano"), text(wr.st.header, "Avviso dell'importazione del piano")); err != nil {
		return err
	}
	for _, w := range d.Plan.Warnings {
		if err := put(text(wr.st.text, w.Location()), text(wr.st.text, w.Message)); err != nil {
			return err
		}
	}
	if len(d.Plan.Warnings) == 0 {
		if err := put(nil, text(wr.st.text, "Nessun avviso.")); err != nil {
			return err
		}
	}
	if err := wr.printSetup(SheetWarnings, 0, 0, 0); err != nil {
		return err
	}
	return sw.Flush()
}
