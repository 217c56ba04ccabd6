-- A revised plan keeps the year's values: when a new version of a year's
-- plan comes into force, every value of the version it replaces is copied
-- to the action of the same code and value form (model.Carries), with its
-- history, note, sender and time. carried_from is the version the value
-- was first recorded in, NULL for a value recorded in its own version.
-- The copy keeps its submission, which still names the version and the
-- upload it came with.
ALTER TABLE measurements ADD COLUMN carried_from INTEGER;
