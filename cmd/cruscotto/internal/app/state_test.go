package app_test

import (
	"context"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// TestRevisionKeepsState: a new version keeps its year's state whatever
// state the import names (the page's form names «bozza» by default), and
// a unit sees the plan in collection again once it is reopened.
func TestRevisionKeepsState(t *testing.T) {
	ctx := context.Background()
	a, _ := openApp(t)
	plan := plan2020(t)
	if _, _, err := a.ImportPlan(ctx, admin, "piano.xlsx", plan, app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	v2, created, err := a.ImportPlan(ctx, admin, "piano-v2.xlsx", revise(t, plan, map[string]any{"P12": 160}), app.ImportOptions{State: model.StateDraft})
	if err != nil || !created || v2.State != model.StateCollecting {
		t.Fatalf("version 2: created %v, state %q, %v", created, v2.State, err)
	}
	unit := model.Principal{Username: "m", Role: model.RoleUnit, Unit: "Mediazione"}
	if _, err := a.VisiblePlan(ctx, unit, v2.ID); err != nil {
		t.Errorf("the unit does not see version 2: %v", err)
	}
	if _, err := a.SetPlanState(ctx, admin, v2.ID, model.StateArchived, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.VisiblePlan(ctx, unit, v2.ID); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("the unit sees an archived plan: %v", err)
	}
	if _, err := a.SetPlanState(ctx, admin, v2.ID, model.StateDraft, map[string]string{"2020": "2021-01-31"}); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("closing dates given with a draft: %v", err)
	}
	if _, err := a.SetPlanState(ctx, admin, v2.ID, model.StateCollecting, map[string]string{"2020-06": "31/07/2020"}); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("a closing date not AAAA-MM-GG: %v", err)
	}
	if got, _ := a.VisiblePlan(ctx, admin, v2.ID); got.State != model.StateArchived {
		t.Errorf("a refused change moved the plan to %q", got.State)
	}
}
