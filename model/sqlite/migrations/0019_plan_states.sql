-- A plan's state through its year, one per plan year (every version of
-- a year's plan shares it): bozza (seen by the Controller's staff and
-- management only), raccolta (open to the units), archiviato (read-only,
-- off the units' pages). opened is set once the plan was ever opened for
-- collection: a plan never opened may be deleted.
CREATE TABLE plan_states (
	year       INTEGER PRIMARY KEY,
	state      TEXT NOT NULL CHECK (state IN ('bozza', 'raccolta', 'archiviato')),
	opened     INTEGER NOT NULL DEFAULT 0,
	changed_by TEXT NOT NULL,
	changed_at TEXT NOT NULL
);

-- Every change of state, for the record: who, when, to what.
CREATE TABLE plan_state_changes (
	id         INTEGER PRIMARY KEY,
	year       INTEGER NOT NULL,
	state      TEXT NOT NULL,
	changed_by TEXT NOT NULL,
	changed_at TEXT NOT NULL
);
CREATE INDEX plan_state_changes_year ON plan_state_changes (year, id);

-- Plans imported before states existed were published at import: they
-- stay open to the units.
INSERT INTO plan_states (year, state, opened, changed_by, changed_at)
	SELECT year, 'raccolta', 1, 'aggiornamento', MIN(imported_at) FROM plans GROUP BY year;
INSERT INTO plan_state_changes (year, state, changed_by, changed_at)
	SELECT year, state, changed_by, changed_at FROM plan_states;
