-- A returned workbook over model.KeepWholeBytes is kept as the parts the
-- reader reads (workbook.Essential): files then holds those, and the
-- upload records how many bytes were sent. 0: the file was kept whole.
ALTER TABLE uploads ADD COLUMN sent_bytes INTEGER NOT NULL DEFAULT 0;

-- what a sender's kept files total (SenderBytes) is read on every upload
CREATE INDEX uploads_owner ON uploads (owner, sha256);

-- Refused uploads of one sender and period beyond the newest
-- model.RefusedRecordsPerPeriod are folded into the oldest of them, which
-- counts them: a sender cannot grow the records without bound either.
ALTER TABLE uploads ADD COLUMN coalesced INTEGER NOT NULL DEFAULT 0;
