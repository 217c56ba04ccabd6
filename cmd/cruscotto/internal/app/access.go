package app

import (
	"context"
	"time"

	"cruscotto/model"
)

// SessionTTL is how long a browser session lasts.
const SessionTTL = 12 * time.Hour

// Login checks a user name and password and opens a session: the
// principal and the session cookie's value.
func (a *App) Login(ctx context.Context, username, password string) (model.Principal, string, error) {
	p, err := a.accounts.Authenticate(ctx, username, password)
	if err != nil {
		return p, "", err
	}
	cookie, _, err := a.accounts.CreateSession(ctx, p.UserID, SessionTTL)
	return p, cookie, err
}

// Logout ends the session whose cookie is cookie.
func (a *App) Logout(ctx context.Context, cookie string) error {
	return a.accounts.DeleteSession(ctx, cookie)
}

// Session returns who holds a session cookie and the session's CSRF token.
func (a *App) Session(ctx context.Context, cookie string) (model.Principal, string, error) {
	return a.accounts.SessionPrincipal(ctx, cookie)
}

// Bearer returns who holds an API token.
func (a *App) Bearer(ctx context.Context, token string) (model.Principal, error) {
	return a.accounts.TokenPrincipal(ctx, token)
}

// PasswordChange is a user's own change of password, as typed on the
// page.
type PasswordChange struct {
	Current, New, Confirm string
	Keep                  string // the session cookie that stays open
}

// ChangePassword sets who's own new password; who's other sessions end.
func (a *App) ChangePassword(ctx context.Context, who model.Principal, c PasswordChange) error {
	if who.UserID == 0 {
		return model.Errorf(model.EForbidden, "La password si cambia accedendo con nome utente e password, non con un token.")
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return a.accounts.ChangePassword(ctx, who.UserID, c.Current, c.New, c.Keep)
}

// checkUnit applies model.CheckRoleUnit, then refuses, for the unit
// role, a unit name no stored plan knows, which would be a user or token
// that can see nothing.
func (a *App) checkUnit(ctx context.Context, role model.Role, unit string) error {
	if err := model.CheckRoleUnit(role, unit); err != nil || role != model.RoleUnit {
		return err
	}
	known, err := a.units.UnitKnown(ctx, unit)
	if err != nil || known {
		return err
	}
	return model.Errorf(model.EInvalid, "La struttura «%s» non compare in nessun piano importato: scriverla come nel piano (vedi «cruscotto import»).", unit)
}

// AddUser creates a user; a unit user's unit must be one a plan knows.
func (a *App) AddUser(ctx context.Context, who model.Principal, username, password string, role model.Role, unit string) (model.User, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return model.User{}, err
	}
	if err := model.CheckCredentials(username, password); err != nil {
		return model.User{}, err
	}
	if err := a.checkUnit(ctx, role, unit); err != nil {
		return model.User{}, err
	}
	return a.accounts.AddUser(ctx, username, password, role, unit)
}

// ResetPassword sets another user's password and ends its sessions; an
// admin's own password is changed with ChangePassword, which keeps the
// session in use.
func (a *App) ResetPassword(ctx context.Context, who model.Principal, username, password string) (model.User, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return model.User{}, err
	}
	if self, err := a.isSelf(ctx, who, username); err != nil || self {
		if err == nil {
			err = model.Errorf(model.EInvalid, "Per la propria password usare «Cambia password»: reimpostarla qui chiuderebbe la sessione in uso.")
		}
		return model.User{}, err
	}
	if err := model.CheckPassword(password); err != nil {
		return model.User{}, err
	}
	return a.accounts.ResetPassword(ctx, username, password)
}

// NewToken makes an API token and returns it with its secret, shown once.
func (a *App) NewToken(ctx context.Context, who model.Principal, role model.Role, unit, label string, expires *time.Time) (model.Token, string, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return model.Token{}, "", err
	}
	if err := a.checkUnit(ctx, role, unit); err != nil {
		return model.Token{}, "", err
	}
	if err := model.CheckTokenExpiry(expires, a.now()); err != nil {
		return model.Token{}, "", err
	}
	return a.accounts.NewToken(ctx, role, unit, label, expires)
}

// Tokens lists the API tokens, never their secrets.
func (a *App) Tokens(ctx context.Context, who model.Principal) ([]model.Token, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return nil, err
	}
	return a.accounts.Tokens(ctx)
}

// RevokeToken ends an API token.
func (a *App) RevokeToken(ctx context.Context, who model.Principal, id int64) (model.Token, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return model.Token{}, err
	}
	return a.accounts.RevokeToken(ctx, id)
}

// Healthy reports whether the store takes writes.
func (a *App) Healthy(ctx context.Context) error {
	return a.backend.Ping(ctx)
}

// HasAdmin reports whether any admin user exists.
func (a *App) HasAdmin(ctx context.Context) (bool, error) {
	return a.accounts.HasAdmin(ctx)
}

// AddFirstAdmin creates the admin user of a new database, unless another
// process made one first: then it reports false.
func (a *App) AddFirstAdmin(ctx context.Context, username, password string) (bool, error) {
	if err := model.CheckCredentials(username, password); err != nil {
		return false, err
	}
	return a.accounts.AddFirstAdmin(ctx, username, password)
}

// RequirePasswordChange marks a user whose password was generated for
// them (added or reset with no password given): at the first log-in,
// every page leads to the password form until they choose their own.
func (a *App) RequirePasswordChange(ctx context.Context, who model.Principal, username string) error {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return err
	}
	return a.accounts.RequirePasswordChange(ctx, username)
}
