package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"cruscotto/model"
)

// SaveMapping keeps a confirmed mapping.
func (db *DB) SaveMapping(ctx context.Context, name string, m *model.Mapping, by string) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO saved_mappings (name, mapping, created_at, created_by) VALUES (?, ?, ?, ?)`,
			name, string(m.JSON()), formatTime(db.Now()), by)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to save mapping %s: %w", name, err)
	}
	return id, nil
}

// SavedMappings lists the confirmed mappings, newest first.
func (db *DB) SavedMappings(ctx context.Context) ([]model.SavedMapping, error) {
	var out []model.SavedMapping
	err := db.each(ctx, `SELECT id, name, mapping FROM saved_mappings ORDER BY id DESC`, nil, func(rows *sql.Rows) error {
		var s model.SavedMapping
		var text string
		if err := rows.Scan(&s.ID, &s.Name, &text); err != nil {
			return err
		}
		var m model.Mapping
		if err := json.Unmarshal([]byte(text), &m); err != nil {
			return err
		}
		s.Mapping = &m
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to list mappings: %w", err)
	}
	return out, nil
}
