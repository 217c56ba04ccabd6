package importer

import (
	"context"
	"strings"

	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// FilledRow is one action row of a returned data-entry workbook.
type FilledRow struct {
	Code      string
	CodeCell  model.CellRef // Rilevazione!A7
	Value     workbook.Cell
	ValueCell model.CellRef // Rilevazione!H7
	Note      string
	NoteCell  model.CellRef // zero when the sheet has no «Note» column
}

// Blank reports whether the unit left the value empty: not measured yet.
func (r FilledRow) Blank() bool {
	return r.Value.Type == workbook.Empty || (r.Value.Type == workbook.String && strings.TrimSpace(r.Value.Text) == "")
}

// The headings the collector looks for, as model.Fold compares them.
var (
	headCode  = model.Fold(model.EntryHeadCode)
	headValue = model.Fold(model.EntryHeadValue)
	headNote  = model.Fold(model.EntryHeadNote)
)

// identityRows bounds the hidden identity sheet, which holds about ten.
const identityRows = 64

// entryLimits bound a returned data-entry workbook more tightly than a
// plan: it has three sheets and a dozen cells per action, and its cells
// are all read again by excelize when a correction workbook is made.
var entryLimits = func() workbook.Limits {
	l := workbook.DefaultLimits
	l.MaxSheets, l.MaxCellElements = 16, 100_000
	return l
}()

// FilledWorkbook is a returned data-entry workbook opened for collection.
// Its identity is read first, so that the caller can check the signature
// and learn how many rows the unit's sheet may hold before any of the
// rows, which a sender controls, are read.
type FilledWorkbook struct {
	Fields    map[string]string
	Signature string
	wb        *workbook.Workbook
	sheets    []string // the sheets other than the identity's
}

var errNotEntry = model.Errorf(model.EInvalid, "Il file non è una cartella di rilevazione del Cruscotto: scaricare la cartella della propria struttura, compilarla e caricarla.")

// OpenFilled opens a returned data-entry workbook and reads its identity.
// When ctx is done, reading stops with an ETimeout error.
func OpenFilled(ctx context.Context, data []byte) (*FilledWorkbook, error) {
	wb, err := workbook.Open(ctx, data, entryLimits)
	if err != nil {
		return nil, err
	}
	f := &FilledWorkbook{Fields: map[string]string{}, wb: wb}
	for _, name := range wb.SheetNames() {
		if name != model.EntryIdentitySheet {
			f.sheets = append(f.sheets, name)
			continue
		}
		sh, err := wb.ReadSheetRows(name, identityRows)
		if err != nil {
			return nil, err
		}
		for _, r := range sh.Rows {
			k, v := r.Get(1).String(), r.Get(2)
			if k == model.EntrySignatureField {
				f.Signature = v.NumberText()
			} else if k != "" {
				f.Fields[k] = v.NumberText()
			}
		}
	}
	if len(f.Fields) == 0 {
		return nil, errNotEntry
	}
	return f, nil
}

// Rows reads the entry rows: the first sheet with the «Codice azione» and
// «Valore rilevato» headings. A sheet with more than maxRows rows holding
// a value is refused before its rows are looked at (0: no bound beyond
// the reader's limits).
func (f *FilledWorkbook) Rows(maxRows int) ([]FilledRow, error) {
	for _, name := range f.sheets {
		sh, err := f.wb.ReadSheetRows(name, maxRows)
		if err != nil {
			return nil, err
		}
		if rows, ok := entryRows(sh); ok {
			return rows, nil
		}
	}
	return nil, errNotEntry
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
		row := FilledRow{Code: code, CodeCell: model.CellRef{Sheet: sh.Name, Col: codeCol, Row: r.Num},
			Value: r.Get(valueCol), ValueCell: model.CellRef{Sheet: sh.Name, Col: valueCol, Row: r.Num}}
		if noteCol != 0 {
			row.Note = strings.TrimSpace(r.Get(noteCol).String())
			row.NoteCell = model.CellRef{Sheet: sh.Name, Col: noteCol, Row: r.Num}
		}
		out = append(out, row)
	}
	return out, true
}

// CorrectionLimits bound a refused workbook that a correction workbook is
// made from, for a unit of so many actions: excelize reads all of it
// again, styles and strings included, so it must look like a unit's
// workbook — a few dozen cells a row, a few thousand styles at most —
// not merely fit the reader's limits.
func CorrectionLimits(actions int) workbook.Limits {
	l := entryLimits
	cells := 40 * model.EntryRowLimit(max(actions, 1))
	l.MaxCellElements, l.MaxCells, l.MaxStrings = cells, cells, cells
	l.MaxStringBytes = 4 << 20
	l.MaxStyles, l.MaxStyleParts = 2_000, 512
	l.MaxMerges = 1_000
	return l
}

// CheckCorrectable reads every sheet of a refused workbook within
// CorrectionLimits: a file beyond them gets no correction workbook.
func CheckCorrectable(ctx context.Context, data []byte, actions int) error {
	refuse := func(err error) error {
		return &model.Error{Code: model.EInvalid, Message: "Il file è troppo grande o complesso per ricostruirne la cartella di correzione: scaricare di nuovo la cartella della struttura, riportarvi i valori e ricaricarla.",
			Problems: []model.Problem{{Message: model.ErrorMessage(err)}}}
	}
	wb, err := workbook.Open(ctx, data, CorrectionLimits(actions))
	if err != nil {
		return refuse(err)
	}
	for _, name := range wb.SheetNames() {
		if _, err := wb.ReadSheet(name); err != nil {
			return refuse(err)
		}
	}
	return nil
}
