package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cruscotto/model"
)

// initState gives a year's first plan version its state — plan.State, or
// a draft — and records it; a later version keeps the year's state.
func initState(ctx context.Context, tx *sql.Tx, plan *model.Plan, u model.Upload, now time.Time) error {
	state := plan.State
	if state == "" {
		state = model.StateDraft
	}
	by := u.By
	if by == "" {
		by = "?"
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO plan_states (year, state, opened, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (year) DO NOTHING`, plan.Year, state, state == model.StateCollecting, by, formatTime(now))
	if err != nil {
		return fmt.Errorf("plan state: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO plan_state_changes (year, state, changed_by, changed_at) VALUES (?, ?, ?, ?)`,
		plan.Year, state, by, formatTime(now))
	return err
}

// yearState is the state of a year's plan, a draft when none is stored.
func (db *DB) yearState(ctx context.Context, year int) (model.PlanState, error) {
	var s model.PlanState
	err := db.db.QueryRowContext(ctx, `SELECT state FROM plan_states WHERE year = ?`, year).Scan(&s)
	if err == sql.ErrNoRows {
		return model.StateDraft, nil
	}
	if err != nil {
		return "", fmt.Errorf("store: state of plan %d: %w", year, err)
	}
	return s, nil
}

// SetPlanState moves a year's plan, every version of it, to state, and
// records who did it and when. It returns the state it had.
func (db *DB) SetPlanState(ctx context.Context, year int, state model.PlanState, by string) (model.PlanState, error) {
	var old model.PlanState
	now := formatTime(db.Now())
	err := db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT state FROM plan_states WHERE year = ?`, year).Scan(&old)
		if err == sql.ErrNoRows {
			return model.Errorf(model.ENotFound, "Nessun piano %d.", year)
		}
		if err != nil || old == state {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_states SET state = ?, opened = opened OR ?, changed_by = ?, changed_at = ? WHERE year = ?`,
			state, state == model.StateCollecting, by, now, year); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO plan_state_changes (year, state, changed_by, changed_at) VALUES (?, ?, ?, ?)`, year, state, by, now)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: unable to set the state of plan %d: %w", year, err)
	}
	return old, nil
}

// PlanStateChanges lists the changes of a year's plan state, oldest
// first.
func (db *DB) PlanStateChanges(ctx context.Context, year int) ([]model.StateChange, error) {
	out := []model.StateChange{}
	err := db.each(ctx, `SELECT state, changed_by, changed_at FROM plan_state_changes WHERE year = ? ORDER BY id`, []any{year}, func(rows *sql.Rows) error {
		var c model.StateChange
		var at dbTime
		if err := rows.Scan(&c.State, &c.By, &at); err != nil {
			return err
		}
		c.At = at.Time
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: state changes of plan %d: %w", year, err)
	}
	return out, nil
}

// DeletePlanYear deletes every version of a year's plan that was never
// opened for collection, with the values and periods entered on it; the
// uploads stay, as records of what was sent. The deletion is recorded in
// the year's state changes. It returns how many versions it deleted.
func (db *DB) DeletePlanYear(ctx context.Context, year int, by string) (int, error) {
	var versions int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var opened bool
		err := tx.QueryRowContext(ctx, `SELECT opened FROM plan_states WHERE year = ?`, year).Scan(&opened)
		if err == sql.ErrNoRows {
			return model.Errorf(model.ENotFound, "Nessun piano %d.", year)
		}
		if err != nil {
			return err
		}
		if err := model.CheckDeletable(year, opened); err != nil {
			return err
		}
		ids := `(SELECT id FROM plans WHERE year = ?)`
		for _, q := range []string{
			`DELETE FROM measurements WHERE plan_id IN ` + ids,
			`DELETE FROM submissions WHERE plan_id IN ` + ids,
			`DELETE FROM periods WHERE plan_id IN ` + ids,
			`DELETE FROM reminders WHERE plan_id IN ` + ids,
		} {
			if _, err := tx.ExecContext(ctx, q, year); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM plans WHERE year = ?`, year)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		versions = int(n)
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_states WHERE year = ?`, year); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO plan_state_changes (year, state, changed_by, changed_at) VALUES (?, 'eliminato', ?, ?)`,
			year, by, formatTime(db.Now()))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to delete plan %d: %w", year, err)
	}
	db.plans.clear()
	return versions, nil
}
