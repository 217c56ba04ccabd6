package app_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// revise is the 2020 plan with cells of «Tessuto economico» changed:
// P12 is 1.4.1's target (170), P13 1.4.2's (50%).
func revise(t *testing.T, plan []byte, cells map[string]any) []byte {
	return edit(t, plan, func(f *excelize.File) error {
		for cell, v := range cells {
			if err := f.SetCellValue("Tessuto economico", cell, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestWorkbookOfEarlierVersion: a unit's workbook made for version 1 and
// returned after version 2 came into force is collected into version 2
// when all its actions carry, its receipt saying what changed for them;
// otherwise it is refused at the code of the action that changed form,
// with the correction workbook and a fresh workbook of version 2, filled
// with the carried values, on offer.
func TestWorkbookOfEarlierVersion(t *testing.T) {
	ctx := context.Background()
	unit := model.Principal{Username: "anna", UserID: 7, Role: model.RoleUnit, Unit: "Mediazione"}
	tests := []struct {
		name    string
		cells   map[string]any
		changes []string // nil: refused
	}{
		{"OKTargetCorrected", map[string]any{"P12": 160}, []string{"1.4.1: target 170 → 160"}},
		{"ErrFormChanged", map[string]any{"P12": 160, "P13": 12}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, db, plan := mustApp(t)
			if _, err := a.Measure(ctx, admin, 1, "", map[string]any{"1.4.1": "140"}, model.SourceAPI); err != nil {
				t.Fatal(err)
			}
			book := filled(t, a, "155") // version 1's, 1.4.1 at H7
			if _, created, err := a.ImportPlan(ctx, admin, "piano-v2.xlsx", revise(t, plan, tt.cells), app.ImportOptions{State: model.StateCollecting}); err != nil || !created {
				t.Fatalf("import v2: %v", err)
			}
			res, err := a.Collect(ctx, unit, 1, "mediazione.xlsx", book)
			if tt.changes != nil {
				if err != nil {
					t.Fatal(err)
				}
				r, err := a.Receipt(ctx, unit, res.UploadID)
				if err != nil {
					t.Fatal(err)
				}
				if res.Plan.ID != 2 || r.PlanVersion != 2 || r.Details.Revised == nil || !reflect.DeepEqual(r.Details.Revised.Changes, tt.changes) {
					t.Errorf("collected into plan %d, receipt of version %d says %+v", res.Plan.ID, r.PlanVersion, r.Details.Revised)
				}
				cur, _ := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(2, model.Period{Year: 2020})))
				if cur["1.4.1"] == nil || cur["1.4.1"].Value.Raw != "155" {
					t.Errorf("version 2 holds %v", cur["1.4.1"])
				}
				return
			}
			problems := model.ErrorProblems(err)
			if model.ErrorCode(err) != model.EConflict || len(problems) != 1 || problems[0].Cell != "A8" {
				t.Fatalf("refusal %v %+v", err, problems)
			}
			r, err := a.Receipt(ctx, unit, res.UploadID)
			if err != nil {
				t.Fatal(err)
			}
			if r.Fresh != "/api/plans/2/units/mediazione/sheet.xlsx?period=2020" {
				t.Errorf("fresh workbook %q", r.Fresh)
			}
			if content, _, err := a.CorrectionForUpload(ctx, unit, res.UploadID); err != nil || len(content) == 0 {
				t.Errorf("correction workbook: %v", err)
			}
			// asked of version 1, the workbook is version 2's, with 140 carried
			fresh, err := a.UnitWorkbook(ctx, unit, 1, "mediazione", "")
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(fresh.Content))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if v, _ := f.GetCellValue(model.EntrySheet, "H7"); v != "140" {
				t.Errorf("the fresh workbook's 1.4.1 reads %q, want the carried 140", v)
			}
			if v, _ := f.GetCellValue(model.EntryIdentitySheet, "B3"); v != "2" {
				t.Errorf("the fresh workbook is of version %q", v)
			}
		})
	}
}

// TestWorkbookOfEarlierVersionLacksActions: a workbook made before a
// revision gave its unit another action is taken, and its receipt names
// the action it lacks and offers the new workbook.
func TestWorkbookOfEarlierVersionLacksActions(t *testing.T) {
	ctx := context.Background()
	a, _, plan := mustApp(t)
	registro := model.Principal{Username: "rita", UserID: 8, Role: model.RoleUnit, Unit: "Registro Imprese"}
	books, err := a.EntryWorkbooks(ctx, admin, 1, "", []string{"Registro Imprese"})
	if err != nil {
		t.Fatal(err)
	}
	// version 2 gives Mediazione's 1.4.1 to Registro Imprese (T12)
	if _, _, err := a.ImportPlan(ctx, admin, "piano-v2.xlsx", revise(t, plan, map[string]any{"T12": "U.O. Registro Imprese"}), app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	res, err := a.Collect(ctx, registro, 1, "registro.xlsx", books[0].Content)
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Receipt(ctx, registro, res.UploadID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Details.Revised == nil || !reflect.DeepEqual(r.Details.Revised.New, []string{"1.4.1"}) || r.Fresh == "" {
		t.Errorf("receipt: %+v, fresh %q", r.Details.Revised, r.Fresh)
	}
}

// TestPeriodThroughOldID: closing and reopening a period through an
// earlier version's id, as a page opened before the revision does, acts
// on the version in force.
func TestPeriodThroughOldID(t *testing.T) {
	ctx := context.Background()
	a, _, plan := mustApp(t)
	if _, _, err := a.ImportPlan(ctx, admin, "piano-v2.xlsx", revise(t, plan, map[string]any{"P12": 160}), app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	year := model.Period{Year: 2020}
	if _, err := a.ClosePeriod(ctx, admin, 1, year); err != nil {
		t.Fatal(err)
	}
	if st, _ := a.PeriodStatus(ctx, admin, 2, year); !st.Closed {
		t.Error("closing through version 1 left version 2 open")
	}
	if _, _, err := a.ReopenPeriod(ctx, admin, 1, year); err != nil {
		t.Fatal(err)
	}
	if st, _ := a.PeriodStatus(ctx, admin, 2, year); st.Closed {
		t.Error("reopening through version 1 left version 2 closed")
	}
}
