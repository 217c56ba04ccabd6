package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// returned is a returned workbook of unit for plan and period, sent by
// sender's unit ("" for an admin).
func returned(plan *model.Plan, sender, unit, period, content string) model.Upload {
	u := model.NewUpload(model.UploadSubmission, content+".xlsx", []byte(content), "anna")
	u.Unit, u.Sender, u.Period, u.PlanID, u.WorkbookUnit = sender, "user:1", period, plan.ID, unit
	return u
}

// TestUploadsByUnit: the tracker's query finds, per unit a plan's
// period, the last upload, the refused count and the last refused one,
// counting an admin's upload for the workbook's unit and a unit's for
// the sender, and never reads another period or plan.
func TestUploadsByUnit(t *testing.T) {
	ctx := context.Background()
	db, plan := mustSavedPlan(t)
	year := model.Period{Year: 2020}
	reject := func(u model.Upload, problems ...model.Problem) int64 {
		t.Helper()
		u.Outcome, u.Message, u.Receipt = model.OutcomeRejected, "valori non validi", &model.Receipt{Problems: problems}
		id, err := db.RecordUpload(ctx, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	accept := func(u model.Upload, values ...string) {
		t.Helper()
		sub := submission(plan, model.Period{Year: 2020})
		sub.Unit = u.WorkbookUnit
		for i := 0; i < len(values); i += 2 {
			sub.Values = append(sub.Values, model.MeasurementInput{ActionCode: values[i], Value: model.ParseText(values[i+1])})
		}
		u.Receipt = &model.Receipt{Blank: 3}
		if _, err := db.SaveCollected(ctx, u, sub, nil); err != nil {
			t.Fatal(err)
		}
	}
	cell := model.Problem{Severity: model.SeverityError, Sheet: "Rilevazione", Cell: "H7", Message: "non è un numero"}
	reject(returned(plan, "Mediazione", "Mediazione", "2020", "m1"), cell)
	accept(returned(plan, "Mediazione", "Mediazione", "2020", "m2"), "1.4.1", "160")
	lastRefused := reject(returned(plan, "Mediazione", "Mediazione", "2020", "m3"), cell)
	accept(returned(plan, "Mediazione", "Mediazione", "2020", "m4"), "1.4.1", "160") // the same value: a duplicate
	reject(returned(plan, "SG", "Mediazione", "2020", "sg1"))                        // SG sent Mediazione's workbook
	accept(returned(plan, "", "Ragioneria", "2020", "admin1"), "1.1.1", "5")         // the Controller, on Ragioneria's behalf
	reject(returned(plan, "Mediazione", "Mediazione", "2020-06", "june"))
	other := returned(plan, "Mediazione", "Mediazione", "2020", "other-plan")
	other.PlanID = plan.ID + 1
	reject(other)

	got, err := db.UploadsByUnit(ctx, plan.ID, year)
	if err != nil {
		t.Fatal(err)
	}
	units := make([]string, 0, len(got))
	for u := range got {
		units = append(units, u)
	}
	sort.Strings(units)
	if fmt.Sprint(units) != "[Mediazione Ragioneria SG]" {
		t.Fatalf("units %v", units)
	}
	med := got["Mediazione"]
	if med.Last.FileName != "m4.xlsx" || med.Last.Outcome != model.OutcomeDuplicate || med.Refused != 2 || med.LastRefused == nil ||
		med.LastRefused.ID != lastRefused || !med.LastRefused.Correctable() || len(med.Last.Content) != 0 {
		t.Errorf("Mediazione %+v", med)
	}
	if r := med.Last.Receipt; r == nil || r.Unchanged != 1 || r.Blank != 3 {
		t.Errorf("receipt of the duplicate %+v", r)
	}
	if rag := got["Ragioneria"]; rag.Last.FileName != "admin1.xlsx" || rag.Last.Outcome != model.OutcomeAccepted || rag.Refused != 0 || rag.LastRefused != nil {
		t.Errorf("Ragioneria %+v", rag)
	}
	if sg := got["SG"]; sg.Refused != 1 || sg.LastRefused == nil || sg.LastRefused.ID != sg.Last.ID || sg.Last.Correctable() {
		t.Errorf("SG %+v", sg)
	}

	log, err := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadSubmission, PlanID: plan.ID, Unit: "Mediazione", Limit: 3})
	if err != nil || len(log) != 3 || log[0].FileName != "june.xlsx" || log[2].FileName != "m3.xlsx" {
		t.Errorf("log %+v, %v", log, err)
	}
	rec, err := db.Upload(ctx, lastRefused)
	if err != nil || rec.Content != nil || rec.WorkbookUnit != "Mediazione" || rec.PlanID != plan.ID || len(rec.Receipt.Problems) != 1 ||
		rec.Receipt.Problems[0].Location() != "Rilevazione!H7" {
		t.Errorf("record %+v, %v", rec, err)
	}
	if _, err := db.Upload(ctx, 999); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("missing record: %v", err)
	}
	stored, err := db.Measurements(ctx, model.MeasurementFilter{UploadID: got["Ragioneria"].Last.ID})
	if err != nil || len(stored) != 1 || stored[0].ActionCode != "1.1.1" || stored[0].Value.Raw != "5" {
		t.Errorf("values of the admin's upload %+v, %v", stored, err)
	}
	if stored, err := db.Measurements(ctx, model.MeasurementFilter{UploadID: med.Last.ID}); err != nil || len(stored) != 0 {
		t.Errorf("values of a duplicate %+v, %v", stored, err)
	}
}

// TestPeriods lists the periods set, in date order with their state.
func TestPeriods(t *testing.T) {
	ctx := context.Background()
	db, plan := mustSavedPlan(t)
	if ps, err := db.Periods(ctx, plan.ID); err != nil || len(ps) != 0 {
		t.Fatalf("no period set: %v, %v", ps, err)
	}
	d := model.Date{Year: 2021, Month: 1, Day: 31}
	for _, set := range []struct {
		p      model.Period
		closed bool
		on     *model.Date
	}{{model.Period{Year: 2020}, false, &d}, {model.Period{Year: 2020, Month: 6}, true, nil}} {
		if err := db.SetPeriod(ctx, plan.ID, set.p, set.closed, set.on, ""); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := db.Periods(ctx, plan.ID)
	if err != nil || len(ps) != 2 || ps[0].Period.Month != 6 || ps[0].ClosedAt == nil || ps[1].ClosesOn == nil || *ps[1].ClosesOn != d {
		t.Errorf("periods %+v, %v", ps, err)
	}
}

// TestUploadsBeforeTracker: a database written before migration 12 keeps
// working, its accepted workbooks taking their plan and unit from their
// submission, its refused ones counting for the sender's unit.
func TestUploadsBeforeTracker(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob("migrations/*.sql")
	sort.Strings(names)
	for _, name := range names {
		if filepath.Base(name) >= "0011" {
			break
		}
		body, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, q := range []string{
		`PRAGMA user_version = 10`,
		`INSERT INTO files (sha256, size, content) VALUES ('p', 1, x'03'), ('a', 1, x'00'), ('b', 1, x'01'), ('c', 1, x'02')`,
		`INSERT INTO uploads (id, kind, file_name, sha256, received_at, outcome) VALUES (9, 'plan', 'piano.xlsx', 'p', '2020-01-01T00:00:00Z', 'accepted')`,
		`INSERT INTO plans (id, year, version, title, file_name, sha256, upload_id, imported_at) VALUES (1, 2020, 1, '', 'piano.xlsx', 'p', 9, '2020-01-01T00:00:00Z')`,
		`INSERT INTO uploads (id, kind, file_name, sha256, received_at, uploaded_by, unit, sender, owner, period, outcome, message)
			VALUES (1, 'submission', 'med.xlsx', 'a', '2020-06-01T08:00:00Z', 'anna', 'Mediazione', 'user:2', 'unit:Mediazione', '2020', 'accepted', ''),
			(2, 'submission', 'ctrl.xlsx', 'b', '2020-06-02T08:00:00Z', 'ctrl', '', 'user:1', 'user:1', '2020', 'accepted', ''),
			(3, 'submission', 'rotta.xlsx', 'c', '2020-06-03T08:00:00Z', 'anna', 'Mediazione', 'user:2', 'unit:Mediazione', '', 'rejected', 'non è un file Excel')`,
		`INSERT INTO submissions (id, plan_id, period, unit, source, upload_id, submitted_by, submitted_at)
			VALUES (1, 1, '2020', 'Mediazione', 'upload', 1, 'anna', '2020-06-01T08:00:00Z'), (2, 1, '2020', 'SG', 'upload', 2, 'ctrl', '2020-06-02T08:00:00Z')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	raw.Close()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.UploadsByUnit(ctx, 1, model.Period{Year: 2020})
	if err != nil || len(got) != 2 || got["Mediazione"].Last.ID != 1 || got["SG"].Last.ID != 2 || got["SG"].Last.WorkbookUnit != "SG" ||
		got["Mediazione"].Last.Receipt != nil {
		t.Errorf("tracker over old rows: %+v, %v", got, err)
	}
	rec, err := db.Upload(ctx, 3)
	if err != nil || rec.PlanID != 0 || rec.ForUnit() != "Mediazione" || rec.Receipt != nil || rec.Correctable() {
		t.Errorf("old refused row %+v, %v", rec, err)
	}
}

// TestUploadsBeforeSenders: an accepted workbook recorded before uploads
// kept their period (migration 5) takes its period, plan and unit from its
// submission on the upgrade, so the tracker and its unit's log find it.
func TestUploadsBeforeSenders(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob("migrations/*.sql")
	sort.Strings(names)
	for _, name := range names {
		if filepath.Base(name) >= "0005" {
			break
		}
		body, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, q := range []string{
		`PRAGMA user_version = 4`,
		`INSERT INTO files (sha256, size, content) VALUES ('p', 1, x'03'), ('a', 1, x'00')`,
		`INSERT INTO uploads (id, kind, file_name, sha256, received_at, outcome) VALUES (9, 'plan', 'piano.xlsx', 'p', '2020-01-01T00:00:00Z', 'accepted')`,
		`INSERT INTO plans (id, year, version, title, file_name, sha256, upload_id, imported_at) VALUES (1, 2020, 1, '', 'piano.xlsx', 'p', 9, '2020-01-01T00:00:00Z')`,
		`INSERT INTO uploads (id, kind, file_name, sha256, received_at, uploaded_by, outcome, message)
			VALUES (1, 'submission', 'med.xlsx', 'a', '2020-07-01T08:00:00Z', 'anna', 'accepted', '')`,
		`INSERT INTO submissions (id, plan_id, period, unit, source, upload_id, submitted_by, submitted_at)
			VALUES (1, 1, '2020-06', 'Mediazione', 'upload', 1, 'anna', '2020-07-01T08:00:00Z')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	raw.Close()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.UploadsByUnit(ctx, 1, model.Period{Year: 2020, Month: 6})
	if err != nil || got["Mediazione"].Last.ID != 1 {
		t.Errorf("the tracker of June does not find the old upload: %+v, %v", got, err)
	}
	log, err := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadSubmission, PlanID: 1, Unit: "Mediazione", Limit: 5})
	if err != nil || len(log) != 1 || log[0].Period != "2020-06" {
		t.Errorf("Mediazione's log: %+v, %v", log, err)
	}
}
