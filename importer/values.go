package importer

import (
	"slices"
	"strings"

	"cruscotto/model"
)

// values reads an action's target and thresholds and derives its direction
// and whether it is qualitative.
func (b *builder) values(e *actionEntry) {
	a := e.obj
	if !e.target.empty() {
		v := e.target.cell.Value()
		a.Target = &v
	}
	if !e.baseline.empty() {
		v := e.baseline.cell.Value()
		a.Baseline = &v
	}
	a.Note = e.note.text()
	var words []cellRef // thresholds written in words
	for _, t := range []struct {
		ref  cellRef
		dst  **model.Value
		text *string
	}{{e.t80, &a.Threshold80, &a.Threshold80Text}, {e.t60, &a.Threshold60, &a.Threshold60Text}} {
		if t.ref.empty() {
			continue
		}
		v := t.ref.cell.Value()
		if !v.Numeric() {
			*t.text = v.Raw
			words = append(words, t.ref)
			continue
		}
		*t.dst = &v
	}
	hasThresholds := !e.t80.empty() || !e.t60.empty()
	switch {
	case a.Target == nil:
		a.Qualitative = true
		b.warnAt(e.target, "l'azione %s non ha un target: sarà valutata, non calcolata.", a.Code)
	case !a.Target.Numeric():
		a.Qualitative = true
	case hasThresholds && a.Threshold80 == nil && a.Threshold60 == nil:
		a.Qualitative = true
	}
	if !a.Qualitative {
		for _, w := range words {
			b.warnAt(w, "soglia «%s» non numerica per l'azione %s: non sarà usata nel calcolo.", w.text(), a.Code)
		}
		b.harmoniseKinds(e)
	}
	a.Direction = direction(a)
	if !a.Qualitative {
		b.checkOrder(e)
	}
}

// harmoniseKinds gives a bare-number threshold the unit of its target
// ("28 gg" with thresholds 29 and 30 are all days) and warns when a
// threshold is in a different unit from the target.
func (b *builder) harmoniseKinds(e *actionEntry) {
	a := e.obj
	for _, t := range []struct {
		v   *model.Value
		ref cellRef
	}{{a.Threshold80, e.t80}, {a.Threshold60, e.t60}} {
		switch {
		case t.v == nil || t.v.Kind == a.Target.Kind:
		case t.v.Kind == model.KindNumber:
			t.v.Kind = a.Target.Kind
		case a.Target.Kind == model.KindNumber:
			// "4" with "4,5 gg": the unit was written on the threshold only
		default:
			b.warnAt(t.ref, "la soglia «%s» dell'azione %s non è nella stessa unità del target «%s».", t.v.Raw, a.Code, a.Target.Raw)
		}
	}
}

// direction is fixed by a signed target ("≥ 90%": higher is better, "≤ 30
// gg": lower), whatever the thresholds say. Otherwise it compares the
// target with its first numeric threshold: above it, higher is better;
// below it, lower is better. Without a usable threshold, a month or a date
// is a deadline (earlier is better) and anything else improves upwards.
func direction(a *model.Action) model.Direction {
	if !a.Target.Numeric() {
		return model.HigherIsBetter
	}
	if d, ok := a.Target.Op.Direction(); ok {
		return d
	}
	for _, t := range []*model.Value{a.Threshold80, a.Threshold60} {
		if !t.Numeric() {
			continue
		}
		switch {
		case *a.Target.Number > *t.Number:
			return model.HigherIsBetter
		case *a.Target.Number < *t.Number:
			return model.LowerIsBetter
		}
	}
	if a.Target.Kind == model.KindMonth || a.Target.Kind == model.KindDate {
		return model.LowerIsBetter
	}
	return model.HigherIsBetter
}

// checkOrder warns when the thresholds are not ordered the same way as the
// first one (target 4, thresholds 5 and 3).
func (b *builder) checkOrder(e *actionEntry) {
	a := e.obj
	prev := *a.Target.Number
	for _, t := range []struct {
		v   *model.Value
		ref cellRef
	}{{a.Threshold80, e.t80}, {a.Threshold60, e.t60}} {
		if !t.v.Numeric() {
			continue
		}
		n := *t.v.Number
		bad := (a.Direction == model.HigherIsBetter && n > prev) || (a.Direction == model.LowerIsBetter && n < prev)
		if bad {
			way := "decrescenti (più alto è meglio)"
			if a.Direction == model.LowerIsBetter {
				way = "crescenti (più basso è meglio)"
			}
			b.warnAt(t.ref, "le soglie dell'azione %s non sono ordinate come il target: target %s, soglie %s; dovrebbero essere %s.",
				a.Code, a.Target.Raw, thresholdList(a), way)
			return
		}
		prev = n
	}
}

func thresholdList(a *model.Action) string {
	var parts []string
	for _, t := range []*model.Value{a.Threshold80, a.Threshold60} {
		if t != nil {
			parts = append(parts, t.Raw)
		}
	}
	return strings.Join(parts, " e ")
}

// responsible splits the Responsabile cell into units and reads PIRA.
func (b *builder) responsible(e *actionEntry) {
	a := e.obj
	a.Responsible = e.resp.text()
	units, ok := b.unitCache[a.Responsible]
	if !ok {
		units = model.SplitUnits(a.Responsible)
		b.unitCache[a.Responsible] = units
	}
	a.Units = slices.Clone(units)
	if len(a.Units) == 0 {
		where := e.resp
		if where.col == 0 {
			where = e.code
		}
		b.warnAt(where, "l'azione %s non ha un responsabile: sarà misurata dal Controller (foglio «senza responsabile»).", a.Code)
	}
	switch p := model.Fold(e.pira.text()); p {
	case "si", "s", "x", "yes", "true", "1", "vero", "pira":
		a.PIRA = true
	case "", "no", "n", "false", "0", "falso", "-":
	default:
		b.warnAt(e.pira, "valore PIRA «%s» non riconosciuto per l'azione %s: scrivere «si» o lasciare vuoto.", e.pira.text(), a.Code)
	}
}

// checkUnits merges unit names that differ only in case, accents or spacing
// and warns about names that differ slightly, naming both cells.
func (b *builder) checkUnits() {
	type seen struct {
		name string
		at   cellRef
	}
	var units []seen
	byKey := map[string]string{}
	for _, code := range b.actOrder {
		e := b.actions[code]
		for i, u := range e.obj.Units {
			key := model.UnitKey(u)
			if first, ok := byKey[key]; ok {
				e.obj.Units[i] = first
				continue
			}
			byKey[key] = u
			units = append(units, seen{u, e.resp})
		}
	}
	for i := range units {
		for j := i + 1; j < len(units); j++ {
			if model.SimilarUnits(units[i].name, units[j].name) {
				b.warnAt(units[j].at, "la struttura «%s» somiglia a «%s» scritta in %s: se sono la stessa, correggere il nome nel piano perché ora sono trattate come due strutture diverse.",
					units[j].name, units[i].name, units[i].at.location())
			}
		}
	}
}
