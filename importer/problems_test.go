package importer_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/importer"
	"cruscotto/model"
)

// sheetOf builds a one-sheet workbook from rows of cell values starting at
// A1, with optional merges ("A3:A5").
func sheetOf(t *testing.T, name string, rows [][]any, merges ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(name, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range merges {
		a, b, _ := strings.Cut(m, ":")
		if err := f.MergeCell(name, a, b); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// header is a one-row plan header with every column.
var header = []any{"Prospettiva", "Cod. strategico", "Descrizione strategica", "Target 2024", "Cod. operativo", "Titolo obiettivo operativo", "Peso obiettivo operativo",
	"Cod. azione", "Titolo azione", "Peso azione", "KPI azione", "Target azione", "Soglia 80%", "Soglia 60%", "Responsabile"}

func TestSingleRowHeaderWithLevelWords(t *testing.T) {
	data := sheetOf(t, "Piano 2024", [][]any{
		header,
		{"Processi interni", 1, "Qualità", "80%", "1.1", "Tempi", "100%", "1.1.1", "Pagamenti", "100%", "giorni", "28 gg", "30 gg", "35 gg", `U.O. "Ragioneria"`},
	})
	p, err := importer.ParsePlan(context.Background(), data, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := p.Actions()
	if p.Year != 2024 || len(a) != 1 || a[0].Direction != model.LowerIsBetter || a[0].Units[0] != "Ragioneria" || a[0].Threshold60.Float() != 35 {
		t.Errorf("got year %d, actions %+v", p.Year, a)
	}
}

// TestErrorsAreAllListed puts several errors in one file: each is reported
// with its cell, and nothing is returned.
func TestErrorsAreAllListed(t *testing.T) {
	data := sheetOf(t, "Piano", [][]any{
		header,
		{"P", 1, "S1", "80%", "1.1", "O1", "50%", "1.1.1", "A", "100%", "k", 4, 3, 2, "SG"},
		{"P", 1, "S1", "80%", "1.2", "O2", "50%", "1.2.1", "B", "abc", "k", 4, 3, 2, "SG"},   // weight not a number
		{"P", 1, "S1", "80%", "1.2", "O2", "50%", "1.1.1", "C", "100%", "k", 4, 3, 2, "SG"},  // duplicate code
		{"P", 2, "S2", "80%", "3.1", "O3", "100%", "3.1.1", "D", "100%", "k", 4, 3, 2, "SG"}, // no strategic 3
		{"P", 2, "S2", "80%", "2.1", "O4", "100%", "2.9.1", "E", "100%", "k", 4, 3, 2, "SG"}, // no operational 2.9
	})
	_, err := importer.ParsePlan(context.Background(), data, importer.Options{})
	if model.ErrorCode(err) != model.EInvalid {
		t.Fatalf("err = %v, want an invalid-input error", err)
	}
	want := map[string]string{
		"Piano!J3": "non è un numero",
		"Piano!H4": "duplicato",
		"Piano!E5": "obiettivo strategico 3",
		"Piano!H6": "obiettivo operativo 2.9",
	}
	problems := model.ErrorProblems(err)
	for _, p := range problems {
		if frag, ok := want[p.Location()]; ok && strings.Contains(p.Message, frag) {
			delete(want, p.Location())
		}
	}
	if len(want) > 0 {
		t.Errorf("errors not reported: %v; got %v", want, problems)
	}
	if !strings.Contains(model.ErrorMessage(err), "4 errori") {
		t.Errorf("message = %q", model.ErrorMessage(err))
	}
}

func TestWarnings(t *testing.T) {
	data := sheetOf(t, "Piano", [][]any{
		header,
		{"P", 1, "S1", "80%", "1.1", "O1", "60%", "1.1.1", "A", "50%", "k", 4, 5, 3, "SG"},                                     // thresholds not ordered
		{"P", 1, "S1", "80%", "1.1", "O1", "60%", "1.1.2", "B", "40%", "k", 10, 8, 6, ""},                                      // no unit; weights 90
		{"P", 1, "S1", "80%", "1.2", "O2", "30%", "1.2.1", "C", "100%", "k", 10, "qualitativa", 6, "U.O. Mediazione"},          // words threshold; weights 90
		{"P", 1, "S1", "80%", "1.2", "O2", "30%", "1.2.2", "D", "0%", "k", "qualitativo", "qualitativo", "", "U.O. Mediazion"}, // near-duplicate
	})
	p, err := importer.ParsePlan(context.Background(), data, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ cell, frag string }{
		{"Piano!N2", "non sono ordinate"},
		{"Piano!O3", "non ha un responsabile"},
		{"Piano!M4", "non numerica"},
		{"Piano!O5", "somiglia a «Mediazione»"},
		{"Piano!B2", "sommano a 90%"},
		{"Piano!E2", "sommano a 90%"},
	}
	if len(p.Warnings) != len(want) {
		t.Errorf("got %d warnings, want %d: %v", len(p.Warnings), len(want), p.Warnings)
	}
	for _, w := range want {
		found := false
		for _, got := range p.Warnings {
			found = found || (got.Location() == w.cell && strings.Contains(got.Message, w.frag))
		}
		if !found {
			t.Errorf("no warning %q at %s in %v", w.frag, w.cell, p.Warnings)
		}
	}
}

func TestHeaderProblems(t *testing.T) {
	tests := []struct {
		name string
		rows [][]any
		frag string
	}{
		{"no header", [][]any{{"Relazione sulla performance"}, {"testo libero", 3}}, "Nessuna intestazione del piano"},
		{"missing weight column", [][]any{{"Cod. strategico", "Cod. operativo", "Peso obiettivo operativo", "Cod. azione", "Target azione"}, {1, "1.1", "100%", "1.1.1", 4}}, "«peso» di «Azioni»"},
		{"empty workbook", nil, "non contiene dati"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importer.ParsePlan(context.Background(), sheetOf(t, "Foglio1", tt.rows), importer.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.frag) {
				t.Errorf("err = %v, want it to mention %q", err, tt.frag)
			}
		})
	}
}

// TestLibreOfficeResave reads the 2020 plan as LibreOffice saves it
// (different XML: inline styles, shared strings order, no spans).
func TestLibreOfficeResave(t *testing.T) {
	orig := mustParse(t, plan2020)
	lo := mustParse(t, "../testdata/piano-performance-2020-libreoffice.xlsx")
	if got, want := shape(t, lo), shape(t, orig); got != want {
		t.Errorf("LibreOffice copy differs:\n%s", firstDiff(got, want))
	}
}

func zipOf(t *testing.T, files map[string][]byte, lie map[string]uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		if size, ok := lie[name]; ok {
			var comp bytes.Buffer
			fw, _ := flate.NewWriter(&comp, flate.BestCompression)
			fw.Write(content)
			fw.Close()
			w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(comp.Bytes())
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	zw.Close()
	return buf.Bytes()
}

func minimalParts(sheet []byte) map[string][]byte {
	return map[string][]byte{
		"[Content_Types].xml":        []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`),
		"xl/workbook.xml":            []byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><sheets><sheet name="Piano" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		"xl/_rels/workbook.xml.rels": []byte(`<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
		"xl/worksheets/sheet1.xml":   sheet,
	}
}

// strictOf rewrites a workbook in the Strict Open XML namespaces, as
// Excel's «Foglio di calcolo Open XML Strict» saves it.
func strictOf(t *testing.T, data []byte) []byte {
	t.Helper()
	return rewrite(t, data, func(b []byte) []byte {
		return bytes.ReplaceAll(b, []byte("http://schemas.openxmlformats.org/spreadsheetml/2006/main"), []byte("http://purl.oclc.org/ooxml/spreadsheetml/main"))
	}, nil)
}

// rewrite copies a workbook's parts through change, adding extra.
func rewrite(t *testing.T, data []byte, change func([]byte) []byte, extra map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = change(b)
	}
	for name, b := range extra {
		files[name] = b
	}
	return zipOf(t, files, nil)
}

// TestMacroWorkbook: a plan saved as .xlsm is read, and the import says
// its macros were ignored.
func TestMacroWorkbook(t *testing.T) {
	plan, err := os.ReadFile(plan2020)
	if err != nil {
		t.Fatal(err)
	}
	xlsm := rewrite(t, plan, func(b []byte) []byte { return b }, map[string][]byte{"xl/vbaProject.bin": []byte("\xd0\xcf\x11\xe0 macro")})
	p, err := importer.ParsePlan(context.Background(), xlsm, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := importer.ParsePlan(context.Background(), plan, importer.Options{})
	if len(p.Actions()) != len(want.Actions()) {
		t.Errorf("%d actions from the .xlsm, %d from the .xlsx", len(p.Actions()), len(want.Actions()))
	}
	found := false
	for _, w := range p.Warnings {
		found = found || strings.Contains(w.Message, "macro (.xlsm): sono state ignorate")
	}
	if !found {
		t.Errorf("no warning about the macros among %v", p.Warnings)
	}
}

// TestHostileFiles feeds the importer what people upload by mistake and
// what an attacker might: each gets one clear sentence, no panic, and
// memory stays bounded.
func TestHostileFiles(t *testing.T) {
	plan, err := os.ReadFile(plan2020)
	if err != nil {
		t.Fatal(err)
	}
	read := func(path string) []byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	encrypted := func() []byte {
		f, err := excelize.OpenFile(plan2020)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf, excelize.Options{Password: "segreto"}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	bigSheet := bytes.Repeat([]byte(" "), 130<<20)
	tests := []struct {
		name string
		data []byte
		frag string
	}{
		{"empty file", nil, "vuoto"},
		{"text file", []byte("Prospettiva cod. descrizione\n"), "non è una cartella di lavoro Excel"},
		{"csv", []byte("Prospettiva;cod.;descrizione\n1;2;3\n"), "formato CSV"},
		{"csv with commas", []byte("\xef\xbb\xbfProspettiva,cod.,descrizione\r\n\"Processi, interni\",1,2\r\n"), "formato CSV"},
		{"html saved as xls", []byte("<html><body><table><tr><td>Prospettiva</td></tr></table></body></html>"), "pagina web (HTML)"},
		{"xlsb", zipOf(t, map[string][]byte{"xl/workbook.bin": {1, 2}, "[Content_Types].xml": []byte("<Types/>")}, nil), "(.xlsb)"},
		{"strict open xml", strictOf(t, plan), "Open XML Strict"},
		{"pdf", []byte("%PDF-1.4\n..."), "PDF"},
		{"truncated", plan[:len(plan)/2], "danneggiato o incompleto"},
		{"legacy xls", read("../testdata/hostile/piano-performance-2020.xls"), "(.xls)"},
		{"ods", read("../testdata/hostile/piano-performance-2020.ods"), "(.ods)"},
		{"password protected", encrypted(), "password"},
		{"zip that is not a workbook", zipOf(t, map[string][]byte{"a.txt": []byte("ciao")}, nil), "non una cartella di lavoro"},
		{"zip bomb", zipOf(t, minimalParts(bigSheet), nil), "decompresso, supera"},
		{"zip bomb declaring a huge size", zipOf(t, minimalParts([]byte("<worksheet/>")), map[string]uint64{"xl/worksheets/sheet1.xml": 50 << 30}), "decompresso, supera"},
		{"zip bomb declaring a small size", zipOf(t, minimalParts(bigSheet[:100<<20]), map[string]uint64{"xl/worksheets/sheet1.xml": 1000}), "danneggiato"},
		{"broken xml", zipOf(t, minimalParts([]byte("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c>")), nil), "danneggiato"},
		{"bad cell reference", zipOf(t, minimalParts([]byte(`<worksheet><sheetData><row r="1"><c r="ZZZZZZ1"><v>1</v></c></row></sheetData></worksheet>`)), nil), "danneggiato"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			p, err := importer.ParsePlan(context.Background(), tt.data, importer.Options{})
			runtime.ReadMemStats(&after)
			if p != nil || err == nil {
				t.Fatalf("accepted a hostile file")
			}
			if model.ErrorCode(err) != model.EInvalid {
				t.Errorf("error code %s, want invalid: %v", model.ErrorCode(err), err)
			}
			if msg := model.ErrorMessage(err); !strings.Contains(msg, tt.frag) || strings.Count(msg, ". ") > 2 {
				t.Errorf("message %q, want one sentence mentioning %q", msg, tt.frag)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Errorf("allocated %d MB reading a hostile file", grew>>20)
			}
		})
	}
}
