package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/importer/workbook/bombtest"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

func openApp(t *testing.T) *app.App {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &app.App{DB: db}
}

func plan2020(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDeadline: past its deadline an operation stops with a sentence and
// the timeout code, and the file is still kept.
func TestDeadline(t *testing.T) {
	a := openApp(t)
	ctx := context.Background()
	if _, _, err := a.ImportPlan(ctx, "piano.xlsx", plan2020(t), 0, model.Principal{Username: "test", Role: model.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	// a refused workbook, whose correction is asked for past the deadline
	books, err := a.EntryWorkbooks(ctx, 1, "", []string{"Mediazione"})
	if err != nil {
		t.Fatal(err)
	}
	refused, err := a.Collect(ctx, "m.xlsx", setValue(t, books[0].Content, "1.4.1", "abc"), app.CollectOptions{PlanID: 1, Unit: "Mediazione", By: "m"})
	if err == nil || refused == nil || refused.UploadID == 0 {
		t.Fatalf("the wrong value was not refused: %v", err)
	}
	a.Timeout = time.Nanosecond
	tests := []struct {
		name string
		run  func() error
	}{
		{"import", func() error {
			_, _, err := a.ImportPlan(ctx, "bis.xlsx", bombtest.HugeMerge(10), 0, model.Principal{Username: "test", Role: model.RoleAdmin})
			return err
		}},
		{"entry workbooks", func() error { _, err := a.EntryWorkbooks(ctx, 1, "", nil); return err }},
		{"scored workbook", func() error { _, _, err := a.ScoredWorkbook(ctx, 1, "", ""); return err }},
		{"filled plan", func() error { _, _, err := a.FilledPlan(ctx, 1, "", ""); return err }},
		{"correction workbook", func() error {
			_, _, err := a.CorrectionForUpload(ctx, refused.UploadID, model.Principal{Role: model.RoleAdmin, Username: "admin"})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if model.ErrorCode(err) != model.ETimeout || !strings.Contains(model.ErrorMessage(err), "tempo massimo") {
				t.Errorf("err = %v (code %s), want a timeout sentence", err, model.ErrorCode(err))
			}
		})
	}
	ups, err := a.DB.Uploads(ctx, model.UploadPlan)
	if err != nil || len(ups) != 2 || ups[0].Outcome != "rejected" {
		t.Errorf("the file refused at its deadline is not kept: %+v %v", ups, err)
	}
}

// TestParsesWaitForASlot: with every parse slot taken, more uploads wait
// and, past their deadline, are refused with a sentence; the rest go on.
func TestParsesWaitForASlot(t *testing.T) {
	a := openApp(t)
	a.Timeout = 2 * time.Second
	ctx := context.Background()
	data := bombtest.SharedStrings(6_000_000)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = a.ImportPlan(ctx, "bomba.xlsx", data, 0, model.Principal{Username: "test", Role: model.RoleAdmin})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if c := model.ErrorCode(err); c != model.EInvalid && c != model.ETimeout {
			t.Errorf("upload %d: %v (code %s)", i, err, c)
		}
	}
}
