package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
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

// RandomSecret returns n random bytes, URL-safe base64 encoded.
func RandomSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the kernel's random source does not fail
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

var (
	dummyOnce sync.Once
	dummy     string
)

func dummyHash() string {
	dummyOnce.Do(func() {
		h, _ := bcrypt.GenerateFromPassword([]byte(RandomSecret(16)), bcrypt.DefaultCost)
		dummy = string(h)
	})
	return dummy
}

// AddUser creates a user with a bcrypt-hashed password.
func (db *DB) AddUser(ctx context.Context, username, password string, role model.Role, unit string) (model.User, error) {
	username = strings.TrimSpace(username)
	if username == "" || len(password) < 8 {
		return model.User{}, model.Errorf(model.EInvalid, "Servono un nome utente e una password di almeno 8 caratteri.")
	}
	if (role == model.RoleUnit) != (unit != "") {
		return model.User{}, model.Errorf(model.EInvalid, "Un utente di ruolo «unit» ha una struttura (--unit); gli altri ruoli no.")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return model.User{}, fmt.Errorf("store: hash password: %w", err)
	}
	u := model.User{Username: username, Role: role, Unit: unit, CreatedAt: db.Now()}
	res, err := db.db.ExecContext(ctx, `INSERT INTO users (username, password_hash, role, unit, created_at) VALUES (?, ?, ?, ?, ?)`,
		username, string(hash), string(role), unit, formatTime(u.CreatedAt))
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return model.User{}, model.Errorf(model.EConflict, "L'utente %q esiste già.", username)
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
	err := db.db.QueryRowContext(ctx, `SELECT id, username, password_hash, role, unit FROM users WHERE username = ?`, strings.TrimSpace(username)).
		Scan(&p.UserID, &p.Username, &hash, &role, &p.Unit)
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

// CreateToken makes an API token and returns it; only its hash is kept.
func (db *DB) CreateToken(ctx context.Context, role model.Role, unit, label string) (string, error) {
	if (role == model.RoleUnit) != (unit != "") {
		return "", model.Errorf(model.EInvalid, "Un token di ruolo «unit» ha una struttura (--unit); gli altri ruoli no.")
	}
	token := "cru_" + RandomSecret(24)
	_, err := db.db.ExecContext(ctx, `INSERT INTO tokens (hash, role, unit, label, created_at) VALUES (?, ?, ?, ?, ?)`,
		hashSecret(token), string(role), unit, label, formatTime(db.Now()))
	if err != nil {
		return "", fmt.Errorf("store: unable to create token: %w", err)
	}
	return token, nil
}

// TokenPrincipal resolves an API token.
func (db *DB) TokenPrincipal(ctx context.Context, token string) (model.Principal, error) {
	var p model.Principal
	var role, label string
	err := db.db.QueryRowContext(ctx, `SELECT role, unit, label FROM tokens WHERE hash = ?`, hashSecret(token)).Scan(&role, &p.Unit, &label)
	if err == sql.ErrNoRows {
		return p, model.Errorf(model.EUnauthorized, "Token non valido.")
	}
	if err != nil {
		return p, fmt.Errorf("store: unable to check token: %w", err)
	}
	p.Role, p.Username = model.Role(role), "token:"+label
	return p, nil
}

// CreateSession starts a browser session for a user; it returns the cookie
// value and the CSRF token of the session's forms.
func (db *DB) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (cookie, csrf string, err error) {
	cookie, csrf = RandomSecret(32), RandomSecret(24)
	_, err = db.db.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)`,
		hashSecret(cookie), userID, csrf, formatTime(db.Now().Add(ttl)))
	if err != nil {
		return "", "", fmt.Errorf("store: unable to create session: %w", err)
	}
	return cookie, csrf, nil
}

// SessionPrincipal resolves a session cookie; it also returns the
// session's CSRF token.
func (db *DB) SessionPrincipal(ctx context.Context, cookie string) (model.Principal, string, error) {
	var p model.Principal
	var role, csrf, expires string
	err := db.db.QueryRowContext(ctx, `SELECT u.id, u.username, u.role, u.unit, s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ?`,
		hashSecret(cookie)).Scan(&p.UserID, &p.Username, &role, &p.Unit, &csrf, &expires)
	if err == sql.ErrNoRows || (err == nil && !db.Now().Before(parseTime(expires))) {
		return p, "", model.Errorf(model.EUnauthorized, "Sessione scaduta: accedere di nuovo.")
	}
	if err != nil {
		return p, "", fmt.Errorf("store: unable to check session: %w", err)
	}
	p.Role = model.Role(role)
	return p, csrf, nil
}

// DeleteSession ends a session (log out).
func (db *DB) DeleteSession(ctx context.Context, cookie string) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, hashSecret(cookie))
	return err
}
