package importer

import (
	"math"
	"regexp"
	"strings"

	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// rowKind is what a row under a plan header is. Plans carry more than
// objectives and actions: perspectives written as section rows, weight
// totals, notes, a legend and signatures. Only plan rows are read as the
// plan; notes are kept beside it.
type rowKind int

const (
	rowPlan      rowKind = iota // an objective or an action (or a mistake in one)
	rowSection                  // a perspective written alone across the table
	rowTotals                   // «Totale»: the weights of an objective's actions summed
	rowNote                     // «Note:», numbered notes, «Legenda» and its lines
	rowSignature                // signatures and the names under them
	rowOther                    // a title or a line the plan does not use
)

// noteMarkers open a row of notes; numbered notes («1. I target…») are
// recognised by their number.
var noteMarkers = []string{"note", "nota", "nb", "n b", "legenda", "avvertenze", "osservazioni", "*"}

// signatureWords open the signatures under a plan; the names written under
// them follow. They must open the line: «SG = Segretario Generale» in a
// legend is a note.
var signatureWords = []string{"il segretario generale", "la segretaria generale", "segretario generale", "il presidente", "la presidente",
	"presidente", "il dirigente", "il direttore", "la direttrice", "firmato digitalmente", "firmato", "firma"}

// totalsWords open a totals row.
var totalsWords = []string{"totale", "totali", "tot"}

// numberedNote is a note that opens with its number: "1. I target…",
// "2) Il valore…".
var numberedNote = regexp.MustCompile(`^\d{1,2}\s*[.)]\s*\p{L}`)

// sectionPrefix is what a section row may say before the perspective's
// name: «PROSPETTIVA 1 – Tessuto economico locale».
var sectionPrefix = regexp.MustCompile(`(?i)^\s*prospettiva\s*\d*\s*[:.\-–—]?\s*`)

// minSectionSpan is how many columns a lone text must be merged across to
// be a section row when it does not stand in the table's first column.
const minSectionSpan = 3

// lineTexts returns the distinct texts of a row, left to right, the copies
// of a merged value counted once, and how many columns the widest spans.
func lineTexts(r workbook.Row) (texts []string, span int) {
	seen := map[string]int{} // origin or own cell → index
	spans := map[int]int{}
	for _, c := range r.Cells {
		text := c.String()
		if text == "" {
			continue
		}
		key := c.Origin
		if key == "" {
			key = workbook.CellName(c.Col, r.Num)
		}
		i, ok := seen[key]
		if !ok {
			i = len(texts)
			seen[key] = i
			texts = append(texts, text)
		}
		spans[i]++
		span = max(span, spans[i])
	}
	return texts, span
}

// hasPrefixWords reports whether the folded words of s open with one of
// the phrases.
func hasPrefixWords(s string, phrases []string) bool {
	f := strings.Join(words(s), " ")
	if strings.HasPrefix(strings.TrimSpace(s), "*") {
		f = "* " + f
	}
	for _, p := range phrases {
		if f == p || strings.HasPrefix(f, p+" ") {
			return true
		}
	}
	return false
}

// isNoteText reports whether a row's first text opens a note.
func isNoteText(s string) bool {
	return hasPrefixWords(s, noteMarkers) || numberedNote.MatchString(strings.TrimSpace(s))
}

// codeIn reports whether the row holds a valid code in one of the
// layout's code columns.
func codeIn(r workbook.Row, l *layout) bool {
	for _, lv := range []level{levelStrategic, levelOperational, levelAction} {
		if col := l.col(lv, fieldCode); col != 0 && validCode(normCode(r.Get(col))) {
			return true
		}
	}
	return false
}

// ownText returns the text of the cells typed in this row (not copied
// down from a merged range above).
func ownTexts(r workbook.Row) []string {
	var out []string
	for _, c := range r.Cells {
		if c.Origin != "" && originRow(c.Origin) != r.Num {
			continue
		}
		if s := c.String(); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isTotalsRow reports whether the row sums weights: a cell of its own
// opens with «Totale» and the row has no action code of its own.
func isTotalsRow(r workbook.Row, l *layout) bool {
	if col := l.col(levelAction, fieldCode); col != 0 && validCode(normCode(r.Get(col))) {
		return false
	}
	for _, s := range ownTexts(r) {
		if hasPrefixWords(s, totalsWords) {
			return true
		}
	}
	return false
}

// readingMode is what the rows before this one say about it: after a
// «Note:» every line is a note, after a signature every line is a name,
// until the next plan row or header.
type readingMode int

const (
	readingPlan readingMode = iota
	readingNotes
	readingSignatures
)

// classify tells what a row under a header is. firstCol is the table's
// leftmost header column.
func classify(r workbook.Row, l *layout, mode readingMode, firstCol int) (rowKind, string) {
	// most rows are actions: their code settles it cheaply
	if col := l.col(levelAction, fieldCode); col != 0 && validCode(normCode(r.Get(col))) {
		return rowPlan, ""
	}
	if isTotalsRow(r, l) {
		return rowTotals, ""
	}
	texts, span := lineTexts(r)
	if len(texts) == 0 {
		return rowOther, ""
	}
	text := strings.Join(texts, " ")
	if codeIn(r, l) {
		return rowPlan, ""
	}
	switch {
	case hasPrefixWords(texts[0], signatureWords):
		return rowSignature, ""
	case isNoteText(texts[0]) || mode == readingNotes:
		return rowNote, text
	case mode == readingSignatures:
		return rowSignature, ""
	case len(texts) == 1 && (span >= minSectionSpan || r.Cells[0].Col == firstCol):
		return rowSection, sectionPrefix.ReplaceAllString(texts[0], "")
	}
	return rowPlan, ""
}

// looksLikeAction reports whether a row carries what an action has — a
// target, or a title or KPI with a weight — so that a missing code is
// reported, not taken for a section.
func looksLikeAction(r workbook.Row, l *layout) bool {
	has := func(f field) bool {
		col := l.col(levelAction, f)
		return col != 0 && r.Get(col).Type != workbook.Empty
	}
	return has(fieldTarget) || (has(fieldTitle) || has(fieldKPI)) && has(fieldWeight)
}

// note keeps a row of notes as written, with where it was.
func (b *builder) note(sheet string, r workbook.Row, text string) {
	b.notes = append(b.notes, model.Note{Text: text, Cell: model.CellRef{Sheet: sheet, Col: r.Cells[0].Col, Row: r.Num}.String()})
}

// totals is a «Totale» row: the weight it states and the objective whose
// children it sums.
type totals struct {
	weight      cellRef
	operational string // the weights of this objective's actions
	strategic   string // or, in the operational weight column, of this one's objectives
}

// totalsRow records a totals row, to be checked once the weights are known.
func (b *builder) totalsRow(sheet string, r workbook.Row, l *layout, curS, curO string) {
	own := func(lv level) cellRef {
		c := b.ref(sheet, r, l.col(lv, fieldWeight))
		if c.cell.Origin != "" && originRow(c.cell.Origin) != r.Num {
			return cellRef{sheet: sheet} // merged down from the objective above
		}
		return c
	}
	switch {
	case !own(levelAction).empty():
		b.totals = append(b.totals, totals{weight: own(levelAction), operational: curO})
	case !own(levelOperational).empty():
		b.totals = append(b.totals, totals{weight: own(levelOperational), strategic: curS})
	}
}

// checkTotals warns when a «Totale» differs from the sum of the weights
// it stands under.
func (b *builder) checkTotals() {
	for _, t := range b.totals {
		stated, ok := percentOf(t.weight.cell)
		if !ok {
			continue // a formula saved without its value, or a word
		}
		var sum float64
		var what string
		switch {
		case t.operational != "" && b.operational[t.operational] != nil:
			for _, a := range b.operational[t.operational].obj.Actions {
				sum += a.Weight
			}
			what = "dei pesi delle azioni di " + t.operational
		case t.strategic != "" && b.strategic[t.strategic] != nil:
			for _, o := range b.strategic[t.strategic].obj.Operational {
				sum += o.Weight
			}
			what = "dei pesi degli obiettivi operativi di " + t.strategic
		default:
			continue
		}
		if math.Abs(stated-sum) > weightTolerance {
			b.warnAt(t.weight, "il totale %s%% non è la somma %s (%s%%): il totale non è usato nel calcolo, controllare i pesi.",
				model.FormatItalian(stated), what, model.FormatItalian(math.Round(sum*100)/100))
		}
	}
}
