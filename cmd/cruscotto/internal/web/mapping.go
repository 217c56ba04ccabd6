package web

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

type fieldOption struct {
	Value, Label string
	Selected     bool
}

type mappingColumn struct {
	Letter, Label string
	Options       []fieldOption
}

type mappingSheet struct {
	Name     string
	From, To int
	Columns  []mappingColumn
	Preview  [][]string
}

type mappingData struct {
	page
	Proposal *app.PlanProposal
	Sheets   []mappingSheet
}

// yearIn finds the years a column's label names, for the strategic
// targets a person may give it.
var yearIn = regexp.MustCompile(`(19|20)\d\d`)

// fieldOptions are the fields a column may be given, the proposed one
// selected; a strategic target is offered for each year the label names.
func fieldOptions(label string, chosen model.Field) []fieldOption {
	var out []fieldOption
	add := func(f model.Field, text string) {
		out = append(out, fieldOption{Value: string(f), Label: text, Selected: f == chosen})
	}
	years := map[string]bool{}
	for _, y := range yearIn.FindAllString(label, -1) {
		years[y] = true
	}
	if y := chosen.TargetYear(); y != 0 {
		years[strconv.Itoa(y)] = true
	}
	sorted := make([]string, 0, len(years))
	for y := range years {
		sorted = append(sorted, y)
	}
	sort.Strings(sorted)
	for _, f := range model.Fields {
		if f == model.FieldStrategicTargetPrefix+"YYYY" {
			for _, y := range sorted {
				add(model.Field(model.FieldStrategicTargetPrefix+y), fmt.Sprintf("Obiettivo strategico: target %s", y))
			}
			continue
		}
		add(f, model.FieldLabels[f])
	}
	return out
}

func newMappingData(c echo.Context, p *app.PlanProposal) mappingData {
	d := mappingData{page: newPage(c, "Quali colonne leggere"), Proposal: p}
	for i, sm := range p.Mapping.Sheets {
		ms := mappingSheet{Name: sm.Sheet, From: sm.HeaderRows[0], To: sm.HeaderRows[1]}
		for _, col := range sm.Columns {
			ms.Columns = append(ms.Columns, mappingColumn{Letter: col.Column, Label: col.Label, Options: fieldOptions(col.Label, col.Field)})
		}
		if i < len(p.Previews) {
			ms.Preview = p.Previews[i].Rows
		}
		d.Sheets = append(d.Sheets, ms)
	}
	return d
}

// mappingFromForm reads the mapping page's choices back into a mapping.
func mappingFromForm(c echo.Context) (*model.Mapping, error) {
	m := &model.Mapping{}
	const maxSheets, maxColumns = 255, 256 // the reader's own bounds
	for i := 0; i < maxSheets; i++ {
		name := c.FormValue(fmt.Sprintf("sheet-%d", i))
		if name == "" {
			break
		}
		from, _ := strconv.Atoi(c.FormValue(fmt.Sprintf("from-%d", i)))
		to, _ := strconv.Atoi(c.FormValue(fmt.Sprintf("to-%d", i)))
		sm := model.SheetMapping{Sheet: name, HeaderRows: [2]int{from, to}}
		for k := 0; k < maxColumns; k++ {
			letter := c.FormValue(fmt.Sprintf("col-%d-%d", i, k))
			if letter == "" {
				break
			}
			sm.Columns = append(sm.Columns, model.ColumnMapping{Column: letter, Label: c.FormValue(fmt.Sprintf("label-%d-%d", i, k)),
				Field: model.Field(c.FormValue(fmt.Sprintf("field-%d-%d", i, k)))})
		}
		m.Sheets = append(m.Sheets, sm)
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	return m, nil
}
