-- Column mappings the admin confirmed on the pages: applied by themselves
-- to later uploads whose header they fit (next year's file).
CREATE TABLE saved_mappings (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    mapping    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT ''
);
