package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"cruscotto/model"
)

// Users lists every user, by name, never a password hash.
func (db *DB) Users(ctx context.Context) ([]model.User, error) {
	out := []model.User{}
	err := db.each(ctx, `SELECT id, username, role, unit, created_at, email FROM users ORDER BY username COLLATE NOCASE`, nil, func(rows *sql.Rows) error {
		u, err := scanUser(rows)
		if err != nil {
			return err
		}
		out = append(out, u)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to list users: %w", err)
	}
	return out, nil
}

func scanUser(row interface{ Scan(...any) error }) (model.User, error) {
	var u model.User
	var role string
	var created dbTime
	if err := row.Scan(&u.ID, &u.Username, &role, &u.Unit, &created, &u.Email); err != nil {
		return u, err
	}
	u.Role, u.CreatedAt = model.Role(role), created.Time
	return u, nil
}

// User returns a user found by name (case does not matter).
func (db *DB) User(ctx context.Context, username string) (model.User, error) {
	u, err := scanUser(db.db.QueryRowContext(ctx, `SELECT id, username, role, unit, created_at, email FROM users WHERE username = ?`, strings.TrimSpace(username)))
	if err == sql.ErrNoRows {
		return u, model.Errorf(model.ENotFound, "L'utente «%s» non esiste.", username)
	}
	if err != nil {
		return u, fmt.Errorf("store: unable to read user %s: %w", username, err)
	}
	return u, nil
}

// SetRole changes a user's role and unit. The last admin keeps the role:
// with no admin left, no one could manage users from the pages. The
// user's sessions go on, with the new role from their next request.
func (db *DB) SetRole(ctx context.Context, username string, role model.Role, unit string) (model.User, error) {
	var u model.User
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT id, username, role, unit, created_at, email FROM users WHERE username = ?`, strings.TrimSpace(username)))
		if err != nil {
			return err
		}
		var admins int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&admins); err != nil {
			return err
		}
		if err := model.CheckRoleChange(u, role, admins); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, unit = ? WHERE id = ?`, string(role), unit, u.ID); err != nil {
			return err
		}
		u.Role, u.Unit = role, unit
		return nil
	})
	switch {
	case err == sql.ErrNoRows:
		return u, model.Errorf(model.ENotFound, "L'utente «%s» non esiste.", username)
	case model.ErrorCode(err) == model.EConflict:
		return u, err
	case err != nil:
		return u, fmt.Errorf("store: unable to set the role of %s: %w", username, err)
	}
	return u, nil
}

// SetUserEmail sets a user's e-mail address, already checked by
// model.ParseEmail ("" clears it).
func (db *DB) SetUserEmail(ctx context.Context, username, email string) (model.User, error) {
	res, err := db.exec(ctx, `UPDATE users SET email = ? WHERE username = ?`, email, strings.TrimSpace(username))
	if err != nil {
		return model.User{}, fmt.Errorf("store: unable to set the e-mail of %s: %w", username, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.User{}, model.Errorf(model.ENotFound, "L'utente «%s» non esiste.", username)
	}
	return db.User(ctx, username)
}

// SetUnitMailbox sets a unit's shared mailbox ("" removes it).
func (db *DB) SetUnitMailbox(ctx context.Context, unit, email string) error {
	var err error
	if email == "" {
		_, err = db.exec(ctx, `DELETE FROM unit_mailboxes WHERE unit = ?`, unit)
	} else {
		_, err = db.exec(ctx, `INSERT INTO unit_mailboxes (unit, email) VALUES (?, ?) ON CONFLICT (unit) DO UPDATE SET email = excluded.email`, unit, email)
	}
	if err != nil {
		return fmt.Errorf("store: unable to set the mailbox of %s: %w", unit, err)
	}
	return nil
}

// UnitMailboxes returns the units' shared mailboxes by unit.
func (db *DB) UnitMailboxes(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := db.each(ctx, `SELECT unit, email FROM unit_mailboxes`, nil, func(rows *sql.Rows) error {
		var unit, email string
		if err := rows.Scan(&unit, &email); err != nil {
			return err
		}
		out[unit] = email
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the units' mailboxes: %w", err)
	}
	return out, nil
}
