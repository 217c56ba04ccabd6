package app

import (
	"context"

	"cruscotto/model"
)

// Plans lists the stored plan versions, newest first.
func (a *App) Plans(ctx context.Context, who model.Principal) ([]model.PlanSummary, error) {
	if err := model.Authorize(who, model.OpReadPlan); err != nil {
		return nil, err
	}
	plans, err := a.store.Plans(ctx, model.PlanFilter{})
	if err != nil || who.Confined() == "" {
		return plans, err
	}
	open := []model.PlanSummary{} // a unit sees the plans in collection only
	for _, p := range plans {
		if p.State.OpenToUnits() {
			open = append(open, p)
		}
	}
	return open, nil
}

// VisiblePlan returns a plan as who may see it: a unit sees only its own
// actions and the objectives above them.
func (a *App) VisiblePlan(ctx context.Context, who model.Principal, planID int64) (*model.Plan, error) {
	if err := model.Authorize(who, model.OpReadPlan); err != nil {
		return nil, err
	}
	plan, err := a.seenPlan(ctx, who, planID)
	if err != nil {
		return nil, err
	}
	if unit := who.Confined(); unit != "" {
		return plan.UnitView(unit), nil
	}
	return plan, nil
}

// VisiblePlanPeriod is VisiblePlan with a period of it parsed (see
// PeriodFor).
func (a *App) VisiblePlanPeriod(ctx context.Context, who model.Principal, planID int64, period string) (*model.Plan, model.Period, error) {
	plan, err := a.VisiblePlan(ctx, who, planID)
	if err != nil {
		return nil, model.Period{}, err
	}
	p, err := PeriodFor(plan, period)
	return plan, p, err
}

// ScoreQuery says which scores to compute: the period and method as
// people write them ("" for the defaults) and, optionally, one unit by
// its slug.
type ScoreQuery struct {
	Period, Method, UnitSlug string
}

// Scores scores a plan for who: the plan as who sees it and the scores of
// the unit asked for, or of who's own unit when who is one (its actions,
// not the objectives it shares with others), or of the whole plan.
func (a *App) Scores(ctx context.Context, who model.Principal, planID int64, q ScoreQuery) (*model.Plan, *model.Scorecard, error) {
	if err := model.Authorize(who, model.OpReadScores); err != nil {
		return nil, nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, nil, err
	}
	plan, sc, err := a.scoreWithLastYear(ctx, planID, q.Period, q.Method)
	if err == nil {
		err = seePlan(who, plan)
	}
	if err != nil {
		return nil, nil, err
	}
	plan, sc, _, err = confine(who, plan, sc, q.UnitSlug)
	if err != nil {
		return nil, nil, err
	}
	return plan, sc, nil
}

// MeasuredPeriods lists the periods of a plan that hold values.
func (a *App) MeasuredPeriods(ctx context.Context, who model.Principal, planID int64) ([]model.Period, error) {
	if err := model.Authorize(who, model.OpReadPlan); err != nil {
		return nil, err
	}
	return a.store.MeasuredPeriods(ctx, planID)
}
