-- Every uploaded file, by content: plans and submissions point here, and
-- rejected uploads are kept too.
CREATE TABLE files (
    sha256  TEXT PRIMARY KEY,
    size    INTEGER NOT NULL,
    content BLOB NOT NULL
);

CREATE TABLE uploads (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('plan', 'submission')),
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL REFERENCES files (sha256),
    received_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'rejected')),
    message     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE REFERENCES files (sha256),
    upload_id   INTEGER NOT NULL REFERENCES uploads (id),
    imported_at TEXT NOT NULL,
    UNIQUE (year, version)
);

CREATE TABLE perspectives (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL
);

CREATE TABLE strategic_objectives (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    perspective_id INTEGER NOT NULL REFERENCES perspectives (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    code           TEXT NOT NULL,
    description    TEXT NOT NULL,
    kpi            TEXT NOT NULL,
    cell           TEXT NOT NULL,
    UNIQUE (plan_id, code)
);

CREATE TABLE strategic_targets (
    strategic_id INTEGER NOT NULL REFERENCES strategic_objectives (id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    target       REAL NOT NULL,
    PRIMARY KEY (strategic_id, year)
);

CREATE TABLE operational_objectives (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    strategic_id INTEGER NOT NULL REFERENCES strategic_objectives (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    code         TEXT NOT NULL,
    title        TEXT NOT NULL,
    weight       REAL NOT NULL,
    kpi          TEXT NOT NULL,
    cell         TEXT NOT NULL,
    UNIQUE (plan_id, code)
);

-- A value is stored as typed (raw), with its number (NULL when
-- qualitative) and kind; a missing threshold has all three NULL.
CREATE TABLE actions (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    operational_id  INTEGER NOT NULL REFERENCES operational_objectives (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    code            TEXT NOT NULL,
    title           TEXT NOT NULL,
    weight          REAL NOT NULL,
    kpi             TEXT NOT NULL,
    target_raw      TEXT,
    target_value    REAL,
    target_kind     TEXT,
    t80_raw         TEXT,
    t80_value       REAL,
    t80_kind        TEXT,
    t80_text        TEXT NOT NULL DEFAULT '',
    t60_raw         TEXT,
    t60_value       REAL,
    t60_kind        TEXT,
    t60_text        TEXT NOT NULL DEFAULT '',
    direction       TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    qualitative     INTEGER NOT NULL,
    pira            INTEGER NOT NULL,
    responsible     TEXT NOT NULL,
    implicit        INTEGER NOT NULL,
    cell            TEXT NOT NULL,
    UNIQUE (plan_id, code)
);

CREATE TABLE units (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    UNIQUE (plan_id, name)
);

CREATE TABLE action_units (
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    PRIMARY KEY (action_id, unit_id)
);
CREATE INDEX action_units_unit ON action_units (unit_id);

CREATE TABLE plan_warnings (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    sheet    TEXT NOT NULL,
    cell     TEXT NOT NULL,
    message  TEXT NOT NULL
);
