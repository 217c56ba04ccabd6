package model_test

import (
	"testing"

	"cruscotto/model"
)

func TestUnitView(t *testing.T) {
	plan := entryPlan()
	plan.Warnings = []model.Problem{{Message: "attenzione"}}
	plan.Units = []model.Unit{{Name: "Mediazione"}, {Name: "SG"}}
	tests := []struct {
		unit        string
		actions     []string
		operational int
	}{
		{"Mediazione", []string{"1.1.1", "1.1.2"}, 1},
		{"SG", []string{"1.2.1"}, 1},
		{"Ragioneria", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			view := plan.UnitView(tt.unit)
			var codes []string
			for _, a := range view.Actions() {
				codes = append(codes, a.Code)
			}
			if len(codes) != len(tt.actions) {
				t.Fatalf("actions %v, want %v", codes, tt.actions)
			}
			for i := range codes {
				if codes[i] != tt.actions[i] {
					t.Errorf("actions %v, want %v", codes, tt.actions)
				}
			}
			ops := 0
			for _, ps := range view.Perspectives {
				for _, s := range ps.Strategic {
					ops += len(s.Operational)
				}
			}
			if ops != tt.operational || len(view.Warnings) != 0 {
				t.Errorf("%d operational objectives, %d warnings", ops, len(view.Warnings))
			}
			if len(tt.actions) > 0 && (len(view.Units) != 1 || view.Units[0].Name != tt.unit) {
				t.Errorf("units %+v", view.Units)
			}
		})
	}
	if n := len(plan.Actions()); n != 3 {
		t.Errorf("the plan itself changed: %d actions", n)
	}
}

func TestScorecardForUnit(t *testing.T) {
	plan := entryPlan()
	sc := model.Score(plan, model.Period{Year: 2020}, map[string]*model.Measurement{
		"1.1.1": {Value: model.ParseText("4")}, "1.2.1": {Value: model.ParseText("giugno")}}, model.MethodStep)
	view := sc.ForUnit(plan, "Mediazione")
	if len(view.Actions) != 2 || len(view.Operational) != 0 || len(view.Strategic) != 0 {
		t.Fatalf("%d actions, %d operational, %d strategic", len(view.Actions), len(view.Operational), len(view.Strategic))
	}
	if a := view.Action("1.1.1"); a == nil || a.Attainment == nil || *a.Attainment != 100 {
		t.Errorf("1.1.1: %+v", a)
	}
	if view.Action("1.2.1") != nil || view.OperationalScore("1.1") != nil {
		t.Error("another unit's action or a shared objective in the unit's view")
	}
	if len(sc.Actions) != 3 {
		t.Errorf("the scorecard itself changed: %d actions", len(sc.Actions))
	}
}
