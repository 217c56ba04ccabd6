package importer

import (
	"context"
	"regexp"

	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// Preview is the start of a sheet as the mapping page shows it: the
// header's labels and the first rows under it, column by column.
type Preview struct {
	Sheet   string
	Columns []string   // letters
	Labels  []string   // by column
	Rows    [][]string // by row, then column
}

// previewRows is how many rows under a header the mapping page shows.
const previewRows = 5

// minLabelCells is how many short texts a row needs to be taken for a
// header that the importer does not recognise.
const minLabelCells = 3

// Propose returns a mapping for every sheet of a plan workbook — the
// importer's reading where it finds a header, else the first row that
// looks like one, its columns guessed from the vocabulary where they can
// be — and a preview of each sheet, for a person to confirm or correct.
func Propose(ctx context.Context, data []byte) (*model.Mapping, []Preview, error) {
	wb, err := workbook.Open(ctx, data, workbook.DefaultLimits)
	if err != nil {
		return nil, nil, err
	}
	m := &model.Mapping{Sheets: []model.SheetMapping{}}
	var previews []Preview
	for _, name := range wb.VisibleSheetNames() {
		sh, err := wb.ReadSheet(name)
		if err != nil {
			return nil, nil, err
		}
		sm, ok := suggestFor(sh, true)
		if !ok {
			if sm, ok = guessHeader(sh); !ok {
				continue // no row looks like a header: a sheet of notes
			}
		}
		m.Sheets = append(m.Sheets, sm)
		previews = append(previews, preview(sh, sm))
	}
	return m, previews, nil
}

// guessHeader finds a header the importer does not recognise from its
// shape (headerByShape) and maps what the vocabulary and the cells under
// it tell of its columns.
func guessHeader(sh *workbook.Sheet) (model.SheetMapping, bool) {
	start, end, labelIdx, ok := headerByShape(sh.Rows)
	if !ok {
		return model.SheetMapping{}, false
	}
	return suggestSheet(sh, start, end, labelIdx, true), true
}

func preview(sh *workbook.Sheet, sm model.SheetMapping) Preview {
	p := Preview{Sheet: sh.Name}
	cols := map[string]int{}
	for _, c := range sm.Columns {
		cols[c.Column] = len(p.Columns)
		p.Columns = append(p.Columns, c.Column)
		p.Labels = append(p.Labels, c.Label)
	}
	for _, r := range sh.Rows {
		if r.Num <= sm.HeaderRows[1] {
			continue
		}
		row := make([]string, len(p.Columns))
		for _, c := range r.Cells {
			if k, ok := cols[workbook.ColumnName(c.Col)]; ok {
				row[k] = model.Clip(c.String())
			}
		}
		p.Rows = append(p.Rows, row)
		if len(p.Rows) == previewRows {
			break
		}
	}
	return p
}

// digits are stripped from labels when matching a saved mapping to a new
// file: next year's «Target 2023» is last year's «Target 2022».
var digits = regexp.MustCompile(`\d+`)

func labelKey(s string) string { return model.Fold(digits.ReplaceAllString(s, "")) }

// FirstFit returns the index of the first mapping that reads a workbook,
// or -1: one whose sheet patterns each name a sheet of the file, and
// every column it maps (not «ignore») has its label in that sheet's
// header rows, years aside. The file is opened once, each sheet read at
// most once, however many mappings are tried.
func FirstFit(ctx context.Context, data []byte, mappings []*model.Mapping) int {
	wb, err := workbook.Open(ctx, data, workbook.DefaultLimits)
	if err != nil {
		return -1
	}
	sheets := map[string]*workbook.Sheet{}
	read := func(name string) *workbook.Sheet {
		if sh, ok := sheets[name]; ok {
			return sh
		}
		sh, err := wb.ReadSheet(name)
		if err != nil {
			sh = nil // unreadable: fits nothing
		}
		sheets[name] = sh
		return sh
	}
	for i, m := range mappings {
		if fits(wb.VisibleSheetNames(), read, m) {
			return i
		}
	}
	return -1
}

// fits reports whether every sheet mapping of m finds a sheet whose header
// it fits.
func fits(names []string, read func(string) *workbook.Sheet, m *model.Mapping) bool {
	for _, sm := range m.Sheets {
		found := false
		for _, name := range names {
			if sm.Matches(name) {
				if sh := read(name); sh != nil && headerFits(sh, sm) {
					found = true
					break
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func headerFits(sh *workbook.Sheet, sm model.SheetMapping) bool {
	var header []workbook.Row
	for _, r := range sh.Rows {
		if r.Num >= sm.HeaderRows[0] && r.Num <= sm.HeaderRows[1] {
			header = append(header, r)
		}
	}
	have := map[string]bool{}
	for _, l := range headerLabels(header, sh.Hidden) {
		have[labelKey(l)] = true
	}
	mapped := 0
	for _, c := range sm.Columns {
		if c.Field == model.FieldIgnore {
			continue
		}
		if !have[labelKey(c.Label)] {
			return false
		}
		mapped++
	}
	return mapped > 0
}
