package sqlite_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"cruscotto/model"
)

// revision is the 2020 plan as a new file with 1.4.1's target corrected
// and 1.4.2 (a percentage) measured in days: its values cannot carry.
func revision(t *testing.T) (*model.Plan, model.Upload) {
	t.Helper()
	p, data := mustPlan(t)
	acts := p.ActionsByCode()
	target := model.ParseText("160")
	acts["1.4.1"].Target = &target
	days := model.ParseText("28 gg")
	acts["1.4.2"].Target = &days
	return p, model.NewUpload(model.UploadPlan, "piano-v2.xlsx", append(data, 0), "test")
}

// TestCarryValues: a new version takes, in the import's transaction,
// every value of the version in force whose action keeps its code and
// form — each period's whole history, with its note, sender, time and
// chain of previous values — and the periods' closing dates; the rest
// stay in the old version.
func TestCarryValues(t *testing.T) {
	ctx := context.Background()
	db, v1 := mustSavedPlan(t)
	year, june := model.Period{Year: 2020}, model.Period{Year: 2020, Month: 6}
	send := func(p model.Period, by, code, raw, note string) {
		t.Helper()
		if _, err := db.SaveMeasurements(ctx, withValues(model.Submission{PlanID: v1.ID, Period: p, Source: model.SourceCLI, By: by}, []model.MeasurementInput{{ActionCode: code, Value: model.ParseText(raw), Note: note}})); err != nil {
			t.Fatal(err)
		}
	}
	send(june, "anna", "1.4.1", "70", "")
	send(june, "marco", "1.4.1", "75", "in ritardo per il trasloco")
	send(year, "anna", "1.4.1", "150", "")
	send(year, "anna", "1.4.2", "45%", "")
	closes := model.Date{Year: 2021, Month: 1, Day: 31}
	if err := db.SetPeriod(ctx, v1.ID, year, false, &closes, ""); err != nil {
		t.Fatal(err)
	}
	p, u := revision(t)
	v2, created, err := db.SavePlan(ctx, p, u)
	if err != nil || !created || v2.Version != 2 {
		t.Fatalf("save v2: %v %v", err, created)
	}
	old, err := db.Measurements(ctx, model.MeasurementFilter{PlanID: v1.ID, Code: "1.4.1", ByPeriod: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Measurements(ctx, model.MeasurementFilter{PlanID: v2.ID, Code: "1.4.1", ByPeriod: true})
	if err != nil || len(got) != len(old) {
		t.Fatalf("history of 1.4.1 in v2: %+v, %v", got, err)
	}
	for i, m := range got {
		o := old[i]
		if m.Value.Raw != o.Value.Raw || m.Note != o.Note || m.By != o.By || !m.At.Equal(o.At) || m.Period != o.Period || m.CarriedFrom != 1 ||
			(m.Previous == nil) != (o.Previous == nil) || m.ID == o.ID || m.PlanID != v2.ID {
			t.Errorf("carried %+v\nfrom    %+v", m, o)
		}
	}
	if got[1].Previous == nil || got[1].Previous.Raw != "70" {
		t.Errorf("the carried June value does not replace 70: %+v", got[1].Previous)
	}
	cur, err := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(v2.ID, june)))
	if err != nil || cur["1.4.1"] == nil || cur["1.4.1"].Value.Raw != "75" || cur["1.4.1"].Note != "in ritardo per il trasloco" {
		t.Errorf("June's current value in v2: %+v, %v", cur["1.4.1"], err)
	}
	if h, _ := db.Measurements(ctx, model.MeasurementFilter{PlanID: v2.ID, Code: "1.4.2", ByPeriod: true}); len(h) != 0 {
		t.Errorf("1.4.2 changed form but carried: %+v", h)
	}
	if h, _ := db.Measurements(ctx, model.MeasurementFilter{PlanID: v1.ID, Code: "1.4.2", ByPeriod: true}); len(h) != 1 {
		t.Errorf("1.4.2 is no longer readable in v1: %+v", h)
	}
	st, err := periodOf(db, v2.ID, year)
	if err != nil || st.ClosesOn == nil || *st.ClosesOn != closes {
		t.Errorf("closing date in v2: %+v, %v", st, err)
	}
	// carried again to a third version, still from where it was recorded
	p3, u3 := revision(t)
	u3 = model.NewUpload(model.UploadPlan, "piano-v3.xlsx", append(u3.Content, 1), "test")
	v3, _, err := db.SavePlan(ctx, p3, u3)
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := db.Measurements(ctx, model.MeasurementFilter{PlanID: v3.ID, Code: "1.4.1", ByPeriod: true}); len(h) != 3 || h[0].CarriedFrom != 1 {
		t.Errorf("history in v3: %+v", h)
	}
}

// TestCarryAllOrNothing: when carrying the values fails, the new version
// is not stored either: no plan, no accepted upload, no value.
func TestCarryAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db, v1 := mustSavedPlan(t)
	if _, err := db.SaveMeasurements(ctx, withValues(model.Submission{PlanID: v1.ID, Period: model.Period{Year: 2020}, Source: model.SourceCLI, By: "anna"}, []model.MeasurementInput{{ActionCode: "1.4.1", Value: model.ParseText("150")}})); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TRIGGER no_carry BEFORE INSERT ON measurements WHEN NEW.carried_from IS NOT NULL
		BEGIN SELECT RAISE(ABORT, 'carry refused'); END`); err != nil {
		t.Fatal(err)
	}
	p, u := revision(t)
	if _, _, err := db.SavePlan(ctx, p, u); err == nil {
		t.Fatal("saved although the carry failed")
	}
	var plans, measurements, uploads int
	raw.QueryRow(`SELECT (SELECT COUNT(*) FROM plans), (SELECT COUNT(*) FROM measurements), (SELECT COUNT(*) FROM uploads)`).Scan(&plans, &measurements, &uploads)
	if plans != 1 || measurements != 1 || uploads != 1 {
		t.Errorf("after a failed carry: %d plans, %d values, %d uploads", plans, measurements, uploads)
	}
}

// TestValuesForReplacedVersion: values sent for a version a revision has
// replaced (as a sender holding it meanwhile does) are written to the
// version in force when their actions carry, else refused naming them.
func TestValuesForReplacedVersion(t *testing.T) {
	ctx := context.Background()
	db, v1 := mustSavedPlan(t)
	p, u := revision(t)
	v2, _, err := db.SavePlan(ctx, p, u)
	if err != nil {
		t.Fatal(err)
	}
	send := func(code, raw string) (model.Saved, error) {
		s := model.Submission{PlanID: v1.ID, Period: model.Period{Year: 2020}, Source: model.SourceAPI, By: "anna"}
		return db.SaveMeasurements(ctx, withValues(s, []model.MeasurementInput{{ActionCode: code, Value: model.ParseText(raw)}}))
	}
	if saved, err := send("1.4.1", "150"); err != nil || saved.PlanID != v2.ID || saved.SentTo != v1.ID {
		t.Fatalf("sent for version 1, saved %+v, %v", saved, err)
	}
	if cur, _ := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(v2.ID, model.Period{Year: 2020}))); cur["1.4.1"] == nil {
		t.Error("1.4.1 did not reach version 2")
	}
	_, err = send("1.4.2", "45%")
	if model.ErrorCode(err) != model.EConflict || !strings.Contains(model.ErrorMessage(err), "l'azione 1.4.2 si misura in un'altra forma") {
		t.Errorf("1.4.2, now in days: %v", err)
	}
	if cur, _ := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(v1.ID, model.Period{Year: 2020}))); len(cur) != 0 {
		t.Errorf("version 1 took %v", cur)
	}
}
