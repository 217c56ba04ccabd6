package model_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"cruscotto/model"
)

func TestDiffPlans(t *testing.T) {
	val := func(s string) *model.Value { v := model.ParseText(s); return &v }
	tests := []struct {
		name    string
		edit    func(p *model.Plan)
		changed []string // FieldChange.String()
		added   []string
		removed []string
	}{
		{"Identical", func(p *model.Plan) {}, nil, nil, nil},
		{"Cosmetic", func(p *model.Plan) {
			a := p.Actions()[0]
			a.Title = "  PRATICHE   evase. "
			a.Target = val("4,0")
			a.Units = []string{"mediazione"}
			p.Perspectives[0].Name = "Altro nome"
		}, nil, nil, nil},
		{"Reordered", func(p *model.Plan) {
			ops := p.Perspectives[0].Strategic[0].Operational
			ops[0], ops[1] = ops[1], ops[0]
			acts := ops[1].Actions
			acts[0], acts[1] = acts[1], acts[0]
		}, nil, nil, nil},
		{"Target", func(p *model.Plan) { p.Actions()[0].Target = val("3") }, []string{"1.1.1: target 4 → 3"}, nil, nil},
		{"Threshold in words", func(p *model.Plan) {
			a := p.Actions()[1]
			a.Threshold80, a.Threshold80Text = nil, "qualitativa"
		}, []string{"1.1.2: soglia 80% 40% → qualitativa"}, nil, nil},
		{"Every action field", func(p *model.Plan) {
			a := p.Actions()[2]
			a.Weight, a.KPI, a.Title, a.Units, a.PIRA, a.Direction = 40, "Giorni medi", "Nuovo", []string{"SG", "Mediazione"}, true, model.LowerIsBetter
		}, []string{
			"1.2.1: verso più alto è meglio → più basso è meglio", "1.2.1: peso 100% → 40%", "1.2.1: indicatore «Data» → «Giorni medi»",
			"1.2.1: titolo «Rilascio» → «Nuovo»", "1.2.1: responsabile SG → SG, Mediazione", "1.2.1: PIRA no → sì",
		}, nil, nil},
		{"Objectives", func(p *model.Plan) {
			s := p.Perspectives[0].Strategic[0]
			s.Targets[2021] = 90
			s.Description = "Competitività"
			s.Operational[1].Weight = 30
		}, []string{"1: titolo «Territorio» → «Competitività»", "1: target 2021 80% → 90%", "1.2: peso 100% → 30%"}, nil, nil},
		{"Added and removed", func(p *model.Plan) {
			o := p.Perspectives[0].Strategic[0].Operational[0]
			o.Actions = o.Actions[:1]
			o.Actions = append(o.Actions, &model.Action{Code: "1.1.3", Target: val("1")})
		}, nil, []string{"1.1.3"}, []string{"1.1.2"}},
		{"Objective removed", func(p *model.Plan) {
			s := p.Perspectives[0].Strategic[0]
			s.Operational = s.Operational[:1]
		}, nil, nil, []string{"1.2", "1.2.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, new := diffPlan(), diffPlan()
			tt.edit(new)
			d := model.DiffPlans(old, new)
			var changed []string
			for _, c := range d.Changed {
				changed = append(changed, c.String())
			}
			if !reflect.DeepEqual(changed, tt.changed) || !sameCodes(d.Added, tt.added) || !sameCodes(d.Removed, tt.removed) {
				t.Errorf("changed %q added %v removed %v\nwant    %q added %v removed %v", changed, d.Added, d.Removed, tt.changed, tt.added, tt.removed)
			}
			if d.Empty() != (tt.changed == nil && tt.added == nil && tt.removed == nil) {
				t.Errorf("Empty() = %v", d.Empty())
			}
		})
	}
}

func sameCodes(got, want []string) bool {
	return len(got) == len(want) && (len(got) == 0 || reflect.DeepEqual(got, want))
}

// diffPlan is a small plan of three actions of three forms.
func diffPlan() *model.Plan {
	val := func(s string) *model.Value { v := model.ParseText(s); return &v }
	return &model.Plan{Year: 2020, Perspectives: []*model.Perspective{{Name: "P", Strategic: []*model.StrategicObjective{{Code: "1",
		Description: "Territorio", Targets: map[int]float64{2020: 70, 2021: 80},
		Operational: []*model.OperationalObjective{
			{Code: "1.1", Weight: 100, Actions: []*model.Action{
				{Code: "1.1.1", Title: "Pratiche evase", Weight: 50, Target: val("4"), Units: []string{"Mediazione"}, Direction: model.HigherIsBetter},
				{Code: "1.1.2", Weight: 50, Target: val("50%"), Threshold80: val("40%"), Units: []string{"Mediazione"}, Direction: model.HigherIsBetter}}},
			{Code: "1.2", Weight: 100, Actions: []*model.Action{
				{Code: "1.2.1", Title: "Rilascio", KPI: "Data", Weight: 100, Target: val("luglio"), Units: []string{"SG"}, Direction: model.HigherIsBetter}}}}}}}}}
}

func TestDiffJSON(t *testing.T) {
	d := model.DiffPlans(diffPlan(), diffPlan())
	d.NotCarried = model.UncarriedValues(diffPlan(), diffPlan(), nil)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"changed":[],"added":[],"removed":[],"not_carried":[]}` {
		t.Errorf("empty diff %s", b)
	}
}

func TestUncarriedValues(t *testing.T) {
	val := func(s string) *model.Value { v := model.ParseText(s); return &v }
	old, new := diffPlan(), diffPlan()
	new.Actions()[0].Target = val("28 gg") // count → days: its values stay
	o := new.Perspectives[0].Strategic[0].Operational[1]
	o.Actions = nil                      // 1.2.1 gone
	new.Actions()[1].Target = val("60%") // same form: carries
	june, year := model.Period{Year: 2020, Month: 6}, model.Period{Year: 2020}
	m := func(code string, p model.Period, raw string) model.Measurement {
		return model.Measurement{ActionCode: code, Period: p, Value: model.ParseText(raw)}
	}
	got := model.UncarriedValues(old, new, []model.Measurement{
		m("1.2.1", year, "giugno"), m("1.1.1", year, "5"), m("1.1.2", june, "45%"), m("1.1.1", june, "3"),
	})
	want := []model.UncarriedValue{{Code: "1.1.1", Period: june, Value: "3"}, {Code: "1.1.1", Period: year, Value: "5"}, {Code: "1.2.1", Period: year, Value: "giugno"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestCarries(t *testing.T) {
	val := func(s string) *model.Value { v := model.ParseText(s); return &v }
	tests := []struct {
		name     string
		old, new *model.Action
		want     bool
	}{
		{"SameForm", &model.Action{Code: "1", Target: val("4")}, &model.Action{Code: "1", Target: val("6")}, true},
		{"DaysToMonth", &model.Action{Code: "1", Target: val("28 gg")}, &model.Action{Code: "1", Target: val("luglio")}, false},
		{"PercentToQualitative", &model.Action{Code: "1", Target: val("50%")}, &model.Action{Code: "1", Target: val("50%"), Qualitative: true}, false},
		{"OtherCode", &model.Action{Code: "1", Target: val("4")}, &model.Action{Code: "2", Target: val("4")}, false},
		{"Gone", &model.Action{Code: "1", Target: val("4")}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.Carries(tt.old, tt.new); got != tt.want {
				t.Errorf("Carries = %v", got)
			}
		})
	}
}

func TestSameKPI(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"N. pratiche evase", "n pratiche  evase.", true},
		{"Qualità percepita", "qualita' percepita", true},
		{"Tempo medio (gg)", "Tempo medio in giorni", false},
	}
	for _, tt := range tests {
		if got := model.SameKPI(tt.a, tt.b); got != tt.want {
			t.Errorf("SameKPI(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}
