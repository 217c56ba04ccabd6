package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// pad returns a copy of a workbook with an unused part of n random bytes,
// stored uncompressed: what a unit flooding the disk sends.
func pad(t *testing.T, book []byte, n int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "xl/media/riempitivo.bin", Method: zip.Store})
	junk := make([]byte, n)
	rand.Read(junk)
	w.Write(junk)
	zw.Close()
	return out.Bytes()
}

// TestPaddedResendsStoredOnce: a unit resending its workbook padded with
// 19 MB of an unused part, the values unchanged, used to keep each copy
// whole (about 5.6 GB a minute). Only the parts the reader reads are kept,
// so the resends are recorded each and stored once (issue 19, item 4).
func TestPaddedResendsStoredOnce(t *testing.T) {
	ctx := context.Background()
	a, db, _ := mustApp(t)
	unit := model.Principal{Username: "anna", UserID: 7, Role: model.RoleUnit, Unit: "Mediazione"}
	book := filled(t, a, "150")
	for i := range 3 {
		sent := pad(t, book, 19<<20)
		if _, err := a.Collect(ctx, unit, 1, "mediazione.xlsx", sent); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	uploads, err := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadSubmission})
	if err != nil || len(uploads) != 3 {
		t.Fatalf("%d uploads recorded, want 3 (%v)", len(uploads), err)
	}
	kept := map[string]int64{}
	for _, u := range uploads {
		kept[u.SHA256] = u.Size
		if u.SentBytes < 19<<20 {
			t.Errorf("upload %d records %d bytes sent", u.ID, u.SentBytes)
		}
	}
	var total int64
	for _, n := range kept {
		total += n
	}
	if len(kept) != 1 || total > 1<<20 {
		t.Errorf("%d distinct files kept, %d bytes, want 1 small one", len(kept), total)
	}
	// what is kept still reads: its correction workbook can be made
	content, err := db.FileContent(ctx, uploads[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(model.EntrySheet, "H7"); v != "150" {
		t.Errorf("the kept file reads %q at H7", v)
	}
}

// TestSenderQuota: a sender whose kept files, accepted ones included, fill
// its quota has its next file refused with a sentence and recorded
// without its content; a resend of a file already kept costs nothing and
// is taken; another sender is not affected.
func TestSenderQuota(t *testing.T) {
	ctx := context.Background()
	a, db, _ := mustApp(t)
	first := filled(t, a, "150")
	a2 := app.New(db, app.Options{SenderQuota: int64(len(first)) + 100})
	unit := model.Principal{Username: "anna", UserID: 7, Role: model.RoleUnit, Unit: "Mediazione"}
	if _, err := a2.Collect(ctx, unit, 1, "prima.xlsx", first); err != nil {
		t.Fatal(err)
	}
	second := filled(t, a, "151")
	_, err := a2.Collect(ctx, unit, 1, "seconda.xlsx", second)
	if model.ErrorCode(err) != model.ETooLarge || !strings.Contains(model.ErrorMessage(err), "spazio riservato") {
		t.Fatalf("past the quota: %v", err)
	}
	uploads, _ := db.Uploads(ctx, model.UploadFilter{Kind: model.UploadSubmission})
	if len(uploads) != 2 || !uploads[0].Dropped || uploads[0].Outcome != model.OutcomeRejected {
		t.Errorf("the refused file's record: %+v", uploads[0])
	}
	if cur, _ := model.MeasurementsByCode(db.Measurements(ctx, model.CurrentIn(1, model.Period{Year: 2020}))); cur["1.4.1"] == nil || cur["1.4.1"].Value.Raw != "150" {
		t.Errorf("values after the refusal: %v", cur["1.4.1"])
	}
	admin := model.Principal{Username: "ctrl2", UserID: 2, Role: model.RoleAdmin}
	if _, err := a2.Collect(ctx, admin, 1, "seconda.xlsx", second); err != nil {
		t.Errorf("another sender: %v", err)
	}
}
