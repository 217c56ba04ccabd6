package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
	"golang.org/x/crypto/bcrypt"

	"cruscotto/model"
)

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// PasswordCost is bcrypt's cost for the passwords stored (and for the
// hash an unknown user name is checked against, so that it takes as
// long). Tests lower it: at the real cost, each log-in of a test costs
// tens of milliseconds, a second under the race detector.
var PasswordCost = bcrypt.DefaultCost

var (
	dummyOnce sync.Once
	dummy     string
)

func dummyHash() string {
	dummyOnce.Do(func() {
		h, _ := bcrypt.GenerateFromPassword([]byte(model.RandomSecret(16)), PasswordCost)
		dummy = string(h)
	})
	return dummy
}

// AddUser creates a user with a bcrypt-hashed password.
func (db *DB) AddUser(ctx context.Context, username, password string, role model.Role, unit string) (model.User, error) {
	username = strings.TrimSpace(username)
	hash, err := passwordHash(password)
	if err != nil {
		return model.User{}, err
	}
	u := model.User{Username: username, Role: role, Unit: unit, CreatedAt: db.Now()}
	res, err := db.exec(ctx, `INSERT INTO users (username, password_hash, role, unit, created_at) VALUES (?, ?, ?, ?, ?)`,
		username, hash, string(role), unit, formatTime(u.CreatedAt))
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return model.User{}, model.Errorf(model.EConflict, "L'utente «%s» esiste già.", username)
	}
	if err != nil {
		return model.User{}, fmt.Errorf("store: unable to add user %s: %w", username, err)
	}
	u.ID, err = res.LastInsertId()
	return u, err
}

// HasAdmin reports whether any admin user exists.
func (db *DB) HasAdmin(ctx context.Context) (bool, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&n); err != nil {
		return false, fmt.Errorf("store: unable to count admins: %w", err)
	}
	return n > 0, nil
}

// Authenticate checks a username and password. A wrong user and a wrong
// password get the same answer, in about the same time.
func (db *DB) Authenticate(ctx context.Context, username, password string) (model.Principal, error) {
	var p model.Principal
	var hash, role string
	err := db.db.QueryRowContext(ctx, `SELECT id, username, password_hash, role, unit, must_change_password FROM users WHERE username = ?`, strings.TrimSpace(username)).
		Scan(&p.UserID, &p.Username, &hash, &role, &p.Unit, &p.MustChangePassword)
	if err == sql.ErrNoRows {
		hash = dummyHash() // compare anyway, so that timing does not tell
	} else if err != nil {
		return p, fmt.Errorf("store: unable to authenticate: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || err == sql.ErrNoRows {
		return model.Principal{}, model.Errorf(model.EUnauthorized, "Nome utente o password non corretti.")
	}
	p.Role = model.Role(role)
	return p, nil
}

// NewToken makes an API token, valid until expires (nil: until revoked),
// and returns it with its secret; only the secret's hash is kept.
func (db *DB) NewToken(ctx context.Context, role model.Role, unit, label string, expires *time.Time) (model.Token, string, error) {
	t := model.Token{Role: role, Unit: unit, Label: strings.TrimSpace(label), CreatedAt: db.Now(), ExpiresAt: expires}
	secret := "cru_" + model.RandomSecret(24)
	res, err := db.exec(ctx, `INSERT INTO tokens (hash, role, unit, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		hashSecret(secret), string(role), unit, t.Label, formatTime(t.CreatedAt), nullTime(expires))
	if err != nil {
		return model.Token{}, "", fmt.Errorf("store: unable to create token: %w", err)
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return model.Token{}, "", fmt.Errorf("store: unable to create token: %w", err)
	}
	return t, secret, nil
}

const tokenColumns = `id, role, unit, label, created_at, expires_at, last_used_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }) (model.Token, error) {
	var t model.Token
	var role string
	var created dbTime
	var expires, used, revoked nullTimeScan
	if err := row.Scan(&t.ID, &role, &t.Unit, &t.Label, &created, &expires, &used, &revoked); err != nil {
		return t, err
	}
	t.Role, t.CreatedAt = model.Role(role), created.Time
	t.ExpiresAt, t.LastUsedAt, t.RevokedAt = expires.T, used.T, revoked.T
	return t, nil
}

// Tokens lists every API token, revoked and expired ones too, by id.
func (db *DB) Tokens(ctx context.Context) ([]model.Token, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+tokenColumns+` FROM tokens ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list tokens: %w", err)
	}
	defer rows.Close()
	var out []model.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken stops a token from working. Its row stays, so that the
// records that name it can still be read; revoking twice keeps the first
// date.
func (db *DB) RevokeToken(ctx context.Context, id int64) (model.Token, error) {
	var t model.Token
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, formatTime(db.Now()), id); err != nil {
			return err
		}
		var err error
		t, err = scanToken(tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE id = ?`, id))
		return err
	})
	if err == sql.ErrNoRows {
		return t, model.Errorf(model.ENotFound, "Il token %d non esiste (vedi «cruscotto token list»).", id)
	}
	if err != nil {
		return t, fmt.Errorf("store: unable to revoke token %d: %w", id, err)
	}
	return t, nil
}

// tokenTouchEvery is how stale last_used_at may get: writing it on every
// request would make each API read a write, and SQLite has one writer.
const tokenTouchEvery = time.Minute

// TokenPrincipal resolves an API token; an expired or revoked one is
// refused like an unknown one, with its own sentence.
func (db *DB) TokenPrincipal(ctx context.Context, token string) (model.Principal, error) {
	t, err := scanToken(db.db.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = ?`, hashSecret(token)))
	if err == sql.ErrNoRows {
		return model.Principal{}, model.Errorf(model.EUnauthorized, "Token non valido.")
	}
	if err != nil {
		return model.Principal{}, fmt.Errorf("store: unable to check token: %w", err)
	}
	now := db.Now()
	if !t.Usable(now) {
		return model.Principal{}, model.Errorf(model.EUnauthorized, "Token scaduto o revocato: chiederne uno nuovo all'amministrazione.")
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= tokenTouchEvery {
		db.touchToken(ctx, t.ID, now)
	}
	return model.Principal{TokenID: t.ID, Username: t.Name(), Role: t.Role, Unit: t.Unit}, nil
}

// touchToken records when a token was used, unless another write is under
// way: the date is a hint for the admin, not worth making a read wait for
// an upload; the next request a minute on tries again.
func (db *DB) touchToken(ctx context.Context, id int64, now time.Time) {
	_, _ = db.tryTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE tokens SET last_used_at = ? WHERE id = ?`, formatTime(now), id)
		return err
	})
}

// MaxSessionsPerUser bounds one user's open sessions: a new one ends the
// oldest beyond it (a person uses a few browsers, not dozens).
const MaxSessionsPerUser = 20

// CreateSession starts a browser session for a user; it returns the cookie
// value and the CSRF token of the session's forms. Expired sessions are
// deleted first: logins are rare enough to carry the sweep.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (cookie, csrf string, err error) {
	cookie, csrf = model.RandomSecret(32), model.RandomSecret(24)
	now := db.Now()
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE julianday(expires_at) <= julianday(?)`, formatTime(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)`,
			hashSecret(cookie), userID, csrf, formatTime(now.Add(ttl))); err != nil {
			return err
		}
		// one user's sessions are bounded: logging in in a loop ends the
		// oldest instead of growing the table
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND rowid NOT IN
			(SELECT rowid FROM sessions WHERE user_id = ? ORDER BY expires_at DESC, rowid DESC LIMIT ?)`, userID, userID, MaxSessionsPerUser)
		return err
	})
	if err != nil {
		return "", "", fmt.Errorf("store: unable to create session: %w", err)
	}
	return cookie, csrf, nil
}

// SessionPrincipal resolves a session cookie; it also returns the
// session's CSRF token. An expired session is deleted.
func (db *DB) SessionPrincipal(ctx context.Context, cookie string) (model.Principal, string, error) {
	var p model.Principal
	var role, csrf string
	var expires dbTime
	err := db.db.QueryRowContext(ctx, `SELECT u.id, u.username, u.role, u.unit, u.must_change_password, s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ?`,
		hashSecret(cookie)).Scan(&p.UserID, &p.Username, &role, &p.Unit, &p.MustChangePassword, &csrf, &expires)
	if err == nil && !db.Now().Before(expires.Time) {
		if err := db.DeleteSession(ctx, cookie); err != nil {
			return model.Principal{}, "", err
		}
		err = sql.ErrNoRows
	}
	if err == sql.ErrNoRows {
		return model.Principal{}, "", model.Errorf(model.EUnauthorized, "Sessione scaduta: accedere di nuovo.")
	}
	if err != nil {
		return p, "", fmt.Errorf("store: unable to check session: %w", err)
	}
	p.Role = model.Role(role)
	return p, csrf, nil
}

// DeleteSession ends a session (log out).
func (db *DB) DeleteSession(ctx context.Context, cookie string) error {
	if _, err := db.exec(ctx, `DELETE FROM sessions WHERE hash = ?`, hashSecret(cookie)); err != nil {
		return fmt.Errorf("store: unable to delete session: %w", err)
	}
	return nil
}

// ChangePassword sets a user's new password after checking the current
// one, and ends the user's other sessions, keeping the one whose cookie is
// keep: whoever knew the old password is logged out everywhere else.
func (db *DB) ChangePassword(ctx context.Context, userID int64, current, next, keep string) error {
	var hash string
	err := db.db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, userID).Scan(&hash)
	if err == sql.ErrNoRows {
		return model.Errorf(model.ENotFound, "Utente inesistente.")
	}
	if err != nil {
		return fmt.Errorf("store: unable to change password: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(current)) != nil {
		return model.Errorf(model.EInvalid, "La password attuale non è corretta.")
	}
	newHash, err := passwordHash(next)
	if err != nil {
		return err
	}
	// the hash checked is the hash replaced, in the write's own
	// transaction: of two changes made with the same old password, one
	// wins and the other is told, as if they had come one after another
	err = db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?`, newHash, userID, hash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = model.Errorf(model.EInvalid, "La password attuale non è corretta: è appena stata cambiata.")
			}
			return err
		}
		return setPassword(ctx, tx, userID, newHash, hashSecret(keep))
	})
	if err != nil {
		return fmt.Errorf("store: unable to set password: %w", err)
	}
	return nil
}

// ResetPassword sets a user's password, found by name, and ends all the
// user's sessions: it is the admin's way back in for someone locked out.
func (db *DB) ResetPassword(ctx context.Context, username, password string) (model.User, error) {
	var u model.User
	var role string
	var created dbTime
	err := db.db.QueryRowContext(ctx, `SELECT id, username, role, unit, created_at FROM users WHERE username = ?`, strings.TrimSpace(username)).
		Scan(&u.ID, &u.Username, &role, &u.Unit, &created)
	if err == sql.ErrNoRows {
		return u, model.Errorf(model.ENotFound, "L'utente «%s» non esiste.", username)
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to reset password of %s: %w", username, err)
	}
	u.Role, u.CreatedAt = model.Role(role), created.Time
	hash, err := passwordHash(password)
	if err != nil {
		return u, err
	}
	if err := db.tx(ctx, func(tx *sql.Tx) error { return setPassword(ctx, tx, u.ID, hash, "") }); err != nil {
		return u, fmt.Errorf("store: unable to set password: %w", err)
	}
	return u, nil
}

// passwordHash hashes a new password (checked by the caller), before
// any transaction: bcrypt takes tens of milliseconds, for which no other
// writer should wait.
func passwordHash(password string) (string, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), PasswordCost)
	if err != nil {
		return "", fmt.Errorf("store: hash password: %w", err)
	}
	return string(hash), nil
}

// setPassword stores a user's new password hash and deletes the user's
// sessions but the one with hash keepHash.
func setPassword(ctx context.Context, tx *sql.Tx, userID int64, hash, keepHash string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?`, hash, userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND hash != ?`, userID, keepHash)
	return err
}

// RequirePasswordChange marks a user, by name, whose password was chosen
// for them: every page leads to the password form until they change it.
func (db *DB) RequirePasswordChange(ctx context.Context, username string) error {
	if _, err := db.exec(ctx, `UPDATE users SET must_change_password = 1 WHERE username = ?`, strings.TrimSpace(username)); err != nil {
		return fmt.Errorf("store: unable to mark %s's password: %w", username, err)
	}
	return nil
}
