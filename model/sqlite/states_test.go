package sqlite_test

import (
	"context"
	"testing"

	"cruscotto/model"
)

// TestPlanStates: a year's first version starts as a draft (or the state
// it is imported with), a state change holds for every version of the
// year and is recorded with who made it, a later version keeps the
// year's state, and a year opened once stays «opened».
func TestPlanStates(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	p, data := mustPlan(t)
	saved, _, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "carla"))
	if err != nil {
		t.Fatal(err)
	}
	if saved.State != model.StateDraft {
		t.Fatalf("a new plan is %q, want a draft", saved.State)
	}
	if old, err := db.SetPlanState(ctx, 2020, model.StateCollecting, "carla"); err != nil || old != model.StateDraft {
		t.Fatalf("open: was %q, %v", old, err)
	}
	loaded, err := db.Plan(ctx, saved.ID) // cached before the change: the state is read afresh
	if err != nil || loaded.State != model.StateCollecting {
		t.Fatalf("loaded state %q, %v", loaded.State, err)
	}
	v2 := p.Clone()
	v2.State = model.StateDraft // what a version says is not the year's state
	again, created, err := db.SavePlan(ctx, v2, model.NewUpload(model.UploadPlan, "piano-v2.xlsx", append(data, ' '), "carla"))
	if err != nil || !created || again.Version != 2 || again.State != model.StateCollecting {
		t.Fatalf("version 2: created %v version %d state %q, %v", created, again.Version, again.State, err)
	}
	if _, err := db.SetPlanState(ctx, 2020, model.StateArchived, "sg"); err != nil {
		t.Fatal(err)
	}
	plans, err := db.Plans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range plans {
		if s.State != model.StateArchived || !s.Opened {
			t.Errorf("version %d: state %q opened %v", s.Version, s.State, s.Opened)
		}
	}
	log, err := db.PlanStateChanges(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range log {
		got = append(got, string(c.State)+" "+c.By)
	}
	if want := []string{"bozza carla", "raccolta carla", "archiviato sg"}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("state log %v, want %v", got, want)
	}
	if _, err := db.SetPlanState(ctx, 2031, model.StateCollecting, "carla"); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("a year without a plan: %v", err)
	}
}
