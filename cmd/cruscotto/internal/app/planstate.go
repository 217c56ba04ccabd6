package app

import (
	"context"

	"cruscotto/model"
)

// SetPlanState moves the plan of plan planID's year, every version of it,
// to state, recorded as who's change, and opens each period of closing
// (period → closing date, «2020» → «2021-01-31») with its date: a plan is
// opened for collection with the periods the units owe. Every period and
// date is checked before anything changes. It returns the plan's summary.
func (a *App) SetPlanState(ctx context.Context, who model.Principal, planID int64, state model.PlanState, closing map[string]string) (model.PlanSummary, error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return model.PlanSummary{}, err
	}
	plan, err := a.store.Plan(ctx, planID)
	if err != nil {
		return model.PlanSummary{}, err
	}
	type opening struct {
		period model.Period
		date   string
	}
	var open []opening
	for ps, date := range closing {
		if date == "" {
			continue
		}
		p, err := PeriodFor(plan, ps)
		if err != nil {
			return model.PlanSummary{}, err
		}
		if _, err := model.ParseDate(date); err != nil {
			return model.PlanSummary{}, model.Errorf(model.EInvalid, "Data di chiusura «%s» del periodo %s non valida: scrivere AAAA-MM-GG (2021-01-31).", model.Clip(date), p.Label())
		}
		open = append(open, opening{p, date})
	}
	if len(open) > 0 && state != model.StateCollecting {
		return model.PlanSummary{}, model.Errorf(model.EInvalid, "Le date di chiusura dei periodi si danno aprendo il piano alla raccolta.")
	}
	if _, err := a.store.SetPlanState(ctx, plan.Year, state, who.Username); err != nil {
		return model.PlanSummary{}, err
	}
	for _, o := range open {
		if _, err := a.SetPeriod(ctx, who, planID, o.period, false, o.date); err != nil {
			return model.PlanSummary{}, err
		}
	}
	return a.inForce(ctx, plan.Year)
}

// DeletePlan deletes every version of plan planID's year, a plan never
// opened for collection, with the values entered on it; the uploads stay
// as records. It returns the year and how many versions went.
func (a *App) DeletePlan(ctx context.Context, who model.Principal, planID int64) (year, versions int, err error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return 0, 0, err
	}
	plan, err := a.store.Plan(ctx, planID)
	if err != nil {
		return 0, 0, err
	}
	versions, err = a.store.DeletePlanYear(ctx, plan.Year, who.Username)
	return plan.Year, versions, err
}

// PlanStateChanges lists who changed the state of plan planID's year,
// and when.
func (a *App) PlanStateChanges(ctx context.Context, who model.Principal, planID int64) ([]model.StateChange, error) {
	if err := model.Authorize(who, model.OpReadWarnings); err != nil {
		return nil, err
	}
	plan, err := a.store.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	return a.store.PlanStateChanges(ctx, plan.Year)
}
