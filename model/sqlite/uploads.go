package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"cruscotto/model"
)

// RecordUpload keeps an upload that was not stored as anything else (a
// rejected file), with the reason. It returns the upload's id.
func (db *DB) RecordUpload(ctx context.Context, u model.Upload) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = db.insertUpload(ctx, tx, &u)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to record upload %s: %w", u.FileName, err)
	}
	return id, nil
}

// insertUpload stores the file content once by hash and the upload row.
func (db *DB) insertUpload(ctx context.Context, tx *sql.Tx, u *model.Upload) (int64, error) {
	if u.ReceivedAt.IsZero() {
		u.ReceivedAt = db.Now()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, size, content) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
		u.SHA256, len(u.Content), u.Content); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO uploads (kind, file_name, sha256, received_at, uploaded_by, outcome, message) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		u.Kind, u.FileName, u.SHA256, formatTime(u.ReceivedAt), u.By, u.Outcome, u.Message)
	if err != nil {
		return 0, err
	}
	u.ID, err = res.LastInsertId()
	return u.ID, err
}

// Uploads lists the uploads of a kind ("" for all), newest first.
func (db *DB) Uploads(ctx context.Context, kind string) ([]model.Upload, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT u.id, u.kind, u.file_name, u.sha256, f.size, u.received_at, u.uploaded_by, u.outcome, u.message
		FROM uploads u JOIN files f ON f.sha256 = u.sha256 WHERE ? = '' OR u.kind = ? ORDER BY u.id DESC`, kind, kind)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list uploads: %w", err)
	}
	defer rows.Close()
	var out []model.Upload
	for rows.Next() {
		var u model.Upload
		var at string
		if err := rows.Scan(&u.ID, &u.Kind, &u.FileName, &u.SHA256, &u.Size, &at, &u.By, &u.Outcome, &u.Message); err != nil {
			return nil, fmt.Errorf("store: unable to list uploads: %w", err)
		}
		u.ReceivedAt = parseTime(at)
		out = append(out, u)
	}
	return out, rows.Err()
}

// FileContent returns the bytes of a stored file by its sha256.
func (db *DB) FileContent(ctx context.Context, sha string) ([]byte, error) {
	var b []byte
	err := db.db.QueryRowContext(ctx, `SELECT content FROM files WHERE sha256 = ?`, sha).Scan(&b)
	if err == sql.ErrNoRows {
		return nil, model.Errorf(model.ENotFound, "File non trovato.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read file %s: %w", sha, err)
	}
	return b, nil
}

// Upload returns one upload with its content.
func (db *DB) Upload(ctx context.Context, id int64) (model.Upload, error) {
	var u model.Upload
	var at string
	err := db.db.QueryRowContext(ctx, `SELECT u.id, u.kind, u.file_name, u.sha256, f.size, f.content, u.received_at, u.uploaded_by, u.outcome, u.message
		FROM uploads u JOIN files f ON f.sha256 = u.sha256 WHERE u.id = ?`, id).
		Scan(&u.ID, &u.Kind, &u.FileName, &u.SHA256, &u.Size, &u.Content, &at, &u.By, &u.Outcome, &u.Message)
	if err == sql.ErrNoRows {
		return u, model.Errorf(model.ENotFound, "Caricamento %d inesistente.", id)
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to read upload %d: %w", id, err)
	}
	u.ReceivedAt = parseTime(at)
	return u, nil
}
