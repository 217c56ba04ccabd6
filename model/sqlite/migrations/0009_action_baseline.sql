-- The value an action's year starts from (a plan's «Baseline» column),
-- kept as typed with its number and kind like targets, and the plan's own
-- note on the action.
ALTER TABLE actions ADD COLUMN baseline_raw TEXT;
ALTER TABLE actions ADD COLUMN baseline_value REAL;
ALTER TABLE actions ADD COLUMN baseline_kind TEXT;
ALTER TABLE actions ADD COLUMN baseline_op TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN note TEXT NOT NULL DEFAULT '';
