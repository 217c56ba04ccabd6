-- Installation-wide settings, such as the key that signs data-entry
-- workbooks.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
