-- A submission is one batch of measurements: a collected workbook, an API
-- call or a CLI run. It is stored whole or not at all.
CREATE TABLE submissions (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans (id),
    period       TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL CHECK (source IN ('upload', 'api', 'cli')),
    upload_id    INTEGER REFERENCES uploads (id),
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL
);

-- Measurements are never updated: a new value for an (action, period) is a
-- new row, and the newest row is the current value. previous_id points at
-- the row it replaced, so the history can be shown.
CREATE TABLE measurements (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans (id),
    action_id     INTEGER NOT NULL REFERENCES actions (id),
    period        TEXT NOT NULL,
    period_key    INTEGER NOT NULL,
    raw           TEXT NOT NULL,
    value         REAL,
    kind          TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL,
    submitted_by  TEXT NOT NULL,
    submitted_at  TEXT NOT NULL,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    previous_id   INTEGER REFERENCES measurements (id)
);
CREATE INDEX measurements_current ON measurements (plan_id, period, action_id, id);
CREATE INDEX measurements_action ON measurements (action_id, period_key, id);
