package app_test

import (
	"context"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// TestReport: the report carries the latest earlier measured period and
// the periods holding values, narrowed to a unit like the scores.
func TestReport(t *testing.T) {
	a, _, _ := mustApp(t)
	ctx := context.Background()
	for _, m := range []struct {
		period string
		values map[string]any
	}{
		{"2020-03", map[string]any{"1.4.1": "40"}},
		{"2020-06", map[string]any{"1.4.1": "90", "1.1.1": "2"}},
		{"2020", map[string]any{"1.4.1": "170", "1.1.1": "5"}},
	} {
		if _, err := a.Measure(ctx, admin, 1, m.period, m.values, model.SourceAPI); err != nil {
			t.Fatal(err)
		}
	}
	r, err := a.Report(ctx, admin, 1, app.ScoreQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Measured) != 3 || r.Measured[0].String() != "2020-03" || r.Measured[2].String() != "2020" {
		t.Errorf("measured periods %v", r.Measured)
	}
	if r.Previous == nil || r.Previous.Period.String() != "2020-06" || r.Previous.Action("1.4.1").Measured.Raw != "90" {
		t.Fatalf("previous %+v", r.Previous)
	}
	if len(r.Score.Strategic) == 0 || len(r.Previous.Strategic) == 0 {
		t.Error("the whole plan's report has no objectives")
	}
	// June's previous is March; March has none
	if r, err := a.Report(ctx, admin, 1, app.ScoreQuery{Period: "2020-06"}); err != nil || r.Previous == nil || r.Previous.Period.String() != "2020-03" {
		t.Errorf("June's previous: %+v, %v", r, err)
	}
	if r, err := a.Report(ctx, admin, 1, app.ScoreQuery{Period: "2020-03"}); err != nil || r.Previous != nil {
		t.Errorf("March's previous: %+v, %v", r, err)
	}
	// a unit: its own actions now and before, no objectives
	u, err := a.Report(ctx, unitOf("Mediazione"), 1, app.ScoreQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Score.Strategic) != 0 || len(u.Previous.Strategic) != 0 || u.Previous.Action("1.1.1") != nil || u.Previous.Action("1.4.1") == nil {
		t.Errorf("unit's report: %d strategic now, %d before, 1.1.1 before %+v", len(u.Score.Strategic), len(u.Previous.Strategic), u.Previous.Action("1.1.1"))
	}
	if len(u.Plan.Actions()) != len(u.Score.Actions) {
		t.Errorf("unit's plan has %d actions, its scores %d", len(u.Plan.Actions()), len(u.Score.Actions))
	}
	if _, err := a.Report(ctx, unitOf("Mediazione"), 1, app.ScoreQuery{UnitSlug: "sg"}); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("another unit's report: %v", err)
	}
}

// TestActionHistory: every value of an action, who sent it and what it
// replaced; a unit reads only its own actions' history.
func TestActionHistory(t *testing.T) {
	a, _, _ := mustApp(t)
	ctx := context.Background()
	med := unitOf("Mediazione")
	if _, err := a.Measure(ctx, med, 1, "2020-06", map[string]any{"1.4.1": "90"}, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Measure(ctx, med, 1, "", map[string]any{"1.4.1": "150"}, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Measure(ctx, admin, 1, "", map[string]any{"1.4.1": "170"}, model.SourceCLI); err != nil {
		t.Fatal(err)
	}
	h, err := a.ActionHistory(ctx, med, 1, "1.4.1", "")
	if err != nil {
		t.Fatal(err)
	}
	if h.Action.Code != "1.4.1" || h.Operational.Code != "1.4" || h.Strategic.Code != "1" || h.Perspective == "" {
		t.Errorf("where: %s %s %s %q", h.Action.Code, h.Operational.Code, h.Strategic.Code, h.Perspective)
	}
	if len(h.Entries) != 3 {
		t.Fatalf("%d entries, want 3", len(h.Entries))
	}
	june, first, fix := h.Entries[0], h.Entries[1], h.Entries[2]
	if june.Period.String() != "2020-06" || june.Previous != nil {
		t.Errorf("June: %+v", june)
	}
	if first.Value.Raw != "150" || first.By != med.Username || first.Source != model.SourceAPI || first.Previous != nil {
		t.Errorf("first year-end value: %+v", first)
	}
	if fix.Value.Raw != "170" || fix.By != admin.Username || fix.Source != model.SourceCLI || fix.Previous == nil || fix.Previous.Raw != "150" {
		t.Errorf("the correction: %+v (previous %+v)", fix, fix.Previous)
	}
	if fix.Attainment != 100 || first.Attainment != 80 { // target 170, 80% threshold 150
		t.Errorf("attainments %v, %v", first.Attainment, fix.Attainment)
	}
	if len(h.Plan.Actions()) != len(h.Plan.UnitActions("Mediazione")) {
		t.Error("a unit gets the whole plan with the history")
	}
	for _, c := range []struct {
		name string
		who  model.Principal
		code string
		want model.Code
	}{
		{"another unit's action", med, "1.1.1", model.ENotFound},
		{"not its action, SG", unitOf("SG"), "1.4.1", model.ENotFound},
		{"an action of no unit", med, "9.1.3", model.ENotFound},
		{"the viewer", model.Principal{Username: "sg", Role: model.RoleViewer}, "1.1.1", ""},
		{"the admin, an action of no unit", admin, "9.1.3", ""},
		{"no such action", admin, "99.9.9", model.ENotFound},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := a.ActionHistory(ctx, c.who, 1, c.code, ""); model.ErrorCode(err) != c.want && (c.want != "" || err != nil) {
				t.Errorf("err %v, want %q", err, c.want)
			}
		})
	}
}
