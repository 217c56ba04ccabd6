package web

import (
	"fmt"
	"regexp"
	"slices"
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
	Key           string   // the same column on other sheets has the same key
	Guessed       bool     // proposed from the column's content: to confirm
	Examples      []string // the first values under the header
}

type mappingSheet struct {
	Index    int
	Name     string
	From, To int
	Columns  []mappingColumn
	Guessed  int // columns proposed from their content
}

type mappingData struct {
	page
	Proposal *app.PlanProposal
	Sheets   []mappingSheet
	Shared   bool // some column, by letter and label, stands on several sheets
	// Checks say what the choices lack before they are confirmed: a
	// required field, the responsible units, the strategic targets. The
	// page's script says it again as the choices change.
	Checks []string
	// Required are the required fields and their names, for the script.
	Required map[string]string
}

// mappingChecks says what a mapping lacks, in Italian: the required
// fields no column holds, and the two the importer can do without but a
// Chamber cannot — the units responsible and the strategic targets.
func mappingChecks(m *model.Mapping) []string {
	have := map[model.Field]bool{}
	targets := false
	for _, sm := range m.Sheets {
		for _, c := range sm.Columns {
			have[c.Field] = true
			targets = targets || c.Field.TargetYear() != 0
		}
	}
	var out []string
	for _, f := range model.RequiredFields {
		if !have[f] {
			out = append(out, "Nessuna colonna è indicata come «"+model.FieldLabels[f]+"»: senza, il piano non si può importare.")
		}
	}
	if !have[model.FieldResponsible] {
		out = append(out, "Nessuna colonna è indicata come «Struttura responsabile»: tutte le azioni andrebbero al Controller, nessuna struttura vedrebbe le proprie.")
	}
	if !targets {
		out = append(out, "Nessuna colonna è indicata come «Obiettivo strategico: target» di un anno: gli obiettivi strategici non potrebbero essere giudicati.")
	}
	return out
}

// examplesShown is how many values under the header each column shows.
const examplesShown = 3

// yearIn finds the years a label names.
var yearIn = regexp.MustCompile(`(19|20)\d\d`)

// sheetYears are the years a sheet's strategic targets may be for: those
// its labels name, those already chosen, and the plan's year and the two
// after it, so that a target column whose label names no year can still
// be given one.
func sheetYears(sm model.SheetMapping, planYear int) []int {
	years := map[int]bool{}
	for _, c := range sm.Columns {
		for _, y := range yearIn.FindAllString(c.Label, -1) {
			n, _ := strconv.Atoi(y)
			years[n] = true
		}
		if y := c.Field.TargetYear(); y != 0 {
			years[y] = true
		}
	}
	if planYear != 0 {
		for y := planYear; y <= planYear+2; y++ {
			years[y] = true
		}
	}
	out := make([]int, 0, len(years))
	for y := range years {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// fieldOptions are the fields a column may be given, the proposed one
// selected; a strategic target is offered for each of the sheet's years.
func fieldOptions(years []int, chosen model.Field) []fieldOption {
	var out []fieldOption
	add := func(f model.Field, text string) {
		out = append(out, fieldOption{Value: string(f), Label: text, Selected: f == chosen})
	}
	for _, f := range model.Fields {
		if f == model.FieldStrategicTargetPrefix+"YYYY" {
			for _, y := range years {
				add(model.Field(fmt.Sprintf("%s%d", model.FieldStrategicTargetPrefix, y)), fmt.Sprintf("Obiettivo strategico: target %d", y))
			}
			continue
		}
		add(f, model.FieldLabels[f])
	}
	return out
}

// columnKey is what makes two sheets' columns the same column: the same
// letter under the same label.
func columnKey(c model.ColumnMapping) string {
	return c.Column + "\x00" + model.Fold(c.Label)
}

func newMappingData(c echo.Context, p *app.PlanProposal) mappingData {
	d := mappingData{page: newPage(c, "Quali colonne leggere"), Proposal: p, Checks: mappingChecks(p.Mapping), Required: map[string]string{}}
	for _, f := range model.RequiredFields {
		d.Required[string(f)] = model.FieldLabels[f]
	}
	seen := map[string]bool{}
	for i, sm := range p.Mapping.Sheets {
		ms := mappingSheet{Index: i, Name: sm.Sheet, From: sm.HeaderRows[0], To: sm.HeaderRows[1]}
		years := sheetYears(sm, p.Year)
		var rows [][]string
		if i < len(p.Previews) {
			rows = p.Previews[i].Rows
		}
		for k, col := range sm.Columns {
			if seen[columnKey(col)] {
				d.Shared = true
			}
			seen[columnKey(col)] = true
			mc := mappingColumn{Letter: col.Column, Label: col.Label, Key: columnKey(col), Options: fieldOptions(years, col.Field), Guessed: col.Guessed}
			for _, r := range rows {
				if k < len(r) && r[k] != "" && len(mc.Examples) < examplesShown && !slices.Contains(mc.Examples, r[k]) {
					mc.Examples = append(mc.Examples, r[k])
				}
			}
			if col.Guessed {
				ms.Guessed++
			}
			ms.Columns = append(ms.Columns, mc)
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
	if c.FormValue("stessa-intestazione") == "1" {
		sameHeaderChoices(m)
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	return m, nil
}

// sameHeaderChoices gives each column the field chosen for the same
// column (letter and label) on the first sheet that reads it, as
// «applica a tutti i fogli con la stessa intestazione» asks: a column
// left empty on one sheet, and so proposed «da ignorare», follows the
// sheet where it holds values.
func sameHeaderChoices(m *model.Mapping) {
	chosen := map[string]model.Field{}
	for _, sm := range m.Sheets {
		for _, col := range sm.Columns {
			if _, ok := chosen[columnKey(col)]; !ok || chosen[columnKey(col)] == model.FieldIgnore {
				chosen[columnKey(col)] = col.Field
			}
		}
	}
	for i := range m.Sheets {
		for c, col := range m.Sheets[i].Columns {
			m.Sheets[i].Columns[c].Field = chosen[columnKey(col)]
		}
	}
}
