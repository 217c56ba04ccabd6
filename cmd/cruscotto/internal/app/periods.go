package app

import (
	"context"

	"cruscotto/model"
)

// ClosePeriod closes a plan's period for collection now, keeping its
// closing date for a later reopening.
func (a *App) ClosePeriod(ctx context.Context, who model.Principal, planID int64, p model.Period) (PeriodStatus, error) {
	if err := model.Authorize(who, model.OpSetPeriod); err != nil {
		return PeriodStatus{}, err
	}
	planID, err := a.inForceID(ctx, planID) // collection is the version in force's
	if err != nil {
		return PeriodStatus{}, err
	}
	if _, err := a.db.SetClosed(ctx, planID, p, true, a.now()); err != nil {
		return PeriodStatus{}, err
	}
	if err := a.db.SetClosedBy(ctx, planID, p, who.Username); err != nil {
		return PeriodStatus{}, err
	}
	return a.periodStatus(ctx, planID, p)
}

// ReopenPeriod reopens a plan's period for collection. Its closing date is
// kept, unless it has passed (kept, it would close the period again at
// once): cleared says so.
func (a *App) ReopenPeriod(ctx context.Context, who model.Principal, planID int64, p model.Period) (st PeriodStatus, cleared bool, err error) {
	if err := model.Authorize(who, model.OpSetPeriod); err != nil {
		return PeriodStatus{}, false, err
	}
	if planID, err = a.inForceID(ctx, planID); err != nil { // collection is the version in force's
		return PeriodStatus{}, false, err
	}
	if cleared, err = a.db.SetClosed(ctx, planID, p, false, a.now()); err != nil {
		return PeriodStatus{}, false, err
	}
	st, err = a.periodStatus(ctx, planID, p)
	return st, cleared, err
}
