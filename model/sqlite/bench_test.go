package sqlite_test

import (
	"context"
	"testing"

	"cruscotto/exporter/planwriter"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// BenchmarkPlan10k loads a stored plan of 10,000 actions the way every
// upload and page does: "cached" from the store's plan cache, "load" from
// the database (a store opened afresh, so its cache is empty).
func BenchmarkPlan10k(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	saved, _, err := db.SavePlan(ctx, planwriter.Synthetic(2020, 10000), model.NewUpload(model.UploadPlan, "plan-10k.xlsx", []byte("plan-10k"), "bench"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := db.Plan(ctx, saved.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			fresh, err := sqlite.Open(db.Path())
			if err != nil {
				b.Fatal(err)
			}
			if _, err := fresh.Plan(ctx, saved.ID); err != nil {
				b.Fatal(err)
			}
			fresh.Close()
		}
	})
}
