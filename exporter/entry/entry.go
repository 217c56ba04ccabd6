// Package entry writes the data-entry workbook a unit fills in: its own
// actions for one period, only the measured value and the note editable,
// each input cell validated for its action, and the workbook's identity
// signed in a hidden sheet so that the collected file can be trusted.
package entry

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/internal/sheet"
	"cruscotto/exporter/xlsxcell"
	"cruscotto/model"
)

// The sheets and the layout of the data-entry workbook. The collector finds
// columns by their headings, not by these positions, so that a column
// inserted by the user does not break it.
const (
	SheetEntry        = model.EntrySheet
	SheetInstructions = model.EntryInstructionsSheet
	SheetIdentity     = model.EntryIdentitySheet
	HeaderRow         = 6
	FirstRow          = HeaderRow + 1
)

// The headings of the entry sheet.
const (
	HeadCode      = model.EntryHeadCode
	HeadObjective = "Obiettivo operativo"
	HeadAction    = "Azione"
	HeadKPI       = "KPI"
	HeadTarget    = "Target"
	Head80        = "Soglia 80%"
	Head60        = "Soglia 60%"
	HeadValue     = model.EntryHeadValue
	HeadPrevious  = "Valore precedente"
	HeadNote      = model.EntryHeadNote
	HeadHint      = "Cosa scrivere"
	HeadBaseline  = "Valore di partenza"
)

// LastYearHead is the heading of the column of last year's figures,
// «Valore 2020» in a 2021 workbook. The collector, which finds the value
// column by its exact heading, never takes it for «Valore rilevato».
func LastYearHead(year int) string { return fmt.Sprintf("Valore %d", year) }

// columns are the entry sheet's columns; a column's number is where its
// heading stands (the col… variables).
var columns = sheet.Columns{
	{Head: HeadCode, Width: 10}, {Head: HeadObjective, Width: 24}, {Head: HeadAction, Width: 28}, {Head: HeadKPI, Width: 36},
	{Head: HeadTarget, Width: 11}, {Head: Head80, Width: 11}, {Head: Head60, Width: 11}, {Head: HeadValue, Width: 14},
	{Head: HeadPrevious, Width: 14}, {Head: HeadNote, Width: 34}, {Head: HeadHint, Width: 30}, {Head: HeadBaseline, Width: 14},
}

var (
	colCode, colObjective, colAction = columns.Index(HeadCode), columns.Index(HeadObjective), columns.Index(HeadAction)
	colKPI, colTarget                = columns.Index(HeadKPI), columns.Index(HeadTarget)
	col80, col60                     = columns.Index(Head80), columns.Index(Head60)
	colValue, colPrevious, colNote   = columns.Index(HeadValue), columns.Index(HeadPrevious), columns.Index(HeadNote)
	colHint, colBaseline             = columns.Index(HeadHint), columns.Index(HeadBaseline)
	// colLastYear is the column LastYearHead heads, after the others,
	// when the unit's actions have last year's figures
	colLastYear = len(columns) + 1
)

// Data is what goes into one unit's workbook.
type Data struct {
	Plan     *model.Plan
	Identity model.EntryIdentity
	// Current holds the values already stored for the period, by action
	// code: they are pre-filled.
	Current map[string]*model.Measurement
	// Previous holds the values of the period before, shown beside.
	Previous       map[string]*model.Measurement
	PreviousPeriod *model.Period
	// LastYear holds the actions' figures at the previous year's end, by
	// code: the values are shown in a last column, «Valore 2020», when
	// one of the unit's actions has one.
	LastYear map[string]model.PreviousYear
	// Deadline is the period's closing date, included; zero when there
	// is none.
	Deadline model.Date
}

// Write writes the data-entry workbook for d, signed with key.
func Write(w io.Writer, d Data, key []byte) error {
	f := excelize.NewFile()
	defer f.Close()
	wr := &writer{f: f, d: d, cols: columns}
	if year, ok := lastYear(d); ok {
		wr.lastYear = year
		wr.cols = append(slices.Clip(columns), sheet.Column{Head: LastYearHead(year), Width: 14})
	}
	if err := wr.styles(); err != nil {
		return fmt.Errorf("entry workbook: styles: %w", err)
	}
	steps := []func() error{wr.entrySheet, wr.instructions, func() error { return wr.identity(key) }, wr.protect, wr.properties}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("entry workbook for %s: %w", d.Identity.Unit, err)
		}
	}
	return f.Write(w)
}

type writer struct {
	f                                                      *excelize.File
	d                                                      Data
	cols                                                   sheet.Columns
	lastYear                                               int // the year of the last column, 0 for none
	title, meta, header, text, code, inputNote             int
	inputNumber, inputPercent, inputMonth, inputDate, prev int
}

func (wr *writer) styles() error {
	border := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	unlocked := &excelize.Protection{Locked: false}
	input := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	defs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&wr.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&wr.meta, excelize.Style{Font: &excelize.Font{Italic: true, Color: "404040"}}},
		{&wr.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: &excelize.Alignment{WrapText: true, Horizontal: "center", Vertical: "center"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}}},
		{&wr.text, excelize.Style{Border: border, Alignment: wrap}},
		{&wr.code, excelize.Style{Border: border, Alignment: wrap, Font: &excelize.Font{Bold: true}}},
		{&wr.prev, excelize.Style{Border: border, Alignment: wrap, Font: &excelize.Font{Color: "595959"}}},
		{&wr.inputNumber, excelize.Style{Border: border, Alignment: wrap, Fill: input, Protection: unlocked}},
		{&wr.inputPercent, excelize.Style{Border: border, Alignment: wrap, Fill: input, Protection: unlocked, NumFmt: 10}},
		{&wr.inputMonth, excelize.Style{Border: border, Alignment: wrap, Fill: input, Protection: unlocked}},
		{&wr.inputDate, excelize.Style{Border: border, Alignment: wrap, Fill: input, Protection: unlocked, CustomNumFmt: &dateFormat}},
		{&wr.inputNote, excelize.Style{Border: border, Alignment: wrap, Fill: input, Protection: unlocked}},
	}
	for _, def := range defs {
		id, err := wr.f.NewStyle(&def.style)
		if err != nil {
			return err
		}
		*def.dst = id
	}
	return nil
}

// unitLabel is how the unit is named to people.
func unitLabel(unit string) string {
	if unit == model.NoUnit {
		return "azioni senza responsabile (a cura del Controller)"
	}
	return unit
}

// entrySheet writes the sheet the unit fills in: a heading, then a row
// per action of the unit.
func (wr *writer) entrySheet() error {
	if err := wr.f.SetSheetName("Sheet1", SheetEntry); err != nil {
		return err
	}
	if err := wr.entryHeading(); err != nil {
		return err
	}
	validations := map[string][]string{} // validation kind → cells
	actions := wr.d.Plan.UnitActions(wr.d.Identity.Unit)
	for i, a := range actions {
		kind, err := wr.actionRow(FirstRow+i, a)
		if err != nil {
			return fmt.Errorf("action %s: %w", a.Code, err)
		}
		validations[kind] = append(validations[kind], model.CellName(colValue, FirstRow+i))
	}
	if err := wr.validate(validations); err != nil {
		return err
	}
	if err := wr.noteRules(actions); err != nil {
		return err
	}
	return wr.entryView(len(actions))
}

// entryHeading writes the title, whose workbook this is, and the
// column headings.
func (wr *writer) entryHeading() error {
	f, d, id := wr.f, wr.d, wr.d.Identity
	meta := []string{
		fmt.Sprintf("Struttura: %s", unitLabel(id.Unit)),
		fmt.Sprintf("Periodo: %s", periodText(id.Period)),
		fmt.Sprintf("Piano %d, versione %d — generato il %s", id.Year, id.PlanVersion, id.GeneratedAt.In(model.Rome).Format("02/01/2006 15:04")),
	}
	if !d.Deadline.IsZero() {
		meta[1] += fmt.Sprintf(" — da restituire entro il %s", d.Deadline.Italian())
	}
	if err := wr.put(1, 1, fmt.Sprintf("Rilevazione dei risultati — Piano della Performance %d", id.Year), wr.title); err != nil {
		return err
	}
	for i, m := range meta {
		if err := wr.put(1, 2+i, m, wr.meta); err != nil {
			return err
		}
	}
	for i, c := range wr.cols {
		head := c.Head
		if head == HeadPrevious && d.PreviousPeriod != nil {
			head += " (" + d.PreviousPeriod.Label() + ")"
		}
		if err := xlsxcell.SetString(f, SheetEntry, model.CellName(i+1, HeaderRow), head); err != nil {
			return err
		}
		if err := f.SetColWidth(SheetEntry, model.ColumnName(i+1), model.ColumnName(i+1), c.Width); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(SheetEntry, model.CellName(1, HeaderRow), model.CellName(len(wr.cols), HeaderRow), wr.header); err != nil {
		return err
	}
	return f.SetRowHeight(SheetEntry, HeaderRow, 32)
}

// actionRow writes action a's row: what the plan says of it, the input
// cells (the value stored already pre-filled), and what helps fill them,
// in this order (that of the workbook's shared strings). It returns the
// kind of validation of the value cell.
func (wr *writer) actionRow(row int, a *model.Action) (kind string, err error) {
	d := wr.d
	opText := ""
	if op := d.Plan.OperationalOf(a.Code); op != nil {
		opText = op.Code + " " + op.Title
	}
	plan := []entryCell{
		{colCode, a.Code, wr.code}, {colObjective, opText, wr.text}, {colAction, a.Title, wr.text}, {colKPI, a.KPI, wr.text},
		{colTarget, a.Target.DisplayOr(""), wr.text}, {col80, a.Threshold80.DisplayOr(a.Threshold80Text), wr.text},
		{col60, a.Threshold60.DisplayOr(a.Threshold60Text), wr.text},
	}
	what := hint(a)
	if rule := model.NoteRule(a); rule != "" {
		what += ". " + rule + ": spiegare lo scostamento nelle Note"
	}
	help := []entryCell{
		{colPrevious, displayOrDash(measuredValue(d.Previous[a.Code])), wr.prev},
		{colHint, reviewHint(d.Current[a.Code]) + what, wr.text},
		{colBaseline, displayOrDash(a.Baseline), wr.prev}, // where the year starts from, never the target
	}
	if wr.lastYear != 0 {
		var last *model.Value
		if p, ok := d.LastYear[a.Code]; ok {
			last = &p.Value
		}
		help = append(help, entryCell{colLastYear, displayOrDash(last), wr.prev})
	}
	kind = validationKind(a)
	if err := wr.putAll(row, plan); err != nil {
		return "", err
	}
	if err := wr.inputCells(row, a, kind); err != nil {
		return "", err
	}
	if err := wr.putAll(row, help); err != nil {
		return "", err
	}
	widths := []float64{wr.cols[colObjective-1].Width, wr.cols[colAction-1].Width, wr.cols[colKPI-1].Width}
	return kind, wr.f.SetRowHeight(SheetEntry, row, rowHeight([]string{opText, a.Title, a.KPI}, widths))
}

// entryCell is a text of an action's row, its column and its style.
type entryCell struct {
	col   int
	text  string
	style int
}

// putAll writes cells into row.
func (wr *writer) putAll(row int, cells []entryCell) error {
	for _, c := range cells {
		if err := wr.put(c.col, row, c.text, c.style); err != nil {
			return err
		}
	}
	return nil
}

// inputCells styles the value and note cells of an action's row for
// input, and pre-fills them with the value stored already.
func (wr *writer) inputCells(row int, a *model.Action, kind string) error {
	f := wr.f
	valueCell, noteCell := model.CellName(colValue, row), model.CellName(colNote, row)
	style := map[string]int{"percent": wr.inputPercent, "month": wr.inputMonth, "yesno": wr.inputMonth, "date": wr.inputDate}[kind]
	if style == 0 {
		style = wr.inputNumber
	}
	if err := f.SetCellStyle(SheetEntry, valueCell, valueCell, style); err != nil {
		return err
	}
	if m := wr.d.Current[a.Code]; m != nil {
		if err := prefill(f, valueCell, a, m); err != nil {
			return err
		}
		if err := xlsxcell.SetString(f, SheetEntry, noteCell, m.Note); err != nil {
			return err
		}
	}
	return f.SetCellStyle(SheetEntry, noteCell, noteCell, wr.inputNote)
}

// entryView filters the headings, freezes the codes and the headings
// with the first value cell selected, and sets up the printed page.
func (wr *writer) entryView(actions int) error {
	f, id := wr.f, wr.d.Identity
	if actions > 0 {
		if err := f.AutoFilter(SheetEntry, model.CellName(1, HeaderRow)+":"+model.CellName(len(wr.cols), HeaderRow+actions), nil); err != nil {
			return err
		}
	}
	first := model.CellName(colValue, FirstRow)
	if err := f.SetPanes(SheetEntry, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: HeaderRow, TopLeftCell: model.CellName(2, FirstRow), ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: first, ActiveCell: first, Pane: "bottomRight"}}}); err != nil {
		return err
	}
	if err := sheet.FitToPage(f, SheetEntry); err != nil {
		return err
	}
	return sheet.SetPage(f, SheetEntry, sheet.Page{
		Header:   sheet.PageHeader(unitLabel(id.Unit), periodText(id.Period)),
		Footer:   sheet.PageFooter(fmt.Sprintf("Piano della Performance %d", id.Year)),
		TitleRow: HeaderRow,
	})
}

// put writes text into the entry sheet's cell at col, row in style.
func (wr *writer) put(col, row int, text string, style int) error {
	ref := model.CellName(col, row)
	if err := xlsxcell.SetString(wr.f, SheetEntry, ref, text); err != nil {
		return err
	}
	return wr.f.SetCellStyle(SheetEntry, ref, ref, style)
}

// measuredValue is m's value, nil for no measurement.
func measuredValue(m *model.Measurement) *model.Value {
	if m == nil {
		return nil
	}
	return &m.Value
}

// displayOrDash shows v, or «—» for none.
func displayOrDash(v *model.Value) string {
	if v == nil {
		return "—"
	}
	return v.Display()
}

// lastYear returns the year of the figures d.LastYear holds for the
// unit's actions, and whether it holds any: a workbook without them has
// no column for them, as before there was a previous year.
func lastYear(d Data) (int, bool) {
	for _, a := range d.Plan.UnitActions(d.Identity.Unit) {
		if p, ok := d.LastYear[a.Code]; ok {
			return p.Year, true
		}
	}
	return 0, false
}

func periodText(p model.Period) string {
	if p.Month == 0 {
		return fmt.Sprintf("consuntivo %d (valori al 31 dicembre)", p.Year)
	}
	last := time.Date(p.Year, time.Month(p.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("monitoraggio di %s (valori al %s)", p.Label(), last.Format("02/01/2006"))
}

// rowHeight estimates the height a row needs for its wrapped texts, so
// that the printed sheet shows every word.
func rowHeight(texts []string, widths []float64) float64 {
	lines := 1.0
	for i, t := range texts {
		n := math.Ceil(float64(utf8.RuneCountInString(t)) / (widths[i] * 1.1))
		lines = math.Max(lines, n)
	}
	return math.Min(409, 15*lines+2)
}

// validationKind groups actions by the validation of their input cell.
func validationKind(a *model.Action) string {
	switch model.ExpectedKind(a) {
	case model.KindPercent:
		return "percent"
	case model.KindMonth:
		return "month"
	case model.KindYesNo:
		return "yesno"
	case model.KindDate:
		return "date"
	}
	return "number"
}

// dateFormat shows a date the way the Chamber writes it; a date typed in
// Italian Excel or LibreOffice into a cell so formatted is a date cell.
var dateFormat = "dd/mm/yyyy"

// Yes and No are the answers a yes/no KPI's drop-down offers.
const (
	Yes = "SI"
	No  = "NO"
)

// reviewHint puts the Controller's review of the value already stored
// before the hint: what to revise, or that it was validated.
func reviewHint(m *model.Measurement) string {
	switch {
	case m == nil || m.Review == nil:
		return ""
	case m.Review.Status == model.ReviewToRevise:
		return "DA RIVEDERE — il Controller chiede: " + m.Review.Comment + "\n"
	}
	return "Valore validato dal Controller.\n"
}

// hint is the short "what to type" shown beside the input.
func hint(a *model.Action) string {
	if a.Qualitative {
		return "Valutazione del raggiungimento, da 0% a 100%"
	}
	switch a.Target.Kind {
	case model.KindPercent:
		return "Percentuale, da 0% a 100%"
	case model.KindDays:
		return "Numero di giorni (es. 27)"
	case model.KindHours:
		return "Numero di ore (es. 18)"
	case model.KindEuro:
		return "Importo in euro (es. 75)"
	case model.KindMonth:
		return "Mese di completamento (dall'elenco)"
	case model.KindDate:
		return "Data di completamento (gg/mm/aaaa)"
	case model.KindYesNo:
		return "SI o NO (dall'elenco)"
	}
	return "Numero (es. 5 o 4,5)"
}

// validate adds each kind's validation to its cells, kinds in order so
// that the same workbook is written byte for byte.
func (wr *writer) validate(byKind map[string][]string) error {
	months := model.MonthNames[:]
	for _, kind := range slices.Sorted(maps.Keys(byKind)) {
		cells := byKind[kind]
		dv := excelize.NewDataValidation(true)
		dv.Sqref = strings.Join(cells, " ")
		var err error
		switch kind {
		case "percent":
			err = dv.SetRange(0, 1, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetInput("Valore rilevato", "Scrivere una percentuale da 0% a 100%, per esempio 55%. Lasciare vuoto se non ancora misurato.")
			dv.SetError(excelize.DataValidationErrorStyleStop, "Valore non valido", "Serve una percentuale tra 0% e 100% (per esempio 55%).")
		case "yesno":
			err = dv.SetDropList([]string{Yes, No})
			dv.SetInput("Valore rilevato", "Scegliere SI se il risultato è stato raggiunto, NO altrimenti. Lasciare vuoto se non ancora verificato.")
			dv.SetError(excelize.DataValidationErrorStyleStop, "Valore non valido", "Scegliere SI o NO dall'elenco.")
		case "date":
			err = dv.SetRange(1, 2958465, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
			dv.SetInput("Valore rilevato", "Scrivere la data di completamento, per esempio 15/07/2022. Lasciare vuoto se non ancora completata.")
			dv.SetError(excelize.DataValidationErrorStyleStop, "Valore non valido", "Serve una data (gg/mm/aaaa), per esempio 15/07/2022.")
		case "month":
			err = dv.SetDropList(months)
			dv.SetInput("Valore rilevato", "Scegliere dall'elenco il mese in cui l'azione è stata completata. Lasciare vuoto se non ancora completata.")
			dv.SetError(excelize.DataValidationErrorStyleStop, "Valore non valido", "Scegliere un mese dall'elenco (gennaio … dicembre).")
		default:
			err = dv.SetRange(0, 1e12, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetInput("Valore rilevato", "Scrivere il valore misurato: un numero non negativo (per esempio 5 o 4,5), senza unità di misura. Lasciare vuoto se non ancora misurato.")
			dv.SetError(excelize.DataValidationErrorStyleStop, "Valore non valido", "Serve un numero maggiore o uguale a zero, senza unità di misura (per esempio 27).")
		}
		if err != nil {
			return err
		}
		if err := wr.f.AddDataValidation(SheetEntry, dv); err != nil {
			return err
		}
	}
	return nil
}

// prefill writes a stored value into its input cell the way a person
// would have typed it.
func prefill(f *excelize.File, ref string, a *model.Action, m *model.Measurement) error {
	v := m.Value
	switch {
	case !v.Numeric():
		return xlsxcell.SetString(f, SheetEntry, ref, v.Raw)
	case model.ExpectedKind(a) == model.KindPercent:
		return f.SetCellFloat(SheetEntry, ref, *v.Number/100, -1, 64)
	case v.Kind == model.KindMonth:
		return xlsxcell.SetString(f, SheetEntry, ref, model.MonthNames[int(*v.Number)-1])
	case v.Kind == model.KindYesNo:
		return xlsxcell.SetString(f, SheetEntry, ref, map[bool]string{true: Yes, false: No}[*v.Number == 1])
	case v.Kind == model.KindDate:
		return f.SetCellFloat(SheetEntry, ref, *v.Number, -1, 64) // a date cell in dd/mm/yyyy
	}
	return f.SetCellFloat(SheetEntry, ref, *v.Number, -1, 64)
}

func (wr *writer) instructions() error {
	f, id := wr.f, wr.d.Identity
	if _, err := f.NewSheet(SheetInstructions); err != nil {
		return err
	}
	lines := []string{
		"Come compilare e restituire la cartella di rilevazione",
		"",
		fmt.Sprintf("Questa cartella contiene le azioni del Piano della Performance %d di cui è responsabile: %s.", id.Year, unitLabel(id.Unit)),
		fmt.Sprintf("Periodo da rilevare: %s.", periodText(id.Period)),
		"",
		"1. Nel foglio «Rilevazione», per ogni azione scrivere il valore misurato nella colonna «Valore rilevato» (celle gialle).",
		"   • numeri: senza unità di misura (per esempio 27 per 27 giorni, 4,5 per quattro e mezzo);",
		"   • percentuali: con il simbolo % (per esempio 55%);",
		"   • scadenze: scegliere dall'elenco il mese in cui l'azione è stata completata;",
		"   • obiettivi qualitativi: la valutazione del raggiungimento in percentuale, da 0% a 100%.",
		"   Passando sulla cella compare un promemoria di cosa scrivere; la colonna «Cosa scrivere» lo ripete.",
		"2. Lasciare vuota la cella se il valore non è ancora disponibile: una cella vuota non vale zero.",
		"3. Nella colonna «Note» spiegare gli scostamenti: perché un target non è stato raggiunto (analisi degli scostamenti).",
		"   La nota è obbligatoria per i valori nelle fasce arancione e rossa (sotto la soglia dell'80%, come indicato in «Cosa scrivere»):",
		"   finché manca, la cella della nota si colora di arancione. Il Cruscotto accetta comunque i valori e segnala le note mancanti.",
		"4. Le altre celle sono protette. Non rinominare i fogli e non cambiare i codici delle azioni.",
		"   È possibile riordinare le righe con il filtro: il Cruscotto riconosce le azioni dal codice.",
		"5. Salvare il file in formato Excel (.xlsx), anche da LibreOffice, e caricarlo nel Cruscotto.",
		"",
		"Se un valore non è corretto, il Cruscotto non registra nulla e restituisce una copia del file con le celle da",
		"correggere evidenziate in rosso e un commento che spiega cosa scrivere: correggerle e caricare di nuovo il file.",
		"",
		"Il foglio nascosto «_cruscotto» identifica la cartella (piano, versione, struttura, periodo): non modificarlo,",
		"altrimenti il file non potrà essere accettato.",
	}
	if wr.lastYear != 0 {
		lines = append(lines, "", fmt.Sprintf("La colonna «%s» riporta, per confronto, il valore di consuntivo %d della stessa azione (stesso codice e stesso indicatore): non va compilata.",
			LastYearHead(wr.lastYear), wr.lastYear))
	}
	for i, l := range lines {
		if err := xlsxcell.SetString(f, SheetInstructions, model.CellName(1, i+1), l); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(SheetInstructions, "A1", "A1", wr.title); err != nil {
		return err
	}
	return f.SetColWidth(SheetInstructions, "A", "A", 120)
}

// identity writes the signed identity into a very hidden sheet: cell
// values survive LibreOffice and openpyxl, which drop custom document
// properties.
func (wr *writer) identity(key []byte) error {
	f, id := wr.f, wr.d.Identity
	if _, err := f.NewSheet(SheetIdentity); err != nil {
		return err
	}
	fields := id.Fields()
	for i, kv := range fields {
		if err := xlsxcell.SetString(f, SheetIdentity, model.CellName(1, i+1), kv[0]); err != nil {
			return err
		}
		if err := xlsxcell.SetString(f, SheetIdentity, model.CellName(2, i+1), kv[1]); err != nil {
			return err
		}
	}
	row := len(fields) + 1
	if err := xlsxcell.SetString(f, SheetIdentity, model.CellName(1, row), model.EntrySignatureField); err != nil {
		return err
	}
	if err := xlsxcell.SetString(f, SheetIdentity, model.CellName(2, row), model.SignEntry(key, id)); err != nil {
		return err
	}
	if err := f.SetSheetVisible(SheetIdentity, false, true); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return nil
}

func (wr *writer) protect() error {
	for _, sheet := range []string{SheetEntry, SheetInstructions, SheetIdentity} {
		opts := &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true}
		if sheet == SheetEntry {
			opts.FormatColumns, opts.FormatRows, opts.Sort, opts.AutoFilter = true, true, true, true
		}
		if err := wr.f.ProtectSheet(sheet, opts); err != nil {
			return err
		}
	}
	return wr.f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true})
}

func (wr *writer) properties() error {
	id := wr.d.Identity
	if err := wr.f.SetDocProps(&excelize.DocProperties{
		Title:   fmt.Sprintf("Rilevazione %s — %s", unitLabel(id.Unit), id.Period.Label()),
		Subject: fmt.Sprintf("Piano della Performance %d", id.Year),
		Creator: "Cruscotto",
	}); err != nil {
		return err
	}
	// convenience only: the hidden sheet is what the collector trusts
	for _, kv := range id.Fields() {
		if err := wr.f.SetCustomProps(excelize.CustomProperty{Name: "cruscotto." + kv[0], Value: kv[1]}); err != nil {
			return err
		}
	}
	return nil
}
