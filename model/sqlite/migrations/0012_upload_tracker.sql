-- What the submission tracker reads without opening any file: the plan a
-- returned workbook was sent to, the unit it was made for (from its
-- verified identity), the unit it counts for (the sender's or, sent by an
-- admin, the workbook's: model.Upload.ForUnit) and the receipt its sender
-- was shown (JSON, model.Receipt).
ALTER TABLE uploads ADD COLUMN plan_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE uploads ADD COLUMN workbook_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN for_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN receipt TEXT NOT NULL DEFAULT '';

-- Earlier accepted workbooks name their plan and unit in their
-- submission; refused ones stay unknown (plan 0) and count for their
-- sender's unit.
UPDATE uploads SET
    plan_id = (SELECT s.plan_id FROM submissions s WHERE s.upload_id = uploads.id),
    workbook_unit = (SELECT s.unit FROM submissions s WHERE s.upload_id = uploads.id)
WHERE kind = 'submission' AND EXISTS (SELECT 1 FROM submissions s WHERE s.upload_id = uploads.id);
UPDATE uploads SET for_unit = CASE WHEN unit <> '' THEN unit ELSE workbook_unit END;

CREATE INDEX uploads_tracker ON uploads (plan_id, period, for_unit, id) WHERE kind = 'submission';
