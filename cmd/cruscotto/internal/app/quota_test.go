package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"

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
	uploads, err := db.Uploads(ctx, model.UploadSubmission)
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
	full, err := db.Upload(ctx, uploads[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(full.Content))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(model.EntrySheet, "H7"); v != "150" {
		t.Errorf("the kept file reads %q at H7", v)
	}
}
