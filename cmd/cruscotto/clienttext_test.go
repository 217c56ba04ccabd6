package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/clienttest"
	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// Texts that clients re-encode: a line break, Excel's escape written
// literally, quotes, XML's own characters, an emoji, 255 characters.
var (
	awkwardUnit  = "Qualità & <Servizi> 🚀 l'ufficio"
	longUnit     = "Ufficio " + strings.Repeat("molto lungo ", 20) + strings.Repeat("z", 255-8-240)
	awkwardTitle = map[string]string{
		"1.1.1": "Prima riga\nseconda riga con \"virgolette\" & <tag>",
		"1.1.2": "_x000D_ scritto così 🚀",
		"1.1.3": strings.Repeat("Lungo ", 42) + "fin",
	}
	awkwardNote = map[string]string{
		"1.1.1": "Nota su due righe\nseconda «riga» & <fine> \"ok\" 🚀",
		"1.1.2": "letterale _x000D_ e _x005F_",
		"1.1.3": strings.Repeat("n", 255),
	}
)

// awkwardPlan writes a plan whose units and titles are such texts.
func awkwardPlan(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"Prospettiva", "Cod. strategico", "Descrizione strategica", "Target 2024", "Cod. operativo", "Titolo obiettivo operativo", "Peso obiettivo operativo",
			"Cod. azione", "Titolo azione", "Peso azione", "KPI azione", "Target azione", "Soglia 80%", "Soglia 60%", "Responsabile"},
		{"Processi interni", 1, "Qualità", "80%", "1.1", "Servizi", "100%", "1.1.1", awkwardTitle["1.1.1"], "40%", "numero", 10, 8, 6, awkwardUnit},
		// Excel escapes the «_x000D_» a person types (excelize does not)
		{"Processi interni", 1, "Qualità", "80%", "1.1", "Servizi", "100%", "1.1.2", model.EncodeExcelEscapes(awkwardTitle["1.1.2"]), "30%", "numero", 10, 8, 6, awkwardUnit},
		{"Processi interni", 1, "Qualità", "80%", "1.1", "Servizi", "100%", "1.1.3", awkwardTitle["1.1.3"], "30%", "numero", 10, 8, 6, longUnit},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "piano-2024.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAwkwardTextSurvivesClients: a unit's workbook whose unit name,
// titles and notes hold awkward text is filled and saved by excelize,
// openpyxl and LibreOffice; each file is accepted (the signed identity
// still verifies), the titles read back unchanged, and the notes are
// stored as typed.
func TestAwkwardTextSurvivesClients(t *testing.T) {
	clienttest.SkipShort(t)
	if len(longUnit) < 255 {
		t.Fatalf("the long unit name has %d bytes", len(longUnit))
	}
	plan := awkwardPlan(t)
	clients := map[string]func(t *testing.T, src string, spec map[string]any) string{
		"excelize": fillExcelize,
		"openpyxl": fill,
		"LibreOffice": func(t *testing.T, src string, spec map[string]any) string {
			return clienttest.Convert(t, fillExcelize(t, src, spec), "xlsx")
		},
	}
	// openpyxl (3.0) decodes Excel's escapes when it reads but writes text
	// without escaping them: the literal text «_x000D_» it saves is, for
	// Excel and for us, a line break. The other texts must survive it.
	literal := func(client, code string) bool { return client == "openpyxl" && code == "1.1.2" }
	for name, client := range clients {
		t.Run(name, func(t *testing.T) {
			tmp := t.TempDir()
			db, dir := filepath.Join(tmp, "c.db"), filepath.Join(tmp, "cartelle")
			if code, _, stderr := cli(t, "", "import", "--db", db, plan); code != exitOK {
				t.Fatal(stderr)
			}
			if code, out, stderr := cli(t, "", "sheets", "--db", db, "--plan", "1", "--out", dir); code != exitOK {
				t.Fatalf("sheets: %s %s", out, stderr)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
			if len(files) != 2 {
				t.Fatalf("%d workbooks: %v", len(files), files)
			}
			for _, file := range files {
				if len(filepath.Base(file)) > 120 {
					t.Errorf("file name of %d bytes: %s", len(filepath.Base(file)), filepath.Base(file))
				}
				// the note as Excel stores what a person types: excelize and
				// openpyxl write text as given, without Excel's escapes
				spec := map[string]any{}
				for _, code := range codesIn(t, file) {
					spec[code] = map[string]any{"kind": "number", "value": 9, "note": model.EncodeExcelEscapes(awkwardNote[code])}
				}
				filled := client(t, file, spec)
				titles := titlesIn(t, filled)
				for code := range spec {
					if titles[code] != awkwardTitle[code] && !literal(name, code) {
						t.Errorf("title of %s after %s: %q, want %q", code, name, titles[code], awkwardTitle[code])
					}
				}
				if code, out, stderr := cli(t, "", "collect", "--db", db, filled); code != exitOK {
					t.Fatalf("collect %s: exit %d\n%s%s", filepath.Base(file), code, out, stderr)
				}
			}
			notes := storedNotes(t, db)
			for code, want := range awkwardNote {
				if notes[code] != want {
					t.Errorf("note of %s after %s: %q, want %q", code, name, notes[code], want)
				}
			}
			// the next workbooks carry the stored notes, written by us: the
			// client saves them again untouched, and they come back as stored
			dir2 := filepath.Join(tmp, "di-nuovo")
			if code, out, stderr := cli(t, "", "sheets", "--db", db, "--plan", "1", "--out", dir2); code != exitOK {
				t.Fatalf("sheets: %s %s", out, stderr)
			}
			files, _ = filepath.Glob(filepath.Join(dir2, "*.xlsx"))
			for _, file := range files {
				spec := map[string]any{}
				for _, code := range codesIn(t, file) {
					spec[code] = map[string]any{"kind": "number", "value": 7}
				}
				if code, out, stderr := cli(t, "", "collect", "--db", db, client(t, file, spec)); code != exitOK {
					t.Fatalf("collect again %s: exit %d\n%s%s", filepath.Base(file), code, out, stderr)
				}
			}
			notes = storedNotes(t, db)
			for code, want := range awkwardNote {
				if notes[code] != want && !literal(name, code) {
					t.Errorf("note of %s kept through %s: %q, want %q", code, name, notes[code], want)
				}
			}
		})
	}
}

// fillExcelize fills a workbook as a program using excelize would.
func fillExcelize(t *testing.T, src string, spec map[string]any) string {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(model.EntrySheet)
	if err != nil {
		t.Fatal(err)
	}
	var codeCol, valueCol, noteCol int
	for r, row := range rows {
		for c, v := range row {
			switch v {
			case model.EntryHeadCode:
				codeCol = c + 1
			case model.EntryHeadValue:
				valueCol = c + 1
			case model.EntryHeadNote:
				noteCol = c + 1
			}
		}
		if codeCol == 0 || r == 0 {
			continue
		}
		if codeCol-1 >= len(row) {
			continue
		}
		item, ok := spec[row[codeCol-1]].(map[string]any)
		if !ok {
			continue
		}
		value, _ := excelize.CoordinatesToCellName(valueCol, r+1)
		note, _ := excelize.CoordinatesToCellName(noteCol, r+1)
		if err := f.SetCellValue(model.EntrySheet, value, item["value"]); err != nil {
			t.Fatal(err)
		}
		if text, ok := item["note"].(string); ok {
			if err := f.SetCellStr(model.EntrySheet, note, text); err != nil {
				t.Fatal(err)
			}
		}
	}
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// entryColumns reads a unit workbook's entry sheet with our reader and
// returns, by action code, the text under a heading.
func entryColumn(t *testing.T, path, head string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := workbook.Open(context.Background(), data, workbook.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	sh, err := wb.ReadSheet(model.EntrySheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	codeCol, col := 0, 0
	for _, r := range sh.Rows {
		if codeCol == 0 {
			for _, c := range r.Cells {
				switch c.Text {
				case model.EntryHeadCode:
					codeCol = c.Col
				case head:
					col = c.Col
				}
			}
			continue
		}
		if code := r.Get(codeCol).String(); strings.Count(code, ".") == 2 {
			out[code] = r.Get(col).Text
		}
	}
	return out
}

func codesIn(t *testing.T, path string) []string {
	var codes []string
	for code := range entryColumn(t, path, model.EntryHeadCode) {
		codes = append(codes, code)
	}
	return codes
}

func titlesIn(t *testing.T, path string) map[string]string {
	return entryColumn(t, path, "Azione")
}

// storedNotes returns the note stored with each action's value.
func storedNotes(t *testing.T, db string) map[string]string {
	t.Helper()
	code, stdout, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--json")
	if code != exitOK {
		t.Fatal(stderr)
	}
	var doc struct {
		Actions []struct{ Code, Note string }
	}
	if err := json.Unmarshal(bytes.TrimSpace([]byte(stdout)), &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range doc.Actions {
		out[a.Code] = a.Note
	}
	return out
}
