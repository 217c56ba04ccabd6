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
	if _, err := a.store.SetClosed(ctx, planID, p, true, who.Username, a.now()); err != nil {
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
	if cleared, err = a.store.SetClosed(ctx, planID, p, false, "", a.now()); err != nil {
		return PeriodStatus{}, false, err
	}
	st, err = a.periodStatus(ctx, planID, p)
	return st, cleared, err
}

// ensureOpen refuses values for a closed period, unless writeClosed
// (model.OpWriteClosed), before any work is done on them; the store
// checks again as it writes.
func (a *App) ensureOpen(ctx context.Context, planID int64, p model.Period, writeClosed bool) error {
	st, err := a.period(ctx, planID, p)
	if err != nil {
		return err
	}
	if !writeClosed && st.Closed(a.now()) {
		return model.ErrPeriodClosed(p)
	}
	return nil
}

// period returns the collection state of a plan's period: as set, or
// open with no closing date.
func (a *App) period(ctx context.Context, planID int64, p model.Period) (model.PeriodState, error) {
	set, err := a.store.Periods(ctx, planID)
	if err != nil {
		return model.PeriodState{}, err
	}
	for _, st := range set {
		if st.Period == p {
			return st, nil
		}
	}
	return model.PeriodState{Period: p}, nil
}

// PeriodStatus is a period's collection state and whether it is closed
// now, by the app's clock.
type PeriodStatus struct {
	model.PeriodState
	Closed bool `json:"closed"`
}

// PeriodStatus returns whether a plan's period is open for collection:
// collection is the version in force's, whichever version is asked.
func (a *App) PeriodStatus(ctx context.Context, who model.Principal, planID int64, p model.Period) (PeriodStatus, error) {
	if err := model.Authorize(who, model.OpReadPeriod); err != nil {
		return PeriodStatus{}, err
	}
	planID, err := a.inForceID(ctx, planID)
	if err != nil {
		return PeriodStatus{}, err
	}
	return a.periodStatus(ctx, planID, p)
}

func (a *App) periodStatus(ctx context.Context, planID int64, p model.Period) (PeriodStatus, error) {
	st, err := a.period(ctx, planID, p)
	if err != nil {
		return PeriodStatus{}, err
	}
	return PeriodStatus{PeriodState: st, Closed: st.Closed(a.now())}, nil
}

// SetPeriod closes (closed true) or reopens a plan's period and sets its
// closing date, "AAAA-MM-GG" read as a civil date open until its end, or
// "" for none.
func (a *App) SetPeriod(ctx context.Context, who model.Principal, planID int64, p model.Period, closed bool, closesOn string) (PeriodStatus, error) {
	if err := model.Authorize(who, model.OpSetPeriod); err != nil {
		return PeriodStatus{}, err
	}
	planID, err := a.inForceID(ctx, planID) // collection is the version in force's
	if err != nil {
		return PeriodStatus{}, err
	}
	current, err := a.store.Plan(ctx, planID)
	if err == nil {
		err = current.State.CheckWritable(current.Year)
	}
	if err != nil {
		return PeriodStatus{}, err
	}
	var date *model.Date
	if closesOn != "" {
		d, err := model.ParseDate(closesOn)
		if err != nil {
			return PeriodStatus{}, model.Errorf(model.EInvalid, "Data di chiusura «%s» non valida: scrivere AAAA-MM-GG (2021-01-31).", closesOn)
		}
		date = &d
	}
	if err := a.store.SetPeriod(ctx, planID, p, closed, date, who.Username); err != nil {
		return PeriodStatus{}, err
	}
	return a.periodStatus(ctx, planID, p)
}
