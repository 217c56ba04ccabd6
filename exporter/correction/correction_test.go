package correction_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/correction"
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
			map[string]string{"H7": "scrivere un numero"}, "1 celle evidenziate"},
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
			map[string]string{"H8": "y"}, "1 celle"},
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
