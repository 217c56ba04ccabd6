package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDownloadsRevalidate: each generated workbook carries an ETag; a
// client sending it back gets 304 and no body, until a value that the
// file shows is stored; the answer is private and revalidated.
func TestDownloadsRevalidate(t *testing.T) {
	f := setup(t)
	get := func(who, path, etag string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens[who])
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		rec := httptest.NewRecorder()
		f.e.ServeHTTP(rec, req)
		return rec
	}
	for i, tt := range []struct{ who, path string }{
		{"unit", "/api/plans/1/units/mediazione/sheet.xlsx"},
		{"viewer", "/api/plans/1/scorecard.xlsx"},
		{"admin", "/api/plans/1/filled-plan.xlsx?method=linear"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			first := get(tt.who, tt.path, "")
			etag := first.Header().Get("ETag")
			if first.Code != 200 || !strings.HasPrefix(etag, `"`) || first.Header().Get("Cache-Control") != "private, no-cache" {
				t.Fatalf("%d, ETag %q, Cache-Control %q", first.Code, etag, first.Header().Get("Cache-Control"))
			}
			again := get(tt.who, tt.path, etag)
			if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != etag {
				t.Fatalf("revalidated: %d, %d bytes, ETag %q", again.Code, again.Body.Len(), again.Header().Get("ETag"))
			}
			if rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements", strings.NewReader(fmt.Sprintf(`{"1.4.1":"%d"}`, 101+i)), "application/json"); rec.Code != 200 {
				t.Fatal(rec.Body.String())
			}
			changed := get(tt.who, tt.path, etag)
			if changed.Code != 200 || changed.Header().Get("ETag") == etag || changed.Body.Len() == 0 {
				t.Errorf("after a new value: %d, ETag %q", changed.Code, changed.Header().Get("ETag"))
			}
		})
	}
	// a tag opens nothing: another unit's workbook stays refused
	if rec := get("other", "/api/plans/1/units/mediazione/sheet.xlsx", "*"); rec.Code != http.StatusNotFound {
		t.Errorf("another unit with If-None-Match *: %d", rec.Code)
	}
}
