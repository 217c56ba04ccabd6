package web_test

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/xuri/excelize/v2"
)

// fillCell types text into a cell of the entry sheet.
func fillCell(t *testing.T, book []byte, cell, value string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellStr("Rilevazione", cell, value); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// get downloads path as who, sending etag as If-None-Match when given.
func (f *fixture) get(t *testing.T, who, path, etag string) *httptest.ResponseRecorder {
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
