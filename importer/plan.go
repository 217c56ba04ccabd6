// Package importer turns the workbooks people upload into the model: the
// Chamber's plan workbook (ParsePlan), whatever its exact layout, and the
// filled data-entry workbooks sent back by the units.
package importer

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// Options tune ParsePlan.
type Options struct {
	// Year is the plan year; 0 takes the first year under the strategic
	// targets, or else the first year in the title.
	Year int
	// Limits bound the memory a workbook may take; zero means
	// workbook.DefaultLimits.
	Limits workbook.Limits
	// Mapping, when not nil, says which field each column holds instead
	// of the importer's guess; sheets it does not name are left out.
	Mapping *model.Mapping
}

// ParsePlan reads a plan workbook. It returns the plan with its warnings,
// or an *model.Error listing every error found, each by sheet and cell; in
// that case nothing of the plan is usable. When ctx is done, reading
// stops with an ETimeout error.
func ParsePlan(ctx context.Context, data []byte, opts Options) (*model.Plan, error) {
	b, err := read(ctx, data, opts)
	if err != nil {
		return nil, err
	}
	return b.finish(opts.Year)
}

// Blocks finds the header blocks of a plan workbook where ParsePlan with
// the same options finds them (model.Plan.Blocks), even in a plan it
// would now refuse: for plan versions stored without their blocks.
func Blocks(ctx context.Context, data []byte, opts Options) ([]model.Block, error) {
	b, err := read(ctx, data, opts)
	if err != nil {
		return nil, err
	}
	if len(b.blocks) == 0 {
		return nil, model.Errorf(model.EInvalid, "Nessuna intestazione del piano trovata.")
	}
	return b.blocks, nil
}

// read reads every sheet of a plan workbook into a builder.
func read(ctx context.Context, data []byte, opts Options) (*builder, error) {
	if opts.Limits == (workbook.Limits{}) {
		opts.Limits = workbook.DefaultLimits
	}
	wb, err := workbook.Open(ctx, data, opts.Limits)
	if err != nil {
		return nil, err
	}
	b := newBuilder()
	b.mapping = opts.Mapping
	if wb.HasMacros() {
		b.warnf("", "", "il file contiene macro (.xlsm): sono state ignorate, e il piano è stato letto dai valori delle celle.")
	}
	for _, name := range wb.SheetNames() {
		switch wb.SheetState(name) {
		case "hidden":
			b.warnf(name, "", "il foglio «%s» è nascosto e non è stato letto: se contiene parte del piano, mostrarlo (in Excel: clic destro su una linguetta, «Scopri») e ricaricare il file.", name)
			continue
		case "veryHidden":
			b.warnf(name, "", "il foglio «%s» è nascosto da un programma (i menu di Excel non lo mostrano) e non è stato letto: se contiene parte del piano, copiarne il contenuto in un foglio visibile e ricaricare il file.", name)
			continue
		}
		sh, err := wb.ReadSheet(name)
		if err != nil {
			return nil, err
		}
		b.sheet(sh)
	}
	return b, nil
}

// cellRef is a value read from the sheet with the cell it came from.
type cellRef struct {
	cell     workbook.Cell
	sheet    string
	col, row int
}

// name returns the A1 name of the cell the value was typed in: the
// top-left cell of a merged range.
func (c cellRef) name() string {
	switch {
	case c.cell.Origin != "":
		return c.cell.Origin
	case c.col == 0:
		return ""
	}
	return workbook.CellName(c.col, c.row)
}

func (c cellRef) text() string { return c.cell.String() }
func (c cellRef) empty() bool  { return c.cell.Type == workbook.Empty }

// location returns where the value was typed in: the top-left cell of a
// merged range.
func (c cellRef) location() model.CellRef {
	col, row := c.col, c.row
	if c.cell.Origin != "" {
		col, row, _ = model.ParseCellName(c.cell.Origin)
	}
	return model.CellRef{Sheet: c.sheet, Col: col, Row: row}
}

type strategicEntry struct {
	obj   *model.StrategicObjective
	persp string
	// perspGuessed: persp is the sheet's name, no perspective being
	// written where the objective was first met
	perspGuessed bool
	code         cellRef
	years        map[int]cellRef
	order        int
}

type operationalEntry struct {
	obj          *model.OperationalObjective
	code, weight cellRef
	parent       string
	hasExplicit  bool
	implicit     *actionEntry
	order        int
}

type actionEntry struct {
	obj                            *model.Action
	code, weight, target, t80, t60 cellRef
	resp, pira, baseline, note     cellRef
	parent                         string
	order                          int
}

type builder struct {
	errs, warns   []model.Problem
	perspectives  []*model.Perspective
	perspByKey    map[string]*model.Perspective
	strategic     map[string]*strategicEntry
	operational   map[string]*operationalEntry
	actions       map[string]*actionEntry
	stratOrder    []string
	opOrder       []string
	actOrder      []string
	headers       int
	title         string
	years         map[int]bool
	sheetsWithout []string
	unitCache     map[string][]string // Responsabile text → units: most repeat
	notes         []model.Note
	totals        []totals
	mapping       *model.Mapping
	guess         model.Mapping // the first header of each sheet, as a mapping
	blocks        []model.Block
	errorCells    map[string]string // "Sheet!B7" → the error value it held (#N/D), once warned about
}

func newBuilder() *builder {
	return &builder{
		perspByKey:  map[string]*model.Perspective{},
		strategic:   map[string]*strategicEntry{},
		operational: map[string]*operationalEntry{},
		actions:     map[string]*actionEntry{},
		years:       map[int]bool{},
		unitCache:   map[string][]string{},
		errorCells:  map[string]string{},
	}
}

func (b *builder) errorf(sheet, cell, format string, args ...any) {
	b.errs = append(b.errs, model.Problem{Sheet: sheet, Cell: cell, Severity: model.SeverityError, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) warnf(sheet, cell, format string, args ...any) {
	b.warns = append(b.warns, model.Problem{Sheet: sheet, Cell: cell, Severity: model.SeverityWarning, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) warnAt(r cellRef, format string, args ...any) {
	b.warnf(r.sheet, r.name(), b.errorValueNote(r, format), args...)
}
func (b *builder) errorAt(r cellRef, format string, args ...any) {
	b.errorf(r.sheet, r.name(), b.errorValueNote(r, format), args...)
}

// errorValueNote adds to a problem of a cell that held an error value
// (read as empty) what the cell held: «manca il peso» alone would not say
// why.
func (b *builder) errorValueNote(r cellRef, format string) string {
	if value, ok := b.errorCells[r.sheet+"!"+r.name()]; ok {
		return format + " (la cella contiene l'errore " + strings.ReplaceAll(value, "%", "%%") + " di una formula)"
	}
	return format
}

// sheet finds every header block in a sheet and reads the rows under each,
// telling plan rows from sections, totals, notes and signatures.
func (b *builder) sheet(sh *workbook.Sheet) {
	sr := &sheetReader{b: b, sh: sh, rows: sh.Rows, block: -1}
	if b.mapping != nil {
		if sr.mapped = b.mapping.SheetFor(sh.Name); sr.mapped == nil {
			if len(sh.Rows) > 0 {
				b.warnf(sh.Name, "", "foglio ignorato: la mappatura non lo comprende.")
			}
			return
		}
	}
	for sr.i = 0; sr.i < len(sr.rows); sr.i++ {
		sr.step()
	}
	if !sr.found && len(sr.rows) > 0 {
		b.sheetsWithout = append(b.sheetsWithout, sh.Name)
	}
}

// sheetReader reads one sheet's rows with a cursor (i): the block being
// read, the header it is laid out by, and where in the plan its rows are.
type sheetReader struct {
	b    *builder
	sh   *workbook.Sheet
	rows []workbook.Row
	i    int // the row being read
	// mapped is the mapping's part for this sheet, nil without one;
	// mappedHeader the header rows it names
	mapped       *model.SheetMapping
	mappedHeader []workbook.Row
	lay          *layout
	skipping     bool // rows under a header too incomplete to read
	found        bool // a header was found
	mode         readingMode
	firstCol     int
	block        int // the index in b.blocks of the block being read, -1 before the first
	at           position
}

// position is where in the plan the rows being read are: the objectives
// and perspective the rows above named.
type position struct {
	strategic, operational, perspective string
}

// step reads the row under the cursor, moving it past a header.
func (sr *sheetReader) step() {
	b, rows, r := sr.b, sr.rows, sr.rows[sr.i]
	if sr.mapped != nil && r.Num <= sr.mapped.HeaderRows[1] {
		if sr.lay == nil {
			sr.mappedBlock(r)
		}
		return // the title and the header rows the mapping names
	}
	if start, end, ok := headerAt(rows, sr.i); ok {
		sr.header(start, end)
		return
	}
	if n := repeatedHeader(rows, sr.i, sr.mappedHeader); n > 0 {
		// a later block repeats the mapped header, labels the vocabulary
		// does not know included
		header := rows[sr.i : sr.i+n]
		sr.open(rows[sr.i].Num, labelRowOf(header, rows[sr.i].Num), rows[sr.i+n-1].Num, header, 0)
		sr.i, sr.mode = sr.i+n-1, readingPlan
		return
	}
	if sr.block < 0 || nextHeaderGroupRow(rows, sr.i) {
		return // before any header, or the group titles of the next block's header
	}
	if bl := &b.blocks[sr.block]; hasCode(r, bl.LastCol) {
		bl.LastRow = r.Num
	}
	if sr.lay == nil || sr.skipping {
		return
	}
	kind, text := classify(r, sr.lay, sr.mode, sr.firstCol)
	switch kind {
	case rowNote:
		b.note(sr.sh.Name, r, text)
		sr.mode = readingNotes
	case rowSignature:
		sr.mode = readingSignatures
	case rowSection:
		sr.at.perspective = text
	case rowTotals:
		b.totalsRow(sr.sh.Name, r, sr.lay, sr.at.strategic, sr.at.operational)
	case rowPlan:
		sr.mode = readingPlan
		b.row(sr.sh.Name, r, sr.lay, &sr.at)
	}
}

// mappedBlock starts the block under the header rows the mapping names,
// laid out as it says.
func (sr *sheetReader) mappedBlock(r workbook.Row) {
	hr := sr.mapped.HeaderRows
	if sr.b.title == "" {
		sr.b.title = titleAbove(rowsBefore(sr.rows, hr[0]))
	}
	header := rowsWithin(sr.rows, hr)
	sr.mappedHeader = header
	l, problems := mappedLayout(sr.sh, header, *sr.mapped)
	sr.begin(l, problems, r)
	sr.open(hr[0], labelRowOf(header, hr[0]), hr[1], header, l.lastCol())
}

// header starts a block under the header found in rows[start:end] and
// moves the cursor past it. With a mapping, a later block repeating the
// header keeps the mapped layout; else each header is read for itself.
func (sr *sheetReader) header(start, end int) {
	b, rows, r := sr.b, sr.rows, sr.rows[sr.i]
	if sr.block < 0 || rows[start].Num > b.blocks[sr.block].HeaderEnd {
		sr.open(rows[start].Num, r.Num, rows[end-1].Num, rows[start:end], 0)
	}
	if sr.mapped == nil {
		if b.title == "" {
			b.title = titleAbove(rows[:start])
		}
		if !sr.found {
			b.guess.Sheets = append(b.guess.Sheets, suggestSheet(sr.sh, start, end, sr.i-start, false))
		}
		l, problems := buildLayout(sr.sh.Name, rows[start:end], sr.i-start, sr.sh.Hidden)
		sr.begin(l, problems, r)
	}
	sr.i, sr.mode = end-1, readingPlan
}

// open starts the block under the header rows top to end, which reaches
// at least column lastCol.
func (sr *sheetReader) open(top, label, end int, header []workbook.Row, lastCol int) {
	bl := model.Block{Sheet: sr.sh.Name, HeaderTop: top, LabelRow: label, HeaderEnd: end, LastCol: lastCol, LastRow: end}
	for _, hr := range header {
		for _, c := range hr.Cells {
			bl.LastCol = max(bl.LastCol, c.Col)
		}
	}
	sr.b.blocks = append(sr.b.blocks, bl)
	sr.block = len(sr.b.blocks) - 1
}

// begin starts reading a block under a header laid out as l, whose
// first row is r.
func (sr *sheetReader) begin(l *layout, problems []model.Problem, r workbook.Row) {
	b := sr.b
	b.errs = append(b.errs, problems...)
	sr.lay, sr.skipping, sr.found, sr.mode = l, len(problems) > 0, true, readingPlan
	sr.firstCol = r.Cells[0].Col
	b.headers++
	for _, t := range l.targets {
		if t.year != 0 {
			b.years[t.year] = true
		}
	}
}

// repeatedHeader returns how many rows from rows[i] repeat a mapped
// header's rows, text for text, and 0 when they do not: a later block's
// header, whose labels the vocabulary may not know.
func repeatedHeader(rows []workbook.Row, i int, header []workbook.Row) int {
	if len(header) == 0 || i+len(header) > len(rows) || rows[i].Num <= header[len(header)-1].Num {
		return 0
	}
	for k, h := range header {
		want, got := ownShortTexts(h), ownShortTexts(rows[i+k])
		if len(want) == 0 && k > 0 {
			continue
		}
		if len(want) == 0 || !slices.Equal(want, got) {
			return 0
		}
	}
	return len(header)
}

// rowsBefore returns the rows above row number num.
func rowsBefore(rows []workbook.Row, num int) []workbook.Row {
	for i, r := range rows {
		if r.Num >= num {
			return rows[:i]
		}
	}
	return rows
}

// titleAbove returns the first text above the header, the plan's title.
func titleAbove(rows []workbook.Row) string {
	for _, r := range rows {
		for _, c := range r.Cells {
			if s := c.String(); s != "" {
				return s
			}
		}
	}
	return ""
}

func (b *builder) ref(sheet string, r workbook.Row, col int) cellRef {
	if col == 0 {
		return cellRef{sheet: sheet}
	}
	ref := cellRef{cell: r.Get(col), sheet: sheet, col: col, row: r.Num}
	if ref.cell.Type == workbook.ErrorValue {
		// a formula that failed: warn once for the cell, read nothing
		where := sheet + "!" + ref.name()
		if _, warned := b.errorCells[where]; !warned {
			b.warnAt(ref, "la cella contiene l'errore %s di una formula e non è stata letta: correggere la formula o scrivere il valore, poi ricaricare il file.", ref.text())
			b.errorCells[where] = ref.text()
		}
		ref.cell = workbook.Cell{Col: col}
	}
	return ref
}

// codeWithTitle is a code cell that also carries its objective's title
// after a dash: «OS1 – Sostenere le imprese», «1.2 - Digitalizzazione».
var codeWithTitle = regexp.MustCompile(`^\s*(\p{L}{0,4}\s*\d{1,6}(?:\s*[.,]\s*\d{1,6})*\.?)\s*[-–—:]\s+(\S.*)$`)

// splitCode returns the code of a code cell and the title written after
// it, if any.
func splitCode(c workbook.Cell) (code, title string) {
	if c.Type == workbook.Empty {
		return "", ""
	}
	s := c.NumberText()
	if c.Type == workbook.String && strings.ContainsAny(s, "-–—:") { // most codes are bare: skip the pattern
		if m := codeWithTitle.FindStringSubmatch(s); m != nil {
			s, title = m[1], strings.TrimSpace(m[2])
		}
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == ',':
			return '.'
		case r == ' ' || r == '\u00a0' || r == '\t':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	return strings.TrimRight(s, "."), title
}

// normCode tidies an objective or action code: "1.1." → "1.1", "1 .2" →
// "1.2", «OS1 – Sostenere…» → "OS1".
func normCode(c workbook.Cell) string {
	code, _ := splitCode(c)
	return code
}

// validCodeForm is a code as plans write them: numbers separated by dots
// (1, 1.1, 1.1.1), possibly after a short prefix of letters (OS1, OO1.1).
var validCodeForm = regexp.MustCompile(`^\p{L}{0,4}\d{1,6}(\.\d{1,6})*$`)

func validCode(s string) bool { return validCodeForm.MatchString(s) }

// numericCode reports whether a code is numbers alone (1.1.1): such codes
// say their parent themselves (1.1), where codes with letters (OO1.1) get
// it from the row they stand on.
func numericCode(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// parentOf is an objective's or action's parent: the parent code written
// on its row when that code has letters (the hierarchy is in the merged
// cells), else the code's own prefix (1.1.1 → 1.1).
func parentOf(code, rowParent string) string {
	if rowParent != "" && !numericCode(rowParent) {
		return rowParent
	}
	return parentCode(code)
}

func parentCode(code string) string {
	if i := strings.LastIndexByte(code, '.'); i >= 0 {
		return code[:i]
	}
	return ""
}

// row reads one data row of a block.
func (b *builder) row(sheet string, r workbook.Row, l *layout, at *position) {
	get := func(lv level, f field) cellRef { return b.ref(sheet, r, l.col(lv, f)) }
	sRef, oRef, aRef := get(levelStrategic, fieldCode), get(levelOperational, fieldCode), get(levelAction, fieldCode)
	sCode, oCode, aCode := normCode(sRef.cell), normCode(oRef.cell), normCode(aRef.cell)
	target, aTitle, aKPI := get(levelAction, fieldTarget), get(levelAction, fieldTitle), get(levelAction, fieldKPI)
	hasActionData := !target.empty() || !aTitle.empty() || !aKPI.empty()
	if sCode == "" && oCode == "" && aCode == "" {
		switch {
		case looksLikeAction(r, l):
			b.errorf(sheet, workbook.CellName(l.col(levelAction, fieldCode), r.Num), "riga %d: ci sono target, descrizione o peso di un'azione ma manca il codice dell'azione: scriverlo (o «Totale» se è la riga dei totali).", r.Num)
		case !target.empty() || !get(levelAction, fieldWeight).empty():
			b.warnf(sheet, workbook.CellName(r.Cells[0].Col, r.Num), "riga %d ignorata: ha dei valori ma nessun codice di obiettivo o di azione.", r.Num)
		}
		return // titles and spacer rows
	}
	for _, c := range []struct {
		code string
		ref  cellRef
	}{{sCode, sRef}, {oCode, oRef}, {aCode, aRef}} {
		if c.code != "" && !validCode(c.code) {
			b.errorAt(c.ref, "codice «%s» non valido: i codici sono numeri separati da punti (1, 1.1, 1.1.1), eventualmente dopo una sigla (OS1, OO1.1).", model.Clip(c.ref.text()))
			return
		}
	}
	if l.perspCol != 0 {
		if p := b.ref(sheet, r, l.perspCol).text(); p != "" {
			at.perspective = p
		}
	}
	guessed := at.perspective == "" || at.perspective == sheet
	if at.perspective == "" {
		at.perspective = sheet
	}
	if sCode != "" {
		b.strategicRow(sheet, r, l, sCode, sRef, at.strategic, at.perspective, guessed)
		at.strategic = sCode
	}
	// an objective is measured directly only on its own first row: on the
	// rows below, where its code is merged down or repeated, a row with an
	// action's data and no action code lacks that code
	firstOfO := oCode != "" && oCode != at.operational
	if oCode != "" {
		b.operationalRow(sheet, r, l, oCode, oRef, at.operational, parentOf(oCode, at.strategic))
		at.operational = oCode
	}
	switch {
	case aCode != "":
		parent := parentOf(aCode, at.operational)
		b.actionRow(sheet, r, l, aCode, aRef, parent, false)
		if e := b.operational[parent]; e != nil {
			e.hasExplicit = true
		}
	case firstOfO && hasActionData:
		// an operational objective measured directly: one implicit action
		// with the objective's own code
		b.actionRow(sheet, r, l, oCode, oRef, oCode, true)
	case hasActionData:
		b.errorf(sheet, workbook.CellName(l.col(levelAction, fieldCode), r.Num), "riga %d: ci sono target o descrizione di un'azione ma manca il codice dell'azione.", r.Num)
	}
}

func (b *builder) strategicRow(sheet string, r workbook.Row, l *layout, code string, ref cellRef, cur, persp string, perspGuessed bool) {
	e, ok := b.strategic[code]
	switch {
	case ok && e.code.sheet != sheet:
		// named again on another sheet («OS1 – …» over the operational
		// objectives): the same objective; a perspective written here
		// wins over a sheet's name taken for one
		if e.perspGuessed && !perspGuessed {
			e.persp, e.perspGuessed = persp, false
		}
	case ok && cur != code:
		b.errorAt(ref, "codice %s duplicato: l'obiettivo strategico %s compare già in %s.", code, code, e.code.location())
		return
	case !ok:
		e = &strategicEntry{obj: &model.StrategicObjective{Code: code, Targets: map[int]float64{}, Cell: ref.location()},
			persp: persp, perspGuessed: perspGuessed, code: ref, years: map[int]cellRef{}, order: len(b.stratOrder)}
		b.strategic[code] = e
		b.stratOrder = append(b.stratOrder, code)
	}
	_, title := splitCode(ref.cell)
	if l.col(levelStrategic, fieldTitle) != l.col(levelStrategic, fieldCode) {
		setText(&e.obj.Description, b.ref(sheet, r, l.col(levelStrategic, fieldTitle)))
	}
	if e.obj.Description == "" {
		e.obj.Description = title
	}
	setText(&e.obj.KPI, b.ref(sheet, r, l.col(levelStrategic, fieldKPI)))
	for _, t := range l.targets {
		if _, done := e.years[t.year]; done {
			continue
		}
		if c := b.ref(sheet, r, t.col); !c.empty() {
			e.years[t.year] = c
		}
	}
}

func (b *builder) operationalRow(sheet string, r workbook.Row, l *layout, code string, ref cellRef, cur, parent string) {
	e, ok := b.operational[code]
	if ok && cur != code {
		b.errorAt(ref, "codice %s duplicato: l'obiettivo operativo %s compare già in %s.", code, code, e.code.location())
		return
	}
	if !ok {
		e = &operationalEntry{obj: &model.OperationalObjective{Code: code, Cell: ref.location()}, code: ref, parent: parent, order: len(b.opOrder)}
		b.operational[code] = e
		b.opOrder = append(b.opOrder, code)
	}
	_, title := splitCode(ref.cell)
	if l.col(levelOperational, fieldTitle) != l.col(levelOperational, fieldCode) {
		setText(&e.obj.Title, b.ref(sheet, r, l.col(levelOperational, fieldTitle)))
	}
	if e.obj.Title == "" {
		e.obj.Title = title
	}
	setText(&e.obj.KPI, b.ref(sheet, r, l.col(levelOperational, fieldKPI)))
	if w := b.ref(sheet, r, l.col(levelOperational, fieldWeight)); e.weight.empty() && !w.empty() {
		e.weight = w
	}
}

func (b *builder) actionRow(sheet string, r workbook.Row, l *layout, code string, ref cellRef, parent string, implicit bool) {
	if e, ok := b.actions[code]; ok {
		// a value merged over two rows, or repeated on each, is one action
		if e.code.name() == ref.name() && e.code.sheet == ref.sheet {
			return
		}
		if implicit && e.obj.Implicit {
			return
		}
		what := "l'azione"
		if e.obj.Implicit || implicit {
			what = "il codice"
		}
		b.errorAt(ref, "codice %s duplicato: %s %s compare già in %s.", code, what, code, e.code.location())
		return
	}
	get := func(f field) cellRef { return b.ref(sheet, r, l.col(levelAction, f)) }
	a := &model.Action{Code: code, Implicit: implicit, Cell: ref.location()}
	e := &actionEntry{obj: a, code: ref, weight: get(fieldWeight), target: get(fieldTarget),
		t80: b.ref(sheet, r, l.thr80), t60: b.ref(sheet, r, l.thr60), resp: get(fieldResponsible), pira: get(fieldPIRA),
		baseline: get(fieldBaseline), note: get(fieldNote), parent: parent, order: len(b.actOrder)}
	setText(&a.Title, get(fieldTitle))
	setText(&a.KPI, get(fieldKPI))
	if implicit {
		op := b.operational[parent]
		if op != nil {
			if a.Title == "" {
				a.Title = op.obj.Title
			}
			if a.KPI == "" {
				a.KPI = op.obj.KPI
			}
			op.implicit = e
		}
		a.Weight = 100
	}
	b.actions[code] = e
	b.actOrder = append(b.actOrder, code)
}

func setText(dst *string, c cellRef) {
	if *dst == "" {
		*dst = c.text()
	}
}

// finish checks the whole plan and builds the model in the plan's order:
// the strategic objectives under their perspectives, the operational ones
// under them, the actions under those; then the plan-wide checks.
func (b *builder) finish(year int) (*model.Plan, error) {
	if b.headers == 0 {
		return nil, b.noHeader()
	}
	for _, s := range b.sheetsWithout {
		b.warnf(s, "", "foglio ignorato: nessuna intestazione del piano trovata.")
	}
	plan := &model.Plan{Year: b.planYear(year), Title: b.title}
	plan.Perspectives = b.placeStrategic()
	b.placeOperational()
	b.placeActions()
	b.inheritKPI()
	b.checkWeights()
	b.checkTotals()
	b.checkUnits()
	if len(b.errs) > 0 {
		return nil, model.ProblemsError(model.EInvalid, b.errs, "Il piano non è stato importato: %s da correggere nel file.", model.Plural(len(b.errs), "errore", "errori"))
	}
	if plan.Year == 0 {
		return nil, model.Errorf(model.EInvalid, "Anno del piano non trovato (né sotto «Target» né nel titolo): indicarlo esplicitamente (--year).")
	}
	if plan.NoStrategicTargets() {
		b.warnf("", "", "%s", model.NoStrategicTargetsMessage)
	}
	plan.Warnings, plan.Notes, plan.Blocks = b.warns, b.notes, b.blocks
	plan.Mapping = b.mapping
	if plan.Mapping == nil {
		plan.Mapping = &b.guess
	}
	if plan.Warnings == nil {
		plan.Warnings = []model.Problem{}
	}
	if plan.Notes == nil {
		plan.Notes = []model.Note{}
	}
	for _, a := range plan.Actions() {
		if a.Units == nil {
			a.Units = []string{}
		}
	}
	plan.SummariseUnits()
	return plan, nil
}

// noHeader is the refusal of a file in which no sheet has a plan header.
func (b *builder) noHeader() error {
	if len(b.sheetsWithout) == 0 {
		return model.Errorf(model.EInvalid, "Il file non contiene dati: caricare il piano della performance compilato.")
	}
	err := model.Errorf(model.EInvalid, "Nessuna intestazione del piano trovata: ogni foglio deve avere una riga con le etichette «cod.», «peso», «target» sotto i titoli «Obiettivi strategici», «Obiettivi operativi» e «Azioni».")
	for _, s := range b.sheetsWithout {
		err.Problems = append(err.Problems, model.Problem{Sheet: s, Severity: model.SeverityError, Kind: model.ProblemHeader, Message: "nessuna intestazione del piano trovata in questo foglio."})
	}
	return err
}

// planYear is the year given, else the first year under the strategic
// targets, else the first year in the title.
func (b *builder) planYear(year int) int {
	if year == 0 {
		for y := range b.years {
			if year == 0 || y < year {
				year = y
			}
		}
	}
	if year == 0 {
		year = yearIn(b.title)
	}
	return year
}

// placeStrategic puts the strategic objectives under their perspectives,
// with their targets by year, and returns the perspectives in order.
func (b *builder) placeStrategic() []*model.Perspective {
	for _, code := range b.stratOrder {
		e := b.strategic[code]
		key := model.Fold(e.persp)
		p := b.perspByKey[key]
		if p == nil {
			p = &model.Perspective{Name: e.persp}
			b.perspByKey[key] = p
			b.perspectives = append(b.perspectives, p)
		}
		p.Strategic = append(p.Strategic, e.obj)
		years := make([]int, 0, len(e.years))
		for y := range e.years {
			years = append(years, y)
		}
		sort.Ints(years)
		for _, y := range years {
			c := e.years[y]
			v, ok := percentOf(c.cell)
			if !ok {
				b.warnAt(c, "target %d dell'obiettivo strategico %s non è una percentuale («%s»): ignorato.", y, code, c.text())
				continue
			}
			e.obj.Targets[y] = v
		}
	}
	return b.perspectives
}

// placeOperational puts the operational objectives under their strategic
// parents, with their weights.
func (b *builder) placeOperational() {
	for _, code := range b.opOrder {
		e := b.operational[code]
		parent := b.strategic[e.parent]
		if parent == nil {
			b.errorAt(e.code, "l'obiettivo operativo %s non ha un obiettivo strategico %s nel piano: correggere il codice.", code, displayCode(e.parent))
			continue
		}
		e.obj.Weight = b.weight(e.weight, "dell'obiettivo operativo "+code)
		parent.obj.Operational = append(parent.obj.Operational, e.obj)
		if e.implicit != nil && e.hasExplicit {
			b.errorAt(e.implicit.target, "l'obiettivo operativo %s ha sia azioni con codice sia un target proprio sulla riga dell'obiettivo: dare un codice all'azione o togliere il target.", code)
		}
	}
}

// placeActions puts the actions under their operational parents, with
// their weights, values and units.
func (b *builder) placeActions() {
	for _, code := range b.actOrder {
		e := b.actions[code]
		parent := b.operational[e.parent]
		if parent == nil {
			b.errorAt(e.code, "l'azione %s non ha un obiettivo operativo %s nel piano: correggere il codice.", code, displayCode(e.parent))
			continue
		}
		if !e.obj.Implicit {
			e.obj.Weight = b.weight(e.weight, "dell'azione "+code)
		}
		b.values(e)
		b.responsible(e)
		parent.obj.Actions = append(parent.obj.Actions, e.obj)
	}
}

func displayCode(code string) string {
	if code != "" {
		return code
	}
	return "(nessuno)"
}

// percentOf reads a weight or strategic target in percent: 0.8 shown as
// 80%, "80%", 80, and 0.8 in a General cell all give 80.
func percentOf(c workbook.Cell) (float64, bool) {
	if c.Type == workbook.Empty {
		return 0, false
	}
	v := c.Value()
	if !v.Numeric() || (v.Kind != model.KindPercent && v.Kind != model.KindNumber) {
		return 0, false
	}
	n := *v.Number
	if v.Kind == model.KindNumber && n > 0 && n <= 1 {
		n = math.Round(n*100*1e9) / 1e9
	}
	return n, n >= 0
}

func (b *builder) weight(c cellRef, what string) float64 {
	if c.empty() {
		b.errorAt(c, "manca il peso %s: scrivere una percentuale (per esempio 50%%).", what)
		return 0
	}
	w, ok := percentOf(c.cell)
	if !ok {
		b.errorAt(c, "il peso %s non è un numero («%s»): scrivere una percentuale (per esempio 50%%).", what, c.text())
		return 0
	}
	return w
}

// inheritKPI copies the "ponderazione" KPI, written only on the first
// operational objective of each strategic objective, to its siblings.
func (b *builder) inheritKPI() {
	for _, code := range b.stratOrder {
		kpi := ""
		for _, o := range b.strategic[code].obj.Operational {
			switch {
			case model.Fold(o.KPI) == "ponderazione":
				kpi = o.KPI
			case o.KPI == "" && kpi != "":
				o.KPI = kpi
			}
		}
	}
}

// weightTolerance absorbs rounding in weights typed with decimals
// (33,33% three times).
const weightTolerance = 0.01

func (b *builder) checkWeights() {
	for _, code := range b.stratOrder {
		e := b.strategic[code]
		if len(e.obj.Operational) == 0 {
			b.warnAt(e.code, "l'obiettivo strategico %s non ha obiettivi operativi.", code)
			continue
		}
		var sum float64
		for _, o := range e.obj.Operational {
			sum += o.Weight
		}
		if math.Abs(sum-100) > weightTolerance {
			b.warnAt(e.code, "i pesi degli obiettivi operativi di %s sommano a %s%% invece di 100%%.", code, model.FormatItalian(math.Round(sum*100)/100))
		}
	}
	for _, code := range b.opOrder {
		e := b.operational[code]
		if len(e.obj.Actions) == 0 {
			b.warnAt(e.code, "l'obiettivo operativo %s non ha azioni né un target proprio: non potrà essere misurato.", code)
			continue
		}
		var sum float64
		for _, a := range e.obj.Actions {
			sum += a.Weight
		}
		if math.Abs(sum-100) > weightTolerance {
			b.warnAt(e.code, "i pesi delle azioni di %s sommano a %s%% invece di 100%%.", code, model.FormatItalian(math.Round(sum*100)/100))
		}
	}
}
