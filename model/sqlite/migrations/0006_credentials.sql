-- Tokens expire and are revoked. A revoked token keeps its row: records
-- name tokens by id («token #12»), and the list must still say whose that
-- was. last_used_at is written at most once a minute per token.
ALTER TABLE tokens ADD COLUMN expires_at TEXT;
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE tokens ADD COLUMN revoked_at TEXT;

-- A password change ends the user's sessions; logins sweep expired ones.
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
