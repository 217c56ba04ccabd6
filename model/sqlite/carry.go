package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"cruscotto/model"
)

// carryValues copies, inside the import's transaction, every value of
// plan version from (its whole history, in every period) to the action of
// the same code in version to whose value form is the same (model.Carries),
// and the periods' closing dates with them. The copies keep their note,
// sender, time and submission; carried_from says the version each was
// first recorded in. Values that do not carry stay readable in from.
func carryValues(ctx context.Context, tx *sql.Tx, from, to int64, toActions map[string]carryTarget) (int, error) {
	var fromVersion int
	if err := tx.QueryRowContext(ctx, `SELECT version FROM plans WHERE id = ?`, from).Scan(&fromVersion); err != nil {
		return 0, fmt.Errorf("carry values from plan %d: %w", from, err)
	}
	dest, err := carryDestinations(ctx, tx, from, toActions)
	if err != nil {
		return 0, err
	}
	copies, newID, err := copyMeasurements(ctx, tx, from, to, fromVersion, dest)
	if err != nil {
		return 0, err
	}
	if err := insertRows(ctx, tx, "measurements", `id, plan_id, action_id, period, period_key, raw, value, kind, note, source, submitted_by, submitted_at,
		submission_id, previous_id, carried_from`, copies); err != nil {
		return 0, fmt.Errorf("carry values from plan %d: %w", from, err)
	}
	if err := carryReviews(ctx, tx, from, newID); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO periods (plan_id, period, closed_at, closes_on)
		SELECT ?, period, closed_at, closes_on FROM periods WHERE plan_id = ?`, to, from); err != nil {
		return 0, fmt.Errorf("carry the periods of plan %d: %w", from, err)
	}
	return len(copies), nil
}

// carryDestinations says which of plan from's actions carry (model.Carries),
// and to which new action: old action id → new action id.
func carryDestinations(ctx context.Context, tx *sql.Tx, from int64, toActions map[string]carryTarget) (map[int64]int64, error) {
	dest := map[int64]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT id, code, qualitative, target_kind FROM actions WHERE plan_id = ?`, from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind sql.NullString
		old := &model.Action{}
		if err := rows.Scan(&id, &old.Code, &old.Qualitative, &kind); err != nil {
			return nil, err
		}
		if kind.Valid {
			old.Target = &model.Value{Kind: model.Kind(kind.String)}
		}
		if t, ok := toActions[old.Code]; ok && model.Carries(old, t.action) {
			dest[id] = t.id
		}
	}
	return dest, rows.Err()
}

// copyMeasurements lays out the copies, for plan to, of plan from's
// values of the actions that carry (dest), with ids in the order of the
// originals, so that the newest copy is the current value and previous_id
// points back as before. It returns the rows and the originals' new ids.
func copyMeasurements(ctx context.Context, tx *sql.Tx, from, to int64, fromVersion int, dest map[int64]int64) ([][]any, map[int64]int64, error) {
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM measurements`).Scan(&next); err != nil {
		return nil, nil, err
	}
	newID := map[int64]int64{}
	var copies [][]any
	rows, err := tx.QueryContext(ctx, `SELECT id, action_id, period, period_key, raw, value, kind, note, source, submitted_by, submitted_at,
		submission_id, previous_id, carried_from FROM measurements WHERE plan_id = ? ORDER BY id`, from)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id, actionID, periodKey, submission int64
			period, raw, kind, note, source, by string
			at                                  string
			value                               sql.NullFloat64
			previous, carried                   sql.NullInt64
		)
		if err := rows.Scan(&id, &actionID, &period, &periodKey, &raw, &value, &kind, &note, &source, &by, &at, &submission, &previous, &carried); err != nil {
			return nil, nil, err
		}
		target, ok := dest[actionID]
		if !ok {
			continue
		}
		next++
		newID[id] = next
		var prev, num any
		if p, ok := newID[previous.Int64]; previous.Valid && ok {
			prev = p
		}
		if value.Valid {
			num = value.Float64
		}
		origin := int64(fromVersion)
		if carried.Valid {
			origin = carried.Int64 // carried before: still from where it was recorded
		}
		copies = append(copies, []any{next, to, target, period, periodKey, raw, num, kind, note, source, by, at, submission, prev, origin})
	}
	return copies, newID, rows.Err()
}

// carryReviews copies the reviews of the values carried (newID: original
// → copy): a value carried keeps its review, it is the same value.
func carryReviews(ctx context.Context, tx *sql.Tx, from int64, newID map[int64]int64) error {
	reviewed, err := tx.QueryContext(ctx, `SELECT r.measurement_id FROM reviews r JOIN measurements m ON m.id = r.measurement_id WHERE m.plan_id = ?`, from)
	if err != nil {
		return err
	}
	var pairs [][2]int64
	for reviewed.Next() {
		var id int64
		if err := reviewed.Scan(&id); err != nil {
			reviewed.Close()
			return err
		}
		if n, ok := newID[id]; ok {
			pairs = append(pairs, [2]int64{n, id})
		}
	}
	reviewed.Close()
	if err := reviewed.Err(); err != nil {
		return err
	}
	for _, p := range pairs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reviews (measurement_id, status, comment, reviewed_by, reviewed_at)
			SELECT ?, status, comment, reviewed_by, reviewed_at FROM reviews WHERE measurement_id = ?`, p[0], p[1]); err != nil {
			return fmt.Errorf("carry the reviews of plan %d: %w", from, err)
		}
	}
	return nil
}

// carryTarget is an action of the new version: its id and what decides
// whether a value carries to it.
type carryTarget struct {
	id     int64
	action *model.Action
}
