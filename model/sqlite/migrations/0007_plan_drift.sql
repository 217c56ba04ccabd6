-- Next year's plans: the comparison sign typed before a target or
-- threshold («≥ 90%»), and the notes written under the tables.
ALTER TABLE actions ADD COLUMN target_op TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN t80_op TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN t60_op TEXT NOT NULL DEFAULT '';

CREATE TABLE plan_notes (
    plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    cell     TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
);
