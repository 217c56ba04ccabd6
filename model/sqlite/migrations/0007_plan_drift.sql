-- Next year's plans: the comparison signs typed before a target and its
-- thresholds («≥ 90%»), as "target,t80,t60" (">=,," for a signed target
-- alone), and the notes written under the tables.
ALTER TABLE actions ADD COLUMN ops TEXT NOT NULL DEFAULT '';

CREATE TABLE plan_notes (
    plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    cell     TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
);
