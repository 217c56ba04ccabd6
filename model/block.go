package model

// Block is where one header block of a plan sheet lies, with the rows it
// heads: the filled plan writes the results to its right, in the
// Chamber's own workbook. Rows and columns are 1-based.
type Block struct {
	Sheet     string
	HeaderTop int // first header row (the group titles, when present)
	LabelRow  int // the row of the column labels
	HeaderEnd int // last header row
	LastCol   int // rightmost column of the header
	LastRow   int // last row with data before the next block or the end
}

// Holds reports whether a cell lies in the rows the block heads.
func (b Block) Holds(c CellRef) bool {
	return c.Sheet == b.Sheet && c.Row > b.HeaderEnd && c.Row <= b.LastRow
}
