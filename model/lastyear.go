package model

import (
	"fmt"
	"slices"
)

// PreviousYear is an action's year-end figure in the previous year's
// plan: the value measured there for the same action — the same code and
// the same KPI (SameKPI) — and the attainment it scored.
type PreviousYear struct {
	Year       int     `json:"year"`
	Value      Value   `json:"value"`
	Attainment float64 `json:"attainment"`
}

// PreviousYears returns, by code of plan's actions, the year-end figures
// of the actions of prev, the previous year's plan, as prevScore scored
// them for prev's year end. An action has one only when prev holds an
// action of the same code and the same KPI and it was measured: a new
// action, or one measured by another indicator, is not compared.
func PreviousYears(plan, prev *Plan, prevScore *Scorecard) map[string]PreviousYear {
	out := map[string]PreviousYear{}
	if plan == nil || prev == nil || prevScore == nil {
		return out
	}
	old := prev.ActionsByCode()
	for _, a := range plan.Actions() {
		o := old[a.Code]
		if o == nil || !SameKPI(a.KPI, o.KPI) {
			continue
		}
		if s := prevScore.Action(a.Code); s != nil && s.Measured != nil && s.Attainment != nil {
			out[a.Code] = PreviousYear{Year: prevScore.Period.Year, Value: *s.Measured, Attainment: *s.Attainment}
		}
	}
	return out
}

// KPIChanges returns a warning, at the action's cell, for each action of
// plan whose code prev — the previous year's plan — holds with another
// KPI: the two years' values measure different things and are not
// compared.
func KPIChanges(plan, prev *Plan) []Problem {
	if plan == nil || prev == nil {
		return nil
	}
	var out []Problem
	old := prev.ActionsByCode()
	for _, a := range plan.Actions() {
		o := old[a.Code]
		if o == nil || SameKPI(a.KPI, o.KPI) {
			continue
		}
		out = append(out, Problem{Sheet: a.Cell.Sheet, Cell: a.Cell.Name(), Severity: SeverityWarning,
			Message: fmt.Sprintf("%s: indicatore cambiato, nessun confronto con il %d (nel %d: «%s»)", a.Code, prev.Year, prev.Year, Clip(o.KPI))})
	}
	return out
}

// WithPreviousYear returns a copy of the scorecard whose actions carry
// their previous-year figures, by code; s is left as it was.
func (s *Scorecard) WithPreviousYear(prev map[string]PreviousYear) *Scorecard {
	c := *s
	c.Actions = slices.Clone(s.Actions)
	c.Operational, c.Strategic = slices.Clone(s.Operational), slices.Clone(s.Strategic)
	for i := range c.Actions {
		c.Actions[i].PreviousYear = nil
		if p, ok := prev[c.Actions[i].Code]; ok {
			c.Actions[i].PreviousYear = &p
		}
	}
	return &c
}
