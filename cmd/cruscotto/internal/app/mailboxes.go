package app

import (
	"context"
	"slices"

	"cruscotto/model"
)

// SetUserEmail sets a user's e-mail address, checked and stored
// lower-case; "" clears it.
func (a *App) SetUserEmail(ctx context.Context, who model.Principal, username, address string) (model.User, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return model.User{}, err
	}
	email, err := model.ParseEmail(address)
	if err != nil {
		return model.User{}, err
	}
	return a.accounts.SetUserEmail(ctx, username, email)
}

// SetUnitEmail sets a unit's shared mailbox, which receives the unit's
// reminders beside its users; "" removes it. The unit must be one a plan
// knows.
func (a *App) SetUnitEmail(ctx context.Context, who model.Principal, unit, address string) (string, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return "", err
	}
	email, err := model.ParseEmail(address)
	if err != nil {
		return "", err
	}
	known, err := a.units.UnitNames(ctx)
	if err != nil {
		return "", err
	}
	if !slices.Contains(known, unit) {
		return "", model.Errorf(model.ENotFound, "La struttura «%s» non è in nessun piano.", unit)
	}
	return email, a.units.SetUnitMailbox(ctx, unit, email)
}

// UnitMailboxes returns the units' shared mailboxes, for the admins.
func (a *App) UnitMailboxes(ctx context.Context, who model.Principal) (map[string]string, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return nil, err
	}
	return a.units.UnitMailboxes(ctx)
}
