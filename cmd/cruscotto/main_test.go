package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

const plan2020 = "../../testdata/piano-performance-2020.xlsx"

// cli runs cruscotto in-process and returns its exit code and output.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}, args)
	return code, out.String(), errOut.String()
}

func TestImport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	t.Run("OK", func(t *testing.T) {
		code, out, stderr := cli(t, "", "import", "--db", db, plan2020)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"Piano 2020 importato: versione 1", "prospettive", "4", "azioni", "49", "strutture responsabili", "15", "Avvisi (8)", "Processi interni!Q23"} {
			if !strings.Contains(out, want) {
				t.Errorf("summary lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("SameFileAgain", func(t *testing.T) {
		code, out, _ := cli(t, "", "import", plan2020, "--db", db)
		if code != exitOK || !strings.Contains(out, "già importato") {
			t.Errorf("exit %d: %s", code, out)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		code, out, _ := cli(t, "", "import", "--db", db, "--json", plan2020)
		if code != exitOK {
			t.Fatalf("exit %d", code)
		}
		var doc struct {
			ID, Year, Version int
			SHA256            string
			Perspectives      []struct {
				Name      string
				Strategic []struct {
					Code        string
					Targets     map[string]float64
					Operational []struct {
						Code    string
						Actions []map[string]any
					}
				}
			}
			Units []struct {
				Name    string
				Actions int
			}
			Warnings []struct{ Cell, Message string }
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		a := doc.Perspectives[0].Strategic[0].Operational[0].Actions[0]
		if doc.Year != 2020 || doc.ID != 1 || a["code"] != "1.1.1" || a["direction"] != "higher" || a["cell"] != "Tessuto economico!L6" ||
			a["threshold80"].(map[string]any)["value"] != 3.0 || doc.Units[0].Name != "ASL" || doc.Units[0].Actions != 5 ||
			doc.Warnings[0].Cell != "Processi interni!Q23" || doc.Perspectives[0].Strategic[0].Targets["2020"] != 80 {
			t.Errorf("unexpected document: %+v", doc)
		}
	})
	t.Run("ErrRejected", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "piano.xls")
		if err := os.WriteFile(bad, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := cli(t, "", "import", "--db", db, "--json", bad)
		if code != exitRejected || out != "" || !strings.Contains(stderr, "salvarlo come cartella di lavoro Excel (.xlsx)") {
			t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		code, _, stderr := cli(t, "", "import", "--db", db, "manca.xlsx")
		if code != exitRejected || !strings.Contains(stderr, "non trovato") {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("Usage", func(t *testing.T) {
		for _, args := range [][]string{{"import"}, {"import", "--db"}, {"import", "--nope", "x.xlsx"}, {"import", "--year", "12", plan2020}, {"frobnicate"}, {}} {
			if code, _, _ := cli(t, "", args...); code != exitUsage {
				t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
			}
		}
	})
	t.Run("Plans", func(t *testing.T) {
		code, out, _ := cli(t, "", "plans", "--db", db)
		if code != exitOK || !strings.Contains(out, "2020") || !strings.Contains(out, "in vigore") {
			t.Errorf("exit %d: %s", code, out)
		}
		code, out, _ = cli(t, "", "plans", "--db", db, "--json")
		var list []map[string]any
		if code != exitOK || json.Unmarshal([]byte(out), &list) != nil || len(list) != 1 || list[0]["actions"] != 49.0 {
			t.Errorf("exit %d: %s", code, out)
		}
	})
}

func TestImportErrorsOnePerLine(t *testing.T) {
	dir := t.TempDir()
	// a plan whose only sheet has a header but broken rows: see the
	// importer's tests for every kind of error; here the CLI's contract
	path := filepath.Join(dir, "rotto.xlsx")
	writeBrokenPlan(t, path)
	code, out, stderr := cli(t, "", "import", "--db", filepath.Join(dir, "c.db"), "--json", path)
	if code != exitRejected || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "Piano!") || !strings.HasPrefix(lines[2], "Piano!") {
		t.Errorf("stderr:\n%s", stderr)
	}
	// the rejected file is kept
	code, out, _ = cli(t, "", "plans", "--db", filepath.Join(dir, "c.db"))
	if code != exitOK || !strings.Contains(out, "Nessun piano") {
		t.Errorf("a rejected plan was stored: %s", out)
	}
	db, err := sqlite.Open(filepath.Join(dir, "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	uploads, err := db.Uploads(context.Background(), model.UploadFilter{})
	if err != nil || len(uploads) != 1 || uploads[0].Outcome != "rejected" || uploads[0].FileName != "rotto.xlsx" {
		t.Errorf("the rejected file was not kept: %+v %v", uploads, err)
	}
}
