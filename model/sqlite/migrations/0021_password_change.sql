-- A password someone else chose for a user (generated when the user was
-- added or reset) must be changed at the first log-in: until then every
-- page leads to the password form.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
