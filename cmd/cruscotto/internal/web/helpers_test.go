package web_test

import (
	"bytes"
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
