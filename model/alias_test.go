package model_test

import (
	"reflect"
	"testing"

	"cruscotto/model"
)

func aliasPlan() *model.Plan {
	act := func(code string, units ...string) *model.Action { return &model.Action{Code: code, Units: units} }
	p := &model.Plan{Year: 2020, Perspectives: []*model.Perspective{{Name: "P", Strategic: []*model.StrategicObjective{{Code: "1",
		Operational: []*model.OperationalObjective{{Code: "1.1", Actions: []*model.Action{
			act("1.1.1", "Progetti incentivazione e sostegno"),
			act("1.1.2", "Progetti di incentivazione e sostegno", "SG"),
			act("1.1.3", "Progetti di incentivazione e sostegno", "Progetti incentivazione e sostegno"),
			act("1.1.4", "Mediazione"),
			act("1.1.5"),
			act("1.1.6", "Progetti di incentivazione e sostegno"),
		}}}}}}},
		Warnings: []model.Problem{{Sheet: "Tessuto economico", Cell: "T25", Message: `la struttura "Progetti di incentivazione e sostegno" somiglia a "Progetti incentivazione e sostegno" scritta in Tessuto economico!T6: …`}},
	}
	p.SummariseUnits()
	return p
}

func TestMergeUnits(t *testing.T) {
	p := aliasPlan()
	aliases := model.AliasesOf([]model.UnitAlias{{Name: "progetti INCENTIVAZIONE e sostegno", Target: "Progetti di incentivazione e sostegno"}})
	p.MergeUnits(aliases)
	want := []model.Unit{{Name: "Progetti di incentivazione e sostegno", Actions: 4}, {Name: "SG", Actions: 1}, {Name: "Mediazione", Actions: 1}}
	if !reflect.DeepEqual(p.Units, want) {
		t.Errorf("units %+v, want %+v", p.Units, want)
	}
	if got := p.Actions()[2].Units; !reflect.DeepEqual(got, []string{"Progetti di incentivazione e sostegno"}) {
		t.Errorf("an action of both names: %v", got)
	}
	if got := len(p.UnitActions("Progetti di incentivazione e sostegno")); got != 4 {
		t.Errorf("the merged unit has %d actions, want 4", got)
	}
	if got := p.Actions()[4].Units; got == nil || len(got) != 0 {
		t.Errorf("an action without units: %#v", got)
	}
	if model.SuggestMerges(p) != nil {
		t.Error("merged units are still suggested")
	}
}

func TestCheckUnitAlias(t *testing.T) {
	aliases := model.AliasesOf([]model.UnitAlias{{Name: "Mediazione e arbitrato", Target: "Mediazione"}})
	for _, tc := range []struct {
		name, from, to string
		ok             bool
	}{
		{"OK", "Progetti incentivazione e sostegno", "Progetti di incentivazione e sostegno", true},
		{"Empty", "", "SG", false},
		{"Same", "SG", " sg ", false},
		{"NoUnit", model.NoUnit, "SG", false},
		{"Chain", "Arbitrato", "Mediazione e arbitrato", false},
		{"IntoTargetOfOthers", "Arbitrato", "Mediazione", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := model.CheckUnitAlias(tc.from, tc.to, aliases)
			if (err == nil) != tc.ok || (err != nil && model.ErrorCode(err) != model.EInvalid) {
				t.Errorf("CheckUnitAlias(%q, %q) = %v", tc.from, tc.to, err)
			}
		})
	}
}

func TestSuggestMerges(t *testing.T) {
	got := model.SuggestMerges(aliasPlan())
	if len(got) != 1 {
		t.Fatalf("%d suggestions: %+v", len(got), got)
	}
	s := got[0]
	if s.A.Name != "Progetti di incentivazione e sostegno" || s.A.Actions != 3 || s.B.Name != "Progetti incentivazione e sostegno" || s.B.Actions != 2 || len(s.Warnings) != 1 {
		t.Errorf("suggestion %+v", s)
	}
}
