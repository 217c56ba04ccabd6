-- The value an action's year starts from (a plan's «Baseline» column), as
-- typed: it is shown, never scored, so its number is read again from the
-- text when needed. And the plan's own note on the action.
ALTER TABLE actions ADD COLUMN baseline TEXT;
ALTER TABLE actions ADD COLUMN note TEXT NOT NULL DEFAULT '';
