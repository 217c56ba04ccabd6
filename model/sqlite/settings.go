package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
)

// SigningKey returns the key that signs data-entry workbooks, creating a
// random one the first time. It stays in the database, so workbooks made
// before a restart still verify.
func (db *DB) SigningKey(ctx context.Context) ([]byte, error) {
	db.keyMu.Lock()
	defer db.keyMu.Unlock()
	if db.key != nil {
		return db.key, nil // every download and upload needs it
	}
	var key []byte
	err := db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'signing_key'`).Scan(&key)
		if err != sql.ErrNoRows {
			return err
		}
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('signing_key', ?)`, key)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the signing key: %w", err)
	}
	db.key = key
	return key, nil
}
