package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cruscotto/model"
)

// TestNotYoursIsNotThere: a unit probing another unit's slugs, action
// codes, uploads and receipts gets the very answer it gets for ones that
// do not exist — the same status and the same body but for the name it
// sent — so it learns nothing of what exists (issue 19, item 6).
func TestNotYoursIsNotThere(t *testing.T) {
	f := setup(t)
	// an upload of SG's to probe for
	body, ct := multipartBody(t, "x.xlsx", []byte("not a workbook"))
	f.do(t, "other", "POST", "/api/plans/1/submissions", body, ct)
	uploads, err := f.db.Uploads(t.Context(), model.UploadFilter{})
	if err != nil || len(uploads) == 0 {
		t.Fatal(err)
	}
	sgUpload := "0"
	for _, u := range uploads {
		if u.Kind == "submission" {
			sgUpload = strconv.FormatInt(u.ID, 10)
		}
	}
	type probe struct {
		method, path, body string
	}
	tests := []struct {
		name            string
		theirs, missing probe
		theirsID        string // the name sent, replaced in the bodies before comparing
		missingID       string
	}{
		{"WorkbookSlug", probe{"GET", "/api/plans/1/units/sg/sheet.xlsx", ""}, probe{"GET", "/api/plans/1/units/nessuna/sheet.xlsx", ""}, "sg", "nessuna"},
		{"ScoresSlug", probe{"GET", "/api/plans/1/scores?unit=sg", ""}, probe{"GET", "/api/plans/1/scores?unit=nessuna", ""}, "sg", "nessuna"},
		{"UploadLogSlug", probe{"GET", "/piani/1/strutture/sg", ""}, probe{"GET", "/piani/1/strutture/nessuna", ""}, "sg", "nessuna"},
		{"ActionPage", probe{"GET", "/piani/1/azioni/2.1.1", ""}, probe{"GET", "/piani/1/azioni/9.9.9", ""}, "2.1.1", "9.9.9"},
		{"ValueCode", probe{"PUT", "/api/plans/1/measurements", `{"2.1.1":"1"}`}, probe{"PUT", "/api/plans/1/measurements", `{"9.9.9":"1"}`}, "2.1.1", "9.9.9"},
		{"Receipt", probe{"GET", "/ricevute/" + sgUpload, ""}, probe{"GET", "/ricevute/99999", ""}, sgUpload, "99999"},
		{"Correction", probe{"GET", "/api/uploads/" + sgUpload + "/correction.xlsx", ""}, probe{"GET", "/api/uploads/99999/correction.xlsx", ""}, sgUpload, "99999"},
	}
	send := func(p probe) (int, string) {
		var r io.Reader
		ct := ""
		if p.body != "" {
			r, ct = strings.NewReader(p.body), "application/json"
		}
		rec := f.do(t, "unit", p.method, p.path, r, ct)
		return rec.Code, rec.Body.String()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			theirsCode, theirs := send(tt.theirs)
			missingCode, missing := send(tt.missing)
			if theirsCode != missingCode || theirsCode == http.StatusOK || theirsCode == http.StatusForbidden {
				t.Errorf("theirs %d, missing %d", theirsCode, missingCode)
			}
			a, b := replaceName(theirs, tt.theirsID), replaceName(missing, tt.missingID)
			if a != b {
				i := 0
				for i < len(a) && i < len(b) && a[i] == b[i] {
					i++
				}
				t.Errorf("bodies differ at %d:\ntheirs  %.200s\nmissing %.200s", i, a[max(0, i-100):], b[max(0, i-100):])
			}
		})
	}
}

// replaceName replaces a name sent, standing as a word of its own, with X.
// replaceName replaces a probed name or id in a body, but not a number
// that happens to be the same as the signed-in token's («token #2»).
func replaceName(body, name string) string {
	return regexp.MustCompile(`(^|[^#\w])`+regexp.QuoteMeta(name)+`\b`).ReplaceAllString(body, "${1}X")
}
