package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Backup writes a consistent copy of the database at path to out while
// the service may go on writing to it. VACUUM INTO reads one snapshot, so
// the copy holds every transaction committed before it began (those still
// in the WAL included, which a plain cp of the file loses) and none after.
// The copy is written beside out and renamed into place once synced, so
// out is never a half-written file; an existing out is replaced only when
// overwrite is set. The database is not migrated: a newer cruscotto may
// back up the file of an older running service.
//
// A backup killed half-way leaves its temporary copy and SQLite's journal
// beside out: the next backup to out, holding out's lock file so that no
// other is under way, removes them first and lists them in Removed.
func Backup(ctx context.Context, path, out string, overwrite bool) (res BackupResult, err error) {
	if _, err := os.Stat(path); err != nil {
		return res, fmt.Errorf("store: back up %s: %w", path, err)
	}
	if _, err := os.Stat(out); err == nil && !overwrite {
		return res, fmt.Errorf("store: back up to %s: %w", out, os.ErrExist)
	}
	unlock, err := lockBackup(out)
	if err != nil {
		return res, fmt.Errorf("store: back up to %s: %w", out, err)
	}
	defer unlock()
	if res.Removed, err = removeStale(out); err != nil {
		return res, fmt.Errorf("store: back up to %s: %w", out, err)
	}
	return res, backup(ctx, path, out, overwrite)
}

// BackupResult is what a backup did besides the copy.
type BackupResult struct {
	// Removed are the temporary files an interrupted backup to the same
	// file had left, removed before this one.
	Removed []string
}

// ErrBackupRunning refuses a backup while another one to the same file is
// under way.
var ErrBackupRunning = errors.New("un'altra copia verso lo stesso file è in corso")

// lockBackup takes the lock of backups to out, held until the returned
// function: a killed process's lock goes with it.
func lockBackup(out string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrBackupRunning
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}

// removeStale removes the temporary copies and journals that backups to
// out killed half-way left behind.
func removeStale(out string) ([]string, error) {
	var removed []string
	prefix := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".")
	for _, pattern := range []string{"*.tmp", "*.tmp-journal", "*.tmp-wal", "*.tmp-shm"} {
		matches, err := filepath.Glob(globEscape(prefix) + pattern)
		if err != nil {
			return removed, err
		}
		for _, m := range matches {
			if err := os.Remove(m); err != nil && !errors.Is(err, os.ErrNotExist) {
				return removed, err
			}
			removed = append(removed, m)
		}
	}
	return removed, nil
}

// globEscape quotes the glob metacharacters of a literal path.
func globEscape(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}

func backup(ctx context.Context, path, out string, overwrite bool) error {
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
