package app

import (
	"context"

	"cruscotto/model"
)

// Checklist is the Controller's way to a first collection, from an empty
// database: import the plan, give each unit a user, open the plan with
// its deadline. Done reports when every step is.
type Checklist struct {
	Plan           *model.PlanSummary // the newest year's plan in force, nil before any import
	Units          int                // the plan's units to ask for values
	UnitsWithUsers int                // of them, those with a user able to log in
	Open           bool               // the plan is in collection
	Deadline       bool               // its year end has a closing date
}

// Done reports whether the three steps are done.
func (c Checklist) Done() bool {
	return c.Plan != nil && c.Units == c.UnitsWithUsers && c.Open && c.Deadline
}

// FirstSteps returns the checklist, for who manages users and plans.
func (a *App) FirstSteps(ctx context.Context, who model.Principal) (*Checklist, error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, err
	}
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return nil, err
	}
	plans, err := a.store.Plans(ctx, model.PlanFilter{})
	if err != nil {
		return nil, err
	}
	c := &Checklist{}
	for i := range plans {
		if plans[i].Current {
			c.Plan = &plans[i]
			break
		}
	}
	if c.Plan == nil {
		return c, nil
	}
	plan, err := a.store.Plan(ctx, c.Plan.ID)
	if err != nil {
		return nil, err
	}
	users, err := a.accounts.Users(ctx)
	if err != nil {
		return nil, err
	}
	has := map[string]bool{}
	for _, u := range users {
		if u.Role == model.RoleUnit {
			has[u.Unit] = true
		}
	}
	for _, unit := range plan.EntryUnits() {
		if model.NotAUnit(unit) {
			continue
		}
		c.Units++
		if has[unit] {
			c.UnitsWithUsers++
		}
	}
	c.Open = c.Plan.State.OpenToUnits()
	st, err := a.period(ctx, plan.ID, model.Period{Year: plan.Year})
	if err != nil {
		return nil, err
	}
	c.Deadline = st.ClosesOn != nil || st.ClosedAt != nil
	return c, nil
}
