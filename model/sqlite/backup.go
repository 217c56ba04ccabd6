package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database at path to out while
// the service may go on writing to it. VACUUM INTO reads one snapshot, so
// the copy holds every transaction committed before it began (those still
// in the WAL included, which a plain cp of the file loses) and none after.
// The copy is written beside out and renamed into place once synced, so
// out is never a half-written file; an existing out is replaced only when
// overwrite is set. The database is not migrated: a newer cruscotto may
// back up the file of an older running service.
func Backup(ctx context.Context, path, out string, overwrite bool) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("store: back up %s: %w", path, err)
	}
	if _, err := os.Stat(out); err == nil && !overwrite {
		return fmt.Errorf("store: back up to %s: %w", out, os.ErrExist)
	}
	sqldb, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return fmt.Errorf("store: back up %s: %w", path, err)
	}
	defer sqldb.Close()
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return fmt.Errorf("store: back up to %s: %w", out, err)
	}
	name := tmp.Name()
	tmp.Close()
	os.Remove(name) // VACUUM INTO wants to create the file itself
	defer os.Remove(name)
	if _, err := sqldb.ExecContext(ctx, `VACUUM INTO ?`, name); err != nil {
		return fmt.Errorf("store: back up %s: %w", path, err)
	}
	if err := syncFile(name); err != nil {
		return fmt.Errorf("store: back up to %s: %w", out, err)
	}
	if overwrite {
		err = os.Rename(name, out)
	} else {
		// a link fails if out appeared meanwhile: never overwrite by race
		err = os.Link(name, out)
	}
	if err != nil {
		return fmt.Errorf("store: back up to %s: %w", out, err)
	}
	return syncFile(filepath.Dir(out))
}

// syncFile flushes a file or directory to disk: VACUUM INTO does not sync
// what it writes.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
