package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// AddFirstAdmin creates the admin user username on a database that has no
// admin yet, and reports whether it did. The check and the insert are one
// immediate transaction, so of two processes starting on a new database
// at the same moment one creates the admin and the other finds it.
func (db *DB) AddFirstAdmin(ctx context.Context, username, password string) (bool, error) {
	hash, err := passwordHash(password)
	if err != nil {
		return false, err
	}
	created := false
	err = db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (username, password_hash, role, unit, created_at)
			SELECT ?, ?, 'admin', '', ? WHERE NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin')`,
			username, hash, formatTime(db.Now()))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		created = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: unable to add the first admin: %w", err)
	}
	return created, nil
}
