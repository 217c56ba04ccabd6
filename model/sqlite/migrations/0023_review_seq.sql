-- The order of the reviews, so that a file showing them (a unit's
-- workbook, the scored workbook) is made again after each: seq grows with
-- every review written or changed (model.Revision).
ALTER TABLE reviews ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
