-- A unit's name as a plan writes it, merged into another unit: plans are
-- read with their units renamed, so that two spellings of one unit are one
-- unit, without editing the plan file. key is the name's model.UnitKey
-- (case, accents and spacing folded), the form names are matched in.
CREATE TABLE unit_aliases (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    target     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
);
