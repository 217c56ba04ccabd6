package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"cruscotto/model"
)

// PlanBlocks returns where a plan version's header blocks lie in its
// workbook, in the workbook's order: those it was imported with, or
// stored later by SavePlanBlocks. It returns none for a version imported
// before blocks were stored; every plan has at least one.
func (db *DB) PlanBlocks(ctx context.Context, planID int64) ([]model.Block, error) {
	var out []model.Block
	err := db.each(ctx, `SELECT sheet, header_top, label_row, header_end, last_col, last_row FROM plan_blocks
		WHERE plan_id = ? ORDER BY position`, []any{planID}, func(rows *sql.Rows) error {
		var b model.Block
		if err := rows.Scan(&b.Sheet, &b.HeaderTop, &b.LabelRow, &b.HeaderEnd, &b.LastCol, &b.LastRow); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the blocks of plan %d: %w", planID, err)
	}
	return out, nil
}

// SavePlanBlocks stores the blocks of a plan version imported before
// blocks were stored, read again from its upload. A version that has
// blocks keeps them: two downloads may read them at once, and the first
// to store them wins.
func (db *DB) SavePlanBlocks(ctx context.Context, planID int64, blocks []model.Block) error {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var exists, stored bool
		err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM plans WHERE id = ?), EXISTS (SELECT 1 FROM plan_blocks WHERE plan_id = ?)`,
			planID, planID).Scan(&exists, &stored)
		switch {
		case err != nil:
			return err
		case !exists:
			return model.Errorf(model.ENotFound, "Il piano %d non esiste.", planID)
		case stored:
			return nil
		}
		return insertBlocks(ctx, tx, planID, blocks)
	})
	if err != nil {
		return fmt.Errorf("store: unable to save the blocks of plan %d: %w", planID, err)
	}
	return nil
}

func insertBlocks(ctx context.Context, tx *sql.Tx, planID int64, blocks []model.Block) error {
	rows := make([][]any, len(blocks))
	for i, b := range blocks {
		rows[i] = []any{planID, i, b.Sheet, b.HeaderTop, b.LabelRow, b.HeaderEnd, b.LastCol, b.LastRow}
	}
	return insertRows(ctx, tx, "plan_blocks", "plan_id, position, sheet, header_top, label_row, header_end, last_col, last_row", rows)
}
