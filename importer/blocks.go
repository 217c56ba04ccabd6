package importer

import (
	"context"

	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// Block is where one header block of a plan sheet lies: the exporter
// writes results to the right of it, in the Chamber's own workbook.
type Block struct {
	Sheet     string
	HeaderTop int // first header row (the group titles, when present)
	LabelRow  int // the row of the column labels
	HeaderEnd int // last header row
	LastCol   int // rightmost column of the header
	LastRow   int // last row with data before the next block or the end
}

// Blocks finds the header blocks of a plan workbook, with the same rules
// ParsePlan uses.
func Blocks(data []byte) ([]Block, error) {
	return BlocksContext(context.Background(), data)
}

// BlocksContext is Blocks with a context: when it is done, reading stops
// with an ETimeout error.
func BlocksContext(ctx context.Context, data []byte) ([]Block, error) {
	wb, err := workbook.OpenContext(ctx, data, workbook.DefaultLimits)
	if err != nil {
		return nil, err
	}
	var out []Block
	for _, name := range wb.SheetNames() {
		sh, err := wb.ReadSheet(name)
		if err != nil {
			return nil, err
		}
		rows := sh.Rows
		var cur *Block
		for i := 0; i < len(rows); i++ {
			r := rows[i]
			if start, end, ok := headerAt(rows, i); ok {
				b := Block{Sheet: name, HeaderTop: rows[start].Num, LabelRow: r.Num, HeaderEnd: rows[end-1].Num, LastRow: rows[end-1].Num}
				for _, hr := range rows[start:end] {
					for _, c := range hr.Cells {
						b.LastCol = max(b.LastCol, c.Col)
					}
				}
				out = append(out, b)
				cur = &out[len(out)-1]
				i = end - 1
				continue
			}
			if cur == nil {
				continue
			}
			if nextHeaderGroupRow(rows, i) {
				continue
			}
			if hasCode(r, cur.LastCol) {
				cur.LastRow = r.Num
			}
		}
	}
	if len(out) == 0 {
		return nil, model.Errorf(model.EInvalid, "Nessuna intestazione del piano trovata.")
	}
	return out, nil
}

// hasCode reports whether a row within the block's columns holds a value
// that looks like an objective or action code.
func hasCode(r workbook.Row, lastCol int) bool {
	for _, c := range r.Cells {
		if c.Col <= lastCol && validCode(normCode(c)) {
			return true
		}
	}
	return false
}
