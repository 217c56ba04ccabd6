package model

// UnitView returns the plan as a unit sees it: its own actions and the
// objectives and perspectives above them, no warnings, and only its own
// entry in Units. The plan itself is not changed; the actions are shared.
func (p *Plan) UnitView(unit string) *Plan {
	out := *p
	out.Perspectives, out.Warnings = []*Perspective{}, []Problem{}
	for _, ps := range p.Perspectives {
		pc := *ps
		pc.Strategic = nil
		for _, s := range ps.Strategic {
			sc := *s
			sc.Operational = nil
			for _, o := range s.Operational {
				oc := *o
				oc.Actions = nil
				for _, a := range o.Actions {
					if a.OwnedBy(unit) {
						oc.Actions = append(oc.Actions, a)
					}
				}
				if len(oc.Actions) > 0 {
					sc.Operational = append(sc.Operational, &oc)
				}
			}
			if len(sc.Operational) > 0 {
				pc.Strategic = append(pc.Strategic, &sc)
			}
		}
		if len(pc.Strategic) > 0 {
			out.Perspectives = append(out.Perspectives, &pc)
		}
	}
	out.Units = []Unit{}
	for _, u := range p.Units {
		if u.Name == unit {
			out.Units = append(out.Units, u)
		}
	}
	return &out
}

// ForUnit returns the scores a unit sees: its own actions' attainment,
// not the objectives it shares with other units. plan is the plan the
// scorecard was computed for.
func (s *Scorecard) ForUnit(plan *Plan, unit string) *Scorecard {
	own := plan.UnitActionsByCode(unit)
	view := Scorecard{Plan: s.Plan, Period: s.Period, Method: s.Method,
		Actions: []ActionScore{}, Operational: []ObjectiveScore{}, Strategic: []StrategicScore{}}
	for _, as := range s.Actions {
		if own[as.Code] != nil {
			view.Actions = append(view.Actions, as)
		}
	}
	view.reindex()
	return &view
}

// reindex rebuilds the lookups by code after the lists were filtered.
func (s *Scorecard) reindex() {
	s.index, s.opIndex, s.stIndex = map[string]int{}, map[string]int{}, map[string]int{}
	for i, a := range s.Actions {
		s.index[a.Code] = i
	}
	for i, o := range s.Operational {
		s.opIndex[o.Code] = i
	}
	for i, st := range s.Strategic {
		s.stIndex[st.Code] = i
	}
}
