package app_test

import (
	"context"
	"slices"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// TestEveryOperationAsksThePolicy: each of the app's operations, called
// by each role, is refused with EForbidden exactly when the model's
// policy says the role may not do it — the app is the door, whatever
// calls it.
func TestEveryOperationAsksThePolicy(t *testing.T) {
	a, _, _ := mustApp(t)
	ctx := context.Background()
	period := model.Period{Year: 2020}
	ops := []struct {
		op  model.Operation
		run func(who model.Principal) error
	}{
		{model.OpImportPlan, func(who model.Principal) error {
			_, err := a.UploadPlan(ctx, who, "vuoto.xlsx", []byte("not a workbook"), app.ImportOptions{State: model.StateCollecting})
			return err
		}},
		{model.OpReadPlan, func(who model.Principal) error { _, err := a.VisiblePlan(ctx, who, 1); return err }},
		{model.OpReadPlan, func(who model.Principal) error { _, err := a.Plans(ctx, who); return err }},
		{model.OpReadPlan, func(who model.Principal) error { _, err := a.DiffPlans(ctx, who, 1, 1); return err }},
		{model.OpReadPlan, func(who model.Principal) error { _, err := a.Changes(ctx, who, 1); return err }},
		{model.OpImportPlan, func(who model.Principal) error {
			_, err := a.PreviewRevision(ctx, who, "vuoto.xlsx", []byte("not a workbook"), app.ImportOptions{State: model.StateCollecting})
			return err
		}},
		{model.OpImportPlan, func(who model.Principal) error { _, err := a.PendingFor(ctx, who, 999, 0); return err }},
		{model.OpImportPlan, func(who model.Principal) error { _, err := a.ConfirmRevision(ctx, who, 999, 0, 1); return err }},
		{model.OpTrack, func(who model.Principal) error { _, err := a.Tracker(ctx, who, 1, app.TrackerQuery{}); return err }},
		{model.OpTrack, func(who model.Principal) error { _, err := a.UploadLog(ctx, who, 1, "mediazione"); return err }},
		{model.OpTrack, func(who model.Principal) error { _, err := a.Home(ctx, who, "Mediazione"); return err }},
		{model.OpReadUpload, func(who model.Principal) error { _, err := a.Receipt(ctx, who, 999); return err }},
		{model.OpResults, func(who model.Principal) error {
			_, _, err := a.TrackerWorkbook(ctx, who, 1, app.TrackerQuery{})
			return err
		}},
		{model.OpReadScores, func(who model.Principal) error { _, _, err := a.Scores(ctx, who, 1, app.ScoreQuery{}); return err }},
		{model.OpReadScores, func(who model.Principal) error { _, err := a.Report(ctx, who, 1, app.ScoreQuery{}); return err }},
		{model.OpReadScores, func(who model.Principal) error { _, err := a.ActionHistory(ctx, who, 1, "1.4.1", ""); return err }},
		{model.OpReadWarnings, func(who model.Principal) error { _, err := a.ImportWarnings(ctx, who, 1); return err }},
		{model.OpEntryWorkbook, func(who model.Principal) error {
			_, err := a.UnitWorkbook(ctx, who, 1, "mediazione", "")
			return err
		}},
		{model.OpSendValues, func(who model.Principal) error {
			_, err := a.Measure(ctx, who, 1, "", map[string]any{"1.4.1": "12"}, model.SourceAPI)
			return err
		}},
		{model.OpSendValues, func(who model.Principal) error {
			_, err := a.Collect(ctx, who, 1, "x.xlsx", []byte("not a workbook"))
			return err
		}},
		{model.OpReadUpload, func(who model.Principal) error { _, _, err := a.CorrectionForUpload(ctx, who, 999); return err }},
		{model.OpResults, func(who model.Principal) error { _, _, err := a.ScoredWorkbook(ctx, who, 1, "", ""); return err }},
		{model.OpResults, func(who model.Principal) error { _, _, err := a.FilledPlan(ctx, who, 1, "", ""); return err }},
		{model.OpReadPeriod, func(who model.Principal) error { _, err := a.PeriodStatus(ctx, who, 1, period); return err }},
		{model.OpSetPeriod, func(who model.Principal) error { _, err := a.SetPeriod(ctx, who, 1, period, false, ""); return err }},
		{model.OpManageUsers, func(who model.Principal) error { _, err := a.Tokens(ctx, who); return err }},
		{model.OpManageUsers, func(who model.Principal) error {
			_, err := a.AddUser(ctx, who, "nuovo", "password-nuovo", model.RoleViewer, "")
			return err
		}},
		{model.OpManageUsers, func(who model.Principal) error { _, err := a.Users(ctx, who); return err }},
		{model.OpManageUsers, func(who model.Principal) error {
			_, err := a.SetRole(ctx, who, "nessuno", model.RoleViewer, "")
			return err
		}},
		{model.OpManageUsers, func(who model.Principal) error {
			_, err := a.ResetPassword(ctx, who, "nessuno", "password-nuova")
			return err
		}},
		{model.OpManageUsers, func(who model.Principal) error { _, err := a.KnownUnits(ctx, who); return err }},
		{model.OpMergeUnits, func(who model.Principal) error { _, err := a.UnitAliases(ctx, who); return err }},
		{model.OpMergeUnits, func(who model.Principal) error { _, err := a.UnitSuggestions(ctx, who); return err }},
		{model.OpMergeUnits, func(who model.Principal) error { _, err := a.MergeUnit(ctx, who, "", ""); return err }},
		{model.OpMergeUnits, func(who model.Principal) error { _, err := a.UnmergeUnit(ctx, who, "nessuna"); return err }},
		{model.OpSetPeriod, func(who model.Principal) error { _, _, err := a.ReopenPeriod(ctx, who, 1, period); return err }},
		{model.OpSetPeriod, func(who model.Principal) error { _, err := a.ClosePeriod(ctx, who, 1, period); return err }},
	}
	roles := []model.Principal{admin, {Username: "sg", Role: model.RoleViewer, UserID: 2}, unitOf("Mediazione")}
	for _, o := range ops {
		for _, who := range roles {
			t.Run(string(o.op)+"/"+string(who.Role), func(t *testing.T) {
				err := o.run(who)
				forbidden := model.ErrorCode(err) == model.EForbidden
				if want := !model.May(who, o.op); forbidden != want {
					t.Errorf("forbidden %v, policy says %v (err %v)", forbidden, want, err)
				}
			})
		}
	}
}

// TestUnitSeesItsOwn: a unit reading the plan, the units and the scores
// gets its own actions only, and cannot ask for another unit's.
func TestUnitSeesItsOwn(t *testing.T) {
	a, _, _ := mustApp(t)
	ctx := context.Background()
	unit := unitOf("Mediazione")
	plan, err := a.VisiblePlan(ctx, unit, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range plan.Actions() {
		if !slices.Contains(act.Units, "Mediazione") {
			t.Errorf("action %s of %v in Mediazione's plan", act.Code, act.Units)
		}
	}
	if len(plan.Actions()) == 0 || len(plan.Warnings) != 0 {
		t.Errorf("%d actions, %d warnings", len(plan.Actions()), len(plan.Warnings))
	}
	tr, err := a.Tracker(ctx, unit, 1, app.TrackerQuery{})
	if err != nil || len(tr.Units) != 1 || tr.Units[0].Name != "Mediazione" || tr.Total != 1 {
		t.Errorf("tracker %+v, %v", tr, err)
	}
	_, sc, err := a.Scores(ctx, unit, 1, app.ScoreQuery{})
	if err != nil || len(sc.Actions) != len(plan.Actions()) || len(sc.Strategic) != 0 {
		t.Errorf("scores: %d actions, %d strategic, %v", len(sc.Actions), len(sc.Strategic), err)
	}
	if _, _, err := a.Scores(ctx, unit, 1, app.ScoreQuery{UnitSlug: "sg"}); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("another unit's scores: %v", err)
	}
	if _, err := a.UnitWorkbook(ctx, unit, 1, "sg", ""); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("another unit's workbook: %v", err)
	}
	if _, err := a.EntryWorkbooks(ctx, unit, 1, "", nil); err != nil {
		t.Errorf("its own workbooks: %v", err)
	}
}
