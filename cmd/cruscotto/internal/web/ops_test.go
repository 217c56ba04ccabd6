package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"cruscotto/model"
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
			if tt.status == 413 && doc.Error != model.ErrTooLarge().Message {
				t.Errorf("message %q", doc.Error)
			}
		})
	}
	if !strings.Contains(model.ErrTooLarge().Message, "20 MB") {
		t.Errorf("the limit reads %q", model.ErrTooLarge().Message)
	}
}
