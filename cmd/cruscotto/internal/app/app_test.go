package app_test

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

var admin = model.Principal{Username: "controller", UserID: 1, Role: model.RoleAdmin}

// mustApp opens a fresh database holding the 2020 plan, returning the
// plan file's bytes too.
func mustApp(t *testing.T, opts ...app.Options) (*app.App, *sqlite.DB, []byte) {
	t.Helper()
	a, db := openApp(t, opts...)
	data := plan2020(t)
	if _, _, err := a.ImportPlan(context.Background(), admin, "piano.xlsx", data, app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	return a, db, data
}

// edit opens a workbook, lets fn change it and returns the new bytes.
func edit(t *testing.T, book []byte, fn func(f *excelize.File) error) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := fn(f); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// filled is Mediazione's workbook of plan 1 with 1.4.1 (cell H7) set.
func filled(t *testing.T, a *app.App, value string) []byte {
	t.Helper()
	books, err := a.EntryWorkbooks(context.Background(), admin, 1, "", []string{"Mediazione"})
	if err != nil {
		t.Fatal(err)
	}
	return edit(t, books[0].Content, func(f *excelize.File) error { return f.SetCellStr("Rilevazione", "H7", value) })
}

// newVersion is the plan file with other bytes and the same content: the
// next version of the 2020 plan.
func newVersion(t *testing.T, plan []byte) []byte {
	return edit(t, plan, func(f *excelize.File) error { return f.SetDocProps(&excelize.DocProperties{Title: "versione 2"}) })
}

// TestCollectWhileNewVersion: workbooks collected and values sent through
// the API while a new version of the plan is imported are never lost:
// each lands in version 1 and is carried by the import, or lands in
// version 2. Afterwards version 2 holds every value any sender was told
// was stored, and version 1 takes none.
func TestCollectWhileNewVersion(t *testing.T) {
	ctx := context.Background()
	a, db, plan := mustApp(t)
	books := make([][]byte, 16)
	for i := range books {
		books[i] = filled(t, a, strconv.Itoa(100+i))
	}
	v2 := newVersion(t, plan)
	unit := model.Principal{Username: "token:", TokenID: 5, Role: model.RoleUnit, Unit: "Mediazione"}
	// senders keep sending from before the import starts until after it
	// ends: workbooks of version 1, and values for version 1 by the API
	imported, first := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	told := map[string]bool{} // "code=value" a sender was told was stored
	send := func(g int, next func(i int) ([]model.Measurement, error)) {
		defer wg.Done()
		for i, extra := g, 0; extra < 3; i += 8 {
			stored, err := next(i)
			mu.Lock()
			errs = append(errs, err)
			for _, m := range stored {
				told[m.ActionCode+"="+m.Value.Raw] = true
			}
			mu.Unlock()
			once.Do(func() { close(first) })
			select {
			case <-imported:
				extra++
			default:
			}
		}
	}
	for g := range 4 {
		wg.Add(2)
		go send(g, func(i int) ([]model.Measurement, error) {
			res, err := a.Collect(ctx, unit, 1, "mediazione.xlsx", books[i%len(books)])
			if err != nil {
				return nil, err
			}
			return res.Stored, nil
		})
		go send(g, func(i int) ([]model.Measurement, error) {
			return a.Measure(ctx, admin, 1, "2020-06", map[string]any{"1.4.1": strconv.Itoa(200 + i)}, model.SourceAPI)
		})
	}
	<-first
	if _, created, err := a.ImportPlan(ctx, admin, "piano-v2.xlsx", v2, app.ImportOptions{State: model.StateCollecting}); err != nil || !created {
		t.Errorf("import v2: %v, created %v", err, created)
	}
	close(imported)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("send %d: %v", i, err)
		}
	}
	history, err := db.Measurements(ctx, model.MeasurementFilter{PlanID: 2, Code: "1.4.1", ByPeriod: true})
	if err != nil {
		t.Fatal(err)
	}
	inV2, carried := map[string]bool{}, 0
	for _, m := range history {
		inV2[m.ActionCode+"="+m.Value.Raw] = true
		if m.CarriedFrom == 1 {
			carried++
		}
	}
	for v := range told {
		if !inV2[v] {
			t.Errorf("%s was stored but version 2 does not have it", v)
		}
	}
	old, err := db.Measurements(ctx, model.MeasurementFilter{PlanID: 1, Code: "1.4.1", ByPeriod: true})
	if err != nil {
		t.Fatal(err)
	}
	if carried != len(old) {
		t.Errorf("version 1 holds %d values of 1.4.1, version 2 carried %d: one landed in version 1 after the import", len(old), carried)
	}
	if carried == 0 || len(history) == carried {
		t.Errorf("%d values carried, %d recorded in version 2: the test did not race", carried, len(history)-carried)
	}
	t.Logf("%d values carried from version 1, %d recorded in version 2", carried, len(history)-carried)
}

// TestBackupWhileWriting: a backup taken while values are being stored
// opens as a database of its own and holds a consistent prefix of the
// writes: every submission up to some point, none after, each whole.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	source := filepath.Join(t.TempDir(), "a.db")
	a, db := openAppAt(t, source)
	if _, _, err := a.ImportPlan(ctx, admin, "piano.xlsx", plan2020(t), app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	plan, err := db.Plan(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string // actions that take a plain count
	for _, act := range plan.Actions() {
		if _, err := model.ParseMeasured(act, "1"); err == nil && len(codes) < 4 {
			codes = append(codes, act.Code)
		}
	}
	path := filepath.Join(t.TempDir(), "copia.db")
	stop := make(chan struct{})
	var (
		wg, started sync.WaitGroup
		writes      atomic.Int64
		wrote       = make(chan struct{}, 1) // a write was stored since the last look
	)
	for _, code := range codes {
		wg.Add(1)
		started.Add(1)
		go func() { // each writer counts up on its own action
			defer wg.Done()
			for n := 1; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := a.Measure(ctx, admin, 1, "", map[string]any{code: strconv.Itoa(n)}, model.SourceCLI); err != nil {
					t.Error(err)
					if n == 1 {
						started.Done()
					}
					return
				}
				writes.Add(1)
				select {
				case wrote <- struct{}{}:
				default:
				}
				if n == 1 {
					started.Done()
				}
			}
		}()
	}
	// waitFor waits until n writes are stored in all
	waitFor := func(n int64) {
		t.Helper()
		for writes.Load() < n {
			select {
			case <-wrote:
			case <-time.After(time.Minute):
				t.Fatalf("%d writes stored, waited for %d", writes.Load(), n)
			}
		}
	}
	// every writer has stored a value (the copy must score them all), and
	// goes on writing while the backup runs and after it: the copy must
	// be a prefix of the writes, not all of them
	started.Wait()
	if _, err := sqlite.Backup(ctx, source, path, false); err != nil {
		t.Fatal(err)
	}
	waitFor(writes.Load() + int64(len(codes)))
	close(stop)
	wg.Wait()

	copied, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	b := app.New(copied)
	_, sc, err := b.Scores(ctx, admin, 1, app.ScoreQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var subs []int64
	inCopy, live := 0, 0
	for _, code := range codes {
		hist, err := copied.Measurements(ctx, model.MeasurementFilter{PlanID: 1, Code: code, ByPeriod: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range hist { // 1, 2, 3, … with no gap
			if m.Value.Raw != strconv.Itoa(i+1) {
				t.Fatalf("%s: value %d is %s", code, i+1, m.Value.Raw)
			}
			subs = append(subs, m.Submission)
		}
		all, _ := db.Measurements(ctx, model.MeasurementFilter{PlanID: 1, Code: code, ByPeriod: true})
		inCopy, live = inCopy+len(hist), live+len(all)
	}
	slices.Sort(subs)
	for i, id := range subs { // submissions 1…k, every one of them
		if id != int64(i+1) {
			t.Fatalf("submission %d missing from the copy (has %v…)", i+1, subs[:i+1])
		}
	}
	measured := 0
	for _, as := range sc.Actions {
		if slices.Contains(codes, as.Code) && as.Measured != nil {
			measured++
		}
	}
	if inCopy == 0 || inCopy >= live || measured != len(codes) {
		t.Errorf("copy holds %d of %d writes, %d actions scored", inCopy, live, measured)
	}
	t.Logf("the copy holds the first %d of %d writes", inCopy, live)
}

// TestClosingDay: a period closing on a date takes a unit's values until
// 23:59 of that day in Rome and refuses them from 00:00 of the next, on
// the app's check and the store's alike, across DST; the workbook names
// the same day.
func TestClosingDay(t *testing.T) {
	ctx := context.Background()
	rome := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, model.Rome)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UTC()
	}
	tests := []struct {
		name, closesOn, now string
		closed              bool
	}{
		{"LastMinute", "2021-01-31", "2021-01-31 23:59", false},
		{"NextDay", "2021-01-31", "2021-02-01 00:00", true},
		{"DSTStartLastMinute", "2021-03-28", "2021-03-28 23:59", false},
		{"DSTStartNextDay", "2021-03-28", "2021-03-29 00:00", true},
		{"DSTEndLastMinute", "2021-10-31", "2021-10-31 23:59", false},
		{"DSTEndNextDay", "2021-10-31", "2021-11-01 00:00", true},
	}
	unit := model.Principal{Username: "token:", TokenID: 5, Role: model.RoleUnit, Unit: "Mediazione"}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := rome(tt.now)
			// one clock for the app's early check and the store's own
			a, _, _ := mustApp(t, app.Options{Now: func() time.Time { return now }})
			st, err := a.SetPeriod(ctx, admin, 1, model.Period{Year: 2020}, false, tt.closesOn)
			if err != nil || st.Closed != tt.closed {
				t.Fatalf("period %+v, %v", st, err)
			}
			_, err = a.Measure(ctx, unit, 1, "", map[string]any{"1.4.1": strconv.Itoa(150 + i)}, model.SourceAPI)
			if closed := model.ErrorCode(err) == model.EConflict; closed != tt.closed || (!closed && err != nil) {
				t.Errorf("measure: %v", err)
			}
			books, err := a.EntryWorkbooks(ctx, admin, 1, "", []string{"Mediazione"})
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(books[0].Content))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			d, _ := model.ParseDate(tt.closesOn)
			if text, _ := f.GetCellValue("Rilevazione", "A3"); !strings.Contains(text, "da restituire entro il "+d.Italian()) {
				t.Errorf("workbook says %q", text)
			}
		})
	}
}
