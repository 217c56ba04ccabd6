package model

import (
	"fmt"
	"strconv"
	"strings"
)

// The last column and row of a worksheet: XFD1048576.
const (
	MaxColumn = 16384
	MaxRow    = 1048576
)

// CellRef is a cell of a workbook by sheet, 1-based column and row: where
// an objective or action was read in the plan, or a value in a returned
// workbook. It is written "Sheet!L6", the sheet name as it is, unquoted.
type CellRef struct {
	Sheet    string
	Col, Row int
}

// Name returns the cell's A1 name ("L6"), or "" when its column or row is
// not known.
func (c CellRef) Name() string {
	if c.Col < 1 || c.Row < 1 {
		return ""
	}
	return CellName(c.Col, c.Row)
}

// String returns "Sheet!L6", or "" for the zero CellRef.
func (c CellRef) String() string {
	if c.IsZero() {
		return ""
	}
	return c.Sheet + "!" + c.Name()
}

// IsZero reports whether the cell is not known.
func (c CellRef) IsZero() bool { return c == CellRef{} }

// MarshalText writes the cell as String does: JSON and stored plans keep
// "Sheet!L6".
func (c CellRef) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads the form MarshalText writes.
func (c *CellRef) UnmarshalText(b []byte) error {
	ref, err := ParseCellRef(string(b))
	if err != nil {
		return err
	}
	*c = ref
	return nil
}

// ParseCellRef reads "Sheet!L6" as String writes it; "" is the zero
// CellRef. The sheet is everything before the last "!": a sheet name may
// hold one, an A1 name never does.
func ParseCellRef(s string) (CellRef, error) {
	if s == "" {
		return CellRef{}, nil
	}
	i := strings.LastIndexByte(s, '!')
	if i < 0 {
		return CellRef{}, fmt.Errorf("cell «%s»: no sheet before «!»", s)
	}
	c := CellRef{Sheet: s[:i]}
	if name := s[i+1:]; name != "" {
		var ok bool
		if c.Col, c.Row, ok = ParseCellName(name); !ok {
			return CellRef{}, fmt.Errorf("cell «%s»: «%s» is not an A1 name", s, name)
		}
	}
	return c, nil
}

// CellName returns the A1 name of a 1-based column and row: (12, 6) → L6.
func CellName(col, row int) string {
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

// ColumnNumber reads a column's letters ("B", "ab", " AB "), 0 when they
// are not letters or name no column of a worksheet.
func ColumnNumber(letters string) int {
	return columnOf(strings.TrimSpace(letters))
}

func columnOf(letters string) int {
	col := 0
	for i := 0; i < len(letters); i++ {
		c := letters[i] | 0x20
		if c < 'a' || c > 'z' {
			return 0
		}
		if col = col*26 + int(c-'a') + 1; col > MaxColumn {
			return 0
		}
	}
	return col
}

// ParseCellName splits an A1 name, "AB12" or "AB$12", into column 28 and
// row 12; ok is false when it is not one or lies outside a worksheet.
func ParseCellName(name string) (col, row int, ok bool) {
	i := 0
	for i < len(name) && (name[i] >= 'A' && name[i] <= 'Z' || name[i] >= 'a' && name[i] <= 'z') {
		i++
	}
	if i == 0 || i == len(name) {
		return 0, 0, false
	}
	if col = columnOf(name[:i]); col == 0 {
		return 0, 0, false
	}
	row, err := strconv.Atoi(strings.TrimPrefix(name[i:], "$"))
	if err != nil || row < 1 || row > MaxRow {
		return 0, 0, false
	}
	return col, row, true
}
