package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"cruscotto/cmd/cruscotto/internal/web"
)

// TestUploadGate: with every upload slot taken by a body still arriving,
// the next upload waits, then gets 503 with a sentence, before any of its
// body is read; once the slot is free, uploads go through again.
func TestUploadGate(t *testing.T) {
	f := setup(t)
	e := web.New(f.a, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{UploadSlots: 1, UploadWait: 100 * time.Millisecond})
	upload := func(body io.Reader) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/api/plans/1/submissions", body)
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		req.Header.Set("Authorization", "Bearer "+f.tokens["unit"])
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	slow, feed := io.Pipe()
	held := make(chan *httptest.ResponseRecorder)
	go func() { held <- upload(slow) }()
	if _, err := feed.Write([]byte("--x\r\n")); err != nil { // the first body has begun: its slot is taken
		t.Fatal(err)
	}
	read := false
	probe := readerFunc(func(p []byte) (int, error) { read = true; return 0, io.EOF })
	if rec := upload(probe); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "molti file") || read {
		t.Errorf("an upload past the slots: %d %s (body read: %v)", rec.Code, rec.Body.String(), read)
	}
	feed.Close()
	if rec := <-held; rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("the held upload: %d %s", rec.Code, rec.Body.String())
	}
	if rec := upload(strings.NewReader("")); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("an upload once the slot is free: %d %s", rec.Code, rec.Body.String())
	}
}

type readerFunc func([]byte) (int, error)

func (r readerFunc) Read(p []byte) (int, error) { return r(p) }
