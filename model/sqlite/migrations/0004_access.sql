-- People and programs that use the service, and the periods' collection
-- state.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'unit', 'viewer')),
    unit          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);

-- API tokens are stored as their sha256: the token itself is shown once.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'unit', 'viewer')),
    unit       TEXT NOT NULL DEFAULT '',
    label      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

-- Browser sessions, by the sha256 of the cookie value.
CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- A period is open for collection until closed, or until its closing date.
CREATE TABLE periods (
    plan_id   INTEGER NOT NULL REFERENCES plans (id),
    period    TEXT NOT NULL,
    closed_at TEXT,
    closes_on TEXT,
    PRIMARY KEY (plan_id, period)
);
