package model_test

import (
	"slices"
	"testing"

	"cruscotto/model"
)

// treePlan is a small plan: two perspectives, the second without
// objectives, and codes of different depths.
func treePlan() *model.Plan {
	a111 := &model.Action{Code: "1.1.1", Units: []string{"Mediazione"}}
	a112 := &model.Action{Code: "1.1.2", Units: []string{"SG", "Mediazione"}}
	a121 := &model.Action{Code: "1.2.1"}
	return &model.Plan{Perspectives: []*model.Perspective{
		{Name: "Tessuto", Strategic: []*model.StrategicObjective{{Code: "1", Operational: []*model.OperationalObjective{
			{Code: "1.1", Actions: []*model.Action{a111, a112}},
			{Code: "1.2", Actions: []*model.Action{a121}},
		}}}},
		{Name: "Vuota"},
	}}
}

func TestTree(t *testing.T) {
	p := treePlan()
	var got []string
	for n := range p.Tree() {
		got = append(got, n.Code())
		if n.Level >= model.LevelStrategic && n.Perspective == nil || n.Level >= model.LevelOperational && n.Strategic == nil ||
			n.Level == model.LevelAction && n.Operational == nil || n.Level < model.LevelAction && n.Action != nil {
			t.Errorf("node %s at level %d: %+v", n.Code(), n.Level, n)
		}
	}
	if want := []string{"Tessuto", "1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.1", "Vuota"}; !slices.Equal(got, want) {
		t.Errorf("Tree = %v, want %v", got, want)
	}
	for n := range p.Tree() { // stopping early stops the walk
		if n.Level == model.LevelAction {
			break
		}
	}
	var codes []string
	for _, a := range p.Actions() {
		codes = append(codes, a.Code)
	}
	if !slices.Equal(codes, []string{"1.1.1", "1.1.2", "1.2.1"}) {
		t.Errorf("Actions = %v", codes)
	}
	var nilPlan *model.Plan
	if len(nilPlan.Actions()) != 0 || len(nilPlan.ActionsByCode()) != 0 {
		t.Error("a nil plan has actions")
	}
}

func TestPlanLookups(t *testing.T) {
	p := treePlan()
	tests := []struct {
		code        string
		action      bool
		operational string
		objective   model.Level
	}{
		{"1.1.2", true, "1.1", 0},
		{"1.2.1", true, "1.2", 0},
		{"1.1", false, "", model.LevelOperational},
		{"1", false, "", model.LevelStrategic},
		{"9.9.9", false, "", 0},
		{"Tessuto", false, "", 0}, // a perspective is no objective
	}
	for _, tt := range tests {
		if a := p.Action(tt.code); (a != nil) != tt.action || a != nil && a.Code != tt.code {
			t.Errorf("Action(%s) = %+v", tt.code, a)
		}
		op := ""
		if o := p.OperationalOf(tt.code); o != nil {
			op = o.Code
		}
		if op != tt.operational {
			t.Errorf("OperationalOf(%s) = %q, want %q", tt.code, op, tt.operational)
		}
		if n, ok := p.Objective(tt.code); ok != (tt.objective != 0) || n.Level != tt.objective {
			t.Errorf("Objective(%s) = level %d, %v", tt.code, n.Level, ok)
		}
	}
	if len(p.ActionsByCode()) != 3 || p.ActionsByCode()["1.2.1"] != p.Action("1.2.1") {
		t.Error("ActionsByCode does not index every action")
	}
}

func TestOwns(t *testing.T) {
	p := treePlan()
	tests := []struct {
		unit string
		want []string
	}{
		{"Mediazione", []string{"1.1.1", "1.1.2"}},
		{"SG", []string{"1.1.2"}},
		{model.NoUnit, []string{"1.2.1"}},
		{"Ragioneria", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, a := range p.UnitActions(tt.unit) {
			got = append(got, a.Code)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("UnitActions(%s) = %v, want %v", tt.unit, got, tt.want)
		}
		for _, a := range p.Actions() {
			if own := slices.Contains(tt.want, a.Code); p.Owns(tt.unit, a.Code) != own || (p.UnitActionsByCode(tt.unit)[a.Code] != nil) != own {
				t.Errorf("Owns(%s, %s) = %v, want %v", tt.unit, a.Code, !own, own)
			}
		}
	}
	if p.Owns("Mediazione", "9.9.9") {
		t.Error("owns an action the plan lacks")
	}
	var in []string
	for a := range p.Perspectives[0].Strategic[0].Actions() {
		in = append(in, a.Code)
	}
	if !slices.Equal(in, []string{"1.1.1", "1.1.2", "1.2.1"}) {
		t.Errorf("StrategicObjective.Actions = %v", in)
	}
}
