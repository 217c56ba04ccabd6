package sqlite

import (
	"context"
	"fmt"
	"strings"

	"cruscotto/model"
)

// Revision is how far the values stored and their reviews have come: of
// the actions codes of plan planID, in any period, or, for planID 0, of
// every plan. A unit's workbook shows only its own actions' values, so
// only they make it change. Reading it costs a lookup of the tables'
// last rows, or of the actions' values.
func (db *DB) Revision(ctx context.Context, planID int64, codes []string) (model.Revision, error) {
	var rev model.Revision
	if planID == 0 {
		err := db.db.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) FROM measurements), (SELECT COALESCE(MAX(seq), 0) FROM reviews)`).
			Scan(&rev.Values, &rev.Reviews)
		if err != nil {
			return rev, fmt.Errorf("store: unable to read the revision: %w", err)
		}
		return rev, nil
	}
	for start := 0; start < len(codes); start += 500 {
		batch := codes[start:min(len(codes), start+500)]
		args := make([]any, 0, len(batch)+1)
		args = append(args, planID)
		for _, c := range batch {
			args = append(args, c)
		}
		var r model.Revision
		err := db.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(m.id), 0), COALESCE(MAX(r.seq), 0) FROM actions a JOIN measurements m ON m.action_id = a.id
			LEFT JOIN reviews r ON r.measurement_id = m.id
			WHERE a.plan_id = ? AND a.code IN (?`+strings.Repeat(", ?", len(batch)-1)+`)`, args...).Scan(&r.Values, &r.Reviews)
		if err != nil {
			return rev, fmt.Errorf("store: unable to read the revision of plan %d's actions: %w", planID, err)
		}
		rev.Values, rev.Reviews = max(rev.Values, r.Values), max(rev.Reviews, r.Reviews)
	}
	return rev, nil
}
