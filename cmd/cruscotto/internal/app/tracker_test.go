package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// names lists the units of a tracker in its order.
func names(t *app.Tracker) []string {
	out := make([]string, len(t.Units))
	for i, u := range t.Units {
		out[i] = u.Name
	}
	return out
}

// TestTrackerOrders: each order puts the unit it is about first, ties by
// name, and the filter keeps the units still owing values.
func TestTrackerOrders(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2020, 7, 10, 10, 0, 0, 0, time.UTC)
	a, _, _ := mustApp(t, app.Options{Now: func() time.Time { return now }})
	// Mediazione sends a workbook (accepted, 1 of 5), then a refused one;
	// the Controller completes Ragioneria
	if _, err := a.Collect(ctx, unitOf("Mediazione"), 1, "m.xlsx", filled(t, a, "160")); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	if _, err := a.Collect(ctx, unitOf("Mediazione"), 1, "m.xlsx", filled(t, a, "abc")); err == nil {
		t.Fatal("a wrong value accepted")
	}
	plan, _ := a.VisiblePlan(ctx, admin, 1)
	values := map[string]any{}
	for _, act := range plan.UnitActions("Ragioneria") {
		values[act.Code] = valueFor(act)
	}
	if _, err := a.Measure(ctx, admin, 1, "", values, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		q     app.TrackerQuery
		first []string
	}{
		{"ByName", app.TrackerQuery{}, []string{"ASL", "Controller"}},
		{"ByStatusDesc", app.TrackerQuery{Sort: app.SortStatus, Desc: true}, []string{"Ragioneria", "Mediazione"}},
		{"ByProgressDesc", app.TrackerQuery{Sort: app.SortProgress, Desc: true}, []string{"Ragioneria", "Mediazione"}},
		{"ByLastUploadDesc", app.TrackerQuery{Sort: app.SortLast, Desc: true}, []string{"Mediazione", "ASL"}},
		{"ByRefusedDesc", app.TrackerQuery{Sort: app.SortRefused, Desc: true}, []string{"Mediazione", "ASL"}},
		{"MissingOnly", app.TrackerQuery{Missing: true, Sort: app.SortStatus, Desc: true}, []string{"Mediazione", "ASL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := a.Tracker(ctx, admin, 1, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(tr)[:len(tt.first)]; fmt.Sprint(got) != fmt.Sprint(tt.first) {
				t.Errorf("first %v, want %v", got, tt.first)
			}
			if tr.Total != 16 || tr.Complete != 1 || tr.Partial != 1 || tr.Missing != 14 {
				t.Errorf("counts %d: %d %d %d", tr.Total, tr.Complete, tr.Partial, tr.Missing)
			}
			if tt.q.Missing && len(tr.Units) != 15 {
				t.Errorf("%d units still owing, want 15", len(tr.Units))
			}
		})
	}
	tr, _ := a.Tracker(ctx, admin, 1, app.TrackerQuery{})
	for _, u := range tr.Units {
		if u.Name != "Mediazione" {
			continue
		}
		if u.LastUpload == nil || u.LastUpload.Accepted || !u.LastUpload.At.Equal(now) || u.Refused != 1 || u.LastRefused == nil ||
			!u.LastRefused.Correctable || !u.LastRefused.Readable {
			t.Errorf("Mediazione %+v, last %+v", u, u.LastUpload)
		}
	}
	if _, err := a.Tracker(ctx, admin, 1, app.TrackerQuery{Sort: "colore"}); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("unknown order: %v", err)
	}
}

// TestOnBehalf: a workbook the Controller sends for a unit counts for
// that unit in the tracker and its log, but its receipt and correction
// stay the Controller's.
func TestOnBehalf(t *testing.T) {
	ctx := context.Background()
	a, _, _ := mustApp(t)
	res, err := a.Collect(ctx, admin, 1, "per-mediazione.xlsx", filled(t, a, "abc"))
	if err == nil || res == nil || res.UploadID == 0 {
		t.Fatalf("refusal %+v, %v", res, err)
	}
	tr, err := a.Tracker(ctx, unitOf("Mediazione"), 1, app.TrackerQuery{})
	if err != nil || len(tr.Units) != 1 || tr.Units[0].Refused != 1 {
		t.Fatalf("the unit's tracker %+v, %v", tr, err)
	}
	last := tr.Units[0].LastUpload
	if last == nil || last.Readable || last.Correctable || last.Unit != "Mediazione" {
		t.Errorf("the unit reads the Controller's upload %+v", last)
	}
	if _, err := a.Receipt(ctx, unitOf("Mediazione"), res.UploadID); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("the unit's receipt of the Controller's upload: %v", err)
	}
	r, err := a.Receipt(ctx, admin, res.UploadID)
	if err != nil || r.Accepted || !r.Correctable || len(r.Details.Problems) != 1 || r.Details.Problems[0].Location() != "Rilevazione!H7" || r.PlanYear != 2020 ||
		r.Period == nil || !r.Open {
		t.Errorf("the Controller's receipt %+v, %v", r, err)
	}
	log, err := a.UploadLog(ctx, unitOf("Mediazione"), 1, "mediazione")
	if err != nil || len(log.Uploads) != 1 || log.Uploads[0].FileName != "per-mediazione.xlsx" {
		t.Errorf("the unit's log %+v, %v", log, err)
	}
	if _, err := a.UploadLog(ctx, unitOf("SG"), 1, "mediazione"); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("another unit's log: %v", err)
	}
}

// TestHomeTasks: a unit is asked for the periods the Controller opened,
// the one closing first on top; once they close, for the year end.
func TestHomeTasks(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2020, 7, 10, 10, 0, 0, 0, time.UTC)
	a, _, _ := mustApp(t, app.Options{Now: func() time.Time { return now }})
	set := func(period string, closed bool, on string) {
		t.Helper()
		p, _ := model.ParsePeriod(period)
		if _, err := a.SetPeriod(ctx, admin, 1, p, closed, on); err != nil {
			t.Fatal(err)
		}
	}
	set("2020-06", false, "2020-07-31")
	set("2020-03", false, "2020-07-12")
	set("2020-05", false, "")
	set("2020-04", true, "")
	home, err := a.Home(ctx, unitOf("Mediazione"), "Mediazione")
	if err != nil || len(home.Plans) != 1 {
		t.Fatalf("home %+v, %v", home, err)
	}
	hp := home.Plans[0]
	var got []string
	for _, task := range hp.Tasks {
		got = append(got, fmt.Sprintf("%s:%s", task.Period, task.Text()))
	}
	want := []string{"2020-03:Chiusura il 12/07/2020: mancano 2 giorni.", "2020-06:Chiusura il 31/07/2020: mancano 21 giorni.",
		"2020-05:Raccolta aperta, senza data di chiusura."}
	if fmt.Sprint(got) != fmt.Sprint(want) || !hp.Open || hp.Actions != 5 || !hp.Tasks[0].Urgent() || hp.Tasks[1].Urgent() {
		t.Errorf("tasks %q, want %q (open %v)", got, want, hp.Open)
	}
	now = time.Date(2020, 8, 1, 10, 0, 0, 0, time.UTC)
	set("2020-05", true, "")
	home, _ = a.Home(ctx, unitOf("Mediazione"), "Mediazione")
	if tasks := home.Plans[0].Tasks; len(tasks) != 1 || tasks[0].Period != (model.Period{Year: 2020}) || tasks[0].Closed || tasks[0].Status != model.StatusMissing {
		t.Errorf("after the monitoring: %+v", tasks)
	}
	if _, err := a.Home(ctx, unitOf("SG"), "Mediazione"); model.ErrorCode(err) != model.EForbidden {
		t.Errorf("another unit's home: %v", err)
	}
}

// valueFor is a valid value for an action, by the kind it is measured in.
func valueFor(act *model.Action) string {
	switch model.ExpectedKind(act) {
	case model.KindPercent:
		return "50%"
	case model.KindDays:
		return "10 gg"
	case model.KindMonth:
		return "ottobre"
	case model.KindDate:
		return "15/10/2020"
	case model.KindYesNo:
		return "SI"
	}
	return "5"
}
