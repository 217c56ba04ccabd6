package app

import (
	"context"
	"fmt"
	"slices"

	"cruscotto/model"
)

// previousYearPlan loads the plan in force of the year before year: its
// highest version, as data-entry workbooks are checked against. nil when
// there is none.
func (a *App) previousYearPlan(ctx context.Context, year int) (*model.Plan, error) {
	s, err := a.inForce(ctx, year-1)
	if model.ErrorCode(err) == model.ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return a.store.Plan(ctx, s.ID)
}

// lastYear returns, by code of plan's actions, their figures at the
// previous year's end (model.PreviousYears): the current year-end value
// of the same action in the previous year's plan in force, and its
// attainment by method m. It is empty when there is no such plan. The
// pages, the API and the workbooks all take last year from here.
func (a *App) lastYear(ctx context.Context, plan *model.Plan, m model.Method) (map[string]model.PreviousYear, error) {
	prev, err := a.previousYearPlan(ctx, plan.Year)
	if prev == nil || err != nil {
		return nil, err
	}
	end := model.Period{Year: prev.Year}
	measured, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(prev.ID, end)))
	if err != nil {
		return nil, err
	}
	return model.PreviousYears(plan, prev, model.Score(prev, end, measured, m)), nil
}

// scoreWithLastYear is score with each action's previous-year figure
// beside its own, scored by the same method.
func (a *App) scoreWithLastYear(ctx context.Context, planID int64, period, method string) (*model.Plan, *model.Scorecard, error) {
	plan, sc, err := a.score(ctx, planID, period, method)
	if err != nil {
		return nil, nil, err
	}
	last, err := a.lastYear(ctx, plan, sc.Method)
	if err != nil {
		return nil, nil, err
	}
	return plan, sc.WithPreviousYear(last), nil
}

// previousYearWarnings returns a parsed plan's warnings and, after them,
// one for each action whose code the previous year's plan in force holds
// with another KPI (model.KPIChanges): people learn at import why such an
// action shows no figure of last year. A previous year's plan imported
// later does not warn the plans already stored.
func (a *App) previousYearWarnings(ctx context.Context, plan *model.Plan) ([]model.Problem, error) {
	prev, err := a.previousYearPlan(ctx, plan.Year)
	if err != nil {
		return nil, err
	}
	return slices.Concat(plan.Warnings, model.KPIChanges(plan, prev)), nil
}

// lastYearKey is the part of a generated file's content key that last
// year decides: the previous year's plan in force and, for codes, the
// newest value stored for them in it. With codes nil the values are left
// out, for a key that holds the revision of every plan already.
func (a *App) lastYearKey(ctx context.Context, plan *model.Plan, codes []string) (string, error) {
	s, err := a.inForce(ctx, plan.Year-1)
	if model.ErrorCode(err) == model.ENotFound {
		return "|last year none", nil
	}
	if err != nil {
		return "", err
	}
	var rev model.Revision
	if codes != nil {
		if rev, err = a.store.Revision(ctx, s.ID, codes); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("|last year plan %d rev %s", s.ID, rev), nil
}
