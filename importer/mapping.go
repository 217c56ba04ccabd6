package importer

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"

	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// fieldOfMapping is where each mapping field goes in a layout.
var fieldOfMapping = map[model.Field]struct {
	lv level
	f  field
}{
	model.FieldPerspective:       {levelPerspective, fieldPerspective},
	model.FieldStrategicCode:     {levelStrategic, fieldCode},
	model.FieldStrategicTitle:    {levelStrategic, fieldTitle},
	model.FieldStrategicKPI:      {levelStrategic, fieldKPI},
	model.FieldOperationalCode:   {levelOperational, fieldCode},
	model.FieldOperationalTitle:  {levelOperational, fieldTitle},
	model.FieldOperationalWeight: {levelOperational, fieldWeight},
	model.FieldOperationalKPI:    {levelOperational, fieldKPI},
	model.FieldActionCode:        {levelAction, fieldCode},
	model.FieldActionTitle:       {levelAction, fieldTitle},
	model.FieldActionWeight:      {levelAction, fieldWeight},
	model.FieldActionKPI:         {levelAction, fieldKPI},
	model.FieldActionTarget:      {levelAction, fieldTarget},
	model.FieldPIRA:              {levelAction, fieldPIRA},
	model.FieldResponsible:       {levelAction, fieldResponsible},
	model.FieldBaseline:          {levelAction, fieldBaseline},
	model.FieldActionNote:        {levelAction, fieldNote},
}

// mappingField is the inverse of fieldOfMapping, for suggestions.
func mappingField(lv level, f field) model.Field {
	for mf, at := range fieldOfMapping {
		if at.lv == lv && at.f == f {
			return mf
		}
	}
	return model.FieldIgnore
}

// headerLabels returns each visible column's label: the header rows'
// texts from top to bottom, joined by one space, a merged title counted
// once per column.
func headerLabels(rows []workbook.Row, hidden map[int]bool) map[int]string {
	texts := map[int][]string{}
	origins := map[int]string{} // the merged range a column's last text came from
	for _, r := range rows {
		for _, c := range r.Cells {
			if hidden[c.Col] {
				continue
			}
			if c.Origin != "" && origins[c.Col] == c.Origin {
				continue // a title merged down over the header rows counts once
			}
			if t := strings.Join(strings.Fields(c.String()), " "); t != "" {
				texts[c.Col] = append(texts[c.Col], t)
				origins[c.Col] = c.Origin
				if c.Origin == "" {
					origins[c.Col] = workbook.CellName(c.Col, r.Num)
				}
			}
		}
	}
	out := map[int]string{}
	for col, ts := range texts {
		out[col] = strings.Join(ts, " ")
	}
	return out
}

// Suggest reads a plan workbook and returns the importer's guess of its
// columns as a mapping, every column listed with its label, unknown ones
// as «ignore»: for a person to check, edit and give back with the file.
func Suggest(ctx context.Context, data []byte) (*model.Mapping, error) {
	wb, err := workbook.Open(ctx, data, workbook.DefaultLimits)
	if err != nil {
		return nil, err
	}
	m := &model.Mapping{Sheets: []model.SheetMapping{}}
	for _, name := range wb.VisibleSheetNames() {
		sh, err := wb.ReadSheet(name)
		if err != nil {
			return nil, err
		}
		if sm, ok := suggestFor(sh, false); ok {
			m.Sheets = append(m.Sheets, sm)
		}
	}
	return m, nil
}

// suggestFor maps the first header of a sheet: later blocks repeat it.
func suggestFor(sh *workbook.Sheet, byContent bool) (model.SheetMapping, bool) {
	for i := range sh.Rows {
		if start, end, ok := headerAt(sh.Rows, i); ok {
			top := groupTitlesAbove(sh.Rows, start)
			return suggestSheet(sh, top, end, i-top, byContent), true
		}
	}
	return model.SheetMapping{}, false
}

// groupTitlesAbove extends a header found at rows[start] up over the
// group titles the vocabulary does not know: a row right above it with
// short texts and no code, whose cells are merged across columns or down
// into the header («Visione» over three rows, «Primo livello» over seven
// columns). A title across the whole table is not one.
func groupTitlesAbove(rows []workbook.Row, start int) int {
	for start > 0 {
		above, r := rows[start-1], rows[start]
		if above.Num != r.Num-1 || rowHasCode(above) || len(ownShortTexts(above)) == 0 {
			break
		}
		if texts, span := lineTexts(above); len(texts) == 1 && span >= minSectionSpan {
			break
		}
		merged := false
		for _, c := range r.Cells {
			merged = merged || c.Origin != "" && originRow(c.Origin) == above.Num
		}
		for _, c := range above.Cells {
			merged = merged || c.Origin != "" && c.Origin != workbook.CellName(c.Col, above.Num)
		}
		if !merged {
			break
		}
		start--
	}
	return start
}

// suggestSheet maps the header of a sheet found at rows[start:end].
// With byContent, the columns the labels do not name are guessed from the
// cells under them (guessFields).
func suggestSheet(sh *workbook.Sheet, start, end, labelIdx int, byContent bool) model.SheetMapping {
	rows := sh.Rows[start:end]
	l, _ := buildLayout(sh.Name, rows, labelIdx, sh.Hidden)
	byCol := map[int]model.Field{}
	// levels and fields in order, codes last: a column holding an
	// objective's code and title («OS1 – …») is mapped as its code
	for _, lv := range []level{levelPerspective, levelStrategic, levelOperational, levelAction} {
		for _, f := range []field{fieldPerspective, fieldTitle, fieldKPI, fieldWeight, fieldTarget, fieldThreshold, fieldPIRA, fieldResponsible, fieldBaseline, fieldNote, fieldCode} {
			if col := l.col(lv, f); col != 0 {
				byCol[col] = mappingField(lv, f)
			}
		}
	}
	if l.perspCol != 0 {
		byCol[l.perspCol] = model.FieldPerspective
	}
	for _, t := range l.targets {
		if t.year != 0 {
			byCol[t.col] = model.Field(model.FieldStrategicTargetPrefix + strconv.Itoa(t.year))
		}
	}
	if l.thr80 != 0 {
		byCol[l.thr80] = model.FieldThreshold80
	}
	if l.thr60 != 0 {
		byCol[l.thr60] = model.FieldThreshold60
	}
	labels := headerLabels(rows, sh.Hidden)
	cols := make([]int, 0, len(labels))
	for col := range labels {
		cols = append(cols, col)
		if _, ok := byCol[col]; !ok {
			byCol[col] = model.FieldIgnore
		}
	}
	sort.Ints(cols)
	guessed := map[int]bool{}
	if byContent {
		guessed = guessFields(rows, dataRows(sh.Rows[end:]), sh.Hidden, byCol)
	}
	sm := model.SheetMapping{Sheet: sh.Name, HeaderRows: [2]int{rows[0].Num, rows[len(rows)-1].Num}, Columns: []model.ColumnMapping{}}
	for _, col := range cols {
		sm.Columns = append(sm.Columns, model.ColumnMapping{Column: workbook.ColumnName(col), Label: labels[col], Field: byCol[col], Guessed: guessed[col]})
	}
	return sm
}

// maxGuessRows bounds the rows under a header whose cells are read to
// guess its columns: enough for any plan's pattern, cheap on a big one.
const maxGuessRows = 2000

// dataRows are the rows under a header read to guess its columns.
func dataRows(rows []workbook.Row) []workbook.Row {
	if len(rows) > maxGuessRows {
		return rows[:maxGuessRows]
	}
	return rows
}

// rowsWithin returns the rows numbered from span[0] to span[1].
func rowsWithin(rows []workbook.Row, span [2]int) []workbook.Row {
	var out []workbook.Row
	for _, r := range rows {
		if r.Num >= span[0] && r.Num <= span[1] {
			out = append(out, r)
		}
	}
	return out
}

// labelRowOf is the label row of the header rows a mapping names: the
// first the importer would take for one, else the first row, so that a
// header read by its guess and the same header mapped agree.
func labelRowOf(header []workbook.Row, first int) int {
	for _, r := range header {
		if isLabelRow(r) {
			return r.Num
		}
	}
	return first
}

// mappedLayout builds a sheet's layout from a mapping: each mapped column
// is found by its label in the header rows, else by its letter.
func mappedLayout(sh *workbook.Sheet, header []workbook.Row, sm model.SheetMapping) (*layout, []model.Problem) {
	labels := headerLabels(header, sh.Hidden)
	byLabel := map[string][]int{} // a label over several columns («Soglie») names each
	for col, label := range labels {
		byLabel[model.Fold(label)] = append(byLabel[model.Fold(label)], col)
	}
	for _, cols := range byLabel {
		sort.Ints(cols)
	}
	// find is the column of a mapped label: the one its letter names when
	// the label stands over several, else the first; by letter when no
	// column has the label
	find := func(cm model.ColumnMapping) int {
		cols := byLabel[model.Fold(cm.Label)]
		letter := model.ColumnNumber(cm.Column)
		switch {
		case len(cols) == 0:
			return letter
		case slices.Contains(cols, letter):
			return letter
		}
		return cols[0]
	}
	l := &layout{headerRow: sm.HeaderRows[1], cols: map[level]map[field]int{}}
	var problems []model.Problem
	for _, cm := range sm.Columns {
		col := find(cm)
		if col == 0 {
			problems = append(problems, model.Problem{Sheet: sh.Name, Severity: model.SeverityError,
				Message: "la mappatura indica la colonna «" + model.Clip(cm.Column) + "» («" + model.Clip(cm.Label) + "»), che non c'è: correggere la mappatura."})
			continue
		}
		switch {
		case cm.Field == model.FieldIgnore:
		case cm.Field.TargetYear() != 0:
			l.targets = append(l.targets, column{col: col, level: levelStrategic, field: fieldTarget, year: cm.Field.TargetYear()})
		case cm.Field == model.FieldThreshold80:
			l.thr80 = col
		case cm.Field == model.FieldThreshold60:
			l.thr60 = col
		case cm.Field == model.FieldPerspective:
			l.perspCol = col
		default:
			at := fieldOfMapping[cm.Field]
			if l.cols[at.lv] == nil {
				l.cols[at.lv] = map[field]int{}
			}
			l.cols[at.lv][at.f] = col
		}
	}
	codeInTitle(l)
	return l, problems
}
