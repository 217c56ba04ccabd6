// Package model holds Cruscotto's domain types: the performance plan with its
// perspectives, objectives and actions, the values they are measured in, and
// the problems found in user files. It depends on no storage, spreadsheet or
// web library.
package model

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Direction says which way an action's KPI improves.
type Direction string

// The two directions a KPI can improve in.
const (
	HigherIsBetter Direction = "higher"
	LowerIsBetter  Direction = "lower"
)

// Plan is one imported version of a year's Piano della Performance.
type Plan struct {
	ID         int64     `json:"id"`
	Year       int       `json:"year"`
	Version    int       `json:"version"`
	Title      string    `json:"title,omitempty"`
	FileName   string    `json:"file_name,omitempty"`
	SHA256     string    `json:"sha256"`
	ImportedAt time.Time `json:"imported_at"`
	// State is where the plan is in its year, shared by its versions:
	// StateDraft until the Controller opens it for collection.
	State        PlanState      `json:"state,omitempty"` // empty only for a plan read, not stored
	Perspectives []*Perspective `json:"perspectives"`
	Units        []Unit         `json:"units"`
	Warnings     []Problem      `json:"warnings"`
	Notes        []Note         `json:"notes"`
	// Mapping is how the plan's columns were read: the mapping given, or
	// the importer's guess written as one. Stored with the plan, not part
	// of its document.
	Mapping *Mapping `json:"-"`
	// Blocks are where the plan's header blocks lie in the workbook, as
	// the importer read them: the filled plan writes its columns beside
	// them. Stored with the plan, not part of its document.
	Blocks []Block `json:"-"`
}

// Note is a line of the notes written in a plan workbook («Note:», numbered
// notes, the legend): kept and shown with the plan, never scored.
type Note struct {
	Text string `json:"text"`
	Cell string `json:"cell"` // "Sheet!A40"
}

// Perspective is one of the plan's balanced-scorecard perspectives
// (Tessuto economico locale, Processi interni, …).
type Perspective struct {
	Name      string                `json:"name"`
	Strategic []*StrategicObjective `json:"strategic"`
}

// StrategicObjective is a strategic objective with its multi-year targets,
// in percent of attainment (80 means 80%).
type StrategicObjective struct {
	Code        string                  `json:"code"`
	Description string                  `json:"description"`
	KPI         string                  `json:"kpi"`
	Targets     map[int]float64         `json:"targets"` // by year
	Operational []*OperationalObjective `json:"operational"`
	Cell        CellRef                 `json:"cell"` // where its code was read
}

// NoStrategicTargets reports whether a plan names strategic objectives
// but no target for any of them: none of them can be judged.
func (p *Plan) NoStrategicTargets() bool {
	found := false
	for _, s := range p.Strategics() {
		if len(s.Targets) > 0 {
			return false
		}
		found = true
	}
	return found
}

// NoStrategicTargetsMessage says so, and what to do.
const NoStrategicTargetsMessage = "nessun obiettivo strategico ha un target: gli obiettivi strategici non saranno giudicati (raggiunto o no). Se il file ha i target per anno, indicarne le colonne («Obiettivo strategico: target» dell'anno) nella mappatura e ricaricare il file."

// Target returns the strategic target for year, and whether there is one.
func (s *StrategicObjective) Target(year int) (float64, bool) {
	v, ok := s.Targets[year]
	return v, ok
}

// OperationalObjective is an operational objective weighted (in percent)
// within its strategic objective.
type OperationalObjective struct {
	Code    string    `json:"code"`
	Title   string    `json:"title"`
	Weight  float64   `json:"weight"`
	KPI     string    `json:"kpi"`
	Actions []*Action `json:"actions"`
	Cell    CellRef   `json:"cell"` // where its code was read
}

// Action is a measured item: a KPI with a target and the two thresholds at
// which attainment counts 80% and 60%.
type Action struct {
	Code        string  `json:"code"`
	Title       string  `json:"title"`
	Weight      float64 `json:"weight"`
	KPI         string  `json:"kpi"`
	Target      *Value  `json:"target"`
	Threshold80 *Value  `json:"threshold80"`
	Threshold60 *Value  `json:"threshold60"`
	// Threshold80Text and Threshold60Text keep a threshold the plan wrote
	// in words ("qualitativa"): it cannot be scored, so the threshold itself
	// is missing, but the text is still shown to people.
	Threshold80Text string `json:"threshold80_text,omitempty"`
	Threshold60Text string `json:"threshold60_text,omitempty"`
	// Baseline is the value the year starts from («Baseline 2021»): shown
	// to the unit as «Valore di partenza», never a target.
	Baseline *Value `json:"baseline,omitempty"`
	// Note is the plan's own note on the action, as written.
	Note        string    `json:"note,omitempty"`
	Direction   Direction `json:"direction"`
	Qualitative bool      `json:"qualitative"`
	PIRA        bool      `json:"pira"`
	Responsible string    `json:"responsible"`
	Units       []string  `json:"units"`
	// Implicit is true for an operational objective measured directly,
	// without actions of its own (5.2 and 5.3 in the 2020 plan).
	Implicit bool `json:"implicit,omitempty"`
	// Cell is where the action's code was read: its row is the action's
	// row in the plan workbook.
	Cell CellRef `json:"cell"`
}

// Unit is a responsible unit (U.O. "Mediazione", SG, Controller…) and how
// many actions of the plan it answers for.
type Unit struct {
	Name    string `json:"name"`
	Actions int    `json:"actions"`
}

// Counts summarises the size of a plan.
type Counts struct {
	Perspectives, Strategic, Operational, Actions, Units int
}

// Counts returns how many perspectives, objectives, actions and units the
// plan holds.
func (p *Plan) Counts() Counts {
	c := Counts{Units: len(p.Units)}
	for n := range p.Tree() {
		switch n.Level {
		case LevelPerspective:
			c.Perspectives++
		case LevelStrategic:
			c.Strategic++
		case LevelOperational:
			c.Operational++
		case LevelAction:
			c.Actions++
		}
	}
	return c
}

// SummariseUnits recomputes p.Units from the actions' units, in order of
// first appearance.
func (p *Plan) SummariseUnits() {
	idx := map[string]int{}
	p.Units = p.Units[:0]
	for _, a := range p.Actions() {
		for _, u := range a.Units {
			i, ok := idx[u]
			if !ok {
				i = len(p.Units)
				idx[u] = i
				p.Units = append(p.Units, Unit{Name: u})
			}
			p.Units[i].Actions++
		}
	}
}

// Clone returns a deep copy of the plan: whatever a caller changes in the
// copy, down to an action's values and units, leaves p as it was. The
// store hands out clones of the plans it caches.
func (p *Plan) Clone() *Plan {
	c := *p
	c.Perspectives = cloneEach(p.Perspectives, func(ps *Perspective) *Perspective {
		out := *ps
		out.Strategic = cloneEach(ps.Strategic, func(s *StrategicObjective) *StrategicObjective {
			out := *s
			out.Targets = maps.Clone(s.Targets)
			out.Operational = cloneEach(s.Operational, func(o *OperationalObjective) *OperationalObjective {
				out := *o
				out.Actions = cloneEach(o.Actions, (*Action).clone)
				return &out
			})
			return &out
		})
		return &out
	})
	c.Units = slices.Clone(p.Units)
	c.Warnings = slices.Clone(p.Warnings)
	c.Notes = slices.Clone(p.Notes)
	c.Mapping = p.Mapping.clone()
	c.Blocks = slices.Clone(p.Blocks)
	return &c
}

func (a *Action) clone() *Action {
	c := *a
	c.Target, c.Threshold80, c.Threshold60, c.Baseline = a.Target.clone(), a.Threshold80.clone(), a.Threshold60.clone(), a.Baseline.clone()
	c.Units = slices.Clone(a.Units)
	return &c
}

// cloneEach returns a slice of the clones of s's elements, nil for nil
// and empty for empty, so that a clone marshals as the original does.
func cloneEach[T any](s []*T, clone func(*T) *T) []*T {
	if s == nil {
		return nil
	}
	out := make([]*T, len(s))
	for i, e := range s {
		if e != nil {
			out[i] = clone(e)
		}
	}
	return out
}

// CompareCodes orders objective and action codes numerically segment by
// segment, as a plan lists them: 1.2 < 1.2.9 < 1.2.10 < 1.10.
func CompareCodes(a, b string) int {
	for a != "" || b != "" {
		var x, y string
		x, a, _ = strings.Cut(a, ".")
		y, b, _ = strings.Cut(b, ".")
		nx, ex := strconv.Atoi(x)
		ny, ey := strconv.Atoi(y)
		switch {
		case x == "" && y != "":
			return -1
		case y == "" && x != "":
			return 1
		case ex == nil && ey == nil && nx != ny:
			return nx - ny
		case x != y:
			return strings.Compare(x, y)
		}
	}
	return 0
}
