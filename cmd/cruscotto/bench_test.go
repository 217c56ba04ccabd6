package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/exporter/planwriter"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// BenchmarkImport10k measures the whole import of a 10,000-action plan as
// a user runs it: parse, validate and store (with the uploaded bytes) in a
// new database.
func BenchmarkImport10k(b *testing.B) {
	var buf bytes.Buffer
	if err := planwriter.Write(&buf, planwriter.Synthetic(2020, 10000), planwriter.Layout{Merge: true, Numbers: true}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	dir := b.TempDir()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		db, err := sqlite.Open(filepath.Join(dir, strconv.Itoa(i)+".db"))
		if err != nil {
			b.Fatal(err)
		}
		a := app.New(db)
		if _, _, err := a.ImportPlan(context.Background(), cliPrincipal(), "plan-10k.xlsx", data, app.ImportOptions{State: model.StateCollecting}); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
