package importer

import (
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
		case w == "azioni" || w == "azione" || w == "attivita" || w == "attivit":
			return levelAction
		case w == "obiettivi" || w == "obiettivo":
			if i+1 < len(ws) {
				continue
			}
		}
	}
	return levelNone
}

// fieldOf recognises a column label.
func fieldOf(ws []string) field {
	if len(ws) == 0 {
		return fieldNone
	}
	switch ws[0] {
	case "cod", "codice", "n", "nr", "num", "id":
		return fieldCode
	}
	for _, w := range ws {
		switch w {
		case "prospettiva", "prospettive":
			return fieldPerspective
		case "titolo", "descrizione", "denominazione":
			return fieldTitle
		case "kpi", "indicatore", "indicatori":
			return fieldKPI
		case "peso", "pesi", "ponderazione":
			if len(ws) > 1 || w != "ponderazione" {
				return fieldWeight
			}
		case "target":
			return fieldTarget
		case "soglia", "soglie":
			return fieldThreshold
		case "pira":
			return fieldPIRA
		case "responsabile", "responsabili", "struttura":
			return fieldResponsible
		}
	}
	return fieldNone
}

// isLabelRow reports whether a row looks like the label row of a plan
// header: a code column and at least two other kinds of label.
func isLabelRow(r workbook.Row) bool {
	// cheap first: a label row has a short "cod." / "Codice …" / "N." cell
	maybe := false
	for _, c := range r.Cells {
		if c.Type == workbook.String && len(c.Text) <= 40 && mayBeCodeLabel(c.Text) {
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
		if len(c.Text) > 60 {
			continue // labels are short; skip titles and descriptions cheaply
		}
		if ws := words(c.Text); len(ws) <= 5 {
			seen[fieldOf(ws)] = true
		}
	}
	delete(seen, fieldNone)
	return seen[fieldCode] && len(seen) >= 3
}

func mayBeCodeLabel(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 6 {
		s = s[:6]
	}
	s = strings.ToLower(s)
	for _, p := range []string{"cod", "n.", "n ", "nr", "num", "id"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return s == "n"
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
		if len(ws) > 4 {
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
			if len(ws) == 1 && len(ws[0]) <= 3 || fieldOf(ws) != fieldNone {
				continue
			}
		}
		return false
	}
	return own > 0
}

func originRow(ref string) int {
	i := strings.IndexFunc(ref, unicode.IsDigit)
	n, _ := strconv.Atoi(ref[i:])
	return n
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
	if err != nil || y < 2000 || y > 2100 {
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
		if y, err := strconv.Atoi(s[i : i+4]); err == nil && y >= 2000 && y <= 2100 {
			return y
		}
	}
	return 0
}

// buildLayout maps the columns of the header made of rows (group row, label
// row, sub-label row; the first and last may be absent). It reports missing
// columns as problems on the label row.
func buildLayout(sheet string, rows []workbook.Row, labelIdx int) (*layout, []model.Problem) {
	label := rows[labelIdx]
	l := &layout{headerRow: label.Num, cols: map[level]map[field]int{}}
	// gather each column's header texts from top to bottom
	texts := map[int][]workbook.Cell{}
	var colsSeen []int
	for _, r := range rows {
		for _, c := range r.Cells {
			if _, ok := texts[c.Col]; !ok {
				colsSeen = append(colsSeen, c.Col)
			}
			texts[c.Col] = append(texts[c.Col], c)
		}
	}
	sort.Ints(colsSeen)
	var cols []column
	var groupRow *workbook.Row
	if labelIdx > 0 {
		groupRow = &rows[0]
	}
	current := levelNone
	for _, col := range colsSeen {
		cells := texts[col]
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
		// the label row decides the field; the sub-label row may add to it
		c.field = fieldOf(words(label.Get(col).String()))
		if c.field == fieldNone {
			c.field = fieldOf(all)
		}
		if c.level == levelPerspective {
			c.field = fieldPerspective
		}
		// a column without its own group title belongs to the group whose
		// title stands to its left in the group row (unmerged group titles)
		if c.level == levelNone || c.level == levelPerspective && c.field != fieldPerspective {
			if groupRow != nil && groupRow.Get(col).Type != workbook.Empty && groupOf(words(groupRow.Get(col).String())) != levelNone {
				current = groupOf(words(groupRow.Get(col).String()))
			}
			c.level = current
		} else if c.level != levelPerspective {
			current = c.level
		}
		// fields that exist at one level only
		switch c.field {
		case fieldThreshold, fieldPIRA, fieldResponsible:
			c.level = levelAction
		case fieldPerspective:
			c.level = levelPerspective
		case fieldTarget:
			if c.year != 0 && c.level == levelNone {
				c.level = levelStrategic
			}
		}
		cols = append(cols, c)
	}
	// "Soglie" over two columns with no 80%/60% under it: the first is 80%.
	// An unlabelled column right after a lone "Soglie" is its second half.
	for i := range cols {
		if cols[i].field != fieldThreshold && i > 0 && cols[i-1].field == fieldThreshold && cols[i].field == fieldNone &&
			label.Get(cols[i].col).Type == workbook.Empty && cols[i].col == cols[i-1].col+1 {
			cols[i].field, cols[i].level = fieldThreshold, levelAction
		}
	}
	var thresholds []column
	var problems []model.Problem
	for _, c := range cols {
		if c.field == fieldNone || c.level == levelNone {
			continue // unknown columns are ignored
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
			if _, dup := l.cols[c.level][c.field]; !dup {
				l.cols[c.level][c.field] = c.col
			}
		}
	}
	for i, t := range thresholds {
		pct := t.pct
		if pct == 0 {
			// a label such as "Soglia 80%" carries the percentage in its words
			for _, w := range words(label.Get(t.col).String()) {
				if w == "80" || w == "60" {
					pct, _ = strconv.Atoi(w)
				}
			}
		}
		if pct == 0 {
			pct = map[int]int{0: 80, 1: 60}[i]
		}
		switch {
		case pct == 80 && l.thr80 == 0:
			l.thr80 = t.col
		case pct == 60 && l.thr60 == 0:
			l.thr60 = t.col
		}
	}
	required := []struct {
		lv level
		f  field
	}{
		{levelStrategic, fieldCode}, {levelOperational, fieldCode}, {levelOperational, fieldWeight},
		{levelAction, fieldCode}, {levelAction, fieldWeight}, {levelAction, fieldTarget},
	}
	var missing []string
	for _, r := range required {
		if l.col(r.lv, r.f) == 0 {
			missing = append(missing, "«"+fieldNames[r.f]+"» di «"+levelNames[r.lv]+"»")
		}
	}
	if len(missing) > 0 {
		problems = append(problems, model.Problem{Sheet: sheet, Cell: workbook.CellName(label.Cells[0].Col, label.Num), Severity: model.SeverityError,
			Message: "intestazione incompleta: manca la colonna " + strings.Join(missing, ", ") + ". Controllare le etichette dell'intestazione (per esempio «cod.», «peso», «target») sotto i titoli «Obiettivi strategici», «Obiettivi operativi» e «Azioni»."})
	}
	return l, problems
}

// headerAt reports whether the header of a block has its label row at
// rows[i], and returns the header's extent: rows[start:end], the group row
// above and the sub-label rows below included. ParsePlan and Blocks both
// use it, so they agree on where every block lies.
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

// nextHeaderGroupRow reports whether rows[i] is the group row of the next
// block's header rather than data.
func nextHeaderGroupRow(rows []workbook.Row, i int) bool {
	return i+1 < len(rows) && rows[i+1].Num == rows[i].Num+1 && isLabelRow(rows[i+1]) && isGroupRow(rows[i])
}
