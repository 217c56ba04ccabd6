-- The Controller's review of a value: «validato», or «da rivedere» with a
-- comment for the unit. It belongs to one measurement: a value sent
-- again is a new measurement, «da validare» until reviewed.
CREATE TABLE reviews (
	measurement_id INTEGER PRIMARY KEY REFERENCES measurements (id) ON DELETE CASCADE,
	status         TEXT NOT NULL CHECK (status IN ('validato', 'da rivedere')),
	comment        TEXT NOT NULL DEFAULT '',
	reviewed_by    TEXT NOT NULL,
	reviewed_at    TEXT NOT NULL
);
