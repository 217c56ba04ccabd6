-- Uploads recorded before uploads kept their period (0005), plan and
-- units (0012) were filled only in part: 0012 took the plan and the
-- workbook's unit from the accepted ones' submissions, but not the period,
-- so the tracker and the unit's receipts could not find them. Every
-- accepted workbook's submission names its plan, period and unit: take
-- whatever is still missing from it.
UPDATE uploads SET
    period = CASE WHEN period = '' THEN (SELECT s.period FROM submissions s WHERE s.upload_id = uploads.id) ELSE period END,
    plan_id = CASE WHEN plan_id = 0 THEN (SELECT s.plan_id FROM submissions s WHERE s.upload_id = uploads.id) ELSE plan_id END,
    workbook_unit = CASE WHEN workbook_unit = '' THEN (SELECT s.unit FROM submissions s WHERE s.upload_id = uploads.id) ELSE workbook_unit END
WHERE kind = 'submission' AND (period = '' OR plan_id = 0 OR workbook_unit = '')
    AND EXISTS (SELECT 1 FROM submissions s WHERE s.upload_id = uploads.id);
UPDATE uploads SET for_unit = CASE WHEN unit <> '' THEN unit ELSE workbook_unit END
WHERE kind = 'submission' AND for_unit = '';
