package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// chunked hides a reader's length, as a client streaming its body does.
type chunked struct{ r io.Reader }

func (c chunked) Read(p []byte) (int, error) { return c.r.Read(p) }

// TestUploadLimit: one limit, model.MaxUploadBytes, told in the same
// words whether the client declares the length or streams the body.
func TestUploadLimit(t *testing.T) {
	f := setup(t)
	over := bytes.Repeat([]byte("x"), model.MaxUploadBytes+1)
	tests := []struct {
		name, method, path string
		body               func() (io.Reader, string)
		status             int
	}{
		{"DeclaredOver", "POST", "/api/plans", func() (io.Reader, string) { return multipartBody(t, "grande.xlsx", over) }, 413},
		{"ChunkedOver", "POST", "/api/plans", func() (io.Reader, string) {
			b, ct := multipartBody(t, "grande.xlsx", over)
			return chunked{b}, ct
		}, 413},
		{"ChunkedOverSubmission", "POST", "/api/plans/1/submissions", func() (io.Reader, string) {
			b, ct := multipartBody(t, "grande.xlsx", over)
			return chunked{b}, ct
		}, 413},
		{"ChunkedJSONOver", "PUT", "/api/plans/1/measurements", func() (io.Reader, string) {
			return chunked{io.MultiReader(strings.NewReader(`{"1.4.1":"`), bytes.NewReader(bytes.Repeat([]byte("1"), model.MaxUploadBytes+1<<20)), strings.NewReader(`"}`))}, "application/json"
		}, 413},
		// exactly the limit passes the size checks and is refused for
		// what it is, not for its size
		{"AtLimit", "POST", "/api/plans", func() (io.Reader, string) {
			return multipartBody(t, "limite.xlsx", bytes.Repeat([]byte("x"), model.MaxUploadBytes))
		}, 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := tt.body()
			req := httptest.NewRequest(tt.method, tt.path, body)
			if _, ok := body.(chunked); ok {
				req.ContentLength = -1
			}
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
			rec := httptest.NewRecorder()
			f.e.ServeHTTP(rec, req)
			var doc struct{ Error string }
			json.Unmarshal(rec.Body.Bytes(), &doc)
			if rec.Code != tt.status {
				t.Fatalf("%d, want %d: %.300s", rec.Code, tt.status, rec.Body.String())
			}
			// values sent as JSON have a bound of their own, and say so
			if tt.status == 413 && doc.Error != model.ErrTooLarge().Message && !strings.Contains(doc.Error, "al massimo 30000 valori") {
				t.Errorf("message %q", doc.Error)
			}
		})
	}
	if !strings.Contains(model.ErrTooLarge().Message, "20 MB") {
		t.Errorf("the limit reads %q", model.ErrTooLarge().Message)
	}
}

// TestHealth: GET and HEAD answer 200 while the database takes writes, 503
// when it cannot; writes then get the unavailable sentence, not a 500.
func TestHealth(t *testing.T) {
	f := setup(t)
	for _, method := range []string{"GET", "HEAD"} {
		if rec := f.do(t, "", method, "/healthz", nil, ""); rec.Code != 200 {
			t.Errorf("%s /healthz: %d", method, rec.Code)
		}
	}
	// the same database, opened read-only
	ro, err := sqlite.Open(f.dbPath + "?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	roApp := app.New(ro)
	rof := &fixture{a: roApp, db: ro, tokens: f.tokens, e: web.New(roApp, slog.New(slog.NewTextHandler(io.Discard, nil)))}
	for _, method := range []string{"GET", "HEAD"} {
		if rec := rof.do(t, "", method, "/healthz", nil, ""); rec.Code != 503 {
			t.Errorf("%s /healthz on a read-only database: %d", method, rec.Code)
		}
	}
	rec := rof.do(t, "unit", "PUT", "/api/plans/1/measurements", strings.NewReader(`{"1.4.1":"160"}`), "application/json")
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), model.ErrUnavailable.Message) {
		t.Errorf("write on a read-only database: %d %s", rec.Code, rec.Body.String())
	}
	body, ct := multipartBody(t, "m.xlsx", fillCell(t, f.sheet, "H7", "160"))
	if rec := rof.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct); rec.Code != 503 {
		t.Errorf("upload on a read-only database: %d %s", rec.Code, rec.Body.String())
	}
	// a file that would be refused cannot be recorded either: the store's
	// failure is the answer, not the file's fault
	body, ct = multipartBody(t, "m.xlsx", fillCell(t, f.sheet, "H7", "abc"))
	if rec := rof.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct); rec.Code != 503 {
		t.Errorf("a refused upload on a read-only database: %d %s", rec.Code, rec.Body.String())
	}
	body, ct = multipartBody(t, "piano.xlsx", []byte("not a workbook"))
	if rec := rof.do(t, "admin", "POST", "/api/plans", body, ct); rec.Code != 503 {
		t.Errorf("a refused plan on a read-only database: %d %s", rec.Code, rec.Body.String())
	}
}
