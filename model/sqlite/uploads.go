package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"cruscotto/model"
)

// RecordUpload keeps an upload that was not stored as anything else (a
// rejected file), with the reason. It returns the upload's id. Recording a
// refused file drops the content of the sender's older refused files
// beyond model.RefusedKeptPerPeriod and model.RefusedQuotaBytes, in the
// same transaction, as are the messages notify writes (the sender's
// receipt; nil for none).
func (db *DB) RecordUpload(ctx context.Context, u model.Upload, notify model.Notify) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = db.insertUpload(ctx, tx, &u); err != nil {
			return err
		}
		if u.Outcome == model.OutcomeRejected {
			if err := db.pruneRefused(ctx, tx, u.Owner(), u.Period); err != nil {
				return err
			}
		}
		receipt := model.Receipt{}
		if u.Receipt != nil {
			receipt = *u.Receipt
		}
		return db.notify(ctx, tx, notify, id, receipt, nil)
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
	var dropped any
	if u.Dropped {
		// recorded without its content (a sender past its quota): the
		// file's row stands for its hash and size only
		dropped = formatTime(u.ReceivedAt)
		if _, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, size, content, dropped_at) VALUES (?, ?, x'', ?) ON CONFLICT (sha256) DO NOTHING`,
			u.SHA256, u.Size, dropped); err != nil {
			return 0, err
		}
	} else if _, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, size, content) VALUES (?, ?, ?)
		ON CONFLICT (sha256) DO UPDATE SET content = excluded.content, dropped_at = NULL WHERE files.dropped_at IS NOT NULL`,
		u.SHA256, len(u.Content), u.Content); err != nil {
		return 0, err
	}
	receipt, err := receiptText(u.Receipt)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO uploads (kind, file_name, sha256, received_at, uploaded_by, unit, sender, owner, period, outcome, message,
		plan_id, workbook_unit, for_unit, receipt, sent_bytes, dropped_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Kind, u.FileName, u.SHA256, formatTime(u.ReceivedAt), u.By, u.Unit, u.Sender, u.Owner(), u.Period, u.Outcome, u.Message,
		u.PlanID, u.WorkbookUnit, u.ForUnit(), receipt, u.SentBytes, dropped)
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
	if _, err := tx.ExecContext(ctx, `UPDATE files SET content = x'', dropped_at = ?
		WHERE dropped_at IS NULL AND sha256 IN (SELECT sha256 FROM uploads WHERE owner = ? AND dropped_at = ?)
		AND NOT EXISTS (SELECT 1 FROM uploads k WHERE k.sha256 = files.sha256 AND k.dropped_at IS NULL)`, now, owner, now); err != nil {
		return err
	}
	return coalesceRefused(ctx, tx, owner, period)
}

// coalesceRefused folds the owner's refused uploads for period beyond the
// newest model.RefusedRecordsPerPeriod into the oldest of them, which
// counts them all: each refusal past the bound costs one counter.
func coalesceRefused(ctx context.Context, tx *sql.Tx, owner, period string) error {
	var ids []int64
	var total int
	rows, err := tx.QueryContext(ctx, `SELECT id, MAX(coalesced, 1) FROM uploads WHERE outcome = 'rejected' AND owner = ? AND period = ?
		ORDER BY id DESC LIMIT -1 OFFSET ?`, owner, period, model.RefusedRecordsPerPeriod)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return err
		}
		ids, total = append(ids, id), total+n
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) < 2 {
		return err // nothing beyond the bound, or only the record that counts them
	}
	oldest := ids[len(ids)-1]
	name, message := model.RefusedRollup(total)
	if _, err := tx.ExecContext(ctx, `UPDATE uploads SET coalesced = ?, file_name = ?, message = ?, receipt = '' WHERE id = ?`,
		total, name, message, oldest); err != nil {
		return err
	}
	args := []any{}
	for _, id := range ids[:len(ids)-1] {
		args = append(args, id)
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM uploads WHERE id IN (?`+strings.Repeat(",?", len(args)-1)+`)`, args...)
	return err
}

const uploadColumns = `u.id, u.kind, u.file_name, u.sha256, f.size, u.received_at, u.uploaded_by, u.unit, u.sender, u.period, u.outcome, u.message,
	u.dropped_at IS NOT NULL OR f.dropped_at IS NOT NULL, u.plan_id, u.workbook_unit, u.receipt, u.sent_bytes`

func scanUpload(row interface{ Scan(...any) error }, extra ...any) (model.Upload, error) {
	var u model.Upload
	var at dbTime
	var receipt string
	dest := append([]any{&u.ID, &u.Kind, &u.FileName, &u.SHA256, &u.Size, &at, &u.By, &u.Unit, &u.Sender, &u.Period, &u.Outcome, &u.Message, &u.Dropped,
		&u.PlanID, &u.WorkbookUnit, &receipt, &u.SentBytes}, extra...)
	if err := row.Scan(dest...); err != nil {
		return u, err
	}
	u.ReceivedAt = at.Time
	if receipt != "" {
		u.Receipt = &model.Receipt{}
		if err := json.Unmarshal([]byte(receipt), u.Receipt); err != nil {
			return u, fmt.Errorf("receipt of upload %d: %w", u.ID, err)
		}
	}
	return u, nil
}

// receiptText is a receipt as stored: JSON, or "" for none.
func receiptText(r *model.Receipt) (string, error) {
	if r == nil {
		return "", nil
	}
	b, err := json.Marshal(r)
	return string(b), err
}

// Uploads lists the uploads f selects, newest first, without their
// content.
func (db *DB) Uploads(ctx context.Context, f model.UploadFilter) ([]model.Upload, error) {
	var where []string
	var args []any
	if f.Kind != "" {
		where, args = append(where, "u.kind = ?"), append(args, f.Kind)
	}
	if f.PlanID != 0 {
		where, args = append(where, "u.plan_id IN ("+yearVersions+")"), append(args, f.PlanID)
	}
	if f.Unit != "" {
		where, args = append(where, "u.for_unit = ?"), append(args, f.Unit)
	}
	limit := -1 // none
	if f.Limit > 0 {
		limit = f.Limit
	}
	out := []model.Upload{}
	err := db.each(ctx, `SELECT `+uploadColumns+` FROM uploads u JOIN files f ON f.sha256 = u.sha256 WHERE `+and(where)+` ORDER BY u.id DESC LIMIT ?`,
		append(args, limit), func(rows *sql.Rows) error {
			u, err := scanUpload(rows)
			out = append(out, u)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the uploads %+v: %w", f, err)
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

// Upload returns one upload's record, without its content (FileContent
// has it, unless Dropped).
func (db *DB) Upload(ctx context.Context, id int64) (model.Upload, error) {
	u, err := scanUpload(db.db.QueryRowContext(ctx, `SELECT `+uploadColumns+` FROM uploads u JOIN files f ON f.sha256 = u.sha256 WHERE u.id = ?`, id))
	if err == sql.ErrNoRows {
		return u, model.Errorf(model.ENotFound, "Caricamento %d inesistente.", id)
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to read upload %d: %w", id, err)
	}
	return u, nil
}

// yearVersions selects the versions of the year of plan ?: what units
// sent to any version of a year's plan counts for the year's plan, whose
// revisions carry the values.
const yearVersions = `SELECT v.id FROM plans v WHERE v.year = (SELECT y.year FROM plans y WHERE y.id = ?)`

// UploadsByUnit returns, for each unit that sent returned workbooks to a
// plan for a period (model.Upload.ForUnit), its last upload, how many of
// them were refused and the last refused one; no file is read.
func (db *DB) UploadsByUnit(ctx context.Context, planID int64, period model.Period) (map[string]model.UnitUploads, error) {
	out := map[string]model.UnitUploads{}
	err := db.each(ctx, `WITH t AS (
			SELECT for_unit, MAX(id) AS last, SUM(CASE WHEN outcome = 'rejected' THEN MAX(coalesced, 1) ELSE 0 END) AS refused,
				MAX(CASE WHEN outcome = 'rejected' THEN id END) AS last_refused
			FROM uploads WHERE kind = 'submission' AND plan_id IN (`+yearVersions+`) AND period = ? GROUP BY for_unit)
		SELECT `+uploadColumns+`, t.for_unit, t.refused, u.id = t.last, u.id IS t.last_refused
		FROM t JOIN uploads u ON u.id IN (t.last, t.last_refused) JOIN files f ON f.sha256 = u.sha256`,
		[]any{planID, period.String()}, func(rows *sql.Rows) error {
			var unit string
			var refused int
			var last, lastRefused bool
			u, err := scanUpload(rows, &unit, &refused, &last, &lastRefused)
			if err != nil {
				return err
			}
			uu := out[unit]
			uu.Refused = refused
			if last {
				uu.Last = u
			}
			if lastRefused {
				uu.LastRefused = &u
			}
			out[unit] = uu
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the uploads of plan %d for %s: %w", planID, period, err)
	}
	return out, nil
}

// SenderBytes is what the distinct files an owner's uploads keep total:
// accepted ones, and refused ones whose content is still kept.
func (db *DB) SenderBytes(ctx context.Context, owner string) (int64, error) {
	var n int64
	err := db.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(f.size), 0) FROM files f WHERE f.dropped_at IS NULL AND f.sha256 IN
		(SELECT u.sha256 FROM uploads u WHERE u.owner = ? AND u.dropped_at IS NULL)`, owner).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unable to count the files of %s: %w", owner, err)
	}
	return n, nil
}
