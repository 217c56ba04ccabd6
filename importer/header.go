package importer

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// level is the part of the plan a column belongs to.
type level int

const (
	levelNone level = iota
	levelPerspective
	levelStrategic
	levelOperational
	levelAction
)

// field is what a column holds within its level.
type field int

const (
	fieldNone field = iota
	fieldPerspective
	fieldCode
	fieldTitle
	fieldKPI
	fieldWeight
	fieldTarget
	fieldThreshold
	fieldPIRA
	fieldResponsible
	fieldBaseline // the value the year starts from: kept, never a target
	fieldNote     // the plan's own note on a row
)

var fieldNames = map[field]string{
	fieldPerspective: "Prospettiva", fieldCode: "cod.", fieldTitle: "titolo / descrizione", fieldKPI: "kpi",
	fieldWeight: "peso", fieldTarget: "target", fieldThreshold: "soglie", fieldPIRA: "PIRA", fieldResponsible: "Responsabile",
}

var levelNames = map[level]string{
	levelStrategic: "Obiettivi strategici", levelOperational: "Obiettivi operativi", levelAction: "Azioni",
}

// column is the meaning of one sheet column under a header.
type column struct {
	col   int
	level level
	field field
	year  int // strategic targets: the year the column is for
	pct   int // thresholds: 80 or 60, 0 while unknown
}

// layout maps the columns of one block, found from its header.
type layout struct {
	headerRow int // the label row
	cols      map[level]map[field]int
	targets   []column // strategic targets by year
	thr80     int
	thr60     int
	perspCol  int
}

func (l *layout) col(lv level, f field) int { return l.cols[lv][f] }

// lastCol is the rightmost column the layout reads.
func (l *layout) lastCol() int {
	last := max(l.thr80, l.thr60, l.perspCol)
	for _, fields := range l.cols {
		for _, col := range fields {
			last = max(last, col)
		}
	}
	for _, t := range l.targets {
		last = max(last, t.col)
	}
	return last
}

// words splits header text into lower-case, accent-free words of letters
// and digits: "PIRA Az." → pira, az.
func words(s string) []string {
	var out []string
	var buf []byte
	flush := func() {
		if len(buf) > 0 {
			out = append(out, string(buf))
			buf = buf[:0]
		}
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			buf = append(buf, byte(r))
		case r >= 'A' && r <= 'Z':
			buf = append(buf, byte(r)+'a'-'A')
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			buf = append(buf, model.Fold(string(r))...)
		default:
			flush()
		}
	}
	flush()
	return out
}

// groupOf recognises the group titles above the labels ("Obiettivi
// strategici", "Azioni") and level words inside a single label ("Cod.
// azione", "Peso obiettivo operativo").
func groupOf(ws []string) level {
	for i, w := range ws {
		switch {
		case strings.HasPrefix(w, "prospettiv"):
			return levelPerspective
		case strings.HasPrefix(w, "strategic"):
			return levelStrategic
		case strings.HasPrefix(w, "operativ"):
			return levelOperational
		case w == "azioni" || w == "azione" || w == "attivita" || w == "attivit" || w == "ind":
			return levelAction // «Cod. ind.»: the indicators are the measured items
		case w == "obiettivi" || w == "obiettivo":
			if i+1 < len(ws) {
				continue
			}
		}
	}
	return levelNone
}

// term is one way plans label a column: consecutive words of the label
// (lower case, accents removed), the field they name and, for a
// threshold, the percentage it stands for.
type term struct {
	words    string // space-separated
	field    field
	pct      int  // thresholds: 80 or 60 when the words say which
	opening  bool // only at the start of a label: "N." is a code there, not elsewhere
	notAlone bool // not when the label is this word alone
}

// vocabulary is every label the importer knows, in one table: a new
// synonym is a new row. A label is read by its leftmost known words; at
// the same position, earlier rows win, so longer phrases come first.
var vocabulary = []term{
	{words: "cod", field: fieldCode, opening: true},
	{words: "codice", field: fieldCode, opening: true},
	{words: "n", field: fieldCode, opening: true},
	{words: "nr", field: fieldCode, opening: true},
	{words: "num", field: fieldCode, opening: true},
	{words: "id", field: fieldCode, opening: true},
	{words: "prospettiva", field: fieldPerspective},
	{words: "prospettive", field: fieldPerspective},
	{words: "ambito strategico", field: fieldPerspective},
	{words: "ambito", field: fieldPerspective},
	{words: "area strategica", field: fieldPerspective},
	{words: "titolo", field: fieldTitle},
	{words: "descrizione", field: fieldTitle},
	{words: "denominazione", field: fieldTitle},
	{words: "obiettivo", field: fieldTitle}, // «Obiettivo operativo»: the objective itself
	{words: "kpi", field: fieldKPI},
	{words: "indicatore", field: fieldKPI},
	{words: "indicatori", field: fieldKPI},
	{words: "algoritmo di calcolo", field: fieldKPI},
	{words: "algoritmo", field: fieldKPI},
	{words: "peso", field: fieldWeight},
	{words: "pesi", field: fieldWeight},
	// "ponderazione" alone is the KPI of an objective weighed from its
	// children, written in the KPI column, not a label
	{words: "ponderazione", field: fieldWeight, notAlone: true},
	{words: "risultato atteso", field: fieldTarget},
	{words: "risultati attesi", field: fieldTarget},
	{words: "valore atteso", field: fieldTarget},
	{words: "valore obiettivo", field: fieldTarget},
	{words: "target", field: fieldTarget},
	{words: "soglia intermedia", field: fieldThreshold, pct: 80},
	{words: "soglia minima", field: fieldThreshold, pct: 60},
	{words: "soglia", field: fieldThreshold},
	{words: "soglie", field: fieldThreshold},
	{words: "pira", field: fieldPIRA},
	{words: "baseline", field: fieldBaseline},
	{words: "valore di partenza", field: fieldBaseline},
	{words: "valore iniziale", field: fieldBaseline},
	{words: "struttura responsabile", field: fieldResponsible},
	{words: "unita organizzativa", field: fieldResponsible},
	{words: "responsabile", field: fieldResponsible},
	{words: "responsabili", field: fieldResponsible},
	{words: "struttura", field: fieldResponsible},
}

// vocabularyWords is vocabulary with each term's words split once.
var vocabularyWords = func() [][]string {
	out := make([][]string, len(vocabulary))
	for i, t := range vocabulary {
		out[i] = strings.Fields(t.words)
	}
	return out
}()

// lookup returns the term a label's words name, and whether one does.
func lookup(ws []string) (term, bool) {
	for i := range ws {
		for k, t := range vocabulary {
			tw := vocabularyWords[k]
			if t.opening && i > 0 || t.notAlone && len(ws) == len(tw) || i+len(tw) > len(ws) {
				continue
			}
			if slices.Equal(ws[i:i+len(tw)], tw) {
				return t, true
			}
		}
	}
	return term{}, false
}

// fieldOf recognises a column label.
func fieldOf(ws []string) field {
	t, _ := lookup(ws)
	return t.field
}

// The sizes that tell labels from data and titles.
const (
	maxCodeLabelLen   = 40 // bytes of a "cod." / "Codice azione" label cell
	codeLabelPrefix   = 6  // bytes of a label in which its code word must start
	maxLabelLen       = 60 // bytes of any label cell: longer cells are titles or descriptions
	maxLabelWords     = 5  // words of a label
	maxGroupWords     = 4  // words of a group title ("Obiettivi strategici")
	maxSubLabelLetter = 3  // letters of an abbreviation under a label ("Az.")
	minPlanYear       = 2000
	maxPlanYear       = 2100
)

// isLabelRow reports whether a row looks like the label row of a plan
// header: a code column and at least two other kinds of label.
func isLabelRow(r workbook.Row) bool {
	// cheap first: a label row has a short "cod." / "Codice …" / "N." cell
	maybe := false
	for _, c := range r.Cells {
		if c.Type == workbook.String && len(c.Text) <= maxCodeLabelLen && mayBeCodeLabel(c.Text) {
			maybe = true
			break
		}
	}
	if !maybe {
		return false
	}
	seen := map[field]bool{}
	for _, c := range r.Cells {
		if c.Type != workbook.String {
			continue
		}
		if len(c.Text) > maxLabelLen {
			continue // labels are short; skip titles and descriptions cheaply
		}
		if ws := words(c.Text); len(ws) <= maxLabelWords {
			seen[fieldOf(ws)] = true
		}
	}
	delete(seen, fieldNone)
	return seen[fieldCode] && len(seen) >= 3
}

func mayBeCodeLabel(s string) bool {
	s = strings.TrimLeft(s, " \t\n\u00a0")
	if len(s) > codeLabelPrefix {
		s = s[:codeLabelPrefix]
	}
	for _, p := range []string{"cod", "n.", "n ", "nr", "num", "id"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return strings.EqualFold(strings.TrimSpace(s), "n")
}

// isGroupRow reports whether a row holds group titles ("Obiettivi
// strategici", "Azioni") and nothing that looks like data.
func isGroupRow(r workbook.Row) bool {
	groups := 0
	for _, c := range r.Cells {
		if c.Type != workbook.String {
			return false
		}
		ws := words(c.Text)
		if len(ws) > maxGroupWords {
			return false // a title such as "PIANO DELLA PERFORMANCE … obiettivi strategici, operativi e azioni"
		}
		if groupOf(ws) != levelNone {
			groups++
		}
	}
	return groups > 0
}

// isSubLabelRow reports whether the row under the labels holds only years,
// threshold percentages, short abbreviations ("Az.") or cells merged down
// from the label row.
func isSubLabelRow(r workbook.Row, labelRow int) bool {
	if texts, span := lineTexts(r); len(texts) == 1 && span >= minSectionSpan {
		return false // one text across the table: a section row
	}
	own := 0
	for _, c := range r.Cells {
		if c.Origin != "" && originRow(c.Origin) <= labelRow {
			continue
		}
		own++
		if yearOf(c) != 0 || pctOf(c) != 0 {
			continue
		}
		if c.Type == workbook.String {
			ws := words(c.Text)
			if len(ws) == 1 && len(ws[0]) <= maxSubLabelLetter || fieldOf(ws) != fieldNone {
				continue
			}
		}
		return false
	}
	return own > 0
}

// originRow is the row of a merged range's top-left cell, named "B5".
func originRow(ref string) int {
	_, row, _ := model.ParseCellName(ref)
	return row
}

// yearOf returns the year a header cell names ("2020", 2020), or 0.
func yearOf(c workbook.Cell) int {
	var s string
	if c.Type == workbook.Number {
		s = strconv.FormatFloat(c.Num, 'f', -1, 64)
	} else {
		s = strings.TrimSpace(c.Text)
	}
	if len(s) != 4 {
		return 0
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < minPlanYear || y > maxPlanYear {
		return 0
	}
	return y
}

// pctOf returns 80 or 60 for a threshold sub-label ("80%", 0.8 shown as %).
func pctOf(c workbook.Cell) int {
	switch c.String() {
	case "80%", "80 %", "80":
		return 80
	case "60%", "60 %", "60":
		return 60
	}
	return 0
}

// yearIn finds the first plausible year in text ("PIANO … 2020-2022").
func yearIn(s string) int {
	for i := 0; i+4 <= len(s); i++ {
		if (i > 0 && s[i-1] >= '0' && s[i-1] <= '9') || (i+4 < len(s) && s[i+4] >= '0' && s[i+4] <= '9') {
			continue
		}
		if y, err := strconv.Atoi(s[i : i+4]); err == nil && y >= minPlanYear && y <= maxPlanYear {
			return y
		}
	}
	return 0
}

// The default percentages of thresholds written without one: the first
// «Soglie» column is the 80% one, the second the 60% one.
var defaultThresholdPct = [2]int{80, 60}

// buildLayout maps the columns of the header made of rows (group row, label
// row, sub-label rows; the first and last may be absent), leaving out the
// columns a person hid. It reports missing columns as a problem on the
// label row. The steps: gather each column's header cells, describe each
// column from the vocabulary, pair the thresholds, assign the columns to
// the layout, check the required ones.
func buildLayout(sheet string, rows []workbook.Row, labelIdx int, hidden map[int]bool) (*layout, []model.Problem) {
	label := rows[labelIdx]
	var groupRow *workbook.Row
	if labelIdx > 0 {
		groupRow = &rows[0]
	}
	cols := describeColumns(headerCells(rows, hidden), label, groupRow)
	pairThresholds(cols, label)
	l := assignColumns(cols, label)
	return l, l.missing(sheet, label)
}

// headerCells gathers each visible column's header cells from top to
// bottom, by column.
func headerCells(rows []workbook.Row, hidden map[int]bool) map[int][]workbook.Cell {
	texts := map[int][]workbook.Cell{}
	for _, r := range rows {
		for _, c := range r.Cells {
			if !hidden[c.Col] {
				texts[c.Col] = append(texts[c.Col], c)
			}
		}
	}
	return texts
}

// describeColumns reads what each column is, left to right: a column
// without a group title of its own belongs to the group whose title stands
// to its left in the group row (group titles that are not merged).
func describeColumns(texts map[int][]workbook.Cell, label workbook.Row, groupRow *workbook.Row) []column {
	order := make([]int, 0, len(texts))
	for col := range texts {
		order = append(order, col)
	}
	sort.Ints(order)
	cols := make([]column, 0, len(order))
	for _, col := range order {
		cols = append(cols, describeColumn(col, texts[col], label))
	}
	// a code column without a level of its own belongs to the objective
	// named right after it: «Codice | Obiettivo operativo»
	for i := range cols {
		if c := &cols[i]; c.field == fieldCode && c.level == levelNone && i+1 < len(cols) && cols[i+1].col == c.col+1 && cols[i+1].level != levelNone {
			c.level = cols[i+1].level
		}
	}
	current := levelNone
	for i := range cols {
		c := &cols[i]
		col := c.col
		if c.level == levelNone || c.level == levelPerspective && c.field != fieldPerspective {
			if groupRow != nil {
				if g := groupOf(words(groupRow.Get(col).String())); g != levelNone {
					current = g
				}
			}
			c.level = current
		} else if c.level != levelPerspective {
			current = c.level
		}
		// fields that exist at one level only
		switch c.field {
		case fieldThreshold, fieldPIRA, fieldResponsible, fieldBaseline:
			c.level = levelAction
		case fieldPerspective:
			c.level = levelPerspective
		case fieldTarget:
			if c.year != 0 && c.level == levelNone {
				c.level = levelStrategic
			}
		}
	}
	return cols
}

// describeColumn reads one column's header cells: years and threshold
// percentages under the label, the group its words name, and its field —
// decided by the label row, else by all its header words.
func describeColumn(col int, cells []workbook.Cell, label workbook.Row) column {
	c := column{col: col}
	var all []string
	for _, cell := range cells {
		if y := yearOf(cell); y != 0 {
			c.year = y
			continue
		}
		if p := pctOf(cell); p != 0 {
			c.pct = p
			continue
		}
		ws := words(cell.String())
		all = append(all, ws...)
		if g := groupOf(ws); g != levelNone && c.level == levelNone {
			c.level = g
		}
	}
	if c.year == 0 {
		for _, w := range all {
			if y := yearIn(w); y != 0 && len(w) == 4 {
				c.year = y
			}
		}
	}
	t, ok := lookup(words(label.Get(col).String()))
	if !ok {
		t, _ = lookup(all)
	}
	c.field = t.field
	if c.pct == 0 {
		c.pct = t.pct
	}
	if c.level == levelPerspective {
		c.field = fieldPerspective
	}
	return c
}

// pairThresholds completes «Soglie» written over two columns: an
// unlabelled column right after a lone «Soglie» is its second half.
func pairThresholds(cols []column, label workbook.Row) {
	for i := 1; i < len(cols); i++ {
		prev, c := cols[i-1], &cols[i]
		if c.field == fieldNone && prev.field == fieldThreshold && label.Get(c.col).Type == workbook.Empty && c.col == prev.col+1 {
			c.field, c.level = fieldThreshold, levelAction
		}
	}
}

// assignColumns builds the layout from the described columns: the first
// column of each level and field wins, unknown columns are ignored, and
// each threshold gets its percentage from its sub-label, its label words
// («Soglia 80%») or its place.
func assignColumns(cols []column, label workbook.Row) *layout {
	l := &layout{headerRow: label.Num, cols: map[level]map[field]int{}}
	var thresholds []column
	for _, c := range cols {
		if c.field == fieldNone || c.level == levelNone {
			continue
		}
		switch {
		case c.field == fieldPerspective:
			if l.perspCol == 0 {
				l.perspCol = c.col
			}
		case c.field == fieldThreshold:
			thresholds = append(thresholds, c)
		case c.field == fieldTarget && c.level == levelStrategic:
			l.targets = append(l.targets, c)
		default:
			if l.cols[c.level] == nil {
				l.cols[c.level] = map[field]int{}
			}
			prev, dup := l.cols[c.level][c.field]
			switch {
			case !dup:
				l.cols[c.level][c.field] = c.col
			case c.field == fieldKPI && l.cols[c.level][fieldTitle] == 0:
				// «Indicatore | Algoritmo di calcolo» with no title: the
				// indicator is the item measured, the algorithm its KPI
				l.cols[c.level][fieldTitle], l.cols[c.level][fieldKPI] = prev, c.col
			}
		}
	}
	codeInTitle(l)
	for i, t := range thresholds {
		pct := t.pct
		if pct == 0 {
			for _, w := range words(label.Get(t.col).String()) {
				if w == "80" || w == "60" {
					pct, _ = strconv.Atoi(w)
				}
			}
		}
		if pct == 0 && i < len(defaultThresholdPct) {
			pct = defaultThresholdPct[i]
		}
		switch {
		case pct == 80 && l.thr80 == 0:
			l.thr80 = t.col
		case pct == 60 && l.thr60 == 0:
			l.thr60 = t.col
		}
	}
	return l
}

// codeInTitle reads an objective written «OS1 – Sostenere…» in one
// column: where a level has a title column and no code column, its code
// is in the title.
func codeInTitle(l *layout) {
	for _, lv := range []level{levelStrategic, levelOperational} {
		// an operational objective's title column is one only on a sheet
		// that codes the actions under it
		if lv == levelOperational && l.col(levelAction, fieldCode) == 0 {
			continue
		}
		if l.col(lv, fieldCode) == 0 && l.col(lv, fieldTitle) != 0 {
			l.cols[lv][fieldCode] = l.col(lv, fieldTitle)
		}
	}
}

// requiredColumns are the columns without which a block cannot be read.
var requiredColumns = []struct {
	lv level
	f  field
}{
	{levelStrategic, fieldCode}, {levelOperational, fieldCode}, {levelOperational, fieldWeight},
	{levelAction, fieldCode}, {levelAction, fieldWeight}, {levelAction, fieldTarget},
}

// strategicOnly reports whether a block lists strategic objectives alone
// (their own sheet, as some Chambers publish them): it codes no
// operational objective or action, so it can only name strategic ones.
func (l *layout) strategicOnly() bool {
	return l.col(levelOperational, fieldCode) == 0 && l.col(levelAction, fieldCode) == 0 && l.col(levelStrategic, fieldCode) != 0
}

// missing reports the required columns the layout lacks, as one problem
// on the label row.
func (l *layout) missing(sheet string, label workbook.Row) []model.Problem {
	if l.strategicOnly() {
		return nil
	}
	var missing []string
	for _, r := range requiredColumns {
		if l.col(r.lv, r.f) == 0 {
			missing = append(missing, "«"+fieldNames[r.f]+"» di «"+levelNames[r.lv]+"»")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return []model.Problem{{Sheet: sheet, Cell: workbook.CellName(label.Cells[0].Col, label.Num), Severity: model.SeverityError, Kind: model.ProblemHeader,
		Message: "intestazione incompleta: manca la colonna " + strings.Join(missing, ", ") + ". Controllare le etichette dell'intestazione (per esempio «cod.», «peso», «target») sotto i titoli «Obiettivi strategici», «Obiettivi operativi» e «Azioni»."}}
}

// headerAt reports whether the header of a block has its label row at
// rows[i], and returns the header's extent: rows[start:end], the group row
// above and the sub-label rows below included.
func headerAt(rows []workbook.Row, i int) (start, end int, ok bool) {
	r := rows[i]
	if !isLabelRow(r) {
		return 0, 0, false
	}
	start = i
	if i > 0 && rows[i-1].Num == r.Num-1 && isGroupRow(rows[i-1]) {
		start = i - 1
	}
	end = i + 1
	for end < len(rows) && rows[end].Num == rows[end-1].Num+1 && isSubLabelRow(rows[end], r.Num) {
		end++
	}
	return start, end, true
}

// hasCode reports whether a row within a block's columns holds a value
// that looks like an objective or action code: the block's rows go down
// to the last such row.
func hasCode(r workbook.Row, lastCol int) bool {
	for _, c := range r.Cells {
		if c.Col <= lastCol && validCode(normCode(c)) {
			return true
		}
	}
	return false
}

// nextHeaderGroupRow reports whether rows[i] is the group row of the next
// block's header rather than data.
func nextHeaderGroupRow(rows []workbook.Row, i int) bool {
	return i+1 < len(rows) && rows[i+1].Num == rows[i].Num+1 && isLabelRow(rows[i+1]) && isGroupRow(rows[i])
}
