package sqlite_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

func refused(content []byte, unit, period string) model.Upload {
	u := model.NewUpload(model.UploadSubmission, "rifiutata.xlsx", content, "token:")
	u.Unit, u.Sender, u.Period = unit, "token:7", period
	u.Outcome, u.Message = "rejected", "valori non validi"
	return u
}

// kept counts the uploads that still have their content, by outcome.
func kept(t *testing.T, ups []model.Upload) (refusedKept, refusedDropped int) {
	t.Helper()
	for _, u := range ups {
		if u.Outcome != "rejected" {
			continue
		}
		if u.Dropped {
			refusedDropped++
		} else {
			refusedKept++
		}
	}
	return
}

// TestRefusedBounded: every upload keeps its record; refused ones keep
// their content only for the newest per owner and period and within the
// owner's byte quota; bytes an accepted upload shares are never dropped.
func TestRefusedBounded(t *testing.T) {
	ctx := context.Background()
	t.Run("PerPeriod", func(t *testing.T) {
		db := MustOpenDB(t)
		var ids []int64
		for i := range 25 {
			id, err := db.RecordUpload(ctx, refused(fmt.Appendf(nil, "cartella %d", i), "ASL", "2020"), nil)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		// another unit, and another period, are counted apart
		if _, err := db.RecordUpload(ctx, refused([]byte("cartella di SG"), "SG", "2020"), nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordUpload(ctx, refused([]byte("giugno"), "ASL", "2020-06"), nil); err != nil {
			t.Fatal(err)
		}
		ups, err := db.Uploads(ctx, model.UploadFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ups) != 27 {
			t.Fatalf("%d records, want all 27", len(ups))
		}
		if k, d := kept(t, ups); k != model.RefusedKeptPerPeriod+2 || d != 5 {
			t.Errorf("kept %d, dropped %d; want %d and 5", k, d, model.RefusedKeptPerPeriod+2)
		}
		for i, id := range ids {
			u, err := db.Upload(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !u.Dropped {
				if u.Content, err = db.FileContent(ctx, u.SHA256); err != nil {
					t.Fatal(err)
				}
			}
			wantKept := i >= 5
			if u.Dropped == wantKept || (len(u.Content) > 0) != wantKept || u.Size == 0 || u.SHA256 == "" || u.Message == "" || u.Unit != "ASL" {
				t.Errorf("upload %d (#%d): dropped %v, %d bytes, %+v", id, i, u.Dropped, len(u.Content), u)
			}
		}
	})
	t.Run("Quota", func(t *testing.T) {
		db := MustOpenDB(t)
		size := model.MaxUploadBytes
		n := model.RefusedQuotaBytes/size + 1 // one more than fits
		for i := range n {
			big := bytes.Repeat([]byte{byte('a' + i)}, size)
			// one period each: the quota, not the count, must bite
			if _, err := db.RecordUpload(ctx, refused(big, "ASL", fmt.Sprintf("2020-%02d", i+1)), nil); err != nil {
				t.Fatal(err)
			}
		}
		ups, _ := db.Uploads(ctx, model.UploadFilter{})
		k, d := kept(t, ups)
		if k != n-1 || d != 1 || !ups[len(ups)-1].Dropped {
			t.Errorf("kept %d, dropped %d (oldest dropped: %v); want %d and 1", k, d, ups[len(ups)-1].Dropped, n-1)
		}
	})
	t.Run("SharedContent", func(t *testing.T) {
		db, plan := mustSavedPlan(t)
		same := []byte("la stessa cartella")
		first, err := db.RecordUpload(ctx, refused(same, "ASL", "2020"), nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range model.RefusedKeptPerPeriod {
			if _, err := db.RecordUpload(ctx, refused(fmt.Appendf(nil, "altra %d", i), "ASL", "2020"), nil); err != nil {
				t.Fatal(err)
			}
		}
		if u, _ := db.Upload(ctx, first); !u.Dropped {
			t.Fatalf("the oldest refused file is still kept")
		}
		// the same bytes come back and are accepted: they are kept again
		acc := model.NewUpload(model.UploadSubmission, "buona.xlsx", same, "anna")
		acc.Unit = "ASL"
		sub := submission(plan, model.Period{Year: 2020})
		if _, err := db.SaveCollected(ctx, acc, sub, nil); err != nil {
			t.Fatal(err)
		}
		ups, _ := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadSubmission})
		if ups[0].Outcome == "rejected" || ups[0].Dropped {
			t.Fatalf("accepted upload %+v", ups[0])
		}
		if b, err := db.FileContent(ctx, ups[0].SHA256); err != nil || !bytes.Equal(b, same) {
			t.Errorf("accepted content %q, %v", b, err)
		}
		// and more refusals with the same bytes never take them away
		for i := range model.RefusedKeptPerPeriod + 1 {
			u := refused(same, "ASL", "2020")
			if i > 0 {
				u = refused(fmt.Appendf(nil, "ancora %d", i), "ASL", "2020")
			}
			if _, err := db.RecordUpload(ctx, u, nil); err != nil {
				t.Fatal(err)
			}
		}
		if b, err := db.FileContent(ctx, ups[0].SHA256); err != nil || !bytes.Equal(b, same) {
			t.Errorf("accepted content after more refusals %q, %v", b, err)
		}
	})
}

func submission(plan *model.Plan, p model.Period) model.Submission {
	return model.Submission{PlanID: plan.ID, Period: p, Source: model.SourceUpload, By: "anna"}
}

// TestRefusedRecordsCoalesced: a sender's refused uploads for a period
// beyond the newest 200 are counted in one record, so that a sender
// refused over and over grows the records by one counter; the tracker
// still counts every refusal.
func TestRefusedRecordsCoalesced(t *testing.T) {
	ctx := context.Background()
	db, plan := mustSavedPlan(t)
	for i := range model.RefusedRecordsPerPeriod + 25 {
		u := model.NewUpload(model.UploadSubmission, fmt.Sprintf("rifiutata-%d.xlsx", i), []byte(fmt.Sprint("x", i)), "anna")
		u.Unit, u.Period, u.PlanID, u.Outcome, u.Message = "Mediazione", "2020", plan.ID, model.OutcomeRejected, "non è un file Excel"
		if _, err := db.RecordUpload(ctx, u, nil); err != nil {
			t.Fatal(err)
		}
	}
	uploads, err := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadSubmission})
	if err != nil {
		t.Fatal(err)
	}
	if len(uploads) != model.RefusedRecordsPerPeriod+1 {
		t.Errorf("%d records, want %d and one that counts the rest", len(uploads), model.RefusedRecordsPerPeriod+1)
	}
	oldest := uploads[len(uploads)-1]
	if !strings.Contains(oldest.FileName, "(25 caricamenti rifiutati)") {
		t.Errorf("the oldest record: %+v", oldest)
	}
	byUnit, err := db.UploadsByUnit(ctx, plan.ID, model.Period{Year: 2020})
	if err != nil || byUnit["Mediazione"].Refused != model.RefusedRecordsPerPeriod+25 {
		t.Errorf("the tracker counts %d refusals, want %d (%v)", byUnit["Mediazione"].Refused, model.RefusedRecordsPerPeriod+25, err)
	}
}

// withValues is s carrying in.
func withValues(s model.Submission, in []model.MeasurementInput) model.Submission {
	s.Values = in
	return s
}

// periodOf is the state stored for period p of a plan, open with no date
// when none is.
func periodOf(db *sqlite.DB, planID int64, p model.Period) (model.PeriodState, error) {
	set, err := db.Periods(context.Background(), planID)
	for _, st := range set {
		if st.Period == p {
			return st, err
		}
	}
	return model.PeriodState{Period: p}, err
}
