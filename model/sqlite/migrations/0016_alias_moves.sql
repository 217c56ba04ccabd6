-- What a merge of unit names moved: each user, token and upload whose
-- unit it set to the target, with the unit it had. Undoing the merge puts
-- each back, so that the merged unit's people keep no access to the
-- target's data.
CREATE TABLE unit_alias_moves (
    alias_key TEXT NOT NULL,
    tbl       TEXT NOT NULL CHECK (tbl IN ('users', 'tokens', 'uploads')),
    row_id    INTEGER NOT NULL,
    from_unit TEXT NOT NULL,
    to_unit   TEXT NOT NULL,
    PRIMARY KEY (alias_key, tbl, row_id)
);
