package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cruscotto/model"
)

// PeriodState returns whether a plan's period is open.
func (db *DB) PeriodState(ctx context.Context, planID int64, p model.Period) (model.PeriodState, error) {
	st := model.PeriodState{Period: p}
	var closed, closes sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT closed_at, closes_on FROM periods WHERE plan_id = ? AND period = ?`, planID, p.String()).Scan(&closed, &closes)
	if err != nil && err != sql.ErrNoRows {
		return st, fmt.Errorf("store: unable to read period %s: %w", p, err)
	}
	if closed.Valid {
		t := parseTime(closed.String)
		st.ClosedAt = &t
	}
	if closes.Valid {
		t := parseTime(closes.String)
		st.ClosesOn = &t
	}
	return st, nil
}

// SetPeriod closes a period now (closed true), reopens it (false), and
// sets or clears its closing date.
func (db *DB) SetPeriod(ctx context.Context, planID int64, p model.Period, closed bool, closesOn *time.Time) error {
	var closedAt, closes any
	if closed {
		closedAt = formatTime(db.Now())
	}
	if closesOn != nil {
		closes = formatTime(*closesOn)
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO periods (plan_id, period, closed_at, closes_on) VALUES (?, ?, ?, ?)
		ON CONFLICT (plan_id, period) DO UPDATE SET closed_at = excluded.closed_at, closes_on = excluded.closes_on`, planID, p.String(), closedAt, closes)
	if err != nil {
		return fmt.Errorf("store: unable to set period %s: %w", p, err)
	}
	return nil
}
