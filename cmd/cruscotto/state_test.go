package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanStateCommands: «import» makes a draft, «import --state
// raccolta» opens a plan at once, «plans state» moves it and «plans»
// shows each plan's state; a state the command does not know is refused.
func TestPlanStateCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "stati.db")
	if code, out, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK || !strings.Contains(out, "stato                   bozza") {
		t.Fatalf("import: %d %s %s", code, out, stderr)
	}
	if code, out, stderr := cli(t, "", "plans", "state", "--db", db, "1", "raccolta"); code != exitOK || !strings.Contains(out, "Piano 2020: in raccolta.") {
		t.Fatalf("plans state: %d %s %s", code, out, stderr)
	}
	if code, out, _ := cli(t, "", "plans", "--db", db); code != exitOK || !strings.Contains(out, "in raccolta") {
		t.Errorf("plans: %d %s", code, out)
	}
	if code, _, stderr := cli(t, "", "plans", "state", "--db", db, "1", "pubblicato"); code == exitOK || !strings.Contains(stderr, "sconosciuto") {
		t.Errorf("unknown state: %d %s", code, stderr)
	}
	if code, _, stderr := cli(t, "", "plans", "delete", "--db", db, "--yes", "1"); code == exitOK || !strings.Contains(stderr, "già stato aperto") {
		t.Errorf("delete an opened plan: %d %s", code, stderr)
	}
	other := filepath.Join(t.TempDir(), "raccolta.db")
	if code, out, stderr := cli(t, "", "import", "--db", other, "--state", "raccolta", plan2020); code != exitOK || !strings.Contains(out, "in raccolta") {
		t.Errorf("import --state raccolta: %d %s %s", code, out, stderr)
	}
}

// TestPlansDelete: «plans delete» says what it would do and asks for
// --yes; with it, a plan never opened goes.
func TestPlansDelete(t *testing.T) {
	db := filepath.Join(t.TempDir(), "elimina.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatalf("import: %s", stderr)
	}
	if code, _, stderr := cli(t, "", "plans", "delete", "--db", db, "1"); code != exitUsage || !strings.Contains(stderr, "--yes") {
		t.Errorf("without --yes: %d %s", code, stderr)
	}
	if code, out, stderr := cli(t, "", "plans", "delete", "--db", db, "--yes", "1"); code != exitOK || !strings.Contains(out, "Piano 2020 eliminato (1 versione)") {
		t.Errorf("delete: %d %s %s", code, out, stderr)
	}
	if code, out, _ := cli(t, "", "plans", "--db", db); code != exitOK || !strings.Contains(out, "Nessun piano") {
		t.Errorf("plans after the deletion: %s", out)
	}
}
