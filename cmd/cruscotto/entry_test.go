package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cruscotto/exporter/clienttest"
)

// entrySetup imports the 2020 plan into a new database and writes every
// unit's data-entry workbook; it returns the database and the folder.
func entrySetup(t *testing.T) (db, dir string) {
	t.Helper()
	tmp := t.TempDir()
	db, dir = filepath.Join(tmp, "c.db"), filepath.Join(tmp, "cartelle")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatal(stderr)
	}
	if code, out, stderr := cli(t, "", "sheets", "--db", db, "--plan", "1", "--out", dir); code != exitOK || !strings.Contains(out, "16 cartelle") {
		t.Fatalf("sheets: exit %d %s %s", code, out, stderr)
	}
	return db, dir
}

// fill fills a workbook with openpyxl from a spec and returns the new file.
func fill(t *testing.T, src string, spec map[string]any) string {
	t.Helper()
	specPath := filepath.Join(t.TempDir(), "spec.json")
	b, _ := json.Marshal(spec)
	if err := os.WriteFile(specPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	clienttest.RunPython(t, "openpyxl_fill.py", src, dst, specPath)
	return dst
}

func measured(t *testing.T, db string) map[string]struct {
	Raw, Kind string
	Value     float64
} {
	t.Helper()
	out := map[string]struct {
		Raw, Kind string
		Value     float64
	}{}
	code, stdout, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--json")
	if code != exitOK {
		t.Fatal(stderr)
	}
	var doc struct {
		Actions []struct {
			Code     string
			Measured *struct {
				Raw   string
				Value float64
				Kind  string
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, a := range doc.Actions {
		if a.Measured != nil {
			out[a.Code] = struct {
				Raw, Kind string
				Value     float64
			}{a.Measured.Raw, a.Measured.Kind, a.Measured.Value}
		}
	}
	return out
}

// TestEntryWorkbooksInOpenpyxl opens every generated workbook in openpyxl
// and checks protection, locked and unlocked cells and validations.
func TestEntryWorkbooksInOpenpyxl(t *testing.T) {
	_, dir := entrySetup(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if len(files) != 16 {
		t.Fatalf("%d workbooks", len(files))
	}
	rows := 0
	for _, f := range files {
		wb := clienttest.Inspect(t, f)
		if len(wb.Sheets) != 3 || wb.Sheets[0].Title != "Rilevazione" || wb.Sheets[1].Title != "Istruzioni" ||
			wb.Sheets[2].Title != "_cruscotto" || wb.Sheets[2].State != "veryHidden" {
			t.Errorf("%s: sheets %+v", f, wb.Sheets)
		}
		for _, s := range wb.Sheets {
			if !s.Protected {
				t.Errorf("%s: sheet %s not protected", f, s.Title)
			}
		}
		if !wb.LockStructure {
			t.Errorf("%s: workbook structure not locked", f)
		}
		l := wb.Layout["Rilevazione"]
		if l.FreezePanes == nil || *l.FreezePanes != "B7" || l.PrintTitleRows == nil || *l.PrintTitleRows != "$6:$6" ||
			l.Orientation == nil || *l.Orientation != "landscape" || l.FitToWidth == nil || *l.FitToWidth != 1 || !l.FitToPage || l.AutoFilter == nil {
			t.Errorf("%s: print and view setup %+v", f, l)
		}
		for _, h := range []string{"A6=Codice azione", "B6=Obiettivo operativo", "C6=Azione", "D6=KPI", "E6=Target", "F6=Soglia 80%", "G6=Soglia 60%", "H6=Valore rilevato", "J6=Note"} {
			ref, want, _ := strings.Cut(h, "=")
			if got := wb.Cells["Rilevazione!"+ref].Value; got != want {
				t.Errorf("%s: %s = %v, want %q", f, ref, got, want)
			}
		}
		validated := map[string]string{}
		for _, v := range wb.Validations {
			for _, ref := range strings.Fields(v.Sqref) {
				validated[ref] = v.Type + " " + v.Formula1 + " " + v.Formula2
			}
			if v.Prompt == "" || v.Error == "" || !v.AllowBlank {
				t.Errorf("%s: validation %+v lacks its messages", f, v)
			}
		}
		for r := 7; ; r++ {
			code, ok := wb.Cells["Rilevazione!A"+itoa(r)]
			if !ok {
				break
			}
			rows++
			for _, col := range "ABCDEFGIK" {
				if c, ok := wb.Cells["Rilevazione!"+string(col)+itoa(r)]; ok && !c.Locked {
					t.Errorf("%s: %c%d is editable", f, col, r)
				}
			}
			v := validated["H"+itoa(r)]
			switch {
			case strings.HasPrefix(code.Value.(string), "3.5.") || code.Value == "3.4.1" || code.Value == "4.1.1" || code.Value == "3.3.5":
				if !strings.HasPrefix(v, "list ") || !strings.Contains(v, "gennaio") || !strings.Contains(v, "dicembre") {
					t.Errorf("%s: H%d (%v) validation %q, want the month list", f, r, code.Value, v)
				}
			case v == "":
				t.Errorf("%s: H%d (%v) has no validation", f, r, code.Value)
			}
		}
	}
	if rows != 49+5 { // 5 actions have two units
		t.Errorf("%d action rows in all, want 54", rows)
	}
}

// TestEntryRoundTrip fills workbooks with openpyxl as a person would,
// re-saves them with LibreOffice, and collects them.
func TestEntryRoundTrip(t *testing.T) {
	db, dir := entrySetup(t)
	typed := []struct {
		file string
		spec map[string]any
	}{
		{"piano-2020-mediazione-2020.xlsx", map[string]any{
			"1.4.1":      map[string]any{"kind": "number", "value": 160, "note": "calo delle istanze"},
			"1.4.2":      map[string]any{"kind": "percent", "value": 0.45},
			"3.3.2":      map[string]any{"kind": "text", "value": "9 gg"},
			"3.3.7":      map[string]any{"kind": "blank"},
			"6.1.3":      map[string]any{"kind": "text", "value": "72%"},
			"_swap_rows": true, "_insert_column": true,
		}},
		{"piano-2020-registro-imprese-2020.xlsx", map[string]any{
			"1.3.1": map[string]any{"kind": "number", "value": 4},
			"1.3.2": map[string]any{"kind": "percent", "value": 0.85},
			"3.2.1": map[string]any{"kind": "number", "value": 4.2},
			"3.5.2": map[string]any{"kind": "date", "value": "2020-10-15"},
		}},
		{"piano-2020-sg-2020.xlsx", map[string]any{
			"3.4.1": map[string]any{"kind": "text", "value": "dicembre"},
			"1.2.1": map[string]any{"kind": "number", "value": 5},
		}},
	}
	for _, tt := range typed {
		filled := fill(t, filepath.Join(dir, tt.file), tt.spec)
		resaved := clienttest.Convert(t, filled, "xlsx")
		code, out, stderr := cli(t, "", "collect", "--db", db, resaved)
		if code != exitOK {
			t.Fatalf("collect %s: exit %d\n%s%s", tt.file, code, out, stderr)
		}
	}
	want := map[string]struct {
		Raw, Kind string
		Value     float64
	}{
		"1.4.1": {"160", "number", 160},
		"1.4.2": {"45%", "percent", 45},
		"3.3.2": {"9 gg", "days", 9},
		"6.1.3": {"72%", "percent", 72},
		"1.3.1": {"4", "number", 4},
		"1.3.2": {"85%", "percent", 85},
		"3.2.1": {"4,2", "number", 4.2},
		"3.5.2": {"15/10/2020", "month", 10},
		"3.4.1": {"dicembre", "month", 12},
		"1.2.1": {"5", "number", 5},
	}
	got := measured(t, db)
	if len(got) != len(want) {
		t.Errorf("stored %d values, want %d: %v", len(got), len(want), got)
	}
	for code, w := range want {
		if got[code] != w {
			t.Errorf("%s stored as %+v, want %+v", code, got[code], w)
		}
	}
	// the same file again changes nothing
	filled := fill(t, filepath.Join(dir, "piano-2020-sg-2020.xlsx"), typed[2].spec)
	for i := 0; i < 2; i++ {
		code, out, _ := cli(t, "", "collect", "--db", db, filled)
		if code != exitOK || (i == 1 && !strings.Contains(out, "Nessun valore cambiato")) {
			t.Errorf("upload %d: exit %d: %s", i, code, out)
		}
	}
}

// TestCollectRefusals: each wrong file gets its own clear refusal, and
// nothing is stored.
func TestCollectRefusals(t *testing.T) {
	good := map[string]any{"1.4.1": map[string]any{"kind": "number", "value": 160}}
	tests := []struct {
		name string
		make func(t *testing.T, db, dir string) (file string, extra []string)
		frag string
	}{
		{"tampered identity", func(t *testing.T, db, dir string) (string, []string) {
			return fill(t, filepath.Join(dir, "piano-2020-mediazione-2020.xlsx"), map[string]any{"1.4.1": good["1.4.1"], "_identity": map[string]string{"struttura": "SG"}}), nil
		}, "è stata modificata"},
		{"another unit's action", func(t *testing.T, db, dir string) (string, []string) {
			return fill(t, filepath.Join(dir, "piano-2020-mediazione-2020.xlsx"), map[string]any{"1.4.1": good["1.4.1"], "_add_row": map[string]any{"code": "2.1.1", "value": 3}}), nil
		}, "non è un'azione di questa cartella (struttura «Mediazione»)"},
		{"older plan version, an action changed form", func(t *testing.T, db, dir string) (string, []string) {
			// version 2 measures 1.4.2 as a count, not a percentage
			if code, out, stderr := cli(t, "", "import", "--db", db, revisedPlan(t)); code != exitOK || !strings.Contains(out, "versione 2") {
				t.Fatalf("import v2: %s %s", out, stderr)
			}
			return fill(t, filepath.Join(dir, "piano-2020-mediazione-2020.xlsx"), good), nil
		}, "Rilevazione!A8: nella versione 2 l'azione 1.4.2 si misura in un'altra forma"},
		{"wrong value type", func(t *testing.T, db, dir string) (string, []string) {
			return fill(t, filepath.Join(dir, "piano-2020-mediazione-2020.xlsx"), map[string]any{
				"1.4.1": map[string]any{"kind": "text", "value": "abc"}, "1.4.2": map[string]any{"kind": "percent", "value": 0.45}}), nil
		}, `Rilevazione!H7: azione 1.4.1: «abc» non è un valore`},
		{"different plan", func(t *testing.T, db, dir string) (string, []string) {
			if code, _, stderr := cli(t, "", "import", "--db", db, "--year", "2021", "../../testdata/piano-performance-2020-libreoffice.xlsx"); code != exitOK {
				t.Fatal(stderr)
			}
			other := t.TempDir()
			if code, _, stderr := cli(t, "", "sheets", "--db", db, "--plan", "2", "--unit", "Mediazione", "--period", "2021", "--out", other); code != exitOK {
				t.Fatal(stderr)
			}
			return fill(t, filepath.Join(other, "piano-2021-mediazione-2021.xlsx"), good), []string{"--plan", "1"}
		}, "generata per un altro piano"},
		{"not an entry workbook", func(t *testing.T, db, dir string) (string, []string) {
			return plan2020, nil
		}, "non è una cartella di rilevazione"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, dir := entrySetup(t)
			file, extra := tt.make(t, db, dir)
			code, out, stderr := cli(t, "", append(append([]string{"collect", "--db", db}, extra...), file)...)
			if code != exitRejected || !strings.Contains(stderr, tt.frag) {
				t.Errorf("exit %d, stderr:\n%s\nwant %q (stdout %s)", code, stderr, tt.frag, out)
			}
			if got := measured(t, db); len(got) != 0 {
				t.Errorf("stored %v from a refused file", got)
			}
		})
	}
}

// TestCorrectionWorkbook: the refused file comes back with the wrong cells
// marked and commented and everything typed kept; once fixed, it is
// accepted.
func TestCorrectionWorkbook(t *testing.T) {
	db, dir := entrySetup(t)
	bad := fill(t, filepath.Join(dir, "piano-2020-mediazione-2020.xlsx"), map[string]any{
		"1.4.1": map[string]any{"kind": "text", "value": "abc"},
		"1.4.2": map[string]any{"kind": "percent", "value": 0.45, "note": "adesioni in crescita"},
		"3.3.2": map[string]any{"kind": "text", "value": "tre settimane"},
		"6.1.3": map[string]any{"kind": "text", "value": "72%"},
	})
	corrections := filepath.Join(t.TempDir(), "correzioni.xlsx")
	code, _, stderr := cli(t, "", "collect", "--db", db, "--errors-out", corrections, bad)
	if code != exitRejected || !strings.Contains(stderr, "Cartella di correzione") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	wb := clienttest.Inspect(t, corrections)
	for _, ref := range []string{"Rilevazione!H7", "Rilevazione!H9"} { // 1.4.1 and 3.3.2
		c := wb.Cells[ref]
		if c.Fill == nil || !strings.HasSuffix(*c.Fill, "FFC7CE") || c.Comment == nil || !strings.Contains(*c.Comment, "scrivere") {
			t.Errorf("%s not marked: %+v", ref, c)
		}
	}
	if c := wb.Cells["Rilevazione!H8"]; c.Comment != nil || c.Value != 0.45 {
		t.Errorf("a right cell was touched: %+v", c)
	}
	for ref, want := range map[string]any{"Rilevazione!H7": "abc", "Rilevazione!H9": "tre settimane", "Rilevazione!H11": "72%", "Rilevazione!J8": "adesioni in crescita"} {
		if got := wb.Cells[ref].Value; got != want {
			t.Errorf("%s = %v, want the typed %v", ref, got, want)
		}
	}
	fixed := fill(t, corrections, map[string]any{
		"1.4.1": map[string]any{"kind": "number", "value": 160},
		"3.3.2": map[string]any{"kind": "text", "value": "21 gg"},
	})
	if code, out, stderr := cli(t, "", "collect", "--db", db, fixed); code != exitOK || !strings.Contains(out, "Registrati 4 valori") {
		t.Fatalf("corrected file: exit %d %s %s", code, out, stderr)
	}
	if got := measured(t, db); got["3.3.2"].Raw != "21 gg" || got["1.4.2"].Value != 45 || got["6.1.3"].Value != 72 {
		t.Errorf("stored %v", got)
	}
}

// TestEntryPrefill: the value stored for the period is pre-filled, and the
// previous period's is shown beside it.
func TestEntryPrefill(t *testing.T) {
	db, _ := entrySetup(t)
	for _, args := range [][]string{{"--period", "2020-06", "1.4.1=90", "1.4.2=20%"}, {"1.4.1=160", "3.3.2=9 gg"}} {
		if code, _, stderr := cli(t, "", append([]string{"measure", "--db", db, "--plan", "1"}, args...)...); code != exitOK {
			t.Fatal(stderr)
		}
	}
	out := t.TempDir()
	if code, _, stderr := cli(t, "", "sheets", "--db", db, "--plan", "1", "--unit", "Mediazione", "--out", out); code != exitOK {
		t.Fatal(stderr)
	}
	wb := clienttest.Inspect(t, filepath.Join(out, "piano-2020-mediazione-2020.xlsx"))
	want := map[string]any{
		"I6": "Valore precedente (giugno 2020)",
		"H7": 160.0, "I7": "90", // 1.4.1
		"I8":  "20%", // 1.4.2: June only
		"H9":  9.0,   // 3.3.2: "9 gg" pre-filled as the number
		"I10": "—",
	}
	for ref, w := range want {
		if got := wb.Cells["Rilevazione!"+ref].Value; got != w {
			t.Errorf("%s = %#v, want %#v", ref, got, w)
		}
	}
	if v, ok := wb.Cells["Rilevazione!H8"]; ok && v.Value != nil {
		t.Errorf("H8 pre-filled with %v, but nothing was stored for the year", v.Value)
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
