package app_test

import (
	"context"
	"fmt"
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

// openApp returns an app over a new database, and the database, which
// the tests read directly.
func openApp(t *testing.T, opts ...app.Options) (*app.App, *sqlite.DB) {
	t.Helper()
	return openAppAt(t, filepath.Join(t.TempDir(), "a.db"), opts...)
}

// openAppAt is openApp over a new database at path.
func openAppAt(t *testing.T, path string, opts ...app.Options) (*app.App, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return app.New(db, opts...), db
}

// unitOf is a token of a unit.
func unitOf(unit string) model.Principal {
	return model.Principal{Username: unit, Role: model.RoleUnit, Unit: unit, TokenID: 7}
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
	a, db := openApp(t)
	ctx := context.Background()
	if _, _, err := a.ImportPlan(ctx, admin, "piano.xlsx", plan2020(t), app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	// a refused workbook, whose correction is asked for past the deadline
	books, err := a.EntryWorkbooks(ctx, admin, 1, "", []string{"Mediazione"})
	if err != nil {
		t.Fatal(err)
	}
	refused, err := a.Collect(ctx, unitOf("Mediazione"), 1, "m.xlsx", setValue(t, books[0].Content, "1.4.1", "abc"))
	if err == nil || refused == nil || refused.UploadID == 0 {
		t.Fatalf("the wrong value was not refused: %v", err)
	}
	a = app.New(db, app.Options{Timeout: time.Nanosecond}) // the same store, no time
	tests := []struct {
		name string
		run  func() error
	}{
		{"import", func() error {
			_, _, err := a.ImportPlan(ctx, admin, "bis.xlsx", bombtest.HugeMerge(10), app.ImportOptions{State: model.StateCollecting})
			return err
		}},
		{"entry workbooks", func() error { _, err := a.EntryWorkbooks(ctx, admin, 1, "", nil); return err }},
		{"scored workbook", func() error { _, _, err := a.ScoredWorkbook(ctx, admin, 1, "", ""); return err }},
		{"filled plan", func() error { _, _, err := a.FilledPlan(ctx, admin, 1, "", ""); return err }},
		{"correction workbook", func() error {
			_, _, err := a.CorrectionForUpload(ctx, admin, refused.UploadID)
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
	ups, err := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadPlan})
	if err != nil || len(ups) != 2 || ups[0].Outcome != "rejected" {
		t.Errorf("the file refused at its deadline is not kept: %+v %v", ups, err)
	}
}

// TestOneSenderAtATime: eight senders' costly uploads at once are each
// read (refused for what they hold, or past their deadline with a
// sentence), never turned away as busy; one sender's eight have one file
// parsed at a time and at most four waiting, the others refused at once.
// That a parse waits for a slot is TestParseWaitsForASlot's.
func TestOneSenderAtATime(t *testing.T) {
	a, _ := openApp(t, app.Options{Timeout: 2 * time.Second})
	ctx := context.Background()
	data := bombtest.SharedStrings(6_000_000)
	run := func(who func(i int) model.Principal) []error {
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = a.ImportPlan(ctx, who(i), "bomba.xlsx", data, app.ImportOptions{State: model.StateCollecting})
			}()
		}
		wg.Wait()
		return errs
	}
	for i, err := range run(func(i int) model.Principal {
		return model.Principal{Username: fmt.Sprint("admin", i), UserID: int64(100 + i), Role: model.RoleAdmin}
	}) {
		if c := model.ErrorCode(err); c != model.EInvalid && c != model.ETimeout {
			t.Errorf("upload %d: %v (code %s)", i, err, c)
		}
	}
	busy := 0
	for i, err := range run(func(int) model.Principal { return admin }) {
		switch model.ErrorCode(err) {
		case model.ETooMany:
			busy++
		case model.EInvalid, model.ETimeout:
		default:
			t.Errorf("upload %d of one sender: %v", i, err)
		}
	}
	if busy < 8-4 {
		t.Errorf("one sender had %d of 8 files refused at once, want at least 4", busy)
	}
}
