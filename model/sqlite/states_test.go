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
	plans, err := db.Plans(ctx, model.PlanFilter{})
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

// TestDeletePlanYear: a plan never opened is deleted, every version and
// the values entered on it, its uploads kept; the year can be imported
// again, as a draft. A plan once opened cannot be deleted.
func TestDeletePlanYear(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	p, data := mustPlan(t)
	if _, _, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "carla")); err != nil {
		t.Fatal(err)
	}
	v2, _, err := db.SavePlan(ctx, p.Clone(), model.NewUpload(model.UploadPlan, "piano-v2.xlsx", append(data, ' '), "carla"))
	if err != nil {
		t.Fatal(err)
	}
	// a value the Controller entered on the draft goes with it
	if _, err := db.SaveMeasurements(ctx, withValues(model.Submission{PlanID: v2.ID, Period: model.Period{Year: 2020}, Source: model.SourceAPI, By: "carla", WriteClosed: true}, []model.MeasurementInput{{ActionCode: "1.4.1", Value: model.ParseText("150")}})); err != nil {
		t.Fatal(err)
	}
	n, err := db.DeletePlanYear(ctx, 2020, "carla")
	if err != nil || n != 2 {
		t.Fatalf("deleted %d versions, %v", n, err)
	}
	if plans, _ := db.Plans(ctx, model.PlanFilter{}); len(plans) != 0 {
		t.Errorf("%d plans left", len(plans))
	}
	if _, err := db.Plan(ctx, 1); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("the deleted plan loads: %v", err)
	}
	if uploads, err := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadPlan}); err != nil || len(uploads) != 2 {
		t.Errorf("%d plan uploads kept, %v", len(uploads), err)
	}
	again, created, err := db.SavePlan(ctx, p.Clone(), model.NewUpload(model.UploadPlan, "piano-v3.xlsx", append(data, ' ', ' '), "carla"))
	if err != nil || !created || again.Version != 1 || again.State != model.StateDraft {
		t.Fatalf("imported again: created %v version %d state %q, %v", created, again.Version, again.State, err)
	}
	if _, err := db.SetPlanState(ctx, 2020, model.StateCollecting, "carla"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPlanState(ctx, 2020, model.StateDraft, "carla"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeletePlanYear(ctx, 2020, "carla"); model.ErrorCode(err) != model.EConflict {
		t.Errorf("a plan once opened deleted: %v", err)
	}
	log, _ := db.PlanStateChanges(ctx, 2020)
	if len(log) < 2 || log[1].State != "eliminato" {
		t.Errorf("the deletion is not in the record: %v", log)
	}
}
