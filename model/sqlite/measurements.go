package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"cruscotto/model"
)

// valueAt returns the raw value that was current at time t, walking back
// from measurement id along the values each one replaced; nil when there
// was none yet.
func valueAt(ctx context.Context, tx *sql.Tx, id int64, t time.Time) (*string, error) {
	for steps := 0; id != 0 && steps < maxHistoryWalk; steps++ {
		var raw string
		var at dbTime
		var prev sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT raw, submitted_at, previous_id FROM measurements WHERE id = ?`, id).Scan(&raw, &at, &prev); err != nil {
			return nil, err
		}
		if !at.After(t) {
			return &raw, nil
		}
		id = prev.Int64
	}
	return nil, nil
}

// maxHistoryWalk bounds the walk back through an action's values.
const maxHistoryWalk = 1000

// SaveMeasurements stores a batch in one transaction; which of its values
// are written is model.Reconcile's rule. Values for a plan version no
// longer in force, or for a closed period (unless s.WriteClosed), are
// refused inside the transaction, where no import or closing can slip in
// between the check and the write.
func (db *DB) SaveMeasurements(ctx context.Context, s model.Submission) (model.Saved, error) {
	var saved model.Saved
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		saved, err = db.saveMeasurements(ctx, tx, s)
		return err
	})
	if err != nil {
		return model.Saved{}, fmt.Errorf("store: unable to save measurements: %w", err)
	}
	return saved, nil
}

func (db *DB) saveMeasurements(ctx context.Context, tx *sql.Tx, s model.Submission) (model.Saved, error) {
	now := db.Now()
	saved := model.Saved{PlanID: s.PlanID, Stored: []model.Measurement{}}
	codes := make([]string, len(s.Values))
	for i, m := range s.Values {
		codes[i] = m.ActionCode
	}
	inForceID, err := inForce(ctx, tx, s.PlanID, codes)
	if err != nil {
		return model.Saved{}, err
	}
	if inForceID != s.PlanID {
		saved.SentTo, saved.PlanID = s.PlanID, inForceID
	}
	if err := checkOpen(ctx, tx, saved.PlanID, s.Period, now, s.WriteClosed); err != nil {
		return model.Saved{}, err
	}
	if len(s.Values) == 0 {
		return saved, nil // a workbook left all blank
	}
	cur, err := heldValues(ctx, tx, saved.PlanID, s.Period, codes, s.Since)
	if err != nil {
		return model.Saved{}, err
	}
	held := make(map[string]model.Held, len(cur))
	for _, m := range s.Values {
		c, ok := cur[m.ActionCode]
		if !ok {
			return model.Saved{}, model.Errorf(model.EInvalid, "L'azione %s non esiste nel piano %d.", m.ActionCode, saved.PlanID)
		}
		if c.id != 0 {
			held[m.ActionCode] = c.held
		}
	}
	r := model.Reconcile(held, s.Values, s.Since)
	saved.Stale, saved.Unchanged = r.Stale, r.Unchanged
	if len(r.Write) == 0 {
		return saved, nil
	}
	if saved.ID, err = insertSubmission(ctx, tx, saved.PlanID, s, now); err != nil {
		return model.Saved{}, err
	}
	if saved.Stored, err = insertMeasurements(ctx, tx, saved, s, r.Write, cur, now); err != nil {
		return model.Saved{}, err
	}
	return saved, nil
}

// current is an action of a batch and the value it holds.
type current struct {
	actionID int64
	id       int64 // the measurement held, 0 for none
	held     model.Held
}

// heldValues returns the batch's actions of a plan (by code) with the
// value each holds in period p, and, for those changed after since, the
// value each held then (model.Held.Then). Only the batch's actions are
// read: a plan may have thousands, a batch a few hundred.
func heldValues(ctx context.Context, tx *sql.Tx, planID int64, p model.Period, codes []string, since time.Time) (map[string]*current, error) {
	args := make([]any, 0, len(codes)+2)
	args = append(args, p.String(), planID)
	for _, c := range codes {
		args = append(args, c)
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.code, a.id, m.id, m.raw, m.note, m.value, m.kind, m.submitted_at FROM actions a
		LEFT JOIN measurements m ON m.id = (SELECT MAX(id) FROM measurements WHERE action_id = a.id AND period = ?)
		WHERE a.plan_id = ? AND a.code IN (`+strings.TrimSuffix(strings.Repeat("?,", len(codes)), ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	cur := map[string]*current{}
	for rows.Next() {
		var code string
		var c current
		var id sql.NullInt64
		var raw, note, kind sql.NullString
		var value sql.NullFloat64
		var at nullTimeScan
		if err := rows.Scan(&code, &c.actionID, &id, &raw, &note, &value, &kind, &at); err != nil {
			rows.Close()
			return nil, err
		}
		c.id, c.held = id.Int64, model.Held{Value: storedValue(raw.String, value, kind.String), Note: note.String}
		if at.T != nil {
			c.held.At = *at.T
		}
		cur[code] = &c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range cur {
		if c.id != 0 && c.held.ChangedSince(since) {
			if c.held.Then, err = valueAt(ctx, tx, c.id, since); err != nil {
				return nil, err
			}
		}
	}
	return cur, nil
}

// insertSubmission records a batch that writes values, returning its id.
func insertSubmission(ctx context.Context, tx *sql.Tx, planID int64, s model.Submission, now time.Time) (int64, error) {
	var uploadID any
	if s.UploadID != 0 {
		uploadID = s.UploadID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO submissions (plan_id, period, unit, source, upload_id, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		planID, s.Period.String(), s.Unit, s.Source, uploadID, s.By, formatTime(now))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// insertMeasurements writes the values Reconcile kept, each linked to the
// one it replaces; a second value for the same action in a batch
// replaces the first.
func insertMeasurements(ctx context.Context, tx *sql.Tx, saved model.Saved, s model.Submission, write []model.MeasurementInput, cur map[string]*current, now time.Time) ([]model.Measurement, error) {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO measurements (plan_id, action_id, period, period_key, raw, value, kind, note, source, submitted_by, submitted_at, submission_id, previous_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	out := make([]model.Measurement, 0, len(write))
	for _, m := range write {
		c := cur[m.ActionCode]
		var prevID, value any
		var previous *model.Value
		if c.id != 0 {
			v := c.held.Value
			prevID, previous = c.id, &v
		}
		if m.Value.Number != nil {
			value = *m.Value.Number
		}
		res, err := stmt.ExecContext(ctx, saved.PlanID, c.actionID, s.Period.String(), s.Period.Key(), m.Value.Raw, value, string(m.Value.Kind), m.Note,
			s.Source, s.By, formatTime(now), saved.ID, prevID)
		if err != nil {
			return nil, fmt.Errorf("action %s: %w", m.ActionCode, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		out = append(out, model.Measurement{ID: id, PlanID: saved.PlanID, ActionCode: m.ActionCode, Period: s.Period, Value: m.Value, Note: m.Note,
			Source: s.Source, By: s.By, At: now, Submission: saved.ID, Previous: previous})
		// the new row is now current: as a row holds it
		c.id, c.held = id, model.Held{Value: model.Value{Raw: m.Value.Raw, Kind: m.Value.Kind, Number: m.Value.Number}, Note: m.Note, At: now}
	}
	return out, nil
}

// storedValue is a measured value as a row holds it.
func storedValue(raw string, n sql.NullFloat64, kind string) model.Value {
	v := model.Value{Raw: raw, Kind: model.Kind(kind)}
	if n.Valid {
		f := n.Float64
		v.Number = &f
	}
	return v
}

// inForce returns the version in force of a plan's year to which values
// sent for version planID go: planID itself, or a later version of its
// year to which every one of codes carries (model.Carries). When some do
// not, the values are refused with the codes that stay behind. Asked
// inside the write transaction, it leaves no gap for an import: a value
// lands in the old version and is carried, or lands in the new one.
func inForce(ctx context.Context, tx *sql.Tx, planID int64, codes []string) (int64, error) {
	var year, version, current int
	var currentID int64
	var at dbTime
	err := tx.QueryRowContext(ctx, `SELECT p.year, p.version, c.id, c.version, c.imported_at FROM plans p JOIN plans c ON c.year = p.year
		WHERE p.id = ? ORDER BY c.version DESC LIMIT 1`, planID).Scan(&year, &version, &currentID, &current, &at)
	if err == sql.ErrNoRows {
		return 0, model.Errorf(model.ENotFound, "Il piano %d non esiste.", planID)
	}
	if err != nil || currentID == planID {
		return planID, err
	}
	forms := func(plan int64) (map[string]*model.Action, error) {
		out := map[string]*model.Action{}
		for start := 0; start < len(codes); start += 500 {
			batch := codes[start:min(len(codes), start+500)]
			args := []any{plan}
			for _, c := range batch {
				args = append(args, c)
			}
			rows, err := tx.QueryContext(ctx, `SELECT code, qualitative, target_kind FROM actions WHERE plan_id = ? AND code IN (?`+
				strings.Repeat(", ?", len(batch)-1)+`)`, args...)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				a := &model.Action{}
				var kind sql.NullString
				if err := rows.Scan(&a.Code, &a.Qualitative, &kind); err != nil {
					rows.Close()
					return nil, err
				}
				if kind.Valid {
					a.Target = &model.Value{Kind: model.Kind(kind.String)}
				}
				out[a.Code] = a
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	old, err := forms(planID)
	if err != nil {
		return 0, err
	}
	now, err := forms(currentID)
	if err != nil {
		return 0, err
	}
	var gone, changed []string
	for _, c := range codes {
		switch {
		case old[c] == nil || model.Carries(old[c], now[c]):
		case now[c] == nil:
			gone = append(gone, c)
		default:
			changed = append(changed, c)
		}
	}
	if len(gone)+len(changed) > 0 {
		slices.SortFunc(gone, model.CompareCodes)
		slices.SortFunc(changed, model.CompareCodes)
		return 0, model.ErrSuperseded(year, version, current, at.Time, slices.Compact(gone), slices.Compact(changed))
	}
	return currentID, nil
}

const measurementColumns = `m.id, m.plan_id, a.code, m.period, m.raw, m.value, m.kind, m.note, m.source, m.submitted_by, m.submitted_at, m.submission_id,
	p.raw, p.value, p.kind, COALESCE(m.carried_from, 0), r.status, r.comment, r.reviewed_by, r.reviewed_at, COALESCE(s.unit, '')`

// measurementJoins are the tables measurementColumns reads besides m:
// the action, the value replaced, the review.
const measurementJoins = ` JOIN actions a ON a.id = m.action_id LEFT JOIN measurements p ON p.id = m.previous_id
	LEFT JOIN reviews r ON r.measurement_id = m.id LEFT JOIN submissions s ON s.id = m.submission_id`

func scanMeasurement(rows *sql.Rows) (model.Measurement, error) {
	var m model.Measurement
	var period string
	var at dbTime
	var value sql.NullFloat64
	var kind string
	var praw, pkind sql.NullString
	var pvalue sql.NullFloat64
	var rstatus, rcomment, rby, rat sql.NullString
	if err := rows.Scan(&m.ID, &m.PlanID, &m.ActionCode, &period, &m.Value.Raw, &value, &kind, &m.Note, &m.Source, &m.By, &at, &m.Submission,
		&praw, &pvalue, &pkind, &m.CarriedFrom, &rstatus, &rcomment, &rby, &rat, &m.SentFor); err != nil {
		return m, err
	}
	if rstatus.Valid {
		m.Review = &model.Review{Status: model.ReviewStatus(rstatus.String), Comment: rcomment.String, By: rby.String}
		if t, err := parseTime(rat.String); err == nil {
			m.Review.At = t
		}
	}
	m.Period, _ = model.ParsePeriod(period)
	m.At = at.Time
	m.Value.Kind = model.Kind(kind)
	if value.Valid {
		f := value.Float64
		m.Value.Number = &f
	}
	m.Previous = scanValue(praw, pvalue, pkind)
	return m, nil
}

// Measurements returns the stored measurements f selects, each with the
// value it replaced.
func (db *DB) Measurements(ctx context.Context, f model.MeasurementFilter) ([]model.Measurement, error) {
	var where []string
	var args []any
	inner := "1"
	if f.PlanID != 0 {
		where, args = append(where, "m.plan_id = ?"), append(args, f.PlanID)
	}
	if f.Period != nil {
		where, args = append(where, "m.period = ?"), append(args, f.Period.String())
	}
	if f.Code != "" {
		where, args = append(where, "a.code = ?"), append(args, f.Code)
	}
	if f.UploadID != 0 {
		where = append(where, "m.submission_id IN (SELECT id FROM submissions WHERE upload_id = ?) AND m.carried_from IS NULL")
		args = append(args, f.UploadID)
	}
	if f.Current {
		// the newest row of each action and period among those selected
		inner = "m.id IN (SELECT MAX(m.id) FROM measurements m JOIN actions a ON a.id = m.action_id WHERE " + and(where) + " GROUP BY m.action_id, m.period)"
		args = append(args, args...)
	}
	order := "m.id"
	if f.ByPeriod {
		order = "m.period_key, m.id"
	}
	out := []model.Measurement{}
	err := db.each(ctx, `SELECT `+measurementColumns+` FROM measurements m`+measurementJoins+` WHERE `+and(where)+` AND `+inner+` ORDER BY `+order,
		args, func(rows *sql.Rows) error {
			m, err := scanMeasurement(rows)
			out = append(out, m)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the measurements %+v: %w", f, err)
	}
	return out, nil
}

// and joins conditions, "1" for none.
func and(conds []string) string {
	if len(conds) == 0 {
		return "1"
	}
	return strings.Join(conds, " AND ")
}

// MeasuredPeriods lists the periods of a plan that have measurements, in
// date order.
func (db *DB) MeasuredPeriods(ctx context.Context, planID int64) ([]model.Period, error) {
	var out []model.Period
	err := db.each(ctx, `SELECT period FROM measurements WHERE plan_id = ? GROUP BY period ORDER BY MIN(period_key)`, []any{planID}, func(rows *sql.Rows) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		p, err := model.ParsePeriod(s)
		if err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the periods of plan %d: %w", planID, err)
	}
	return out, nil
}

// SaveCollected stores a collected workbook and its values in one
// transaction: the upload (kept whatever happens next), the submission
// pointing at it, and the values that changed. When nothing changed the
// upload is recorded as a duplicate. The upload's receipt is completed
// with what only saving tells: the values unchanged and those kept newer.
func (db *DB) SaveCollected(ctx context.Context, u model.Upload, s model.Submission, notify model.Notify) (model.Saved, error) {
	var saved model.Saved
	err := db.tx(ctx, func(tx *sql.Tx) error {
		u.Outcome = model.OutcomeAccepted
		uploadID, err := db.insertUpload(ctx, tx, &u)
		if err != nil {
			return err
		}
		s.UploadID = uploadID
		if saved, err = db.saveMeasurements(ctx, tx, s); err != nil {
			return err
		}
		saved.UploadID = uploadID
		receipt := model.Receipt{}
		if u.Receipt != nil {
			receipt = *u.Receipt
		}
		receipt.Stored, receipt.Unchanged, receipt.Kept = len(saved.Stored), saved.Unchanged, saved.Stale
		text, err := receiptText(&receipt)
		if err != nil {
			return err
		}
		outcome, message := model.CollectedOutcome(u, saved)
		if _, err = tx.ExecContext(ctx, `UPDATE uploads SET outcome = ?, message = ?, receipt = ? WHERE id = ?`, outcome, message, text, uploadID); err != nil {
			return err
		}
		return db.notify(ctx, tx, notify, uploadID, receipt, saved.Stored)
	})
	if err != nil {
		return model.Saved{}, fmt.Errorf("store: unable to save collected workbook %s: %w", u.FileName, err)
	}
	return saved, nil
}

// SetReview records the Controller's review of measurement id, replacing
// an earlier one of the same value.
func (db *DB) SetReview(ctx context.Context, id int64, r model.Review) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reviews (measurement_id, status, comment, reviewed_by, reviewed_at, seq)
			VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM reviews))
			ON CONFLICT (measurement_id) DO UPDATE SET status = excluded.status, comment = excluded.comment,
			reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at, seq = excluded.seq`, id, r.Status, r.Comment, r.By, formatTime(db.Now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: unable to review value %d: %w", id, err)
	}
	return nil
}
