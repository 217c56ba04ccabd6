package model

import (
	"iter"
	"slices"
)

// Every walk of a plan's tree and every lookup by code is here: the rest
// of Cruscotto ranges over Tree, Strategics or ActionNodes and asks
// Action, Objective or Owns, instead of nesting four loops.

// Level is a level of a plan's tree.
type Level int

// The levels, from the top.
const (
	LevelPerspective Level = iota + 1
	LevelStrategic
	LevelOperational
	LevelAction
)

// Node is a place in a plan's tree with what lies above it: the fields
// down to its Level are set, those below are nil.
type Node struct {
	Level       Level
	Perspective *Perspective
	Strategic   *StrategicObjective
	Operational *OperationalObjective
	Action      *Action
}

// Code is the node's code; a perspective's is its name.
func (n Node) Code() string {
	switch n.Level {
	case LevelStrategic:
		return n.Strategic.Code
	case LevelOperational:
		return n.Operational.Code
	case LevelAction:
		return n.Action.Code
	}
	return n.Perspective.Name
}

// Tree yields every node of the plan in the plan's order, each before
// the nodes it holds.
func (p *Plan) Tree() iter.Seq[Node] {
	return func(yield func(Node) bool) {
		if p == nil {
			return
		}
		for _, ps := range p.Perspectives {
			if !yield(Node{Level: LevelPerspective, Perspective: ps}) {
				return
			}
			for _, s := range ps.Strategic {
				if !yield(Node{Level: LevelStrategic, Perspective: ps, Strategic: s}) {
					return
				}
				for _, o := range s.Operational {
					if !yield(Node{Level: LevelOperational, Perspective: ps, Strategic: s, Operational: o}) {
						return
					}
					for _, a := range o.Actions {
						if !yield(Node{Level: LevelAction, Perspective: ps, Strategic: s, Operational: o, Action: a}) {
							return
						}
					}
				}
			}
		}
	}
}

// Strategics yields every strategic objective with its perspective, in
// the plan's order.
func (p *Plan) Strategics() iter.Seq2[*Perspective, *StrategicObjective] {
	return func(yield func(*Perspective, *StrategicObjective) bool) {
		for n := range p.Tree() {
			if n.Level == LevelStrategic && !yield(n.Perspective, n.Strategic) {
				return
			}
		}
	}
}

// ActionNodes yields every action's node, in the plan's order.
func (p *Plan) ActionNodes() iter.Seq[Node] {
	return func(yield func(Node) bool) {
		for n := range p.Tree() {
			if n.Level == LevelAction && !yield(n) {
				return
			}
		}
	}
}

// Actions returns every action of the plan in the plan's order.
func (p *Plan) Actions() []*Action {
	var out []*Action
	for n := range p.ActionNodes() {
		out = append(out, n.Action)
	}
	return out
}

// Objective returns the node of the strategic or operational objective
// with code, and whether the plan has one.
func (p *Plan) Objective(code string) (Node, bool) {
	for n := range p.Tree() {
		if (n.Level == LevelStrategic || n.Level == LevelOperational) && n.Code() == code {
			return n, true
		}
	}
	return Node{}, false
}

// ActionNode returns the node of the action with code, and whether the
// plan has one.
func (p *Plan) ActionNode(code string) (Node, bool) {
	for n := range p.ActionNodes() {
		if n.Action.Code == code {
			return n, true
		}
	}
	return Node{}, false
}

// Action returns the action with code, nil when the plan has none.
func (p *Plan) Action(code string) *Action {
	n, _ := p.ActionNode(code)
	return n.Action
}

// OperationalOf returns the operational objective an action belongs to.
func (p *Plan) OperationalOf(code string) *OperationalObjective {
	n, _ := p.ActionNode(code)
	return n.Operational
}

// ActionsByCode indexes the plan's actions by code: for many lookups,
// where Action walks the tree each time. A nil plan has none.
func (p *Plan) ActionsByCode() map[string]*Action {
	out := map[string]*Action{}
	for n := range p.ActionNodes() {
		out[n.Action.Code] = n.Action
	}
	return out
}

// OwnedBy reports whether unit answers for the action; NoUnit answers
// for the actions without a Responsabile.
func (a *Action) OwnedBy(unit string) bool {
	if unit == NoUnit {
		return len(a.Units) == 0
	}
	return slices.Contains(a.Units, unit)
}

// Owns reports whether unit answers for the action with code.
func (p *Plan) Owns(unit, code string) bool {
	a := p.Action(code)
	return a != nil && a.OwnedBy(unit)
}

// UnitActions returns the actions a unit answers for (OwnedBy), in the
// plan's order.
func (p *Plan) UnitActions(unit string) []*Action {
	var out []*Action
	for n := range p.ActionNodes() {
		if n.Action.OwnedBy(unit) {
			out = append(out, n.Action)
		}
	}
	return out
}

// UnitActionsByCode indexes the actions unit answers for by code: to a
// unit, another unit's action is one that is not there.
func (p *Plan) UnitActionsByCode(unit string) map[string]*Action {
	out := map[string]*Action{}
	for _, a := range p.UnitActions(unit) {
		out[a.Code] = a
	}
	return out
}

// Actions yields the objective's actions, in the plan's order.
func (s *StrategicObjective) Actions() iter.Seq[*Action] {
	return func(yield func(*Action) bool) {
		for _, o := range s.Operational {
			for _, a := range o.Actions {
				if !yield(a) {
					return
				}
			}
		}
	}
}
