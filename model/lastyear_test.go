package model_test

import (
	"strings"
	"testing"

	"cruscotto/model"
)

// yearPlan is a one-objective plan of year whose actions are code → KPI,
// each with a target of 4 and thresholds 3 and 2.
func yearPlan(year int, kpis ...[2]string) *model.Plan {
	o := &model.OperationalObjective{Code: "1.1", Weight: 100}
	for i, ck := range kpis {
		a := act("4", "3", "2", model.HigherIsBetter)
		a.Code, a.KPI, a.Weight = ck[0], ck[1], 100/float64(len(kpis))
		a.Cell = model.CellRef{Sheet: "Tessuto economico", Col: 12, Row: 7 + i}
		o.Actions = append(o.Actions, a)
	}
	return &model.Plan{Year: year, Perspectives: []*model.Perspective{{Name: "P", Strategic: []*model.StrategicObjective{
		{Code: "1", Operational: []*model.OperationalObjective{o}}}}}}
}

func TestPreviousYears(t *testing.T) {
	prev := yearPlan(2020,
		[2]string{"1.1.1", "N. pratiche evase"},
		[2]string{"1.1.2", "Tempo medio di risposta"},
		[2]string{"1.1.3", "Numero eventi"},
		[2]string{"1.1.4", "Questionari raccolti"})
	values := map[string]string{"1.1.1": "5", "1.1.2": "3,5", "1.1.3": "1"} // 1.1.4 not measured
	measured := map[string]*model.Measurement{}
	for code, v := range values {
		measured[code] = &model.Measurement{ActionCode: code, Value: model.ParseText(v)}
	}
	plan := yearPlan(2021,
		[2]string{"1.1.1", "n pratiche  evase."},      // the same KPI written otherwise
		[2]string{"1.1.2", "Tempo medio di risposta"}, // the same
		[2]string{"1.1.3", "Numero di partecipanti"},  // another KPI
		[2]string{"1.1.4", "Questionari raccolti"},    // not measured in 2020
		[2]string{"1.1.5", "Nuovo indicatore"})        // new
	type want struct {
		value      string
		attainment float64
	}
	tests := []struct {
		name   string
		plan   *model.Plan
		prev   *model.Plan
		method model.Method
		want   map[string]want
		warned []string // the codes KPIChanges warns about
	}{
		{"Step", plan, prev, model.MethodStep, map[string]want{"1.1.1": {"5", 100}, "1.1.2": {"3,5", 80}}, []string{"1.1.3"}},
		{"Linear", plan, prev, model.MethodLinear, map[string]want{"1.1.1": {"5", 100}, "1.1.2": {"3,5", 90}}, []string{"1.1.3"}},
		{"NoPreviousPlan", plan, nil, model.MethodStep, map[string]want{}, nil},
		{"NothingInCommon", yearPlan(2021, [2]string{"2.1.1", "Numero eventi"}), prev, model.MethodStep, map[string]want{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sc *model.Scorecard
			if tt.prev != nil {
				sc = model.Score(tt.prev, model.Period{Year: tt.prev.Year}, measured, tt.method)
			}
			got := model.PreviousYears(tt.plan, tt.prev, sc)
			if len(got) != len(tt.want) {
				t.Errorf("figures for %d actions, want %d: %+v", len(got), len(tt.want), got)
			}
			for code, w := range tt.want {
				g, ok := got[code]
				if !ok || g.Year != 2020 || g.Value.Raw != w.value || g.Attainment != w.attainment {
					t.Errorf("%s: %+v (found %v), want 2020 %s %v", code, g, ok, w.value, w.attainment)
				}
			}
			var warned []string
			for _, p := range model.KPIChanges(tt.plan, tt.prev) {
				warned = append(warned, strings.SplitN(p.Message, ":", 2)[0])
				if p.Severity != model.SeverityWarning || p.Sheet != "Tessuto economico" || p.Cell != "L9" ||
					!strings.HasPrefix(p.Message, "1.1.3: indicatore cambiato, nessun confronto con il 2020") || !strings.Contains(p.Message, "«Numero eventi»") {
					t.Errorf("warning %+v", p)
				}
			}
			if strings.Join(warned, ",") != strings.Join(tt.warned, ",") {
				t.Errorf("warned about %v, want %v", warned, tt.warned)
			}
		})
	}
}

// TestWithPreviousYear: the figures ride on a copy of the scorecard, as
// far as a unit's view of it.
func TestWithPreviousYear(t *testing.T) {
	plan := entryPlan()
	sc := model.Score(plan, model.Period{Year: 2021}, nil, model.MethodStep)
	v := model.ParseText("5")
	with := sc.WithPreviousYear(map[string]model.PreviousYear{"1.1.1": {Year: 2020, Value: v, Attainment: 100}, "1.2.1": {Year: 2020, Value: v}})
	if sc.Action("1.1.1").PreviousYear != nil {
		t.Error("the scorecard itself was changed")
	}
	if p := with.Action("1.1.1").PreviousYear; p == nil || p.Year != 2020 || p.Attainment != 100 {
		t.Errorf("1.1.1: %+v", p)
	}
	if p := with.Action("1.1.2").PreviousYear; p != nil {
		t.Errorf("1.1.2: %+v, want none", p)
	}
	unit := with.ForUnit(plan, "Mediazione")
	if unit.Action("1.1.1").PreviousYear == nil || unit.Action("1.2.1") != nil {
		t.Errorf("the unit's view: %+v", unit.Actions)
	}
}
