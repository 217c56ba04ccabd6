package sheet_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/internal/sheet"
	"cruscotto/model"
)

func TestPageHeaderFits(t *testing.T) {
	for _, left := range []string{"Mediazione", strings.Repeat("Qualità & servizi ", 30), strings.Repeat("&", 300)} {
		h := sheet.PageHeader(left, "consuntivo 2024")
		if n := utf8.RuneCountInString(h); n > sheet.MaxHeaderFooter {
			t.Errorf("header of %d characters for %.20q…", n, left)
		}
		l, _, _ := strings.Cut(strings.TrimPrefix(h, "&L"), "&Rconsuntivo 2024")
		if !strings.HasSuffix(h, "&Rconsuntivo 2024") || strings.Count(l, "&")%2 != 0 {
			t.Errorf("header %.60q… lost its right part or split an escaped &", h)
		}
	}
	if h := sheet.PageHeader("Mediazione", "2024"); h != "&LMediazione&R2024" {
		t.Errorf("short header = %q", h)
	}
	if f := sheet.PageFooter("Risultati — Q&A"); f != "&LRisultati — Q&&A&RPagina &P di &N" {
		t.Errorf("footer = %q", f)
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {-0.0000000001, "0"}, {0.8, "0.8"}, {0.799999999, "0.799999999"}, {12, "12"}, {-3.5, "-3.5"}, {1e12, "1000000000000"},
	}
	for _, tt := range tests {
		if got := sheet.Number(tt.in); got != tt.want {
			t.Errorf("Number(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCellNamesAsExcelize checks model.CellName, which every writer uses,
// against excelize's names over Excel's whole grid of columns.
func TestCellNamesAsExcelize(t *testing.T) {
	for col := 1; col <= excelize.MaxColumns; col++ {
		want, err := excelize.CoordinatesToCellName(col, 7)
		if err != nil {
			t.Fatal(err)
		}
		if got := model.CellName(col, 7); got != want {
			t.Fatalf("CellName(%d, 7) = %q, excelize %q", col, got, want)
		}
	}
}

func TestColumnsIndex(t *testing.T) {
	cols := sheet.Columns{{Head: "Codice", Width: 10}, {Head: "Valore", Width: 14}}
	if cols.Index("Codice") != 1 || cols.Index("Valore") != 2 {
		t.Errorf("Index = %d, %d", cols.Index("Codice"), cols.Index("Valore"))
	}
	defer func() {
		if recover() == nil {
			t.Error("a heading the table lacks did not panic")
		}
	}()
	cols.Index("Nota")
}

func TestSetPage(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := sheet.FitToPage(f, "Sheet1"); err != nil {
		t.Fatal(err)
	}
	p := sheet.Page{Header: sheet.PageHeader("A", "B"), Footer: sheet.PageFooter("C"), TitleRow: 6, LastCol: 3, LastRow: 9, Narrow: true}
	if err := sheet.SetPage(f, "Sheet1", p); err != nil {
		t.Fatal(err)
	}
	layout, err := f.GetPageLayout("Sheet1")
	if err != nil || *layout.Orientation != "landscape" || *layout.Size != 9 || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("layout %+v, %v", layout, err)
	}
	names := map[string]string{}
	for _, n := range f.GetDefinedName() {
		names[n.Name] = n.RefersTo
	}
	if names["_xlnm.Print_Titles"] != "'Sheet1'!$6:$6" || names["_xlnm.Print_Area"] != "'Sheet1'!$A$1:$C$9" {
		t.Errorf("defined names %v", names)
	}
	props, err := f.GetSheetProps("Sheet1")
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("fit to page %+v, %v", props, err)
	}
}
