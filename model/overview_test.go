package model_test

import (
	"math"
	"strconv"
	"testing"

	"cruscotto/model"
)

// TestStrategicBand: with a target, an objective that meets it is green
// and one that misses it never is; without one, the band of the score.
func TestStrategicBand(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name          string
		score, target *float64
		band          string
		achieved      *bool
	}{
		{"above its target", f(93.75), f(80), "green", ptr(true)},
		{"on its target", f(80), f(80), "green", ptr(true)},
		{"on its target, rounding noise", f(79.99999999999999), f(80), "green", ptr(true)},
		{"target 100 met", f(100), f(100), "green", ptr(true)},
		{"just under: 99,9% of the way, capped at yellow", f(79.9), f(80), "yellow", ptr(false)},
		{"80% of the way", f(64), f(80), "yellow", ptr(false)},
		{"under 80% of the way", f(63.9), f(80), "orange", ptr(false)},
		{"60% of the way", f(48), f(80), "orange", ptr(false)},
		{"under 60% of the way", f(47), f(80), "red", ptr(false)},
		{"nothing achieved", f(0), f(80), "red", ptr(false)},
		{"target above 100: the best score misses it", f(100), f(120), "yellow", ptr(false)},
		{"target 0: any score meets it", f(0), f(0), "green", ptr(true)},
		{"no target: the band of the score", f(93.75), nil, "yellow", nil},
		{"no target, 100", f(100), nil, "green", nil},
		{"no target, 50", f(50), nil, "red", nil},
		{"not measured, with a target", nil, f(80), "grey", nil},
		{"not measured", nil, nil, "grey", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.StrategicBand(tt.score, tt.target).Name; got != tt.band {
				t.Errorf("StrategicBand = %s, want %s", got, tt.band)
			}
			got := model.Achieved(tt.score, tt.target)
			if (got == nil) != (tt.achieved == nil) || got != nil && *got != *tt.achieved {
				t.Errorf("Achieved = %v, want %v", fmtBool(got), fmtBool(tt.achieved))
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func fmtBool(b *bool) string {
	if b == nil {
		return "nil"
	}
	if *b {
		return "true"
	}
	return "false"
}

// overviewPlan: perspective A with objectives 1 (target 80) and 2 (no
// target), perspective B with objective 3 (target 100), nothing measured.
func overviewPlan() *model.Plan {
	a := func(code string, w float64, units ...string) *model.Action {
		x := act("4", "3", "2", model.HigherIsBetter)
		x.Code, x.Weight, x.Units = code, w, units
		return x
	}
	return &model.Plan{ID: 1, Year: 2020, Perspectives: []*model.Perspective{
		{Name: "A", Strategic: []*model.StrategicObjective{
			{Code: "1", Targets: map[int]float64{2020: 80}, Operational: []*model.OperationalObjective{
				{Code: "1.1", Weight: 100, Actions: []*model.Action{a("1.1.1", 50, "Mediazione"), a("1.1.2", 50, "SG")}}}},
			{Code: "2", Operational: []*model.OperationalObjective{
				{Code: "2.1", Weight: 100, Actions: []*model.Action{a("2.1.1", 100, "SG")}}}},
		}},
		{Name: "B", Strategic: []*model.StrategicObjective{
			{Code: "3", Targets: map[int]float64{2020: 100}, Operational: []*model.OperationalObjective{
				{Code: "3.1", Weight: 100, Actions: []*model.Action{a("3.1.1", 40, "Mediazione"), a("3.1.2", 60, "Mediazione")}}}},
		}},
	}}
}

func TestOverview(t *testing.T) {
	p := overviewPlan()
	m := func(raw string) *model.Measurement { return &model.Measurement{Value: model.ParseText(raw)} }
	measured := map[string]*model.Measurement{
		"1.1.1": m("4"), // 100
		"1.1.2": m("3"), // 80 → 1: 90, achieved against 80
		"2.1.1": m("2"), // 60 → 2: 60
		"3.1.1": m("1"), // 0 → 3: 0 over 40% of its weight, too little to judge
	}
	sc := model.Score(p, model.Period{Year: 2020}, measured, model.MethodStep)
	o := sc.Overview(p)
	if o.Actions != 5 || o.Measured != 4 {
		t.Errorf("actions %d, measured %d", o.Actions, o.Measured)
	}
	wantBands := map[string]int{"green": 1, "yellow": 1, "orange": 1, "red": 1, "grey": 1}
	if len(o.Bands) != len(model.AllBands()) || o.Bands[len(o.Bands)-1].Band.Name != "grey" {
		t.Errorf("bands %+v", o.Bands)
	}
	for _, b := range o.Bands {
		if b.Count != wantBands[b.Band.Name] {
			t.Errorf("%s: %d actions, want %d", b.Band.Name, b.Count, wantBands[b.Band.Name])
		}
	}
	// (100 + 100 + 40) / 3
	if math.Abs(o.Coverage-80) > 1e-9 {
		t.Errorf("coverage %v, want 80", o.Coverage)
	}
	if len(o.Perspectives) != 2 {
		t.Fatalf("perspectives %+v", o.Perspectives)
	}
	a, b := o.Perspectives[0], o.Perspectives[1]
	// A: its score the mean of 90 and 60; its colour the band of the mean
	// progress: 1 met its target (100), 2 has none (its score, 60) → 80
	if a.Score == nil || *a.Score != 75 || a.Band.Name != "yellow" || a.Strategic != 2 || a.Achieved != 1 || a.Missed != 0 {
		t.Errorf("A = %+v", a)
	}
	if b.Score == nil || *b.Score != 0 || b.Achieved != 0 || b.Missed != 0 {
		t.Errorf("B = %+v", b)
	}
	if st := sc.StrategicScoreOf("3"); st.Achieved != nil || st.Band != model.NotMeasured.Name {
		t.Errorf("3 measured over 40%% of its weight: achieved %v, band %s; want no verdict, grey", st.Achieved, st.Band)
	}
	// measured over 60% of its weight, it is judged: missed
	measured["3.1.2"] = m("1")
	if st := model.Score(p, model.Period{Year: 2020}, measured, model.MethodStep).StrategicScoreOf("3"); st.Achieved == nil || *st.Achieved || st.Band != "red" {
		t.Errorf("3 fully measured at 0%%: achieved %v, band %s; want missed, red", st.Achieved, st.Band)
	}
	if st := sc.StrategicScoreOf("1"); st.Band != "green" {
		t.Errorf("1 at 90%% against 80%%: %s, want green", st.Band)
	}

	// a unit's overview: its own actions, weighted, no objectives
	unit := sc.ForUnit(p, "Mediazione")
	uo := unit.Overview(p.UnitView("Mediazione"))
	if uo.Actions != 3 || uo.Measured != 2 || len(uo.Perspectives) != 0 {
		t.Errorf("unit overview %+v", uo)
	}
	// (50 + 40) measured of 50 + 40 + 60
	if math.Abs(uo.Coverage-60) > 1e-9 {
		t.Errorf("unit coverage %v, want 60", uo.Coverage)
	}

	// nothing measured
	empty := model.Score(p, model.Period{Year: 2020}, nil, model.MethodStep).Overview(p)
	if empty.Measured != 0 || empty.Coverage != 0 || empty.Perspectives[0].Score != nil || empty.Perspectives[0].Band.Name != "grey" {
		t.Errorf("empty overview %+v", empty)
	}
}

func TestCompare(t *testing.T) {
	score := func(a *model.Action, raw string) *model.ActionScore {
		v := model.ParseText(raw)
		att := model.Attainment(a, v, model.MethodStep)
		return &model.ActionScore{Measured: &v, Attainment: &att}
	}
	count := act("4", "3", "2", model.HigherIsBetter)
	days := act("28 gg", "29 gg", "30 gg", model.LowerIsBetter)
	yes := act("SI", "", "", model.HigherIsBetter)
	yes.Qualitative = false
	tests := []struct {
		name         string
		a            *model.Action
		prev, cur    string
		arrow, sense string
	}{
		{"count up, attainment up", count, "2", "4", "▲", "better"},
		{"count up, attainment the same", count, "5", "7", "▲", "better"},
		{"count down", count, "4", "3", "▼", "worse"},
		{"same count", count, "3", "3", "=", "same"},
		{"days up: worse", days, "20 gg", "25 gg", "▲", "worse"},
		{"days down to target: better", days, "30 gg", "28 gg", "▼", "better"},
		{"yes/no from NO to SI", yes, "NO", "SI", "▲", "better"},
		{"yes/no stays SI", yes, "SI", "SI", "=", "same"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, ok := model.Compare(tt.a, score(tt.a, tt.prev), score(tt.a, tt.cur))
			if !ok || ch.Arrow != tt.arrow || ch.Sense != tt.sense || ch.Label == "" {
				t.Errorf("Compare = %+v, %v; want %s %s", ch, ok, tt.arrow, tt.sense)
			}
		})
	}
	if _, ok := model.Compare(count, nil, score(count, "4")); ok {
		t.Error("no previous value: compared")
	}
	unmeasured := &model.ActionScore{}
	if _, ok := model.Compare(count, unmeasured, score(count, "4")); ok {
		t.Error("previous not measured: compared")
	}
}

func TestProgress(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name     string
		score    *float64
		target   *float64
		coverage float64
		want     *float64
	}{
		{"Met", f(93.8), f(80), 100, f(100)},
		{"OnTheWay", f(60), f(80), 100, f(75)},
		{"NoTarget", f(60), nil, 10, f(60)},
		{"TooLittleMeasured", f(92), f(80), 5, nil},
		{"NotMeasured", nil, f(80), 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := model.StrategicScore{Score: tt.score, Target: tt.target, Coverage: tt.coverage}.Progress()
			if (got == nil) != (tt.want == nil) || (got != nil && math.Abs(*got-*tt.want) > 1e-9) {
				t.Errorf("Progress = %v, want %v", fmtFloat(got), fmtFloat(tt.want))
			}
		})
	}
}

func fmtFloat(v *float64) string {
	if v == nil {
		return "nil"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
