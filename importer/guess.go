package importer

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// This file reads a plan whose header labels the vocabulary does not know:
// the header's rows are found from its shape (group titles merged over
// the labels, a row of years under them) and each column's field is
// guessed from what its cells hold (codes such as 1.2.3, weights summing
// to 100%, measures, unit names, yes/no flags), for a person to confirm.

// headerByShape finds a header that no row of the vocabulary's labels
// announces: the first row with a few short texts and no code, and the
// rows under it that are covered by its merged titles or hold only short
// labels, years and percentages. It returns the header as rows[start:end]
// and the index in it of the row that names the most columns.
func headerByShape(rows []workbook.Row) (start, end, labelIdx int, ok bool) {
	for i, r := range rows {
		if len(ownShortTexts(r)) < minLabelCells || rowHasCode(r) {
			continue
		}
		end = i + 1
		for end < len(rows) && rows[end].Num == rows[end-1].Num+1 && isShapeHeaderRow(rows[end], rows[i].Num) {
			end++
		}
		best := 0
		for k := i; k < end; k++ {
			if n := len(ownShortTexts(rows[k])); n > best {
				best, labelIdx = n, k-i
			}
		}
		return i, end, labelIdx, true
	}
	return 0, 0, 0, false
}

// ownCell reports whether a cell holds its own value, not one merged down
// or across from another cell.
func ownCell(c workbook.Cell, row int) bool {
	return c.Type != workbook.Empty && (c.Origin == "" || c.Origin == workbook.CellName(c.Col, row))
}

// ownShortTexts are a row's own texts short enough to be labels.
func ownShortTexts(r workbook.Row) []string {
	var out []string
	for _, c := range r.Cells {
		if ownCell(c, r.Num) && c.Type == workbook.String && len(c.Text) <= maxLabelLen && strings.TrimSpace(c.Text) != "" {
			out = append(out, c.Text)
		}
	}
	return out
}

// rowHasCode reports whether a row holds a value shaped like an objective
// or action code (a year is not one).
func rowHasCode(r workbook.Row) bool {
	for _, c := range r.Cells {
		if ownCell(c, r.Num) && yearOf(c) == 0 && codeDepth(c) > 0 {
			return true
		}
	}
	return false
}

// isShapeHeaderRow reports whether the row under a header's first row
// (numbered top) still belongs to the header: it holds no code and no long
// text, and its own cells are short labels, years or percentages — or it
// has none, its cells all merged down from the rows above.
func isShapeHeaderRow(r workbook.Row, top int) bool {
	if texts, span := lineTexts(r); len(texts) == 1 && span >= minSectionSpan {
		return false // one text across the table: a section row
	}
	own, covered := 0, 0
	for _, c := range r.Cells {
		if c.Type == workbook.Empty {
			continue
		}
		if !ownCell(c, r.Num) {
			if originRow(c.Origin) >= top {
				covered++
			}
			continue
		}
		own++
		switch {
		case yearOf(c) != 0 || pctOf(c) != 0:
		case c.Type == workbook.String && len(c.Text) <= maxLabelLen && len(words(c.Text)) <= maxLabelWords && codeDepth(c) == 0:
		default:
			return false
		}
	}
	return own > 0 || covered > 0
}

// codeDepth is how many levels a code names — 1 for «3» or «OS3», 2 for
// «1.2», 3 for «1.2.3» — and 0 for what is not a code. Integers are codes
// only when small: 880 is a target, not an objective.
func codeDepth(c workbook.Cell) int {
	switch c.Type {
	case workbook.Number:
		if c.Num != math.Trunc(c.Num) || c.Num < 1 || c.Num > 99 || c.Format == model.FormatPercent {
			return 0
		}
		return 1
	case workbook.String:
	default:
		return 0
	}
	s := normCode(c)
	if !validCode(s) || len(s) > 20 {
		return 0
	}
	s = strings.TrimLeftFunc(s, unicode.IsLetter)
	if strings.Count(s, ".") == 0 && len(s) > 2 {
		return 0
	}
	return strings.Count(s, ".") + 1
}

// columnStats is what the cells of one column under a header hold.
type columnStats struct {
	col       int
	own       int         // cells with a value of their own
	depth     map[int]int // codes by depth
	fraction  int         // numbers or percentages between 0 and 100%
	measure   int         // numbers, or short texts with a number («28 gg»)
	text      int         // texts that are words, not numbers
	long      int         // texts of several words
	yesNo     int         // sì, no, x
	unit      int         // texts that read as a unit's name
	year      int         // the year a header cell names alone over the column, 0 for none
	labelYear int         // a year within a header label («Baseline 2021»)
	distinct  int         // different texts
	pct       int         // 80 or 60 when the header names a threshold
}

// guessFields guesses the field of each column whose field is still
// unknown (FieldIgnore in fields) from the cells of the rows under the
// header, and returns the columns it guessed. A field already given to a
// column is not given to another.
func guessFields(header, data []workbook.Row, hidden map[int]bool, fields map[int]model.Field) map[int]bool {
	g := &guesser{stats: gatherStats(header, data, hidden), data: data, fields: fields, taken: map[model.Field]bool{}, guessed: map[int]bool{}}
	for _, f := range fields {
		if f != model.FieldIgnore {
			g.taken[f] = true
		}
	}
	g.codes()
	if !g.levels() {
		return g.guessed // no code, no tree: nothing to hang the rest on
	}
	g.objectives()
	g.responsible()
	g.actionTexts()
	g.measures()
	return g.guessed
}

// guesser gives fields to the columns of one header from what their
// cells hold; a column given a field keeps it.
type guesser struct {
	stats   []columnStats
	data    []workbook.Row
	fields  map[int]model.Field // by column, as chosen so far
	taken   map[model.Field]bool
	guessed map[int]bool // the columns given a field here
	// the code columns, and first, the leftmost of them
	strategic, operational, action, first int
	// byRegion are the free columns of each level: left of the codes
	// (0), then of the strategic, operational objectives and actions
	byRegion [4][]columnStats
}

// set gives column col field f, unless col is 0, f is taken or col has
// a field already.
func (g *guesser) set(col int, f model.Field) bool {
	if col == 0 || g.taken[f] || g.fields[col] != model.FieldIgnore && g.fields[col] != "" {
		return false
	}
	g.fields[col], g.taken[f], g.guessed[col] = f, true, true
	return true
}

// free reports whether column col has no field yet.
func (g *guesser) free(col int) bool {
	return g.fields[col] == model.FieldIgnore || g.fields[col] == ""
}

// colOf returns the column given field f, 0 for none.
func (g *guesser) colOf(f model.Field) int {
	for col, h := range g.fields {
		if h == f {
			return col
		}
	}
	return 0
}

// codes finds the code columns: the deepest codes are the actions', the
// ones a level up the operational objectives', and so on.
func (g *guesser) codes() {
	deepest := 0
	for _, s := range g.stats {
		for d, n := range s.depth {
			if n*2 >= s.own-s.long && d > deepest {
				deepest = d
			}
		}
	}
	codeFields := []model.Field{model.FieldActionCode, model.FieldOperationalCode, model.FieldStrategicCode}
	if deepest == 1 {
		codeFields = codeFields[2:] // one level of codes: a sheet of strategic objectives
	}
	for k, f := range codeFields {
		d := deepest - k
		if d < 1 || g.colOf(f) != 0 {
			continue
		}
		best, bestN := 0, 0
		for _, s := range g.stats {
			// a column of codes may also hold section titles and notes
			if n := s.depth[d]; g.free(s.col) && n*2 >= s.own-s.long && n > bestN && (d > 1 || codesPrefix(g.data, s.col, g.colOf(model.FieldOperationalCode))) {
				best, bestN = s.col, n
			}
		}
		g.set(best, f)
	}
}

// levels sorts the free columns by the level they belong to, and reports
// whether there is any code column to hang them on.
func (g *guesser) levels() bool {
	g.strategic, g.operational, g.action = g.colOf(model.FieldStrategicCode), g.colOf(model.FieldOperationalCode), g.colOf(model.FieldActionCode)
	if g.first = firstNonZero(g.strategic, g.operational, g.action); g.first == 0 {
		return false
	}
	for _, s := range g.stats {
		if r := g.region(s.col); r >= 0 && g.free(s.col) {
			g.byRegion[r] = append(g.byRegion[r], s)
		}
	}
	return true
}

// region is the level column col belongs to: the columns of each level
// stand between its code and the next level's code; -1 for a code
// column itself.
func (g *guesser) region(col int) int {
	switch {
	case col < g.first:
		return 0
	case g.action != 0 && col > g.action:
		return 3
	case g.operational != 0 && col > g.operational:
		return 2
	case g.strategic != 0 && col > g.strategic:
		return 1
	}
	return -1
}

// objectives finds the perspective (the first column of texts left of
// the codes), the strategic objectives' targets by year, title and KPI,
// and the operational objectives' weight (summing to 100% under each
// strategic objective), title and KPI.
func (g *guesser) objectives() {
	for _, s := range g.byRegion[0] {
		if s.text*2 > s.own && g.set(s.col, model.FieldPerspective) {
			break
		}
	}
	for _, s := range g.byRegion[1] {
		if s.year != 0 {
			g.set(s.col, model.Field(model.FieldStrategicTargetPrefix+strconv.Itoa(s.year)))
		}
	}
	textsInOrder(g.byRegion[1], g.fields, g.set, model.FieldStrategicTitle, model.FieldStrategicKPI)
	g.set(weightColumn(g.byRegion[2], g.data, g.strategic, g.fields), model.FieldOperationalWeight)
	textsInOrder(g.byRegion[2], g.fields, g.set, model.FieldOperationalTitle, model.FieldOperationalKPI)
	g.set(weightColumn(g.byRegion[3], g.data, g.operational, g.fields), model.FieldActionWeight)
}

// responsible finds the units answering for the actions: a column of
// unit names among the actions' columns or anywhere (a unit written
// beside its objective); else, when no column reads as unit names
// («Ragioneria», «Promozione» without «U.O.»), the rightmost column of
// short, repeated texts right of the actions' titles.
func (g *guesser) responsible() {
	for _, cols := range [][]columnStats{g.byRegion[3], g.stats} {
		for _, s := range cols {
			if g.free(s.col) && s.unit*2 > s.own && s.own > 0 && g.region(s.col) >= 0 && g.set(s.col, model.FieldResponsible) {
				break
			}
		}
	}
	if g.colOf(model.FieldResponsible) != 0 {
		return
	}
	actions := g.byRegion[3]
	for i := len(actions) - 1; i >= 0; i-- {
		s := actions[i]
		if g.free(s.col) && s.own > 1 && s.text*2 > s.own && s.long*2 < s.text && s.distinct < s.text && variedTextLeftOf(actions, s.col, g.fields) {
			g.set(s.col, model.FieldResponsible)
			break
		}
	}
}

// actionTexts finds the PIRA flag (yes and no), then the actions' title
// and KPI: they differ row by row, where a column of a few repeated
// words («Efficacia», «Efficienza») is a category.
func (g *guesser) actionTexts() {
	for _, s := range g.byRegion[3] {
		if g.free(s.col) && s.yesNo > 0 && s.yesNo*10 >= s.own*9 && g.set(s.col, model.FieldPIRA) {
			break
		}
	}
	var varied []columnStats
	for _, s := range g.byRegion[3] {
		if s.distinct*2 >= s.text {
			varied = append(varied, s)
		}
	}
	textsInOrder(varied, g.fields, g.set, model.FieldActionTitle, model.FieldActionKPI)
}

// measures finds, among the measures right of the actions' titles, the
// baseline (headed by an earlier year than another's: «Baseline 2021»
// beside «Target 2022»), the thresholds the header names by their
// percentage, then the target and the thresholds left to right.
func (g *guesser) measures() {
	var measures []columnStats
	for _, s := range g.byRegion[3] {
		if g.free(s.col) && s.own > 0 && s.measure*2 >= s.own && s.col > g.colOf(model.FieldActionTitle) {
			measures = append(measures, s)
		}
	}
	latest := 0
	for _, s := range measures {
		latest = max(latest, s.labelYear)
	}
	for _, s := range measures {
		if s.labelYear != 0 && s.labelYear < latest {
			g.set(s.col, model.FieldBaseline)
		}
	}
	for _, s := range measures {
		switch s.pct {
		case 80:
			g.set(s.col, model.FieldThreshold80)
		case 60:
			g.set(s.col, model.FieldThreshold60)
		}
	}
	for _, f := range []model.Field{model.FieldActionTarget, model.FieldThreshold80, model.FieldThreshold60} {
		for _, s := range measures {
			if g.free(s.col) && s.pct == 0 && g.set(s.col, f) {
				break
			}
		}
	}
}

// textsInOrder gives the free text columns of a level, left to right, the
// fields in order (title, then KPI).
func textsInOrder(cols []columnStats, fields map[int]model.Field, set func(int, model.Field) bool, order ...model.Field) {
	k := 0
	for _, s := range cols {
		if k == len(order) {
			return
		}
		if f := fields[s.col]; f != model.FieldIgnore && f != "" || s.own == 0 || s.text*2 <= s.own || s.unit*2 > s.own {
			continue
		}
		for k < len(order) && !set(s.col, order[k]) {
			k++
		}
		k++
	}
}

// variedTextLeftOf reports whether a column of varied texts (an action's
// titles) stands left of col among cols.
func variedTextLeftOf(cols []columnStats, col int, fields map[int]model.Field) bool {
	for _, s := range cols {
		if s.col < col && s.text*2 > s.own && s.distinct*2 >= s.text && (fields[s.col] == model.FieldIgnore || fields[s.col] == "") {
			return true
		}
	}
	return false
}

// weightColumn is the column of fractions whose values sum to 100% under
// most parents (each parent's code read in column parentCol), else the
// first column of fractions; 0 when none.
func weightColumn(cols []columnStats, data []workbook.Row, parentCol int, fields map[int]model.Field) int {
	best, bestScore, firstFrac := 0, 0.0, 0
	for _, s := range cols {
		if f := fields[s.col]; f != model.FieldIgnore && f != "" || s.own == 0 || s.fraction*10 < s.own*9 {
			continue
		}
		if firstFrac == 0 {
			firstFrac = s.col
		}
		if parentCol == 0 {
			continue
		}
		if score := sumsToWhole(data, s.col, parentCol); score > bestScore {
			best, bestScore = s.col, score
		}
	}
	if bestScore >= 0.5 {
		return best
	}
	return firstFrac
}

// sumsToWhole is the share of parents (by the code in parentCol, carried
// down the rows) whose children's values in col sum to 100%.
func sumsToWhole(data []workbook.Row, col, parentCol int) float64 {
	sums := map[string]float64{}
	var order []string
	parent := ""
	for _, r := range data {
		if p := normCode(r.Get(parentCol)); p != "" {
			parent = p
		}
		c := r.Get(col)
		if !ownCell(c, r.Num) || parent == "" {
			continue
		}
		if v, ok := percentOf(c); ok {
			if _, seen := sums[parent]; !seen {
				order = append(order, parent)
			}
			sums[parent] += v
		}
	}
	if len(order) == 0 {
		return 0
	}
	whole := 0
	for _, p := range order {
		if math.Abs(sums[p]-100) < 0.5 {
			whole++
		}
	}
	return float64(whole) / float64(len(order))
}

// codesPrefix reports whether the one-level codes in col are the first
// part of the operational codes beside them (1 beside 1.2), the test that
// tells a column of strategic codes from one of small targets. Without
// operational codes any column of small integers may be one.
func codesPrefix(data []workbook.Row, col, opCol int) bool {
	if opCol == 0 {
		return true
	}
	agree, checked := 0, 0
	for _, r := range data {
		op, s := normCode(r.Get(opCol)), normCode(r.Get(col))
		if op == "" || s == "" || !numericCode(op) {
			continue
		}
		checked++
		if strings.HasPrefix(op, strings.TrimLeftFunc(s, unicode.IsLetter)+".") {
			agree++
		}
	}
	return checked == 0 || agree*10 >= checked*8
}

// gatherStats reads what each visible column holds under the header, and
// what its header cells say of years and thresholds.
func gatherStats(header, data []workbook.Row, hidden map[int]bool) []columnStats {
	byCol := map[int]*columnStats{}
	get := func(col int) *columnStats {
		s, ok := byCol[col]
		if !ok {
			s = &columnStats{col: col, depth: map[int]int{}}
			byCol[col] = s
		}
		return s
	}
	for _, r := range header {
		for _, c := range r.Cells {
			if hidden[c.Col] {
				continue
			}
			s := get(c.Col)
			if y := yearOf(c); y != 0 {
				s.year = y
			} else if y := yearIn(c.String()); y != 0 {
				s.labelYear = y
			}
			if p := pctOf(c); p != 0 {
				s.pct = p
			}
		}
	}
	seen := map[int]map[string]bool{}
	for _, r := range data {
		if isHeaderRepeat(r) {
			continue // the header of a later block
		}
		for _, c := range r.Cells {
			if hidden[c.Col] || !ownCell(c, r.Num) {
				continue
			}
			s := get(c.Col)
			s.own++
			if d := codeDepth(c); d > 0 {
				s.depth[d]++
			}
			if v, ok := percentOf(c); ok && v <= 100 {
				s.fraction++
			}
			text := strings.TrimSpace(c.String())
			switch {
			case isYesNo(text):
				s.yesNo++
			case c.Type == workbook.Number || isMeasureText(text):
				s.measure++
			default:
				s.text++
				if !seen[c.Col][text] {
					if seen[c.Col] == nil {
						seen[c.Col] = map[string]bool{}
					}
					seen[c.Col][text] = true
					s.distinct++
				}
				if len(strings.Fields(text)) > 2 {
					s.long++
				}
				if isUnitName(text) {
					s.unit++
				}
			}
		}
	}
	out := make([]columnStats, 0, len(byCol))
	for _, s := range byCol {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, k int) bool { return out[i].col < out[k].col })
	return out
}

// isHeaderRepeat reports whether a row under a header is a later block's
// header row: no code, and only labels, years and percentages.
func isHeaderRepeat(r workbook.Row) bool {
	if rowHasCode(r) {
		return false
	}
	own := 0
	for _, c := range r.Cells {
		if !ownCell(c, r.Num) {
			continue
		}
		own++
		short := c.Type == workbook.String && len(c.Text) <= maxLabelLen && len(words(c.Text)) <= maxLabelWords
		if !short && yearOf(c) == 0 && pctOf(c) == 0 {
			return false
		}
	}
	return own >= 2
}

// isYesNo reports whether a text is a flag: sì, si, no, x.
func isYesNo(s string) bool {
	switch model.Fold(s) {
	case "si", "no", "x", "s", "n", "yes":
		return true
	}
	return false
}

// isMeasureText reports whether a text is a short measure: a number with
// at most a word around it («28 gg», «4,5», «€ 1.000», «95 %»).
func isMeasureText(s string) bool {
	if s == "" || len(strings.Fields(s)) > 3 {
		return false
	}
	digits, letters := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
		}
	}
	return digits > 0 && letters <= 6
}

// unitWords start the names plans give their responsible units.
var unitWords = []string{"u.o", "uo ", "uo\"", "u.o.", "ufficio", "servizio", "area ", "settore", "segreteria", "controller", "dirigente", "struttur"}

// isUnitName reports whether a text reads as a responsible unit's name:
// «U.O. "Mediazione"», «UO Ragioneria», «SG».
func isUnitName(s string) bool {
	f := model.Fold(s)
	for _, w := range unitWords {
		if strings.HasPrefix(f, w) {
			return true
		}
	}
	upper := 0
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
		upper++
	}
	return upper >= 2 && upper <= 5 // an acronym: SG, URP
}

func firstNonZero(xs ...int) int {
	m := 0
	for _, x := range xs {
		if x != 0 && (m == 0 || x < m) {
			m = x
		}
	}
	return m
}
