package app

import (
	"context"
	"slices"

	"cruscotto/model"
)

// Report is a plan's scores for a period as who sees them, with what the
// plan page shows beside them.
type Report struct {
	Plan  *model.Plan // as who sees it: a unit, its own actions
	Score *model.Scorecard
	// Previous is the latest earlier period of the plan holding values,
	// scored the same way and seen the same way; nil when there is none.
	Previous *model.Scorecard
	// Measured lists the periods of the plan that hold values, in date
	// order.
	Measured []model.Period
	// InForce is the version in force of the plan's year: the plan
	// itself, or the revision that replaced it.
	InForce model.PlanSummary
}

// Report scores a plan as Scores does and adds the previous measured
// period's scores and the periods that hold values.
func (a *App) Report(ctx context.Context, who model.Principal, planID int64, q ScoreQuery) (*Report, error) {
	if err := model.Authorize(who, model.OpReadScores); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	plan, sc, err := a.scoreWithLastYear(ctx, planID, q.Period, q.Method)
	if err == nil {
		err = seePlan(who, plan)
	}
	if err != nil {
		return nil, err
	}
	measured, err := a.store.MeasuredPeriods(ctx, planID)
	if err != nil {
		return nil, err
	}
	prev, err := a.previous(ctx, plan, sc, measured)
	if err != nil {
		return nil, err
	}
	view, viewScore, unit, err := confine(who, plan, sc, q.UnitSlug)
	if err != nil {
		return nil, err
	}
	if prev != nil && unit != "" {
		prev = prev.ForUnit(plan, unit)
	}
	inForce, err := a.inForce(ctx, plan.Year)
	if err != nil {
		return nil, err
	}
	return &Report{Plan: view, Score: viewScore, Previous: prev, Measured: measured, InForce: inForce}, nil
}

// previous scores the latest period before sc's among the measured ones,
// with sc's method; nil when there is none.
func (a *App) previous(ctx context.Context, plan *model.Plan, sc *model.Scorecard, measured []model.Period) (*model.Scorecard, error) {
	var prev *model.Period
	for _, p := range measured {
		if p.Before(sc.Period) {
			q := p
			prev = &q
		}
	}
	if prev == nil {
		return nil, nil
	}
	values, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(plan.ID, *prev)))
	if err != nil {
		return nil, err
	}
	return model.Score(plan, *prev, values, sc.Method), nil
}

// confine narrows a whole plan's scores to what who asked for and may see:
// the unit asked for by slug, or who's own unit when who is one (its
// actions, not the objectives it shares with others), or the whole plan
// (unit ""). A unit gets its view of the plan; others the whole plan.
func confine(who model.Principal, plan *model.Plan, sc *model.Scorecard, unitSlug string) (*model.Plan, *model.Scorecard, string, error) {
	unit := ""
	if unitSlug != "" {
		u, ok := UnitBySlug(plan, unitSlug)
		if !ok || !model.MayOn(who, model.OpReadScores, u) {
			return nil, nil, "", model.ErrNoSuchUnit(unitSlug)
		}
		unit = u
	}
	if own := who.Confined(); own != "" {
		unit = own
	}
	if unit == "" {
		return plan, sc, "", nil
	}
	view := plan
	if who.Confined() != "" {
		view = plan.UnitView(unit)
	}
	return view, sc.ForUnit(plan, unit), unit, nil
}

// ActionEntry is one value submitted for an action, with the attainment it
// scored by the method asked for.
type ActionEntry struct {
	model.Measurement
	Attainment float64
}

// ActionHistory is an action of a plan with where it sits and every value
// ever submitted for it.
type ActionHistory struct {
	Plan        *model.Plan // the plan version (its tree as who sees it)
	Perspective string
	Strategic   *model.StrategicObjective
	Operational *model.OperationalObjective
	Action      *model.Action
	Method      model.Method
	// Entries are every submitted value, oldest first by period and then
	// by time; each says who sent it, when, through what, and the value
	// it replaced.
	Entries []ActionEntry
	// PreviousYear is the action's figure at the previous year's end,
	// scored by Method; nil when there is none.
	PreviousYear *model.PreviousYear
}

// ActionHistory returns the history of an action's values. A unit may
// read only the history of its own actions.
func (a *App) ActionHistory(ctx context.Context, who model.Principal, planID int64, code, method string) (*ActionHistory, error) {
	if err := model.Authorize(who, model.OpReadScores); err != nil {
		return nil, err
	}
	m, err := model.ParseMethod(method)
	if err != nil {
		return nil, err
	}
	plan, err := a.seenPlan(ctx, who, planID)
	if err != nil {
		return nil, err
	}
	h := &ActionHistory{Plan: plan, Method: m}
	if n, ok := plan.ActionNode(code); ok {
		h.Perspective, h.Strategic, h.Operational, h.Action = n.Perspective.Name, n.Strategic, n.Operational, n.Action
	}
	if h.Action == nil {
		return nil, model.ErrNoSuchAction(code, plan.Year, plan.Version)
	}
	// an action's data are its units': who may read them on one of them
	// (an action of no unit, only who is confined to none)
	units := h.Action.Units
	if len(units) == 0 {
		units = []string{""}
	}
	if !slices.ContainsFunc(units, func(u string) bool { return model.MayOn(who, model.OpReadScores, u) }) {
		return nil, model.ErrNoSuchAction(code, plan.Year, plan.Version) // as for one that does not exist
	}
	if own := who.Confined(); own != "" {
		h.Plan = plan.UnitView(own)
	}
	values, err := a.store.Measurements(ctx, model.MeasurementFilter{PlanID: planID, Code: code, ByPeriod: true})
	if err != nil {
		return nil, err
	}
	for _, v := range values {
		h.Entries = append(h.Entries, ActionEntry{Measurement: v, Attainment: model.Attainment(h.Action, v.Value, m)})
	}
	last, err := a.lastYear(ctx, plan, m)
	if err != nil {
		return nil, err
	}
	if p, ok := last[code]; ok {
		h.PreviousYear = &p
	}
	return h, nil
}

// ImportWarnings returns a stored plan version with the warnings its
// import gave, to read them any time after the upload.
func (a *App) ImportWarnings(ctx context.Context, who model.Principal, planID int64) (*model.Plan, error) {
	if err := model.Authorize(who, model.OpReadWarnings); err != nil {
		return nil, err
	}
	return a.store.Plan(ctx, planID)
}
