package workbook

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"cruscotto/importer/numfmt"
	"cruscotto/model"
)

// CellType is what a cell holds.
type CellType uint8

// The cell types the importer distinguishes.
const (
	Empty CellType = iota
	String
	Number
	Bool
	ErrorValue
)

// Cell is one cell's value. A cell inside a merged range carries the value of
// the range's top-left cell and Origin names that cell.
type Cell struct {
	Col    int
	Type   CellType
	Text   string  // the text of a string, "1" or "0" for a Bool, "#N/A" for an ErrorValue
	Num    float64 // for Number, in the workbook's own date system
	Format model.NumberFormat
	Origin string // "B6" when the value comes from a merged range starting there

	code     *numfmt.Format // the number format, nil for General
	date1904 bool           // the workbook counts days from 1904
}

// Value parses the cell the way plans and measurements are parsed: a
// number as the text its format shows («28 gg» for 28 formatted
// `0" gg"`, «≥ 90%» for 0.9 formatted `"≥ "0%`), a boolean as SI or NO,
// text as typed.
func (c Cell) Value() model.Value {
	switch c.Type {
	case Number:
		n := c.Num
		if c.date1904 && (c.Format == model.FormatDate || c.Format == model.FormatMonth) {
			n += days1904 // the same day counted from 1900
		}
		return model.ParseShown(n, c.Format, c.Shown())
	case Bool:
		return model.ParseYesNo(c.Text == "1", c.String())
	case ErrorValue:
		// a formula that failed: no value, shown as Excel shows it
		return model.Value{Raw: ItalianError(c.Text), Kind: model.KindQualitative}
	}
	text := c.Text
	if rest, ok := strings.CutPrefix(strings.TrimSpace(text), "'"); ok {
		// a number some programs store with the apostrophe Excel uses
		// to keep it text: '120
		if v := model.ParseText(rest); v.Numeric() {
			return v
		}
	}
	return model.ParseText(text)
}

// days1904 is how many days the 1904 date system's day 0 comes after the
// 1900 system's.
const days1904 = 1462

// ShownIn returns what a spreadsheet in a locale shows for the cell: a
// number through its format, text through the format's text section, a
// boolean and an error value in the locale's words.
func (c Cell) ShownIn(loc *numfmt.Locale) string {
	switch c.Type {
	case Number:
		if c.code == nil {
			return numfmt.GeneralText(c.Num, loc)
		}
		return c.code.Render(c.Num, c.date1904, loc)
	case String:
		if c.code != nil {
			return c.code.RenderText(c.Text)
		}
		return c.Text
	case Bool:
		if c.Text == "1" {
			return loc.True
		}
		return loc.False
	case ErrorValue:
		if loc == numfmt.Italian {
			return ItalianError(c.Text)
		}
		return c.Text
	}
	return ""
}

// FormatCode returns the cell's number format code, "" for General.
func (c Cell) FormatCode() string {
	if c.code == nil {
		return ""
	}
	return c.code.Code()
}

// Shown returns what Excel shows for a number cell in an Italian locale
// («28 gg», «1.200», «30/06/2022»), or "" for a General number, which
// shows its digits, and for a day shown month first («6/30/2021»: the
// short date of a program in an American locale), which reads as the
// Italian short date.
func (c Cell) Shown() string {
	if c.Type != Number || c.code == nil || c.Format == model.FormatDate && c.code.MonthFirst() {
		return ""
	}
	return c.code.Render(c.Num, c.date1904, numfmt.Italian)
}

// NumberText returns a number cell's digits as Excel stored them ("1.1"),
// or the text of any other cell.
func (c Cell) NumberText() string {
	if c.Type == Number {
		return strconv.FormatFloat(c.Num, 'f', -1, 64)
	}
	return c.Text
}

// String returns the cell's text as a person sees it (numbers in Italian
// notation, percentages with %).
func (c Cell) String() string {
	switch c.Type {
	case Number:
		return c.Value().Raw
	case Empty:
		return ""
	case Bool:
		if c.Text == "1" {
			return "VERO"
		}
		return "FALSO"
	case ErrorValue:
		return ItalianError(c.Text)
	default:
		return strings.TrimSpace(c.Text)
	}
}

// Row is a sheet row that has at least one cell of its own, with merged
// values filled in.
type Row struct {
	Num   int    // 1-based
	Cells []Cell // sorted by column, non-empty only
}

// Get returns the cell at column col (1-based), Empty if there is none.
func (r Row) Get(col int) Cell {
	i := sort.Search(len(r.Cells), func(i int) bool { return r.Cells[i].Col >= col })
	if i < len(r.Cells) && r.Cells[i].Col == col {
		return r.Cells[i]
	}
	return Cell{Col: col}
}

// Range is a merged range, 1-based and inclusive.
type Range struct{ R1, C1, R2, C2 int }

// Sheet is a worksheet read whole: its non-empty rows with merged ranges
// expanded, and the columns a person hid (which hold what is no longer
// meant to be read, such as last year's targets).
type Sheet struct {
	Name   string
	Rows   []Row
	Merges []Range
	Hidden map[int]bool // 1-based columns hidden in the sheet's <cols>
}

// ReadSheet reads one worksheet by name, within the workbook's limits.
func (w *Workbook) ReadSheet(name string) (*Sheet, error) {
	return w.ReadSheetRows(name, w.limits.MaxRows)
}

// ReadSheetRows reads one worksheet allowing at most maxRows rows with a
// value (0: no bound beyond MaxCells), for callers that know how many rows
// a sheet may sensibly hold.
func (w *Workbook) ReadSheetRows(name string, maxRows int) (*Sheet, error) {
	if err := w.checkContext(); err != nil {
		return nil, err
	}
	var ref *sheetRef
	for i := range w.sheets {
		if w.sheets[i].name == name {
			ref = &w.sheets[i]
		}
	}
	if ref == nil {
		return nil, fmt.Errorf("sheet «%s» not found", name)
	}
	data, err := w.readPart(ref.path)
	if err != nil {
		return nil, corrupt(err)
	}
	rows, merges, hidden, err := w.scan(data, name, maxRows)
	if err != nil {
		return nil, err
	}
	merges, err = checkMerges(merges, w.limits.MaxColumns, name)
	if err != nil {
		return nil, err
	}
	expanded, err := w.expand(rows, merges, name)
	if err != nil {
		return nil, err
	}
	return &Sheet{Name: name, Rows: expanded, Merges: merges, Hidden: hidden}, nil
}

type rawRow struct {
	num   int
	cells []Cell
}

// tooManyCells is the refusal when the cells, merged copies included,
// exceed the limit.
func (w *Workbook) tooManyCells() error {
	return model.Errorf(model.EInvalid, "Il file ha più di %d celle compilate (contando quelle unite): non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", w.limits.MaxCells)
}

// scan tokenises the sheet XML once, collecting its cells, merged ranges
// and hidden columns.
func (w *Workbook) scan(data []byte, sheet string, maxRows int) ([]rawRow, []Range, map[int]bool, error) {
	fail := func(err error) ([]rawRow, []Range, map[int]bool, error) {
		return nil, nil, nil, corrupt(fmt.Errorf("foglio «%s»: %w", sheet, err))
	}
	refuse := func(err error) ([]rawRow, []Range, map[int]bool, error) { return nil, nil, nil, err }
	hidden := map[int]bool{}
	var (
		sc      = w.scanner(data)
		rows    []rawRow
		merges  []Range
		filled  int  // rows with a value
		cur     = -1 // index into rows of the open <row>, -1 outside
		cell    Cell
		cellT   []byte
		inCell  bool
		inV     bool
		inIS    bool
		inT     bool
		inPh    int // inside phonetic runs, which are not the text
		text    []byte
		rowNum  int
		colNext int
	)
	for {
		if err := sc.next(); err != nil {
			return fail(err)
		}
		switch sc.kind {
		case tokEOF:
			return rows, merges, hidden, nil
		case tokStart:
			if len(sc.stack) == 1 {
				if err := checkNamespace(sc, sheet); err != nil {
					return refuse(corrupt(err))
				}
			}
			switch string(sc.name) {
			case "row":
				if ref, ok := sc.attr("r"); ok {
					n, err := strconv.Atoi(string(ref))
					if err != nil || n < 1 || n > 1048576 {
						return fail(fmt.Errorf("numero di riga non valido «%s»", ref))
					}
					rowNum = n
				} else {
					rowNum++
				}
				colNext = 1
				rows = append(rows, rawRow{num: rowNum})
				cur = len(rows) - 1
			case "c":
				if w.cellElements++; w.cellElements > w.limits.MaxCellElements {
					return refuse(model.Errorf(model.EInvalid, "Il file ha più di %d celle, anche vuote o solo formattate: non sembra un piano della performance né una cartella di rilevazione. Togliere la formattazione dalle righe e colonne inutilizzate e ricaricarlo.", w.limits.MaxCellElements))
				}
				inCell = true
				cell = Cell{date1904: w.date1904}
				cellT, _ = sc.attr("t")
				if ref, ok := sc.attr("r"); ok {
					c, _, ok := model.ParseCellName(string(ref))
					if !ok {
						return fail(fmt.Errorf("riferimento di cella non valido «%s»", ref))
					}
					cell.Col = c
				} else {
					cell.Col = colNext
				}
				colNext = cell.Col + 1
				if st, ok := sc.attr("s"); ok {
					if i, err := strconv.Atoi(string(st)); err == nil && i >= 0 && i < len(w.formats) {
						cell.Format, cell.code = w.formats[i].class, w.formats[i].code
					}
				}
				text = text[:0]
			case "v":
				inV = inCell
			case "is":
				inIS = inCell
			case "t":
				inT = inIS && inPh == 0
			case "rPh":
				inPh++
			case "col":
				if v, _ := sc.attr("hidden"); string(v) == "1" || string(v) == "true" {
					lo, _ := strconv.Atoi(string(attrOr(sc, "min")))
					hi, _ := strconv.Atoi(string(attrOr(sc, "max")))
					for c := max(lo, 1); c <= min(hi, w.limits.MaxColumns); c++ {
						hidden[c] = true
					}
				}
			case "mergeCell":
				ref, _ := sc.attr("ref")
				if rg, ok := parseRange(string(ref)); ok {
					if len(merges) >= w.limits.MaxMerges {
						return refuse(model.Errorf(model.EInvalid, "Il foglio «%s» ha più di %d celle unite: non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", sheet, w.limits.MaxMerges))
					}
					merges = append(merges, rg)
				}
			}
		case tokEnd:
			switch string(sc.name) {
			case "c":
				inCell = false
				if cur < 0 || cell.Col > w.limits.MaxColumns {
					continue
				}
				if finishCell(&cell, string(cellT), text, w.strings) {
					w.cells++
					if w.cells > w.limits.MaxCells {
						return refuse(w.tooManyCells())
					}
					rows[cur].cells = append(rows[cur].cells, cell)
				}
			case "v":
				inV = false
			case "is":
				inIS = false
			case "t":
				inT = false
			case "rPh":
				inPh--
			case "row":
				if cur >= 0 && len(rows[cur].cells) > 0 {
					if filled++; maxRows > 0 && filled > maxRows {
						return refuse(model.Errorf(model.EInvalid, "Il foglio «%s» ha più di %d righe compilate, più di quante ne preveda: togliere le righe aggiunte e ricaricare il file.", sheet, maxRows))
					}
				}
				cur = -1
			}
		case tokText:
			if inV || inT {
				var err error
				if text, err = sc.appendText(text); err != nil {
					return fail(err)
				}
			}
		}
	}
}

// attrOr returns an attribute's raw value, empty when absent.
func attrOr(sc *xmlScanner, name string) []byte {
	v, _ := sc.attr(name)
	return v
}

// finishCell decodes the collected text according to the cell type and
// reports whether the cell holds anything.
func finishCell(c *Cell, t string, raw []byte, sst []string) bool {
	switch t {
	case "s":
		i, err := strconv.Atoi(string(bytes.TrimSpace(raw)))
		if err != nil || i < 0 || i >= len(sst) {
			return false
		}
		c.Type, c.Text = String, sst[i]
	case "str", "inlineStr":
		c.Type, c.Text = String, model.DecodeExcelEscapes(string(raw))
	case "b":
		c.Type, c.Text = Bool, "0"
		if v := bytes.TrimSpace(raw); string(v) == "1" || string(v) == "true" {
			c.Text = "1"
		}
		return len(bytes.TrimSpace(raw)) > 0
	case "e":
		c.Type, c.Text = ErrorValue, strings.TrimSpace(string(raw))
	case "d":
		// an ISO 8601 date (Strict files, some libraries): its serial day
		if n, ok := isoSerial(string(bytes.TrimSpace(raw)), c.date1904); ok {
			c.Type, c.Num = Number, n
			if c.Format == model.FormatGeneral {
				c.Format, c.code = model.FormatDate, isoDateFormat
			}
		} else {
			c.Type, c.Text = String, string(raw)
		}
	default:
		v := bytes.TrimSpace(raw)
		if len(v) == 0 {
			return false
		}
		n, err := strconv.ParseFloat(string(v), 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			c.Type, c.Text = String, string(raw)
		} else {
			// Text stays empty: NumberText gives the digits when needed
			c.Type, c.Num = Number, n
		}
	}
	return c.Type != String || strings.TrimSpace(c.Text) != ""
}

// checkMerges refuses overlapping or repeated merged ranges, which Excel
// and LibreOffice never write and which would copy a value many times
// over, and drops the ranges that start beyond the columns read. It
// sweeps the ranges by first row, keeping for each column the last row
// covered so far, so it costs at most MaxColumns steps per range.
func checkMerges(merges []Range, maxCols int, sheet string) ([]Range, error) {
	kept := make([]Range, 0, len(merges))
	for _, m := range merges {
		if m.C1 <= maxCols {
			kept = append(kept, m)
		}
	}
	slices.SortStableFunc(kept, func(a, b Range) int { return a.R1 - b.R1 })
	coveredTo := make([]int, maxCols+1) // last row covered, by column
	coveredBy := make([]int, maxCols+1) // index into kept of that range
	for i, m := range kept {
		for col := m.C1; col <= min(m.C2, maxCols); col++ {
			if coveredTo[col] >= m.R1 {
				return nil, model.Errorf(model.EInvalid, "Il foglio «%s» ha celle unite che si sovrappongono (%s e %s): Excel e LibreOffice non le salvano così. Aprire il file, separare quelle celle e ricaricarlo.",
					sheet, kept[coveredBy[col]], m)
			}
			coveredTo[col], coveredBy[col] = m.R2, i
		}
	}
	return kept, nil
}

// String returns the range in A1 notation: "B6:B9".
func (r Range) String() string { return model.CellName(r.C1, r.R1) + ":" + model.CellName(r.C2, r.R2) }

// expand fills each row's merged cells with the value of the range's
// top-left cell. It sweeps the rows in order keeping the ranges that cover
// the current row, so memory stays proportional to the cells present, and
// counts every copy against MaxCells before making it. merges must not
// overlap (checkMerges).
func (w *Workbook) expand(rows []rawRow, merges []Range, sheet string) ([]Row, error) {
	maxCols := w.limits.MaxColumns
	byNum := func(a, b rawRow) int { return a.num - b.num }
	if !slices.IsSortedFunc(rows, byNum) {
		slices.SortStableFunc(rows, byNum)
	}
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		if n := len(out); n > 0 && out[n-1].Num == r.num {
			// the same row number twice: one row
			out[n-1].Cells = append(out[n-1].Cells, r.cells...)
			continue
		}
		out = append(out, Row{Num: r.num, Cells: r.cells})
	}
	for i := range out {
		sortCells(out[i].Cells)
	}
	if len(merges) == 0 {
		return dropEmpty(out), nil
	}
	sorted := merges // checkMerges sorted them by first row
	// the value of each range is its top-left cell
	origin := make([]Cell, len(sorted))
	ri := 0
	for i, m := range sorted {
		for ri < len(out) && out[ri].Num < m.R1 {
			ri++
		}
		if ri < len(out) && out[ri].Num == m.R1 {
			origin[i] = out[ri].Get(m.C1)
		}
		origin[i].Origin = model.CellName(m.C1, m.R1)
	}
	var active []int // indexes into sorted of the ranges covering the row
	next := 0
	for ri := range out {
		if ri%1024 == 0 {
			if err := w.checkContext(); err != nil {
				return nil, err
			}
		}
		r := out[ri].Num
		kept := active[:0]
		for _, k := range active {
			if sorted[k].R2 >= r {
				kept = append(kept, k)
			}
		}
		active = kept
		for next < len(sorted) && sorted[next].R1 <= r {
			if sorted[next].R2 >= r {
				active = append(active, next)
			}
			next++
		}
		if len(active) == 0 {
			continue
		}
		// count the copies this row gets before making them
		copies := 0
		for _, k := range active {
			if m := sorted[k]; origin[k].Type != Empty {
				copies += min(m.C2, maxCols) - m.C1 + 1
			}
		}
		if w.cells += copies; w.cells > w.limits.MaxCells {
			return nil, w.tooManyCells()
		}
		covered := func(col int) (int, bool) {
			for _, k := range active {
				if m := sorted[k]; col >= m.C1 && col <= m.C2 {
					return k, true
				}
			}
			return 0, false
		}
		own := make([]Cell, 0, len(out[ri].Cells))
		for _, c := range out[ri].Cells {
			if k, ok := covered(c.Col); ok && !(sorted[k].R1 == r && sorted[k].C1 == c.Col) {
				continue // hidden under a merged range
			}
			own = append(own, c)
		}
		extra := make([]Cell, 0, copies)
		for _, k := range active {
			m, o := sorted[k], origin[k]
			if o.Type == Empty {
				continue
			}
			for col := m.C1; col <= min(m.C2, maxCols); col++ {
				if m.R1 == r && col == m.C1 {
					continue // the origin cell itself
				}
				o.Col = col
				extra = append(extra, o)
			}
		}
		sortCells(extra)
		out[ri].Cells = mergeSorted(own, extra)
	}
	return dropEmpty(out), nil
}

// mergeSorted merges two column-sorted cell lists.
func mergeSorted(a, b []Cell) []Cell {
	if len(b) == 0 {
		return a
	}
	out := make([]Cell, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Col <= b[0].Col {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}

func sortCells(cs []Cell) {
	byCol := func(a, b Cell) int { return a.Col - b.Col }
	if !slices.IsSortedFunc(cs, byCol) {
		slices.SortStableFunc(cs, byCol)
	}
}

func dropEmpty(rows []Row) []Row {
	out := rows[:0]
	for _, r := range rows {
		if len(r.Cells) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func parseRange(ref string) (Range, bool) {
	a, b, found := strings.Cut(ref, ":")
	if !found {
		return Range{}, false
	}
	c1, r1, ok1 := model.ParseCellName(a)
	c2, r2, ok2 := model.ParseCellName(b)
	if !ok1 || !ok2 {
		return Range{}, false
	}
	return Range{R1: min(r1, r2), C1: min(c1, c2), R2: max(r1, r2), C2: max(c1, c2)}, true
}

// CellName returns the A1 name of a 1-based column and row.
func CellName(col, row int) string { return model.CellName(col, row) }

// ColumnName returns the letters of a 1-based column: 1 → A, 28 → AB.
func ColumnName(col int) string { return model.ColumnName(col) }

// isoDateFormat shows a t="d" cell that has no date format of its own.
var isoDateFormat = numfmt.Parse("dd/mm/yyyy")

// isoSerial turns an ISO 8601 date or date-time into a serial day of the
// workbook's date system.
func isoSerial(s string, date1904 bool) (float64, bool) {
	var t time.Time
	var err error
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02", "15:04:05"} {
		if t, err = time.Parse(layout, s); err == nil {
			break
		}
	}
	if err != nil {
		return 0, false
	}
	if t.Year() == 0 {
		t = t.AddDate(1899, 11, 30) // a time alone is a fraction of day 0
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	n := float64(t.Sub(epoch)) / float64(24*time.Hour)
	if n < 0 || n > 2958466 {
		return 0, false
	}
	return n, true
}

// italianErrors are the error values as an Italian Excel shows them.
var italianErrors = map[string]string{
	"#N/A": "#N/D", "#VALUE!": "#VALORE!", "#REF!": "#RIF!", "#NAME?": "#NOME?",
	"#NUM!": "#NUM!", "#NULL!": "#NULLO!", "#DIV/0!": "#DIV/0!", "#GETTING_DATA": "#DATI_IN_ARRIVO",
	"#SPILL!": "#ESPANSIONE!", "#CALC!": "#CALC!",
}

// ItalianError returns an error value («#N/A») as an Italian Excel shows
// it («#N/D»).
func ItalianError(code string) string {
	if it, ok := italianErrors[strings.ToUpper(code)]; ok {
		return it
	}
	return code
}
