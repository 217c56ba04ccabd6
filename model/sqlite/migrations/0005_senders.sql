-- Who sent each upload, by unit and principal key rather than display
-- name (a unit reads only its own unit's refused files), and the bounds on
-- refused files: older refused files lose their content, never their
-- record.
ALTER TABLE uploads ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN sender TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN period TEXT NOT NULL DEFAULT '';
-- set when the upload no longer keeps its content (refused files only)
ALTER TABLE uploads ADD COLUMN dropped_at TEXT;
CREATE INDEX uploads_refused ON uploads (owner, period, id) WHERE outcome = 'rejected' AND dropped_at IS NULL;
CREATE INDEX uploads_sha256 ON uploads (sha256);

-- set when no kept upload references the file any more and its content
-- was emptied; the row stays for the uploads' foreign key and its size
ALTER TABLE files ADD COLUMN dropped_at TEXT;

-- One row that the health check rewrites, to prove the database takes
-- writes.
CREATE TABLE health (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TEXT NOT NULL
);
