package main

import (
	"path/filepath"
	"sync"
	"testing"
)

// TestStartTogether: commands started at the same moment on a new
// database all find the schema ready, none fails on the upgrade.
func TestStartTogether(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.db")
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, _, stderr := cli(t, "", "plans", "--db", db); code != exitOK {
				t.Errorf("exit %d: %s", code, stderr)
			}
		}()
	}
	wg.Wait()
}
