package sqlite_test

import (
	"context"
	"reflect"
	"testing"

	"cruscotto/model"
)

func TestPlanBlocks(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		p, data := mustPlan(t)
		if len(p.Blocks) != 4 {
			t.Fatalf("the 2020 plan parsed with %d blocks", len(p.Blocks))
		}
		saved, _, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "test"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.PlanBlocks(ctx, saved.ID)
		if err != nil || !reflect.DeepEqual(got, p.Blocks) {
			t.Errorf("stored blocks:\n got %+v, %v\nwant %+v", got, err, p.Blocks)
		}
	})
	t.Run("StoredLater", func(t *testing.T) {
		db := MustOpenDB(t)
		p, data := mustPlan(t)
		blocks := p.Blocks
		p.Blocks = nil // as a version imported before blocks were stored
		saved, _, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "test"))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.PlanBlocks(ctx, saved.ID); err != nil || len(got) != 0 {
			t.Fatalf("blocks of a version without them: %+v, %v", got, err)
		}
		if err := db.SavePlanBlocks(ctx, saved.ID, blocks); err != nil {
			t.Fatal(err)
		}
		// a second reading, stored after the first, changes nothing
		if err := db.SavePlanBlocks(ctx, saved.ID, blocks[:1]); err != nil {
			t.Fatal(err)
		}
		if got, err := db.PlanBlocks(ctx, saved.ID); err != nil || !reflect.DeepEqual(got, blocks) {
			t.Errorf("blocks stored later:\n got %+v, %v\nwant %+v", got, err, blocks)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := MustOpenDB(t)
		p, _ := mustPlan(t)
		if err := db.SavePlanBlocks(ctx, 42, p.Blocks); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("err = %v", err)
		}
	})
}
