package model_test

import (
	"encoding/json"
	"testing"

	"cruscotto/model"
)

func TestCellRef(t *testing.T) {
	tests := []struct {
		name string
		text string
		ref  model.CellRef
	}{
		{"OK", "Rilevazione!H7", model.CellRef{Sheet: "Rilevazione", Col: 8, Row: 7}},
		{"a sheet name with spaces, unquoted", "Tessuto economico!L6", model.CellRef{Sheet: "Tessuto economico", Col: 12, Row: 6}},
		{"a sheet name with «!»", "Piano!2021!AB12", model.CellRef{Sheet: "Piano!2021", Col: 28, Row: 12}},
		{"the last cell of a sheet", "P!XFD1048576", model.CellRef{Sheet: "P", Col: model.MaxColumn, Row: model.MaxRow}},
		{"the sheet alone", "P!", model.CellRef{Sheet: "P"}},
		{"nowhere", "", model.CellRef{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.ref.String(); got != tt.text {
				t.Errorf("String() = %q, want %q", got, tt.text)
			}
			got, err := model.ParseCellRef(tt.text)
			if err != nil || got != tt.ref {
				t.Errorf("ParseCellRef(%q) = %+v, %v, want %+v", tt.text, got, err, tt.ref)
			}
		})
	}
	for _, bad := range []string{"H7", "P!7", "P!H", "P!H0", "P!7H", "P!XFE1", "P!A1048577", "P!A1:B2"} {
		t.Run("ErrInvalid "+bad, func(t *testing.T) {
			if got, err := model.ParseCellRef(bad); err == nil {
				t.Errorf("ParseCellRef(%q) = %+v, want an error", bad, got)
			}
		})
	}
}

// TestCellRefJSON: a cell is written in JSON as it always was, a string.
func TestCellRefJSON(t *testing.T) {
	type item struct {
		Cell model.CellRef `json:"cell"`
	}
	a := item{Cell: model.CellRef{Sheet: "Tessuto economico", Col: 12, Row: 6}}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Cell any }
	if err := json.Unmarshal(b, &doc); err != nil || doc.Cell != "Tessuto economico!L6" {
		t.Errorf("cell in JSON = %#v, %v", doc.Cell, err)
	}
	var back item
	if err := json.Unmarshal(b, &back); err != nil || back.Cell != a.Cell {
		t.Errorf("read back %+v, %v", back.Cell, err)
	}
	if err := json.Unmarshal([]byte(`{"cell":"L6"}`), &back); err == nil {
		t.Error("read a cell without its sheet")
	}
}

func TestColumns(t *testing.T) {
	tests := []struct {
		letters string
		col     int
	}{{"A", 1}, {"Z", 26}, {"AA", 27}, {"AB", 28}, {"AZ", 52}, {"ZZ", 702}, {"AAA", 703}, {"XFD", model.MaxColumn}}
	for _, tt := range tests {
		if got := model.ColumnName(tt.col); got != tt.letters {
			t.Errorf("ColumnName(%d) = %q, want %q", tt.col, got, tt.letters)
		}
		if got := model.ColumnNumber(tt.letters); got != tt.col {
			t.Errorf("ColumnNumber(%q) = %d, want %d", tt.letters, got, tt.col)
		}
	}
	for _, tt := range []struct {
		letters string
		col     int
	}{{" ab ", 28}, {"XFE", 0}, {"A1", 0}, {"", 0}, {"À", 0}} {
		if got := model.ColumnNumber(tt.letters); got != tt.col {
			t.Errorf("ColumnNumber(%q) = %d, want %d", tt.letters, got, tt.col)
		}
	}
}

func TestParseCellName(t *testing.T) {
	tests := []struct {
		name     string
		col, row int
		ok       bool
	}{
		{"A1", 1, 1, true}, {"T25", 20, 25, true}, {"ab12", 28, 12, true}, {"AB$12", 28, 12, true}, {"XFD1048576", 16384, 1048576, true},
		{"A0", 0, 0, false}, {"1A", 0, 0, false}, {"ZZZZ1", 0, 0, false}, {"A", 0, 0, false}, {"$A1", 0, 0, false}, {"", 0, 0, false},
	}
	for _, tt := range tests {
		col, row, ok := model.ParseCellName(tt.name)
		if ok != tt.ok || col != tt.col || row != tt.row {
			t.Errorf("ParseCellName(%q) = %d, %d, %v, want %d, %d, %v", tt.name, col, row, ok, tt.col, tt.row, tt.ok)
		}
	}
}

func TestBlockHolds(t *testing.T) {
	b := model.Block{Sheet: "Piano", HeaderTop: 3, LabelRow: 4, HeaderEnd: 5, LastCol: 20, LastRow: 25}
	tests := []struct {
		name string
		cell model.CellRef
		want bool
	}{
		{"OK", model.CellRef{Sheet: "Piano", Col: 12, Row: 6}, true},
		{"the last row", model.CellRef{Sheet: "Piano", Col: 1, Row: 25}, true},
		{"a header row", model.CellRef{Sheet: "Piano", Col: 12, Row: 5}, false},
		{"below the block", model.CellRef{Sheet: "Piano", Col: 12, Row: 26}, false},
		{"another sheet", model.CellRef{Sheet: "Altro", Col: 12, Row: 6}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Holds(tt.cell); got != tt.want {
				t.Errorf("Holds(%v) = %v, want %v", tt.cell, got, tt.want)
			}
		})
	}
}
