package planwriter

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// ForeignLabels are the headers of Foreign's plan, none of which the
// importer knows, each with the field a person gives it on the mapping
// page («Valore programmato» carries the plan's year).
var ForeignLabels = []struct{ Label, Field string }{
	{"Area", "perspective"}, {"Rif. OS", "strategic.code"}, {"Descrizione OS", "strategic.title"},
	{"Rif. OO", "operational.code"}, {"Descrizione OO", "operational.title"}, {"Incidenza OO", "operational.weight"},
	{"Rif. misura", "action.code"}, {"Misura", "action.title"}, {"Incidenza misura", "action.weight"},
	{"Valore programmato", "action.target"}, {"Ufficio", "action.responsible"},
}

// ForeignFields maps each of ForeignLabels to its field, the labels as
// written for any year («Valore programmato 2023» is «Valore programmato»).
func ForeignFields() map[string]string {
	out := map[string]string{}
	for _, l := range ForeignLabels {
		out[l.Label] = l.Field
	}
	return out
}

// ForeignMapping is the mapping a person writes for Foreign's plans, of
// any year: its one sheet, its header on row 3, each column by label.
func ForeignMapping() *model.Mapping {
	fields := ForeignFields()
	sm := model.SheetMapping{Sheet: "Piano *", HeaderRows: [2]int{3, 3}}
	for i, l := range ForeignLabels {
		sm.Columns = append(sm.Columns, model.ColumnMapping{Column: model.ColumnName(i + 1), Label: l.Label, Field: model.Field(fields[l.Label])})
	}
	return &model.Mapping{Sheets: []model.SheetMapping{sm}}
}

// ChooseForeignFields gives each column of a mapping proposed for a
// Foreign plan the field a person would choose, as the mapping page does.
func ChooseForeignFields(m *model.Mapping) {
	fields := ForeignFields()
	for i := range m.Sheets {
		for k, c := range m.Sheets[i].Columns {
			m.Sheets[i].Columns[k].Field = model.Field(fields[strings.TrimRight(c.Label, " 0123456789")])
		}
	}
}

// Foreign writes a small plan for year in a layout nobody foresaw: one
// sheet «Piano YEAR», a title, and a one-row header at row 3 whose labels
// the importer does not know («Rif.» for codes, «Incidenza» for weights).
// Tests of the mapping page use it.
func Foreign(year int) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := fmt.Sprintf("Piano %d", year)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	header := make([]any, len(ForeignLabels))
	for i, l := range ForeignLabels {
		header[i] = l.Label
		if l.Label == "Valore programmato" {
			header[i] = fmt.Sprintf("%s %d", l.Label, year)
		}
	}
	rows := [][]any{
		{fmt.Sprintf("Camera di Commercio — programma %d", year)},
		{},
		header,
		{"Imprese", "1", "Sostenere le imprese", "1.1", "Digitale", "100%", "1.1.1", "Imprese assistite", "60%", ">= 300", "Promozione"},
		{"Imprese", "1", "Sostenere le imprese", "1.1", "Digitale", "100%", "1.1.2", "Eventi", "40%", "12", "Promozione"},
		{"Ente", "2", "Efficienza", "2.1", "Tempi", "100%", "2.1.1", "Tempo medio di pagamento", "100%", "<= 30 gg", "Ragioneria"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
