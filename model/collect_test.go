package model_test

import (
	"strings"
	"testing"

	"cruscotto/model"
)

// entryPlan has two units: Mediazione measures 1.1.1 (a count) and 1.1.2
// (a percentage), SG measures 1.2.1.
func entryPlan() *model.Plan {
	num := func(s string) *model.Value { v := model.ParseText(s); return &v }
	return &model.Plan{Year: 2020, Perspectives: []*model.Perspective{{Name: "P", Strategic: []*model.StrategicObjective{{Code: "1",
		Operational: []*model.OperationalObjective{
			{Code: "1.1", Weight: 100, Actions: []*model.Action{
				{Code: "1.1.1", Weight: 50, Target: num("4"), Units: []string{"Mediazione"}},
				{Code: "1.1.2", Weight: 50, Target: num("50%"), Units: []string{"Mediazione"}}}},
			{Code: "1.2", Weight: 100, Actions: []*model.Action{
				{Code: "1.2.1", Weight: 100, Target: num("luglio"), Units: []string{"SG"}}}}}}}}}}
}

func TestCheckEntry(t *testing.T) {
	row := func(code, value string, n int) model.EntryRow {
		return model.EntryRow{Code: code, CodeCell: model.CellRef{Sheet: "Rilevazione", Col: 1, Row: n}, Value: model.ParseText(value),
			ValueCell: model.CellRef{Sheet: "Rilevazione", Col: 8, Row: n}, Blank: value == ""}
	}
	tests := []struct {
		name   string
		rows   []model.EntryRow
		values int
		blank  int
		cells  []string // the refusal's cells; nil for accepted
		frag   string
	}{
		{"OK", []model.EntryRow{row("1.1.1", "5", 7), row("1.1.2", "45%", 8)}, 2, 0, nil, ""},
		{"OK with a blank", []model.EntryRow{row("1.1.1", "5", 7), row("1.1.2", "", 8)}, 1, 1, nil, ""},
		{"ErrAnotherUnitsAction", []model.EntryRow{row("1.1.1", "5", 7), row("1.2.1", "luglio", 8)}, 0, 0, []string{"A8"}, "non è della struttura «Mediazione»"},
		{"ErrUnknownCode", []model.EntryRow{row("9.9.9", "5", 7)}, 0, 0, []string{"A7"}, "non è un'azione del piano 2020"},
		{"ErrTwice", []model.EntryRow{row("1.1.1", "5", 7), row("1.1.1", "6", 8)}, 0, 0, []string{"A8"}, "compare due volte (anche in Rilevazione!A7)"},
		{"ErrWrongValue", []model.EntryRow{row("1.1.1", "tanti", 7), row("1.1.2", "luglio", 8)}, 0, 0, []string{"H7", "H8"}, "da correggere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			values, blank, err := model.CheckEntry(entryPlan(), "Mediazione", tt.rows)
			if tt.cells == nil {
				if err != nil || len(values) != tt.values || blank != tt.blank {
					t.Fatalf("values %v, blank %d, err %v", values, blank, err)
				}
				return
			}
			var cells []string
			for _, p := range model.ErrorProblems(err) {
				cells = append(cells, p.Cell)
				if p.Sheet != "Rilevazione" {
					t.Errorf("problem on sheet %q", p.Sheet)
				}
			}
			if strings.Join(cells, ",") != strings.Join(tt.cells, ",") || !strings.Contains(err.Error(), tt.frag) {
				t.Errorf("problems on %v (%v), want on %v mentioning %q", cells, err, tt.cells, tt.frag)
			}
		})
	}
}
