package web_test

import (
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGzip: pages, JSON and CSS are compressed for clients that accept
// it; workbooks, zip files already, are sent as they are.
func TestGzip(t *testing.T) {
	f := setup(t)
	tests := []struct {
		path    string
		gzipped bool
	}{
		{"/api/plans/1", true},
		{"/static/style.css", true},
		{"/api/plans/1/scorecard.xlsx", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			req := httptest.NewRequest("GET", tt.path, nil)
			req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
			req.Header.Set("Accept-Encoding", "gzip")
			rec := httptest.NewRecorder()
			f.e.ServeHTTP(rec, req)
			if rec.Code != 200 {
				t.Fatalf("%d", rec.Code)
			}
			if got := rec.Header().Get("Content-Encoding") == "gzip"; got != tt.gzipped {
				t.Fatalf("gzip %v, want %v", got, tt.gzipped)
			}
			if !tt.gzipped {
				return
			}
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(zr)
			if err != nil || len(body) == 0 || !strings.ContainsAny(string(body), "{.") {
				t.Errorf("the body does not inflate: %v, %d bytes", err, len(body))
			}
		})
	}
}
