package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// TestOpenConcurrently: processes starting on the same new database at the
// same moment (each Open is its own pool of connections, as a process
// would be) all get the schema, and exactly one creates the first admin.
func TestOpenConcurrently(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	const n = 8
	dbs := make([]*sqlite.DB, n)
	errs := make([]error, n)
	created := make([]bool, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if dbs[i], errs[i] = sqlite.Open(path); errs[i] != nil {
				return
			}
			created[i], errs[i] = dbs[i].AddFirstAdmin(ctx, "admin", "una-password-lunga")
		}()
	}
	close(start)
	wg.Wait()
	admins := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("open %d: %v", i, errs[i])
			continue
		}
		defer dbs[i].Close()
		if created[i] {
			admins++
		}
	}
	if admins != 1 {
		t.Errorf("%d first admins created, want 1", admins)
	}
	if v, err := dbs[0].SchemaVersion(ctx); err != nil || v != sqlite.LatestSchemaVersion() {
		t.Errorf("schema version %d, %v", v, err)
	}
}

// TestUnavailable: a database that cannot be written refuses every write
// with a sentence (model.EUnavailable), not an internal error.
func TestUnavailable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ro.db")
	rw, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p, data := mustPlan(t)
	saved, _, err := rw.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "test"))
	if err != nil {
		t.Fatal(err)
	}
	ro, err := sqlite.Open(path + "?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	defer rw.Close()
	v, _ := model.ParseMeasured(saved.Actions()[0], "1")
	writes := []struct {
		name string
		fn   func() error
	}{
		{"SaveMeasurements", func() error {
			_, err := ro.SaveMeasurements(ctx, withValues(submission(saved, model.Period{Year: 2020}), []model.MeasurementInput{{ActionCode: saved.Actions()[0].Code, Value: v}}))
			return err
		}},
		{"RecordUpload", func() error {
			_, err := ro.RecordUpload(ctx, refused([]byte("x"), "SG", "2020"), nil)
			return err
		}},
		{"SetPeriod", func() error { return ro.SetPeriod(ctx, saved.ID, model.Period{Year: 2020}, true, nil, "") }},
		{"Ping", func() error { return ro.Ping(ctx) }},
	}
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			err := w.fn()
			if model.ErrorCode(err) != model.EUnavailable || !strings.Contains(model.ErrorMessage(err), "non può registrare") {
				t.Errorf("%v (code %s)", err, model.ErrorCode(err))
			}
		})
	}
	if _, err := ro.Plan(ctx, saved.ID); err != nil {
		t.Errorf("reading a read-only database: %v", err)
	}
	if err := rw.Ping(ctx); err != nil {
		t.Errorf("the writable connection: %v", err)
	}
}

// TestWriterHonoursContext: while a long write holds the writer's turn, a
// write whose request ends gives up at once instead of queueing behind
// it, and the health check answers within a second from the last write's
// outcome.
func TestWriterHonoursContext(t *testing.T) {
	db, v1 := mustSavedPlan(t)
	ctx := context.Background()
	sub := model.Submission{PlanID: v1.ID, Period: model.Period{Year: 2020}, Source: model.SourceCLI, By: "anna"}
	long := sqlite.HoldWriter(db) // the turn taken as a long save takes it
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	begun := time.Now()
	_, err := db.SaveMeasurements(short, withValues(sub, []model.MeasurementInput{{ActionCode: "1.4.1", Value: model.ParseText("151")}}))
	if model.ErrorCode(err) != model.EUnavailable || time.Since(begun) > time.Second {
		t.Errorf("a write behind a long one: %v after %v", err, time.Since(begun))
	}
	begun = time.Now()
	if err := db.Ping(ctx); err != nil || time.Since(begun) > time.Second {
		t.Errorf("health during a long write: %v after %v", err, time.Since(begun))
	}
	long()
	if err := db.Ping(ctx); err != nil {
		t.Errorf("health after it: %v", err)
	}
	if _, err := db.SaveMeasurements(ctx, withValues(sub, []model.MeasurementInput{{ActionCode: "1.4.1", Value: model.ParseText("151")}})); err != nil {
		t.Errorf("a write after it: %v", err)
	}
}
