package sqlite_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cruscotto/importer"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// MustOpenDB opens a fresh database in a temporary folder, with a fixed
// clock, and closes it when the test ends.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2020, 12, 31, 10, 0, 0, 0, time.UTC) }
	tb.Cleanup(func() { db.Close() })
	return db
}

func mustPlan(tb testing.TB) (*model.Plan, []byte) {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		tb.Fatal(err)
	}
	p, err := importer.ParsePlan(context.Background(), data, importer.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return p, data
}

func tree(tb testing.TB, p *model.Plan) string {
	c := *p
	c.ID, c.Version, c.SHA256, c.FileName, c.ImportedAt, c.State = 0, 0, "", "", time.Time{}, "" // the state is the year's, tested on its own
	b, err := json.Marshal(c)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestSavePlan(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db := MustOpenDB(t)
		p, data := mustPlan(t)
		saved, created, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "test"))
		if err != nil {
			t.Fatal(err)
		}
		if !created || saved.ID == 0 || saved.Version != 1 || saved.Year != 2020 || len(saved.SHA256) != 64 {
			t.Errorf("saved = id %d version %d year %d sha %q created %v", saved.ID, saved.Version, saved.Year, saved.SHA256, created)
		}
		loaded, err := db.Plan(ctx, saved.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := tree(t, loaded), tree(t, p); got != want {
			t.Errorf("stored plan differs from the parsed one:\n got %.400s\nwant %.400s", got, want)
		}
		if loaded.SHA256 != saved.SHA256 || loaded.Version != 1 || loaded.FileName != "piano.xlsx" || !loaded.ImportedAt.Equal(saved.ImportedAt) {
			t.Errorf("loaded %+v", loaded)
		}
		content, err := db.FileContent(ctx, saved.SHA256)
		if err != nil || string(content) != string(data) {
			t.Errorf("uploaded bytes not kept: %v", err)
		}
	})
	t.Run("SameBytesAgain", func(t *testing.T) {
		db := MustOpenDB(t)
		p, data := mustPlan(t)
		first, _, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "test"))
		if err != nil {
			t.Fatal(err)
		}
		again, created, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "copia.xlsx", data, "test"))
		if err != nil {
			t.Fatal(err)
		}
		if created || again.ID != first.ID {
			t.Errorf("second import created %v id %d, want the existing plan %d", created, again.ID, first.ID)
		}
		plans, _ := db.Plans(ctx, model.PlanFilter{})
		uploads, _ := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadPlan})
		if len(plans) != 1 || len(uploads) != 2 || uploads[0].Outcome != "duplicate" {
			t.Errorf("plans %d, uploads %+v", len(plans), uploads)
		}
	})
	t.Run("NewVersion", func(t *testing.T) {
		db := MustOpenDB(t)
		p, data := mustPlan(t)
		v1, _, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "test"))
		if err != nil {
			t.Fatal(err)
		}
		p.Perspectives[0].Strategic[0].Description = "Competitività del territorio (rivisto)"
		changed := append(append([]byte{}, data...), ' ') // another file
		v2, created, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano-rev.xlsx", changed, "test"))
		if err != nil {
			t.Fatal(err)
		}
		if !created || v2.Version != 2 || v2.ID == v1.ID {
			t.Errorf("v2 = id %d version %d", v2.ID, v2.Version)
		}
		old, err := db.Plan(ctx, v1.ID)
		if err != nil || old.Perspectives[0].Strategic[0].Description != "Competitività del territorio" {
			t.Errorf("version 1 no longer readable as it was: %v", err)
		}
		plans, _ := db.Plans(ctx, model.PlanFilter{})
		if len(plans) != 2 || !plans[0].Current || plans[0].Version != 2 || plans[1].Current {
			t.Errorf("plans = %+v", plans)
		}
		cur, err := db.Plans(ctx, model.PlanFilter{Year: 2020, InForce: true})
		if err != nil || len(cur) != 1 || cur[0].ID != v2.ID || cur[0].Version != 2 || !cur[0].Current {
			t.Errorf("version in force = %+v, %v", cur, err)
		}
		before, err := db.Plans(ctx, model.PlanFilter{Before: v2.ID})
		if err != nil || len(before) != 1 || before[0].ID != v1.ID || before[0].Current {
			t.Errorf("versions before 2 = %+v, %v", before, err)
		}
		if first, err := db.Plans(ctx, model.PlanFilter{Before: v1.ID}); err != nil || len(first) != 0 {
			t.Errorf("versions before 1 = %+v, %v", first, err)
		}
		if bySHA, err := db.Plans(ctx, model.PlanFilter{SHA: v1.SHA256}); err != nil || len(bySHA) != 1 || bySHA[0].ID != v1.ID {
			t.Errorf("by digest = %+v, %v", bySHA, err)
		}
		if none, err := db.Plans(ctx, model.PlanFilter{Year: 2019}); err != nil || len(none) != 0 {
			t.Errorf("2019 = %+v, %v", none, err)
		}
	})
	t.Run("ChangesStayWithTheCaller", func(t *testing.T) {
		db, saved := mustSavedPlan(t)
		first, err := db.Plan(ctx, saved.ID) // loaded, and now cached
		if err != nil {
			t.Fatal(err)
		}
		want := tree(t, first)
		a := first.Actions()[0]
		*a.Target.Number, a.Units[0] = 999, "Altra unità"
		first.Perspectives[0].Strategic[0].Targets[2020] = 1
		first.Perspectives = first.Perspectives[:1]
		next, err := db.Plan(ctx, saved.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := tree(t, next); got != want {
			t.Errorf("a caller's change to its plan reached the next caller:\n got %.400s\nwant %.400s", got, want)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		db := MustOpenDB(t)
		if _, err := db.Plan(ctx, 42); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("NothingStoredOnFailure", func(t *testing.T) {
		db := MustOpenDB(t)
		p, data := mustPlan(t)
		p.Actions()[10].Units = []string{"Unità che non esiste"} // breaks a foreign key half-way
		if _, _, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "test")); err == nil {
			t.Fatal("saved a broken plan")
		}
		plans, _ := db.Plans(ctx, model.PlanFilter{})
		uploads, _ := db.Uploads(ctx, model.UploadFilter{})
		if len(plans) != 0 || len(uploads) != 0 {
			t.Errorf("partial write: %d plans, %d uploads", len(plans), len(uploads))
		}
	})
}

func TestRecordUpload(t *testing.T) {
	db := MustOpenDB(t)
	u := model.NewUpload(model.UploadPlan, "vecchio.xls", []byte("not a workbook"), "cli")
	u.Outcome, u.Message = "rejected", "formato .xls"
	if _, err := db.RecordUpload(context.Background(), u, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.Uploads(context.Background(), model.UploadFilter{})
	if err != nil || len(got) != 1 || got[0].Outcome != "rejected" || got[0].Size != 14 {
		t.Errorf("uploads = %+v, %v", got, err)
	}
}

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for i := 0; i < 2; i++ { // the second open must find nothing to do
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.SchemaVersion(context.Background())
		if err != nil || v < 1 {
			t.Errorf("schema version %d, %v", v, err)
		}
		db.Close()
	}
}
