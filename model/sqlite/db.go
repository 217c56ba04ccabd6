// Package sqlite stores Cruscotto's model in an embedded SQLite database:
// plans with their tree, and every uploaded file.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cruscotto/model"

	"github.com/mattn/go-sqlite3" // the database/sql driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open Cruscotto database.
type DB struct {
	db   *sql.DB
	path string
	// Now is the clock; tests replace it to get reproducible timestamps.
	Now   func() time.Time
	plans planCache
	keyMu sync.Mutex
	key   []byte
	// writer serialises this process's write transactions: a slot taken
	// by sending, freed by receiving, so that a writer waiting for it
	// can give up when its context ends.
	writer chan struct{}
	// lastWrite is whether the last write transaction committed, or
	// failed for want of a writable database: what the health check
	// reports while a long write keeps it from writing itself.
	lastWrite atomic.Bool
}

// planCache keeps the few plan versions in use: a plan of 10,000 actions
// takes about 100 ms to load and is read on every upload.
type planCache struct {
	mu    sync.Mutex
	plans map[int64]*model.Plan
	order []int64
	// gen counts the clears: a plan loaded before a clear (under the
	// unit aliases then in force) is not put after it.
	gen int
}

const planCacheSize = 8

func (c *planCache) get(id int64) *model.Plan {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.plans[id]
}

// generation returns the number of clears so far, to pass to put.
func (c *planCache) generation() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// clear forgets every plan: the unit aliases they were read with changed.
func (c *planCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.plans, c.order = nil, nil
	c.gen++
}

func (c *planCache) put(id int64, p *model.Plan, gen int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return // loaded before a clear
	}
	if c.plans == nil {
		c.plans = map[int64]*model.Plan{}
	}
	if _, ok := c.plans[id]; ok {
		return
	}
	if len(c.order) >= planCacheSize {
		delete(c.plans, c.order[0])
		c.order = c.order[1:]
	}
	c.plans[id] = p
	c.order = append(c.order, id)
}

// Open opens (creating if needed) the database at path and brings its
// schema up to date. WAL lets readers run beside the one writer; immediate
// transactions take the write lock up front, so concurrent read-then-write
// transactions wait (busy timeout) instead of failing with "database is
// locked".
func Open(path string) (*DB, error) {
	sqldb, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := ping(sqldb); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db := &DB{db: sqldb, path: path, Now: func() time.Time { return time.Now().UTC() }, writer: make(chan struct{}, 1)}
	db.lastWrite.Store(true)
	if err := db.migrate(context.Background()); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// ping opens the first connection. Turning a new file to WAL takes an
// exclusive lock for which SQLite does not wait (the busy timeout does not
// apply), so a process starting beside another on a new database retries
// for a few seconds instead of exiting on "database is locked".
func ping(sqldb *sql.DB) error {
	var err error
	for range 100 {
		var se sqlite3.Error
		if err = sqldb.Ping(); !errors.As(err, &se) || se.Code != sqlite3.ErrBusy {
			return err
		}
		time.Sleep(time.Duration(10+rand.IntN(40)) * time.Millisecond)
	}
	return err
}

// dsn is the data source name of the database at path. Parameters after a
// "?" in path are SQLite URI parameters that win over ours:
// "cruscotto.db?mode=ro" opens it read-only.
func dsn(path string) string {
	file, extra, _ := strings.Cut(path, "?")
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	q.Set("_txlock", "immediate")
	q.Set("_synchronous", "NORMAL")
	if more, err := url.ParseQuery(extra); err == nil {
		for k, v := range more {
			q[k] = v
		}
	}
	return "file:" + file + "?" + q.Encode()
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// SchemaVersion returns the schema version recorded in the database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// migrate applies, in order and each in its own immediate transaction,
// the embedded migrations numbered above the database's user_version. The
// version is read again inside each transaction: another process opening
// the same file at the same moment may have applied it meanwhile.
func (db *DB) migrate(ctx context.Context) error {
	current, err := db.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	if latest := migrationVersion(names[len(names)-1]); current > latest {
		return fmt.Errorf("store: the database has schema version %d, newer than this program (%d): use a newer cruscotto", current, latest)
	}
	for _, name := range names {
		v := migrationVersion(name)
		if v <= current {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = db.tx(ctx, func(tx *sql.Tx) error {
			var now int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); err != nil {
				return err
			}
			if now >= v {
				return nil // applied by another process since we looked
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: apply migration %s: %w", name, err)
		}
	}
	return nil
}

// LatestSchemaVersion is the schema version this program's migrations
// bring a database to.
func LatestSchemaVersion() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	latest := 0
	for _, n := range names {
		latest = max(latest, migrationVersion(n))
	}
	return latest
}

func migrationVersion(name string) int {
	base := name[strings.LastIndexByte(name, '/')+1:]
	n, _ := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
	return n
}

// tx runs fn in a write transaction, committing when it returns nil.
// Writers take turns on a mutex first: SQLite has one writer at a time,
// and waiting here is fair and immediate, where SQLite's busy handler
// sleeps in growing steps (seconds of tail latency with ten uploaders).
// A database that refuses writes (read-only, disk full, I/O error) comes
// back as model.ErrUnavailable, a sentence rather than a bare 500.
// A writer that cannot have its turn before its context ends gives up
// with ErrBusy.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	select {
	case db.writer <- struct{}{}:
	case <-ctx.Done():
		return ErrBusy
	}
	defer func() { <-db.writer }()
	return db.runTx(ctx, fn)
}

// ErrBusy is the answer to a write that waited for its turn until its
// request ended: nothing was written.
var ErrBusy = model.Errorf(model.EUnavailable, "Il servizio è occupato a registrare altri dati: nulla è stato registrato, riprovare tra poco.")

// tryTx is tx for a write that may be skipped: it runs fn only if no
// other write of this process is under way, and reports whether it did.
func (db *DB) tryTx(ctx context.Context, fn func(*sql.Tx) error) (bool, error) {
	select {
	case db.writer <- struct{}{}:
	default:
		return false, nil
	}
	defer func() { <-db.writer }()
	return true, db.runTx(ctx, fn)
}

// runTx runs fn in a transaction, committing when it returns nil; the
// caller holds the writer slot.
func (db *DB) runTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return db.outcome(unavailable(err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return db.outcome(unavailable(err))
	}
	return db.outcome(unavailable(tx.Commit()))
}

// outcome notes whether the database took the write.
func (db *DB) outcome(err error) error {
	db.lastWrite.Store(model.ErrorCode(err) != model.EUnavailable)
	return err
}

// exec runs one write statement the way every write runs: in a
// transaction, after this process's other writers.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// unavailable turns SQLite's "cannot write" errors into
// model.ErrUnavailable, keeping the cause for the log.
func unavailable(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrReadonly, sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrCantOpen:
			return fmt.Errorf("%w (%v)", model.ErrUnavailable, err)
		}
	}
	return err
}

// UseClock makes now the store's clock (Now).
func (db *DB) UseClock(now func() time.Time) { db.Now = now }

// Ping proves that the database takes writes: it rewrites one row. While
// another write holds the turn for longer than pingWait, the outcome of
// the last write stands for it: a big save must not make the service
// look down.
func (db *DB) Ping(ctx context.Context) error {
	wait, cancel := context.WithTimeout(ctx, pingWait)
	defer cancel()
	select {
	case db.writer <- struct{}{}:
		defer func() { <-db.writer }()
	case <-wait.Done():
		if ctx.Err() == nil && db.lastWrite.Load() {
			return nil
		}
		return fmt.Errorf("store: health check: %w", ErrBusy)
	}
	err := db.runTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
			formatTime(db.Now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: health check: %w", err)
	}
	return nil
}

// pingWait is how long the health check waits for its turn to write.
const pingWait = 800 * time.Millisecond

const timeLayout = time.RFC3339Nano

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime reads a time written by formatTime. A value it cannot read
// is an error, never the zero time: a wrong date would close periods or
// expire sessions silently.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: unreadable time «%s»: %w", s, err)
	}
	return t, nil
}

// dbTime scans a time column through parseTime.
type dbTime struct{ time.Time }

// Scan implements sql.Scanner.
func (t *dbTime) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("store: time column holds %T", src)
	}
	var err error
	t.Time, err = parseTime(s)
	return err
}

// nullTimeScan scans a nullable time column: nil for NULL.
type nullTimeScan struct{ T *time.Time }

// Scan implements sql.Scanner.
func (t *nullTimeScan) Scan(src any) error {
	if src == nil {
		t.T = nil
		return nil
	}
	var d dbTime
	if err := d.Scan(src); err != nil {
		return err
	}
	t.T = &d.Time
	return nil
}

// nullTime is a nullable time column's value: NULL for nil.
func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return formatTime(*t)
}
