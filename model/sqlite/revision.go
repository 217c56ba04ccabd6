package sqlite

import (
	"context"
	"fmt"
	"strings"
)

// MeasurementRevision is the id of the newest measurement stored, in any
// plan: it grows with every value written, so a file generated from the
// stored values is current while it stays the same. Reading it costs one
// lookup of the table's last row.
func (db *DB) MeasurementRevision(ctx context.Context) (int64, error) {
	var id int64
	if err := db.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM measurements`).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: unable to read the measurement revision: %w", err)
	}
	return id, nil
}

// ActionsRevision is the id of the newest measurement stored for any of
// the actions codes of a plan, in any period, 0 for none: a unit's
// workbook shows only its own actions' values, so only they make it
// change.
func (db *DB) ActionsRevision(ctx context.Context, planID int64, codes []string) (int64, error) {
	var rev int64
	for start := 0; start < len(codes); start += 500 {
		batch := codes[start:min(len(codes), start+500)]
		args := make([]any, 0, len(batch)+1)
		args = append(args, planID)
		for _, c := range batch {
			args = append(args, c)
		}
		var id int64
		err := db.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(m.id), 0) FROM actions a JOIN measurements m ON m.action_id = a.id
			WHERE a.plan_id = ? AND a.code IN (?`+strings.Repeat(", ?", len(batch)-1)+`)`, args...).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("store: unable to read the revision of plan %d's actions: %w", planID, err)
		}
		rev = max(rev, id)
	}
	return rev, nil
}
