package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// mustSavedPlan opens a fresh database holding the 2020 plan.
func mustSavedPlan(t *testing.T) (*sqlite.DB, *model.Plan) {
	t.Helper()
	db := MustOpenDB(t)
	p, data := mustPlan(t)
	saved, _, err := db.SavePlan(context.Background(), p, model.NewUpload(model.UploadPlan, "piano.xlsx", data, "test"))
	if err != nil {
		t.Fatal(err)
	}
	return db, saved
}

func TestSaveMeasurements(t *testing.T) {
	ctx := context.Background()
	db, saved := mustSavedPlan(t)
	year := model.Period{Year: 2020}
	june := model.Period{Year: 2020, Month: 6}
	sub := func(period model.Period, by string) model.Submission {
		return model.Submission{PlanID: saved.ID, Period: period, Source: model.SourceCLI, By: by}
	}
	in := func(code, raw, note string) model.MeasurementInput {
		return model.MeasurementInput{ActionCode: code, Value: model.ParseText(raw), Note: note}
	}
	t.Run("OK", func(t *testing.T) {
		res, err := db.SaveMeasurements(ctx, withValues(sub(year, "anna"), []model.MeasurementInput{in("1.1.1", "5", ""), in("3.3.1", "27 gg", "ritardo")}))
		got := res.Stored
		if err != nil || len(got) != 2 || got[0].Previous != nil || got[0].Submission == 0 {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("SameValuesChangeNothing", func(t *testing.T) {
		got, err := db.SaveMeasurements(ctx, withValues(sub(year, "anna"), []model.MeasurementInput{in("1.1.1", "5", ""), in("3.3.1", "27 gg", "ritardo")}))
		if err != nil || len(got.Stored) != 0 || got.Unchanged != 2 || got.ID != 0 {
			t.Errorf("got %+v, %v", got, err)
		}
	})
	t.Run("NewValueKeepsHistory", func(t *testing.T) {
		res, err := db.SaveMeasurements(ctx, withValues(sub(year, "marco"), []model.MeasurementInput{in("1.1.1", "6", "corretto")}))
		got := res.Stored
		if err != nil || len(got) != 1 || got[0].Previous == nil || got[0].Previous.Raw != "5" {
			t.Fatalf("got %+v, %v", got, err)
		}
		if _, err := db.SaveMeasurements(ctx, withValues(sub(june, "anna"), []model.MeasurementInput{in("1.1.1", "2", "")})); err != nil {
			t.Fatal(err)
		}
		cur, err := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(saved.ID, year)))
		if err != nil || cur["1.1.1"].Value.Raw != "6" || cur["1.1.1"].By != "marco" || cur["1.1.1"].Note != "corretto" || cur["3.3.1"].Value.Float() != 27 {
			t.Errorf("current = %+v, %v", cur["1.1.1"], err)
		}
		hist, err := db.Measurements(ctx, model.MeasurementFilter{PlanID: saved.ID, Code: "1.1.1", ByPeriod: true})
		if err != nil || len(hist) != 3 {
			t.Fatalf("history = %+v, %v", hist, err)
		}
		// June first (it comes before the year end), then 5, then 6
		if hist[0].Period != june || hist[1].Value.Raw != "5" || hist[2].Value.Raw != "6" || hist[2].Previous.Raw != "5" || hist[2].By != "marco" {
			t.Errorf("history = %+v", hist)
		}
		periods, err := db.MeasuredPeriods(ctx, saved.ID)
		if err != nil || len(periods) != 2 || periods[0] != june || periods[1] != year {
			t.Errorf("periods = %v, %v", periods, err)
		}
	})
	t.Run("ErrUnknownActionStoresNothing", func(t *testing.T) {
		_, err := db.SaveMeasurements(ctx, withValues(sub(year, "anna"), []model.MeasurementInput{in("1.1.2", "700", ""), in("9.9.9", "1", "")}))
		if model.ErrorCode(err) != model.EInvalid {
			t.Fatalf("err = %v", err)
		}
		cur, _ := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(saved.ID, year)))
		if _, ok := cur["1.1.2"]; ok {
			t.Error("partial write: 1.1.2 stored")
		}
	})
}

func TestSaveCollectedAllBlank(t *testing.T) {
	ctx := context.Background()
	db, saved := mustSavedPlan(t)
	u := model.NewUpload(model.UploadSubmission, "vuota.xlsx", []byte("x"), "anna")
	got, err := db.SaveCollected(ctx, u, model.Submission{PlanID: saved.ID, Period: model.Period{Year: 2020}, Source: model.SourceUpload, By: "anna"}, nil)
	if err != nil || len(got.Stored) != 0 || got.UploadID == 0 {
		t.Fatalf("got %v, %v", got, err)
	}
	uploads, _ := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadSubmission})
	if len(uploads) != 1 || uploads[0].Outcome != "duplicate" {
		t.Errorf("the blank workbook was not kept: %+v", uploads)
	}
}

func TestMeasurementsFilter(t *testing.T) {
	ctx := context.Background()
	db, saved := mustSavedPlan(t)
	year, june := model.Period{Year: 2020}, model.Period{Year: 2020, Month: 6}
	send := func(p model.Period, values ...string) {
		t.Helper()
		s := model.Submission{PlanID: saved.ID, Period: p, Source: model.SourceCLI, By: "anna"}
		for i := 0; i < len(values); i += 2 {
			s.Values = append(s.Values, model.MeasurementInput{ActionCode: values[i], Value: model.ParseText(values[i+1])})
		}
		if _, err := db.SaveMeasurements(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	send(year, "1.1.1", "5", "3.3.1", "27 gg")
	send(june, "1.1.1", "2")
	send(year, "1.1.1", "6")
	tests := []struct {
		name string
		f    model.MeasurementFilter
		want []string // code=raw in the order returned
	}{
		{"All", model.MeasurementFilter{PlanID: saved.ID}, []string{"1.1.1=5", "3.3.1=27 gg", "1.1.1=2", "1.1.1=6"}},
		{"ByPeriod", model.MeasurementFilter{PlanID: saved.ID, ByPeriod: true}, []string{"1.1.1=2", "1.1.1=5", "3.3.1=27 gg", "1.1.1=6"}},
		{"CurrentEveryPeriod", model.MeasurementFilter{PlanID: saved.ID, Current: true, ByPeriod: true}, []string{"1.1.1=2", "3.3.1=27 gg", "1.1.1=6"}},
		{"CurrentIn", model.CurrentIn(saved.ID, year), []string{"3.3.1=27 gg", "1.1.1=6"}},
		{"OneAction", model.MeasurementFilter{PlanID: saved.ID, Code: "1.1.1"}, []string{"1.1.1=5", "1.1.1=2", "1.1.1=6"}},
		{"OneActionCurrent", model.MeasurementFilter{PlanID: saved.ID, Code: "1.1.1", Current: true, Period: &june}, []string{"1.1.1=2"}},
		{"OtherPlan", model.MeasurementFilter{PlanID: saved.ID + 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := db.Measurements(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, m.ActionCode+"="+m.Value.Raw)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	byCode, err := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(saved.ID, year)))
	if err != nil || len(byCode) != 2 || byCode["1.1.1"].Value.Raw != "6" || byCode["1.1.1"].Previous.Raw != "5" {
		t.Errorf("by code %+v, %v", byCode, err)
	}
}
