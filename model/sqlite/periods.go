package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"cruscotto/model"
)

// queryer is what both *sql.DB and *sql.Tx offer, so a read can run inside
// a write transaction or outside it.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func periodState(ctx context.Context, q queryer, planID int64, p model.Period) (model.PeriodState, error) {
	st := model.PeriodState{Period: p}
	var closes sql.NullString
	var closed nullTimeScan
	err := q.QueryRowContext(ctx, `SELECT closed_at, closes_on, closed_by FROM periods WHERE plan_id = ? AND period = ?`, planID, p.String()).Scan(&closed, &closes, &st.ClosedBy)
	if err != nil && err != sql.ErrNoRows {
		return st, err
	}
	st.ClosedAt = closed.T
	st.ClosesOn, err = closingDate(closes)
	return st, err
}

// closingDate reads a closes_on column: nil for NULL.
func closingDate(closes sql.NullString) (*model.Date, error) {
	if !closes.Valid {
		return nil, nil
	}
	d, err := parseClosingDate(closes.String)
	return &d, err
}

// parseClosingDate reads a closing date as stored: "2021-01-31", or, as
// stored before closing dates were civil dates, the instant of that day's
// midnight on the server (2021-01-30T23:00:00Z from a server in Rome,
// 2021-01-31T00:00:00Z from one on UTC); read in Rome, both are the 31st.
func parseClosingDate(s string) (model.Date, error) {
	if d, err := model.ParseDate(s); err == nil {
		return d, nil
	}
	t, err := parseTime(s)
	if err != nil {
		return model.Date{}, err
	}
	return model.DateOf(t.In(model.Rome)), nil
}

// SetPeriod closes a period now (closed true), recording by as who
// closed it, or reopens it (false), and sets or clears its closing date.
func (db *DB) SetPeriod(ctx context.Context, planID int64, p model.Period, closed bool, closesOn *model.Date, by string) error {
	var closedAt, closes any
	closedBy := ""
	if closed {
		closedAt, closedBy = formatTime(db.Now()), by
	}
	if closesOn != nil {
		closes = closesOn.String()
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO periods (plan_id, period, closed_at, closes_on, closed_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (plan_id, period) DO UPDATE SET closed_at = excluded.closed_at, closes_on = excluded.closes_on, closed_by = excluded.closed_by`,
			planID, p.String(), closedAt, closes, closedBy)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: unable to set period %s: %w", p, err)
	}
	return nil
}

// checkOpen refuses, inside a write transaction, values for a period that
// is closed at now, unless writeClosed: checked there, a period closed while a
// workbook was being read cannot take its values.
func checkOpen(ctx context.Context, tx *sql.Tx, planID int64, p model.Period, now time.Time, writeClosed bool) error {
	if writeClosed {
		return nil
	}
	st, err := periodState(ctx, tx, planID, p)
	if err != nil {
		return err
	}
	if st.Closed(now) {
		return model.ErrPeriodClosed(p)
	}
	return nil
}

// SetClosed closes a period now (closed true), recording by as who closed
// it, or reopens it, keeping its closing date as model.PeriodState.Reopened
// says. It returns whether the date was cleared.
func (db *DB) SetClosed(ctx context.Context, planID int64, p model.Period, closed bool, by string, now time.Time) (cleared bool, err error) {
	err = db.tx(ctx, func(tx *sql.Tx) error {
		st, err := periodState(ctx, tx, planID, p)
		if err != nil {
			return err
		}
		var closedAt, closes any
		closedBy, closesOn := "", st.ClosesOn
		if closed {
			closedAt, closedBy = formatTime(now), by
		} else {
			closesOn, cleared = st.Reopened(now)
		}
		if closesOn != nil {
			closes = closesOn.String()
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO periods (plan_id, period, closed_at, closes_on, closed_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (plan_id, period) DO UPDATE SET closed_at = excluded.closed_at, closes_on = excluded.closes_on, closed_by = excluded.closed_by`,
			planID, p.String(), closedAt, closes, closedBy)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: unable to set period %s: %w", p, err)
	}
	return cleared, nil
}

// Periods lists the periods of a plan whose collection was ever set
// (closed, reopened, given a closing date), in date order.
func (db *DB) Periods(ctx context.Context, planID int64) ([]model.PeriodState, error) {
	var out []model.PeriodState
	err := db.each(ctx, `SELECT period, closed_at, closes_on, closed_by FROM periods WHERE plan_id = ?`, []any{planID}, func(rows *sql.Rows) error {
		var name, by string
		var closed nullTimeScan
		var closes sql.NullString
		if err := rows.Scan(&name, &closed, &closes, &by); err != nil {
			return err
		}
		p, err := model.ParsePeriod(name)
		if err != nil {
			return err
		}
		st := model.PeriodState{Period: p, ClosedAt: closed.T, ClosedBy: by}
		st.ClosesOn, err = closingDate(closes)
		out = append(out, st)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the periods of plan %d: %w", planID, err)
	}
	slices.SortFunc(out, func(a, b model.PeriodState) int { return a.Period.Key() - b.Period.Key() })
	return out, nil
}
