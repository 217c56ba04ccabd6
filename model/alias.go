package model

import (
	"strings"
	"time"
)

// UnitAlias merges a unit's name as a plan writes it into another unit,
// without editing the plan file: «Progetti incentivazione e sostegno» is
// read as «Progetti di incentivazione e sostegno». Plans are read with
// their units merged, so the merged unit has one workbook, one tracker
// row and one set of scores with both names' actions.
type UnitAlias struct {
	Name      string    `json:"name"`   // as written in the plan
	Target    string    `json:"target"` // the unit it is read as
	CreatedAt time.Time `json:"created_at"`
	By        string    `json:"by"`
}

// UnitAliases maps the UnitKey of a merged name to the unit it is read as.
type UnitAliases map[string]string

// AliasesOf indexes a list of aliases.
func AliasesOf(list []UnitAlias) UnitAliases {
	m := UnitAliases{}
	for _, a := range list {
		m[UnitKey(a.Name)] = a.Target
	}
	return m
}

// Resolve returns the unit a name is read as: its alias's target, or the
// name itself.
func (m UnitAliases) Resolve(name string) string {
	if t, ok := m[UnitKey(name)]; ok {
		return t
	}
	return name
}

// MergeUnits renames the units of p's actions through aliases — an action
// of a merged name becomes the target's, once even if it named both — and
// recomputes p.Units.
func (p *Plan) MergeUnits(aliases UnitAliases) {
	if len(aliases) == 0 {
		return
	}
	for _, a := range p.Actions() {
		var units []string
		for _, u := range a.Units {
			units = appendUnique(units, aliases.Resolve(u))
		}
		if units == nil {
			units = []string{}
		}
		a.Units = units
	}
	p.SummariseUnits()
}

// CheckUnitAlias refuses an alias that would merge nothing or start a
// chain: the target must be another unit, not itself a merged name.
func CheckUnitAlias(name, target string, aliases UnitAliases) error {
	name, target = strings.TrimSpace(name), strings.TrimSpace(target)
	switch {
	case name == "" || target == "":
		return Errorf(EInvalid, "Indicare la struttura da unire e quella in cui unirla.")
	case UnitKey(name) == UnitKey(target):
		return Errorf(EInvalid, "«%s» e «%s» sono già la stessa struttura: sceglierne due diverse.", name, target)
	case name == NoUnit || target == NoUnit:
		return Errorf(EInvalid, "Le azioni senza responsabile non sono una struttura da unire.")
	}
	if t, ok := aliases[UnitKey(target)]; ok {
		return Errorf(EInvalid, "«%s» è già unita a «%s»: scegliere «%s» come struttura in cui unire.", target, t, t)
	}
	return nil
}

// UnitSuggestion is a pair of units of a plan whose names are probably
// one unit written two ways (SimilarUnits), with their actions: what the
// importer warned about, offered for merging.
type UnitSuggestion struct {
	Year     int
	A, B     Unit
	Warnings []Problem // the import's warnings that name both
}

// SuggestMerges returns the pairs of p's units that look like one unit
// written two ways, the unit with more actions first.
func SuggestMerges(p *Plan) []UnitSuggestion {
	var out []UnitSuggestion
	for i, x := range p.Units {
		for _, y := range p.Units[i+1:] {
			if !SimilarUnits(x.Name, y.Name) {
				continue
			}
			a, b := x, y
			if b.Actions > a.Actions {
				a, b = b, a
			}
			s := UnitSuggestion{Year: p.Year, A: a, B: b}
			for _, w := range p.Warnings {
				if namesIn(w.Message, a.Name) && namesIn(w.Message, b.Name) {
					s.Warnings = append(s.Warnings, w)
				}
			}
			out = append(out, s)
		}
	}
	return out
}

// namesIn reports whether a warning names a unit, quoted «so» or, in the
// warnings of plans imported before, "so".
func namesIn(message, unit string) bool {
	return strings.Contains(message, "«"+unit+"»") || strings.Contains(message, `"`+unit+`"`)
}
