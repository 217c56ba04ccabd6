package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cruscotto/model"
)

// TestMappingCommands: suggest → edit by hand → import --mapping → show.
func TestMappingCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	code, out, stderr := cli(t, "", "mapping", "suggest", plan2020)
	if code != exitOK {
		t.Fatalf("suggest: %d %s", code, stderr)
	}
	m, err := model.ParseMapping([]byte(out))
	if err != nil || len(m.Sheets) != 4 {
		t.Fatalf("suggestion %v: %s", err, out)
	}
	// a person edits it: PIRA is not read, the sheets are matched by pattern
	edited := strings.ReplaceAll(out, `"field": "action.pira"`, `"field": "ignore"`)
	edited = strings.Replace(edited, `"sheet": "Tessuto economico"`, `"sheet": "Tessuto*"`, 1)
	path := filepath.Join(dir, "mappatura.json")
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, "", "import", "--db", db, "--mapping", path, "--json", plan2020); code != exitOK {
		t.Fatalf("import --mapping: %d %s", code, stderr)
	} else if code, out, _ := cli(t, "", "import", "--db", db, "--json", plan2020); code != exitOK || strings.Contains(out, `"pira": true`) {
		t.Errorf("the stored plan reads PIRA although the mapping ignores it")
	}
	code, shown, stderr := cli(t, "", "mapping", "show", "--db", db, "--plan", "1")
	if code != exitOK || !strings.Contains(shown, `"Tessuto*"`) || strings.Contains(shown, "action.pira") {
		t.Errorf("show: %d %s %s", code, shown, stderr)
	}
	// refusals name the field
	bad := strings.Replace(edited, `"field": "action.target"`, `"field": "ignore"`, -1)
	os.WriteFile(path, []byte(bad), 0o644)
	if code, _, stderr := cli(t, "", "import", "--db", db, "--mapping", path, plan2020); code != exitRejected || !strings.Contains(stderr, "action.target") {
		t.Errorf("a mapping without action.target: %d %s", code, stderr)
	}
	if code, _, stderr := cli(t, "", "mapping", "show", "--db", db, "--plan", "9"); code != exitRejected || !strings.Contains(stderr, "non esiste") {
		t.Errorf("show an unknown plan: %d %s", code, stderr)
	}
}
