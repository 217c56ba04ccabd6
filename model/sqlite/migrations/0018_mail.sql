-- E-mail addresses: a user's own, and a unit's shared mailbox. Stored
-- lower-case and checked (model.ParseEmail); "" is none.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

CREATE TABLE unit_mailboxes (
	unit  TEXT PRIMARY KEY,
	email TEXT NOT NULL
);

-- The outbox: every message is written here in the transaction of what
-- causes it, whole (its MIME bytes, Message-ID included), and a sender
-- loop delivers it. status: queued (to send at next_attempt_at), sent,
-- failed (given up after the last attempt; last_error is the server's
-- answer). A message is marked sent before anything else is attempted.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL,          -- reminder, receipt, digest
	plan_id         INTEGER,
	period          TEXT NOT NULL DEFAULT '',
	unit            TEXT NOT NULL DEFAULT '',
	recipient       TEXT NOT NULL,
	subject         TEXT NOT NULL,
	message_id      TEXT NOT NULL UNIQUE,
	mime            BLOB NOT NULL,
	size            INTEGER NOT NULL,
	status          TEXT NOT NULL DEFAULT 'queued',
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_unit ON outbox (plan_id, period, unit, kind);

-- Reminders sent, one row per unit and run: the tracker shows the last,
-- and a second run on the same day sends nothing new unless forced.
CREATE TABLE reminders (
	id       INTEGER PRIMARY KEY,
	plan_id  INTEGER NOT NULL,
	period   TEXT NOT NULL,
	unit     TEXT NOT NULL,
	day      TEXT NOT NULL,              -- YYYY-MM-DD in Europe/Rome
	auto     INTEGER NOT NULL DEFAULT 0, -- sent by the service before a closing date
	by       TEXT NOT NULL DEFAULT '',
	at       TEXT NOT NULL,
	messages INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reminders_unit ON reminders (plan_id, period, unit, day);

-- The days before a period's closing date on which the service reminds
-- the units by itself, per plan year ("7,1"; "" for none). A year with
-- no row uses model.DefaultReminderDays.
CREATE TABLE reminder_days (
	year INTEGER PRIMARY KEY,
	days TEXT NOT NULL
);
