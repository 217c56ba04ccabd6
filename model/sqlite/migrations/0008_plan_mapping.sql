-- The column mapping each plan version was read with: the one the admin
-- gave, or the importer's own reading, so that next year's file can be
-- read the same way.
ALTER TABLE plans ADD COLUMN mapping TEXT NOT NULL DEFAULT '';
