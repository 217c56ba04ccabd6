package workbook

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

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
	Text   string  // the text of a string, the raw digits of a number
	Num    float64 // for Number
	Format model.NumberFormat
	Origin string // "B6" when the value comes from a merged range starting there
}

// Value parses the cell the way plans and measurements are parsed.
func (c Cell) Value() model.Value {
	if c.Type == Number {
		return model.ParseNumber(c.Num, c.Format)
	}
	return model.ParseText(c.Text)
}

// String returns the cell's text as a person sees it (numbers in Italian
// notation, percentages with %).
func (c Cell) String() string {
	switch c.Type {
	case Number:
		return c.Value().Raw
	case Empty:
		return ""
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
// expanded.
type Sheet struct {
	Name   string
	Rows   []Row
	Merges []Range
}

// ReadSheet reads one worksheet by name.
func (w *Workbook) ReadSheet(name string) (*Sheet, error) {
	var ref *sheetRef
	for i := range w.sheets {
		if w.sheets[i].name == name {
			ref = &w.sheets[i]
		}
	}
	if ref == nil {
		return nil, fmt.Errorf("sheet %q not found", name)
	}
	rc, err := w.open(ref.path)
	if err != nil {
		return nil, corrupt(err)
	}
	defer rc.Close()
	s := &Sheet{Name: name}
	rows, merges, err := w.scan(rc, name)
	if err != nil {
		return nil, err
	}
	s.Merges = merges
	s.Rows = expand(rows, merges, w.limits.MaxColumns)
	return s, nil
}

type rawRow struct {
	num   int
	cells []Cell
}

// scan tokenises the sheet XML once, collecting cells and merged ranges.
func (w *Workbook) scan(r io.Reader, sheet string) ([]rawRow, []Range, error) {
	d := xml.NewDecoder(r)
	var (
		rows    []rawRow
		merges  []Range
		cur     *rawRow
		cell    Cell
		cellT   string
		inCell  bool
		inV     bool
		inIS    bool
		inT     bool
		text    strings.Builder
		rowNum  int
		colNext int
		depth   int // RawToken does not check that elements are closed
	)
	fail := func(err error) ([]rawRow, []Range, error) {
		return nil, nil, corrupt(fmt.Errorf("foglio %q: %w", sheet, err))
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if depth != 0 {
				return fail(fmt.Errorf("XML interrotto prima della fine"))
			}
			break
		}
		if err != nil {
			return fail(err)
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				if ref := attr(t, "r"); ref != "" {
					n, err := strconv.Atoi(ref)
					if err != nil || n < 1 || n > 1048576 {
						return fail(fmt.Errorf("numero di riga non valido %q", ref))
					}
					rowNum = n
				} else {
					rowNum++
				}
				colNext = 1
				rows = append(rows, rawRow{num: rowNum})
				cur = &rows[len(rows)-1]
			case "c":
				inCell = true
				cell = Cell{}
				cellT = attr(t, "t")
				if ref := attr(t, "r"); ref != "" {
					c, _, ok := splitRef(ref)
					if !ok {
						return fail(fmt.Errorf("riferimento di cella non valido %q", ref))
					}
					cell.Col = c
				} else {
					cell.Col = colNext
				}
				colNext = cell.Col + 1
				if s := attr(t, "s"); s != "" {
					if i, err := strconv.Atoi(s); err == nil && i >= 0 && i < len(w.formats) {
						cell.Format = w.formats[i]
					}
				}
				text.Reset()
			case "v":
				inV = inCell
			case "is":
				inIS = inCell
			case "t":
				inT = inIS
			case "mergeCell":
				rg, ok := parseRange(attr(t, "ref"))
				if ok {
					if len(merges) >= w.limits.MaxMerges {
						return nil, nil, model.Errorf(model.EInvalid, "Il foglio %q ha più di %d celle unite: non sembra un piano della performance.", sheet, w.limits.MaxMerges)
					}
					merges = append(merges, rg)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				inCell = false
				if cur == nil || cell.Col > w.limits.MaxColumns {
					continue
				}
				if ok := finishCell(&cell, cellT, text.String(), w.strings); ok {
					w.cells++
					if w.cells > w.limits.MaxCells {
						return nil, nil, model.Errorf(model.EInvalid, "Il file ha più di %d celle compilate: non sembra un piano della performance.", w.limits.MaxCells)
					}
					cur.cells = append(cur.cells, cell)
				}
			case "v":
				inV = false
			case "is":
				inIS = false
			case "t":
				inT = false
			case "row":
				cur = nil
			}
		case xml.CharData:
			if inV || inT {
				text.Write(t)
			}
		}
	}
	return rows, merges, nil
}

// finishCell decodes the collected text according to the cell type and
// reports whether the cell holds anything.
func finishCell(c *Cell, t, text string, sst []string) bool {
	switch t {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil || i < 0 || i >= len(sst) {
			return false
		}
		c.Type, c.Text = String, sst[i]
	case "str", "inlineStr":
		c.Type, c.Text = String, text
	case "b":
		c.Type, c.Text = Bool, text
	case "e":
		c.Type, c.Text = ErrorValue, text
	case "d":
		c.Type, c.Text = String, text
	default:
		if strings.TrimSpace(text) == "" {
			return false
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			c.Type, c.Text = String, text
		} else {
			c.Type, c.Text, c.Num = Number, text, n
		}
	}
	return c.Type != String || strings.TrimSpace(c.Text) != ""
}

// expand fills each row's merged cells with the value of the range's
// top-left cell, sweeping the rows in order with one active range per
// column, so memory stays proportional to the cells actually present.
func expand(rows []rawRow, merges []Range, maxCols int) []Row {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].num < rows[j].num })
	// merge the entries of a row number that appears twice
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		if n := len(out); n > 0 && out[n-1].Num == r.num {
			out[n-1].Cells = append(out[n-1].Cells, r.cells...)
			continue
		}
		out = append(out, Row{Num: r.num, Cells: r.cells})
	}
	for i := range out {
		sortCells(out[i].Cells)
	}
	if len(merges) == 0 {
		return dropEmpty(out)
	}
	// origin values: the top-left cell of each range
	sorted := make([]Range, len(merges))
	copy(sorted, merges)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].R1 < sorted[j].R1 })
	origin := make([]Cell, len(sorted))
	{
		ri := 0
		for i, m := range sorted {
			for ri < len(out) && out[ri].Num < m.R1 {
				ri++
			}
			if ri < len(out) && out[ri].Num == m.R1 {
				origin[i] = out[ri].Get(m.C1)
			}
			origin[i].Origin = cellName(m.C1, m.R1)
		}
	}
	active := make([]int, maxCols+1) // index+1 into sorted, 0 = none
	next := 0
	for ri := range out {
		r := out[ri].Num
		for next < len(sorted) && sorted[next].R1 <= r {
			m := sorted[next]
			for c := max(m.C1, 1); c <= min(m.C2, maxCols); c++ {
				active[c] = next + 1
			}
			next++
		}
		var extra []Cell
		row := out[ri]
		for c := 1; c <= maxCols; c++ {
			k := active[c]
			if k == 0 {
				continue
			}
			m := sorted[k-1]
			if m.R2 < r || (m.R1 == r && m.C1 == c) {
				if m.R2 < r {
					active[c] = 0
				}
				continue
			}
			o := origin[k-1]
			if o.Type == Empty {
				// an empty merged range hides whatever its other cells hold
				row = removeCell(row, c)
				continue
			}
			o.Col = c
			extra = append(extra, o)
		}
		if len(extra) > 0 {
			for _, e := range extra {
				row = removeCell(row, e.Col)
			}
			row.Cells = append(row.Cells, extra...)
			sortCells(row.Cells)
		}
		out[ri] = row
	}
	return dropEmpty(out)
}

func removeCell(r Row, col int) Row {
	for i, c := range r.Cells {
		if c.Col == col {
			r.Cells = append(r.Cells[:i:i], r.Cells[i+1:]...)
			return r
		}
	}
	return r
}

func sortCells(cs []Cell) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Col < cs[j].Col })
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

// splitRef splits "AB12" into column 28 and row 12.
func splitRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && (ref[i] >= 'A' && ref[i] <= 'Z' || ref[i] >= 'a' && ref[i] <= 'z') {
		c := int(ref[i]|0x20) - 'a' + 1
		col = col*26 + c
		i++
		if col > 16384 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(strings.TrimPrefix(ref[i:], "$"))
	if err != nil || row < 1 || row > 1048576 {
		return 0, 0, false
	}
	return col, row, true
}

func parseRange(ref string) (Range, bool) {
	a, b, found := strings.Cut(ref, ":")
	if !found {
		return Range{}, false
	}
	c1, r1, ok1 := splitRef(a)
	c2, r2, ok2 := splitRef(b)
	if !ok1 || !ok2 {
		return Range{}, false
	}
	return Range{R1: min(r1, r2), C1: min(c1, c2), R2: max(r1, r2), C2: max(c1, c2)}, true
}

// CellName returns the A1 name of a 1-based column and row.
func CellName(col, row int) string { return cellName(col, row) }

func cellName(col, row int) string {
	return ColumnName(col) + strconv.Itoa(row)
}

// ColumnName returns the letters of a 1-based column: 1 → A, 28 → AB.
func ColumnName(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}
