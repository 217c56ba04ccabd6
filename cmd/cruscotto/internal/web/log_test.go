package web_test

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"cruscotto/cmd/cruscotto/internal/web"
)

// TestOneLogLinePerRequest: the request log has one line per request.
func TestOneLogLinePerRequest(t *testing.T) {
	f := setup(t)
	var buf bytes.Buffer
	e := web.New(f.a, slog.New(slog.NewTextHandler(&buf, nil)))
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	t.Log(buf.String())
	if n := strings.Count(buf.String(), "msg=request"); n != 1 {
		t.Errorf("%d lines", n)
	}
}
