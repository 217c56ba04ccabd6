package model_test

import (
	"strings"
	"testing"
	"time"

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
		{"ErrAnotherUnitsAction", []model.EntryRow{row("1.1.1", "5", 7), row("1.2.1", "luglio", 8)}, 0, 0, []string{"A8"}, "non è un'azione di questa cartella (struttura «Mediazione»)"},
		{"ErrUnknownCode", []model.EntryRow{row("9.9.9", "5", 7)}, 0, 0, []string{"A7"}, "non è un'azione di questa cartella"},
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

// TestCheckIdentity: the rules of a returned workbook's identity, one row
// per refusal, in the order they are applied.
func TestCheckIdentity(t *testing.T) {
	now := time.Date(2021, 2, 1, 9, 0, 0, 0, time.UTC)
	plan := entryPlan()
	plan.ID, plan.Version, plan.SHA256 = 3, 2, "abc"
	in := model.PlanSummary{ID: 3, Year: 2020, Version: 2}
	id := model.EntryIdentity{PlanID: 3, PlanVersion: 2, PlanSHA: "abc", Year: 2020, Unit: "Mediazione", Period: model.Period{Year: 2020}}
	closed := now.Add(-time.Hour)
	tests := []struct {
		name   string
		id     model.EntryIdentity
		target model.EntryTarget
		code   model.Code
		says   string
	}{
		{"OK", id, model.EntryTarget{PlanID: 3, Unit: "Mediazione", Plan: plan, Current: in}, "", ""},
		{"OKAnyPlanAnyUnit", id, model.EntryTarget{Plan: plan, Current: in}, "", ""},
		{"OtherPlan", id, model.EntryTarget{PlanID: 4, Plan: plan, Current: in}, model.EInvalid, "per un altro piano (id 3, anno 2020), non per il piano 4"},
		{"NoSuchPlan", id, model.EntryTarget{PlanID: 3}, model.EInvalid, "un piano che non c'è"},
		{"OtherFile", model.EntryIdentity{PlanID: 3, PlanSHA: "zzz", Unit: "Mediazione"}, model.EntryTarget{Plan: plan, Current: in}, model.EInvalid, "un piano che non c'è"},
		{"RevisedSince", id, model.EntryTarget{Plan: plan, Current: model.PlanSummary{ID: 5, Version: 3}}, "", ""}, // CheckRevised decides
		{"OtherUnit", id, model.EntryTarget{Unit: "SG", Plan: plan, Current: in}, model.EForbidden, "è della struttura «Mediazione»"},
		{"Closed", id, model.EntryTarget{Plan: plan, Current: in, Period: model.PeriodState{ClosedAt: &closed}, Now: now}, model.EConflict, "è chiusa"},
		{"ClosedAdmin", id, model.EntryTarget{WriteClosed: true, Plan: plan, Current: in, Period: model.PeriodState{ClosedAt: &closed}, Now: now}, "", ""},
		{"NoActions", model.EntryIdentity{PlanID: 3, PlanSHA: "abc", Unit: "Ragioneria"}, model.EntryTarget{Plan: plan, Current: in}, model.EInvalid, "non ha azioni"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := model.CheckIdentity(tt.id, tt.target)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if model.ErrorCode(err) != tt.code || !strings.Contains(model.ErrorMessage(err), tt.says) {
				t.Errorf("got %v (%s), want %s saying %q", err, model.ErrorCode(err), tt.code, tt.says)
			}
		})
	}
}

func TestCheckRevised(t *testing.T) {
	val := func(s string) *model.Value { v := model.ParseText(s); return &v }
	row := func(code string, n int) model.EntryRow {
		return model.EntryRow{Code: code, CodeCell: model.CellRef{Sheet: "Rilevazione", Col: 1, Row: n}}
	}
	old := entryPlan()
	old.Version = 1
	tests := []struct {
		name  string
		edit  func(p *model.Plan)
		cells []string // nil: collected into the revision
		says  string
	}{
		{"OKTargetChanged", func(p *model.Plan) { p.Actions()[0].Target = val("6") }, nil, ""},
		{"OKOtherActionGone", func(p *model.Plan) { p.Perspectives[0].Strategic[0].Operational[1].Actions = nil }, nil, ""},
		{"ErrGone", func(p *model.Plan) {
			o := p.Perspectives[0].Strategic[0].Operational[0]
			o.Actions = o.Actions[1:]
		}, []string{"A7"}, "l'azione 1.1.1 è stata tolta dal piano nella versione 2"},
		{"ErrOtherForm", func(p *model.Plan) { p.Actions()[1].Target = val("28 gg") }, []string{"A8"}, "nella versione 2 l'azione 1.1.2 si misura in un'altra forma: ora si scrive un numero di giorni"},
		{"ErrOtherUnit", func(p *model.Plan) { p.Actions()[0].Units = []string{"SG"} }, []string{"A7"}, "nella versione 2 l'azione 1.1.1 è passata a «SG»"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := entryPlan()
			now.Version = 2
			tt.edit(now)
			err := model.CheckRevised(old, now, "Mediazione", []model.EntryRow{row("1.1.1", 7), row("1.1.2", 8)})
			if tt.cells == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var cells []string
			for _, p := range model.ErrorProblems(err) {
				cells = append(cells, p.Cell)
				if !strings.Contains(p.Message, tt.says) {
					t.Errorf("problem %q, want it to say %q", p.Message, tt.says)
				}
			}
			if model.ErrorCode(err) != model.EConflict || strings.Join(cells, " ") != strings.Join(tt.cells, " ") {
				t.Errorf("got %v at %v, want a conflict at %v", err, cells, tt.cells)
			}
		})
	}
}
