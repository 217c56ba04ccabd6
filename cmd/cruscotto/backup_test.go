package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "c.db"), filepath.Join(dir, "copia.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatalf("import: %s", stderr)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"OK", []string{"backup", "--db", db, "--out", out}, exitOK, ""},
		{"ExistingOut", []string{"backup", "--db", db, "--out", out}, exitRejected, "esiste già"},
		{"Force", []string{"backup", "--db", db, "--out", out, "--force"}, exitOK, ""},
		{"NoDatabase", []string{"backup", "--db", filepath.Join(dir, "nessuno.db"), "--out", filepath.Join(dir, "x.db")}, exitRejected, "non esiste"},
		{"NoOut", []string{"backup", "--db", db}, exitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := cli(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d: %s", code, tt.code, stderr)
			}
		})
	}
	copied, err := sqlite.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	if plans, err := copied.Plans(context.Background(), model.PlanFilter{}); err != nil || len(plans) != 1 {
		t.Errorf("the copy holds %v, %v", plans, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "nessuno.db")); err == nil {
		t.Errorf("backup created the database it was asked to copy")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

// TestBackupRemovesStaleFiles: the temporary copy and journal that a
// backup killed half-way (kill -9) left beside its file are removed by
// the next backup to it, which says so; a backup to another file leaves
// them be.
func TestBackupRemovesStaleFiles(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "c.db"), filepath.Join(dir, "copia.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatalf("import: %s", stderr)
	}
	stale := []string{".copia.db.4242.tmp", ".copia.db.4242.tmp-journal", ".copia.db.77.tmp"}
	for _, name := range append(stale, ".altra.db.1.tmp") {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, 1<<20), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := cli(t, "", "backup", "--db", db, "--out", out)
	if code != exitOK || !strings.Contains(stdout, "Rimossi 3 file temporanei lasciati da una copia interrotta") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s is still there", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".altra.db.1.tmp")); err != nil {
		t.Errorf("another file's temporary copy was removed: %v", err)
	}
}
