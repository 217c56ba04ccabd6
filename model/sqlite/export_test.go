package sqlite

import (
	"context"
	"fmt"
)

// HoldWriter takes the writer's turn, as a long write transaction does,
// until the returned function gives it back.
func HoldWriter(db *DB) func() {
	db.writer <- struct{}{}
	return func() { <-db.writer }
}

// Path is the file the database was opened from, as given to Open.
func (db *DB) Path() string { return db.path }

// Sessions counts a user's sessions, expired ones included.
func (db *DB) Sessions(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count sessions: %w", err)
	}
	return n, nil
}
