package importer

import (
	"fmt"
	"strings"

	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// FilledRow is one action row of a returned data-entry workbook.
type FilledRow struct {
	Code      string
	CodeCell  string // "Rilevazione!A7"
	Value     workbook.Cell
	ValueCell string // "Rilevazione!H7"
	Note      string
}

// Blank reports whether the unit left the value empty: not measured yet.
func (r FilledRow) Blank() bool {
	return r.Value.Type == workbook.Empty || (r.Value.Type == workbook.String && strings.TrimSpace(r.Value.Text) == "")
}

// Filled is what a returned data-entry workbook says: its identity as
// written in the hidden sheet, the signature, and the rows by action code.
type Filled struct {
	Fields    map[string]string
	Signature string
	Rows      []FilledRow
}

// The headings the collector looks for; they match the exporter's.
const (
	headCode  = "codice azione"
	headValue = "valore rilevato"
	headNote  = "note"
)

// ReadFilled reads a returned data-entry workbook. It finds the entry rows
// by the «Codice azione» heading and each row by its code, so rows sorted
// or columns inserted by the user do not matter.
func ReadFilled(data []byte) (*Filled, error) {
	wb, err := workbook.Open(data, workbook.DefaultLimits)
	if err != nil {
		return nil, err
	}
	notEntry := model.Errorf(model.EInvalid, "Il file non è una cartella di rilevazione del Cruscotto: scaricare la cartella della propria struttura, compilarla e caricarla.")
	f := &Filled{Fields: map[string]string{}}
	var sheets []string
	for _, name := range wb.SheetNames() {
		if name == "_cruscotto" {
			sh, err := wb.ReadSheet(name)
			if err != nil {
				return nil, err
			}
			for _, r := range sh.Rows {
				k, v := r.Get(1).String(), r.Get(2)
				if k == "firma" {
					f.Signature = v.NumberText()
				} else if k != "" {
					f.Fields[k] = v.NumberText()
				}
			}
			continue
		}
		sheets = append(sheets, name)
	}
	if len(f.Fields) == 0 {
		return nil, notEntry
	}
	for _, name := range sheets {
		sh, err := wb.ReadSheet(name)
		if err != nil {
			return nil, err
		}
		rows, ok := entryRows(sh)
		if ok {
			f.Rows = rows
			return f, nil
		}
	}
	return nil, notEntry
}

// entryRows finds the heading row and reads the rows under it.
func entryRows(sh *workbook.Sheet) ([]FilledRow, bool) {
	codeCol, valueCol, noteCol := 0, 0, 0
	start := -1
	for i, r := range sh.Rows {
		codeCol, valueCol, noteCol = 0, 0, 0
		for _, c := range r.Cells {
			switch h := model.Fold(c.String()); {
			case h == headCode:
				codeCol = c.Col
			case h == headValue:
				valueCol = c.Col
			case h == headNote:
				noteCol = c.Col
			}
		}
		if codeCol != 0 && valueCol != 0 {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil, false
	}
	var out []FilledRow
	for _, r := range sh.Rows[start:] {
		code := strings.TrimRight(strings.TrimSpace(r.Get(codeCol).NumberText()), ".")
		if code == "" {
			continue
		}
		row := FilledRow{Code: code, CodeCell: sh.Name + "!" + workbook.CellName(codeCol, r.Num),
			Value: r.Get(valueCol), ValueCell: sh.Name + "!" + workbook.CellName(valueCol, r.Num)}
		if noteCol != 0 {
			row.Note = strings.TrimSpace(r.Get(noteCol).String())
		}
		out = append(out, row)
	}
	return out, true
}

// Problem builds a located problem for a cell named "Sheet!A1".
func Problem(where, format string, args ...any) model.Problem {
	sheet, cell, _ := strings.Cut(where, "!")
	return model.Problem{Sheet: sheet, Cell: cell, Severity: model.SeverityError, Message: fmt.Sprintf(format, args...)}
}
