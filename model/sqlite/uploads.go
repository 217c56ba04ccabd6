package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"cruscotto/model"
)

// RecordUpload keeps an upload that was not stored as anything else (a
// rejected file), with the reason. It returns the upload's id. Recording a
// refused file drops the content of the sender's older refused files
// beyond model.RefusedKeptPerPeriod and model.RefusedQuotaBytes, in the
// same transaction.
func (db *DB) RecordUpload(ctx context.Context, u model.Upload) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = db.insertUpload(ctx, tx, &u); err != nil {
			return err
		}
		if u.Outcome == model.OutcomeRejected {
			return db.pruneRefused(ctx, tx, u.Owner(), u.Period)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to record upload %s: %w", u.FileName, err)
	}
	return id, nil
}

// insertUpload stores the file content once by hash and the upload row.
// Content dropped earlier is stored again when the same bytes come back.
func (db *DB) insertUpload(ctx context.Context, tx *sql.Tx, u *model.Upload) (int64, error) {
	if u.ReceivedAt.IsZero() {
		u.ReceivedAt = db.Now()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, size, content) VALUES (?, ?, ?)
		ON CONFLICT (sha256) DO UPDATE SET content = excluded.content, dropped_at = NULL WHERE files.dropped_at IS NOT NULL`,
		u.SHA256, len(u.Content), u.Content); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO uploads (kind, file_name, sha256, received_at, uploaded_by, unit, sender, owner, period, outcome, message)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Kind, u.FileName, u.SHA256, formatTime(u.ReceivedAt), u.By, u.Unit, u.Sender, u.Owner(), u.Period, u.Outcome, u.Message)
	if err != nil {
		return 0, err
	}
	u.ID, err = res.LastInsertId()
	return u.ID, err
}

// pruneRefused drops the content of owner's refused uploads beyond the
// newest model.RefusedKeptPerPeriod for period, then beyond
// model.RefusedQuotaBytes over all its periods, newest kept first. A
// file's bytes go only when no kept upload (an accepted one, or a refused
// one still kept) references them.
func (db *DB) pruneRefused(ctx context.Context, tx *sql.Tx, owner, period string) error {
	now := formatTime(db.Now())
	if _, err := tx.ExecContext(ctx, `UPDATE uploads SET dropped_at = ? WHERE id IN (
		SELECT id FROM uploads WHERE outcome = 'rejected' AND dropped_at IS NULL AND owner = ? AND period = ?
		ORDER BY id DESC LIMIT -1 OFFSET ?)`, now, owner, period, model.RefusedKeptPerPeriod); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE uploads SET dropped_at = ? WHERE id IN (
		SELECT id FROM (SELECT u.id, SUM(f.size) OVER (ORDER BY u.id DESC) AS total
			FROM uploads u JOIN files f ON f.sha256 = u.sha256
			WHERE u.outcome = 'rejected' AND u.dropped_at IS NULL AND u.owner = ?)
		WHERE total > ?)`, now, owner, model.RefusedQuotaBytes); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE files SET content = x'', dropped_at = ?
		WHERE dropped_at IS NULL AND sha256 IN (SELECT sha256 FROM uploads WHERE owner = ? AND dropped_at = ?)
		AND NOT EXISTS (SELECT 1 FROM uploads k WHERE k.sha256 = files.sha256 AND k.dropped_at IS NULL)`, now, owner, now)
	return err
}

const uploadColumns = `u.id, u.kind, u.file_name, u.sha256, f.size, u.received_at, u.uploaded_by, u.unit, u.sender, u.period, u.outcome, u.message,
	u.dropped_at IS NOT NULL OR f.dropped_at IS NOT NULL`

func scanUpload(row interface{ Scan(...any) error }, extra ...any) (model.Upload, error) {
	var u model.Upload
	var at dbTime
	dest := append([]any{&u.ID, &u.Kind, &u.FileName, &u.SHA256, &u.Size, &at, &u.By, &u.Unit, &u.Sender, &u.Period, &u.Outcome, &u.Message, &u.Dropped}, extra...)
	err := row.Scan(dest...)
	u.ReceivedAt = at.Time
	return u, err
}

// Uploads lists the uploads of a kind ("" for all), newest first.
func (db *DB) Uploads(ctx context.Context, kind string) ([]model.Upload, error) {
	var out []model.Upload
	err := db.each(ctx, `SELECT `+uploadColumns+` FROM uploads u JOIN files f ON f.sha256 = u.sha256 WHERE ? = '' OR u.kind = ? ORDER BY u.id DESC`,
		[]any{kind, kind}, func(rows *sql.Rows) error {
			u, err := scanUpload(rows)
			out = append(out, u)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: unable to list uploads: %w", err)
	}
	return out, nil
}

// FileContent returns the bytes of a stored file by its sha256.
func (db *DB) FileContent(ctx context.Context, sha string) ([]byte, error) {
	var b []byte
	err := db.db.QueryRowContext(ctx, `SELECT content FROM files WHERE sha256 = ? AND dropped_at IS NULL`, sha).Scan(&b)
	if err == sql.ErrNoRows {
		return nil, model.Errorf(model.ENotFound, "File non trovato.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read file %s: %w", sha, err)
	}
	return b, nil
}

// Upload returns one upload with its content (nil, and Dropped set, when
// the content is no longer kept).
func (db *DB) Upload(ctx context.Context, id int64) (model.Upload, error) {
	var content []byte
	u, err := scanUpload(db.db.QueryRowContext(ctx, `SELECT `+uploadColumns+`, f.content FROM uploads u JOIN files f ON f.sha256 = u.sha256 WHERE u.id = ?`, id), &content)
	if err == sql.ErrNoRows {
		return u, model.Errorf(model.ENotFound, "Caricamento %d inesistente.", id)
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to read upload %d: %w", id, err)
	}
	if !u.Dropped {
		u.Content = content
	}
	return u, nil
}
