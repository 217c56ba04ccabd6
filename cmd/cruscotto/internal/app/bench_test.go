package app_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	cmail "cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/cmd/cruscotto/internal/mail/mailtest"
	"cruscotto/exporter/entry"
	"cruscotto/exporter/planwriter"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// bigApp stores a generated plan of 10,000 actions and about 60 units.
func bigApp(b *testing.B) *app.App {
	b.Helper()
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var buf bytes.Buffer
	if err := planwriter.Write(&buf, planwriter.Synthetic(2020, 10000), planwriter.Layout{Merge: true, Numbers: true}); err != nil {
		b.Fatal(err)
	}
	a := app.New(db)
	if _, _, err := a.ImportPlan(context.Background(), admin, "plan-10k.xlsx", buf.Bytes(), app.ImportOptions{State: model.StateCollecting}); err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkEntryWorkbooks10k generates the data-entry workbook of every
// unit of a 10,000-action plan.
func BenchmarkEntryWorkbooks10k(b *testing.B) {
	a := bigApp(b)
	b.ReportAllocs()
	for b.Loop() {
		books, err := a.EntryWorkbooks(context.Background(), admin, 1, "", nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(books) != 60 {
			b.Fatalf("%d workbooks", len(books))
		}
	}
}

// BenchmarkCollect collects one unit's filled workbook (about 170 values),
// alternating two fillings so that every collection stores its values.
func BenchmarkCollect(b *testing.B) {
	a := bigApp(b)
	books, err := a.EntryWorkbooks(context.Background(), admin, 1, "", []string{"Unità 01"})
	if err != nil {
		b.Fatal(err)
	}
	var filled [2][]byte
	for i := range filled {
		f, err := excelize.OpenReader(bytes.NewReader(books[0].Content))
		if err != nil {
			b.Fatal(err)
		}
		rows, _ := f.GetRows(entry.SheetEntry)
		for r := entry.FirstRow; r <= len(rows); r++ {
			target, _ := f.GetCellValue(entry.SheetEntry, fmt.Sprintf("E%d", r))
			value := any(30 + i)
			switch {
			case target == "luglio":
				value = []string{"giugno", "agosto"}[i]
			case target == "75%":
				value = 0.7 + float64(i)/100
			}
			f.SetCellValue(entry.SheetEntry, fmt.Sprintf("H%d", r), value)
		}
		var buf bytes.Buffer
		f.Write(&buf)
		filled[i] = buf.Bytes()
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		res, err := a.Collect(context.Background(), admin, 1, "filled.xlsx", filled[i%2])
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Stored) < 150 {
			b.Fatalf("stored %d", len(res.Stored))
		}
		i++
	}
}

// BenchmarkFilledPlan10k writes the results of a 10,000-action plan into
// the workbook it was imported from, as the filled-plan download does.
func BenchmarkFilledPlan10k(b *testing.B) {
	a := bigApp(b)
	b.ReportAllocs()
	for b.Loop() {
		content, _, err := a.FilledPlan(context.Background(), admin, 1, "", "")
		if err != nil {
			b.Fatal(err)
		}
		if len(content) == 0 {
			b.Fatal("empty workbook")
		}
	}
}

// BenchmarkImportRevision10k imports a 10,000-action plan file: "plain"
// as its year's first version, "revision" as the next version of a plan
// whose 10,000 actions each hold a value, which it carries in the same
// transaction. The file is version 1 with one target corrected.
func BenchmarkImportRevision10k(b *testing.B) {
	ctx := context.Background()
	write := func(p *model.Plan) []byte {
		var buf bytes.Buffer
		if err := planwriter.Write(&buf, p, planwriter.Layout{Merge: true, Numbers: true}); err != nil {
			b.Fatal(err)
		}
		return buf.Bytes()
	}
	plan := planwriter.Synthetic(2020, 10000)
	v1 := write(plan)
	for _, act := range plan.Actions() {
		if act.Target.Kind == model.KindNumber && act.Target.Op == "" && act.Target.Numeric() {
			corrected := model.ParseText(model.FormatNumber(*act.Target.Number + 1))
			act.Target = &corrected
			break
		}
	}
	v2 := write(plan)
	// one value each action takes
	values := map[string]any{}
	for _, act := range planwriter.Synthetic(2020, 10000).Actions() {
		for _, v := range []string{"1", "50%", act.Target.RawOr("")} {
			if _, err := model.ParseMeasured(act, v); err == nil {
				values[act.Code] = v
				break
			}
		}
	}
	fresh := func(b *testing.B) *app.App {
		db, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		return app.New(db)
	}
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			a := fresh(b)
			b.StartTimer()
			if _, _, err := a.ImportPlan(ctx, admin, "plan-10k-v2.xlsx", v2, app.ImportOptions{State: model.StateCollecting}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("revision", func(b *testing.B) {
		carried := 0
		for b.Loop() {
			b.StopTimer()
			a := fresh(b)
			if _, _, err := a.ImportPlan(ctx, admin, "plan-10k.xlsx", v1, app.ImportOptions{State: model.StateCollecting}); err != nil {
				b.Fatal(err)
			}
			if _, err := a.Measure(ctx, admin, 1, "", values, model.SourceAPI); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, _, err := a.ImportPlan(ctx, admin, "plan-10k-v2.xlsx", v2, app.ImportOptions{State: model.StateCollecting}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			changes, err := a.Changes(ctx, admin, 2)
			if err != nil {
				b.Fatal(err)
			}
			carried = changes.Carried
			b.StartTimer()
		}
		b.ReportMetric(float64(carried), "values-carried")
	})
}

// BenchmarkRemind10k reminds every unit of a 10,000-action plan (about
// 60, each with a user and a shared mailbox) and delivers the messages to
// a real SMTP server in the process; it reports the units, the messages
// and the largest message's size.
func BenchmarkRemind10k(b *testing.B) {
	srv := mailtest.Start(b)
	cfg := cmail.Config{Addr: srv.Addr, From: "cruscotto@cciaa.it", TLS: cmail.NoTLS}
	if err := cfg.Check(); err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var buf bytes.Buffer
	if err := planwriter.Write(&buf, planwriter.Synthetic(2020, 10000), planwriter.Layout{Merge: true, Numbers: true}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	a := app.New(db, app.Options{Mail: cfg})
	plan, _, err := a.ImportPlan(ctx, admin, "plan-10k.xlsx", buf.Bytes(), app.ImportOptions{State: model.StateCollecting})
	if err != nil {
		b.Fatal(err)
	}
	for i, unit := range plan.EntryUnits() {
		if unit == model.NoUnit {
			continue
		}
		name := fmt.Sprintf("utente%d", i)
		if _, err := db.AddUser(ctx, name, "password-lunga-1", model.RoleUnit, unit); err != nil {
			b.Fatal(err)
		}
		if _, err := db.SetUserEmail(ctx, name, name+"@cciaa.it"); err != nil {
			b.Fatal(err)
		}
		if err := db.SetUnitMailbox(ctx, unit, fmt.Sprintf("struttura%d@cciaa.it", i)); err != nil {
			b.Fatal(err)
		}
	}
	var units, messages, largest int
	for b.Loop() {
		res, err := a.Remind(ctx, admin, app.RemindOptions{PlanID: plan.ID, Force: true})
		if err != nil {
			b.Fatal(err)
		}
		d, err := a.Deliver(ctx)
		if err != nil || d.Queued != 0 {
			b.Fatalf("delivery %+v, %v", d, err)
		}
		units, messages = 0, res.Queued
		for _, u := range res.Units {
			if u.Skipped == "" {
				units++
			}
			largest = max(largest, u.Size)
		}
	}
	b.ReportMetric(float64(units), "units")
	b.ReportMetric(float64(messages), "messages")
	b.ReportMetric(float64(largest)/1024, "largest-KB")
}
