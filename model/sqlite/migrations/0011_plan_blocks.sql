-- Where each plan version's header blocks lie in its workbook, as the
-- importer read them (with the plan's mapping): the filled plan writes
-- its columns beside them without reading the upload's structure again.
-- Versions imported before this table have no rows: their blocks are
-- read from the upload when first needed, and stored then.
CREATE TABLE plan_blocks (
    plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    sheet      TEXT NOT NULL,
    header_top INTEGER NOT NULL,
    label_row  INTEGER NOT NULL,
    header_end INTEGER NOT NULL,
    last_col   INTEGER NOT NULL,
    last_row   INTEGER NOT NULL,
    PRIMARY KEY (plan_id, position)
);
