package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"cruscotto/model"
)

// enqueue writes messages into the outbox inside the transaction of what
// causes them.
func (db *DB) enqueue(ctx context.Context, tx *sql.Tx, msgs []model.OutboxMessage) error {
	now := formatTime(db.Now())
	for _, m := range msgs {
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, plan_id, period, unit, recipient, subject, message_id, mime, size, status, next_attempt_at, created_at)
			VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
			m.Kind, m.PlanID, m.Period, m.Unit, m.Recipient, m.Subject, m.MessageID, m.MIME, len(m.MIME), now, now)
		if err != nil {
			return fmt.Errorf("store: unable to queue a message to %s: %w", m.Recipient, err)
		}
	}
	return nil
}

// notify queues, inside an upload's transaction, the messages it causes.
func (db *DB) notify(ctx context.Context, tx *sql.Tx, notify model.Notify, uploadID int64, r model.Receipt, stored []model.Measurement) error {
	if notify == nil {
		return nil
	}
	msgs, err := notify(uploadID, r, stored)
	if err != nil {
		return err
	}
	return db.enqueue(ctx, tx, msgs)
}

// SaveReminders records the units reminded and queues their messages,
// in one transaction: either both or neither.
func (db *DB) SaveReminders(ctx context.Context, reminded []model.ReminderRecord, msgs []model.OutboxMessage) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range reminded {
			_, err := tx.ExecContext(ctx, `INSERT INTO reminders (plan_id, period, unit, day, auto, by, at, messages) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				r.PlanID, r.Period, r.Unit, r.Day, r.Auto, r.By, formatTime(r.At), r.Messages)
			if err != nil {
				return fmt.Errorf("store: unable to record the reminder of %s: %w", r.Unit, err)
			}
		}
		return db.enqueue(ctx, tx, msgs)
	})
}

// Reminders returns, for a plan's period, the newest reminder of each
// unit.
func (db *DB) Reminders(ctx context.Context, planID int64, period string) (map[string]model.ReminderRecord, error) {
	out := map[string]model.ReminderRecord{}
	err := db.each(ctx, `SELECT plan_id, period, unit, day, auto, by, at, messages FROM reminders WHERE plan_id = ? AND period = ? ORDER BY at, id`,
		[]any{planID, period}, func(rows *sql.Rows) error {
			var r model.ReminderRecord
			var at dbTime
			if err := rows.Scan(&r.PlanID, &r.Period, &r.Unit, &r.Day, &r.Auto, &r.By, &at, &r.Messages); err != nil {
				return err
			}
			r.At = at.Time
			out[r.Unit] = r
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the reminders of plan %d: %w", planID, err)
	}
	return out, nil
}

const outboxColumns = `id, kind, COALESCE(plan_id, 0), period, unit, recipient, subject, message_id, size, status, attempts, next_attempt_at, last_error, created_at, sent_at`

func scanOutbox(rows *sql.Rows, withMIME bool) (model.OutboxMessage, error) {
	var m model.OutboxMessage
	var next, created dbTime
	var sent sql.NullString
	dest := []any{&m.ID, &m.Kind, &m.PlanID, &m.Period, &m.Unit, &m.Recipient, &m.Subject, &m.MessageID, &m.Size, &m.Status, &m.Attempts, &next, &m.LastError, &created, &sent}
	if withMIME {
		dest = append(dest, &m.MIME)
	}
	if err := rows.Scan(dest...); err != nil {
		return m, err
	}
	m.NextAttemptAt, m.CreatedAt = next.Time, created.Time
	if sent.Valid {
		t, err := parseTime(sent.String)
		if err != nil {
			return m, err
		}
		m.SentAt = &t
	}
	return m, nil
}

// DueMessages returns up to limit queued messages whose time has come,
// oldest first, with their content.
func (db *DB) DueMessages(ctx context.Context, now time.Time, limit int) ([]model.OutboxMessage, error) {
	var out []model.OutboxMessage
	err := db.each(ctx, `SELECT `+outboxColumns+`, mime FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
		[]any{formatTime(now), limit}, func(rows *sql.Rows) error {
			m, err := scanOutbox(rows, true)
			out = append(out, m)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the outbox: %w", err)
	}
	return out, nil
}

// Outbox returns the messages of a plan's period, newest first, without
// their content: the tracker shows when each unit was reminded and what
// failed.
func (db *DB) Outbox(ctx context.Context, planID int64, period string) ([]model.OutboxMessage, error) {
	var out []model.OutboxMessage
	err := db.each(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE plan_id = ? AND period = ? ORDER BY created_at DESC, id DESC`,
		[]any{planID, period}, func(rows *sql.Rows) error {
			m, err := scanOutbox(rows, false)
			out = append(out, m)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the outbox of plan %d: %w", planID, err)
	}
	return out, nil
}

// QueuedMessages counts the messages still to send.
func (db *DB) QueuedMessages(ctx context.Context) (int, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE status = 'queued'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count the queued messages: %w", err)
	}
	return n, nil
}

// MarkSent records that the relay took a message: it is never sent again.
func (db *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	_, err := db.exec(ctx, `UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ? AND status = 'queued'`, formatTime(at), id)
	if err != nil {
		return fmt.Errorf("store: unable to mark message %d sent: %w", id, err)
	}
	return nil
}

// MarkFailed records a failed attempt with the server's answer: the
// message is tried again at next, or given up when giveUp.
func (db *DB) MarkFailed(ctx context.Context, id int64, answer string, next time.Time, giveUp bool) error {
	status := model.MailQueued
	if giveUp {
		status = model.MailFailed
	}
	_, err := db.exec(ctx, `UPDATE outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'queued'`,
		status, formatTime(next), answer, id)
	if err != nil {
		return fmt.Errorf("store: unable to record the failure of message %d: %w", id, err)
	}
	return nil
}

// ClaimMessage takes a due message for one sender until until: it
// reports false when another sender took it first or it is no longer due.
func (db *DB) ClaimMessage(ctx context.Context, id int64, now, until time.Time) (bool, error) {
	res, err := db.exec(ctx, `UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'queued' AND next_attempt_at <= ?`,
		formatTime(until), id, formatTime(now))
	if err != nil {
		return false, fmt.Errorf("store: unable to claim message %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ReminderDays returns the days before a closing date on which a plan
// year's units are reminded (model.DefaultReminderDays when not set).
func (db *DB) ReminderDays(ctx context.Context, year int) ([]int, error) {
	var s string
	err := db.db.QueryRowContext(ctx, `SELECT days FROM reminder_days WHERE year = ?`, year).Scan(&s)
	if err == sql.ErrNoRows {
		return model.DefaultReminderDays, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the reminder days of %d: %w", year, err)
	}
	return model.ParseReminderDays(s)
}

// SetReminderDays sets them.
func (db *DB) SetReminderDays(ctx context.Context, year int, days []int) error {
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(d)
	}
	_, err := db.exec(ctx, `INSERT INTO reminder_days (year, days) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET days = excluded.days`, year, strings.Join(parts, ","))
	if err != nil {
		return fmt.Errorf("store: unable to set the reminder days of %d: %w", year, err)
	}
	return nil
}

// QueueMessages queues messages that nothing else records (the digest).
func (db *DB) QueueMessages(ctx context.Context, msgs []model.OutboxMessage) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.enqueue(ctx, tx, msgs) })
}

// DigestQueued reports whether the digest of a week («2021-W04») was
// queued already.
func (db *DB) DigestQueued(ctx context.Context, week string) (bool, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE kind = ? AND period = ?`, model.MailDigest, week).Scan(&n); err != nil {
		return false, fmt.Errorf("store: unable to look for the digest of %s: %w", week, err)
	}
	return n > 0, nil
}
