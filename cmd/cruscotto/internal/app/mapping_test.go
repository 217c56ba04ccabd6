package app_test

import (
	"context"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/exporter/planwriter"
	"cruscotto/model"
)

func foreign(t *testing.T, year int) []byte {
	t.Helper()
	data, err := planwriter.Foreign(year)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestConfirmedMappingIsReused: a header the importer does not understand
// gets a proposal instead of an error; the admin's confirmed mapping reads
// the plan and is kept; next year's file is read with it by itself.
func TestConfirmedMappingIsReused(t *testing.T) {
	a, _ := openApp(t)
	ctx := context.Background()
	admin := model.Principal{Username: "carla", Role: model.RoleAdmin, UserID: 1} // the mapping is saved under her name
	res, err := a.UploadPlan(ctx, admin, "piano-2023.xlsx", foreign(t, 2023), app.ImportOptions{State: model.StateCollecting})
	if err != nil {
		t.Fatal(err)
	}
	if res.Proposal == nil || res.Proposal.UploadID == 0 || len(res.Proposal.Mapping.Sheets) != 1 || len(res.Proposal.Previews[0].Rows) != 3 {
		t.Fatalf("no proposal: %+v", res)
	}
	m := res.Proposal.Mapping
	planwriter.ChooseForeignFields(m)
	done, err := a.ConfirmMapping(ctx, admin, res.Proposal.UploadID, m, app.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if done.Plan == nil || len(done.Plan.Actions()) != 3 || done.Plan.Year != 2023 || done.MappingName != "piano-2023.xlsx" {
		t.Fatalf("confirmed: %+v", done)
	}
	if a := done.Plan.Actions()[0]; a.Target.Op != model.OpGE || a.Units[0] != "Promozione" {
		t.Errorf("1.1.1 read as %+v", a)
	}
	next, err := a.UploadPlan(ctx, admin, "piano-2024.xlsx", foreign(t, 2024), app.ImportOptions{State: model.StateCollecting})
	if err != nil {
		t.Fatal(err)
	}
	if next.Proposal != nil || next.Plan == nil || next.Plan.Year != 2024 || next.MappingName != "piano-2023.xlsx" {
		t.Fatalf("next year's file: %+v", next)
	}
	// a mapping that misses a required field is refused with its name
	bad := *m
	bad.Sheets = []model.SheetMapping{m.Sheets[0]}
	bad.Sheets[0].Columns = bad.Sheets[0].Columns[:5]
	if _, err := a.ConfirmMapping(ctx, admin, res.Proposal.UploadID, &bad, app.ImportOptions{}); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("incomplete mapping: %v", err)
	}
}
