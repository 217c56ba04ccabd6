package model

import (
	"fmt"
	"strings"
)

// NoteBelow is the attainment under which a value needs a deviation note
// («nota per l'analisi degli scostamenti»): the orange and red bands.
const NoteBelow = 80.0

// NeedsNote reports whether measured value v of action a falls in the
// orange or red band, where the Chamber asks the unit to explain the
// deviation. Both scoring methods agree on it: a value scores under 80
// exactly when it misses the 80% threshold (or, without one, the target).
func NeedsNote(a *Action, v Value) bool {
	return v.Numeric() && Attainment(a, v, MethodStep)+scoreEpsilon < NoteBelow
}

// NoteLimit is the value an action's measurement must reach for no note
// to be needed: its 80% threshold, else its target; nil for a qualitative
// action or one without a numeric target (the limit is then 80%, or none).
func NoteLimit(a *Action) *Value {
	switch {
	case a.Qualitative:
		return nil
	case a.Threshold80.Numeric():
		return a.Threshold80
	case a.Target.Numeric():
		return a.Target
	}
	return nil
}

// NoteRule says in Italian when a unit must write a deviation note for an
// action: «Nota obbligatoria se sotto 4 (soglia dell'80%)». It is "" when
// the action cannot be scored.
func NoteRule(a *Action) string {
	if a.Qualitative {
		return "Nota obbligatoria se la valutazione è sotto l'80%"
	}
	limit := NoteLimit(a)
	if limit == nil {
		return ""
	}
	which := "soglia dell'80%"
	if limit == a.Target {
		which = "target"
	}
	if a.Target.Kind == KindYesNo {
		return fmt.Sprintf("Nota obbligatoria se diverso da %s (target)", limit.Display())
	}
	lower := limit.Op == OpLT || limit.Op == OpLE || (limit.Op == "" && a.Direction == LowerIsBetter)
	when := limit.Kind == KindMonth || limit.Kind == KindDate
	word := map[[2]bool]string{{false, false}: "sotto", {true, false}: "sopra", {false, true}: "prima di", {true, true}: "dopo"}[[2]bool{lower, when}]
	if limit.Op.Strict() { // «< 12» is missed at 12 itself
		word = map[[2]bool]string{{false, false}: "pari o sotto", {true, false}: "pari o sopra", {false, true}: "in o prima di", {true, true}: "in o dopo"}[[2]bool{lower, when}]
	}
	// the word says the comparison: the limit without its sign
	shown := strings.TrimLeft(limit.Display(), "<>=≤≥ ")
	return fmt.Sprintf("Nota obbligatoria se %s %s (%s)", word, shown, which)
}

// MissingNotes are the warnings for values in the orange or red band sent
// without a deviation note: they never refuse a workbook, but the unit is
// told where the note is missing.
func MissingNotes(plan *Plan, values []EntryValue) []Problem {
	actions := plan.ActionsByCode()
	var out []Problem
	for _, v := range values {
		a := actions[v.Code]
		if a == nil || v.Note != "" || !NeedsNote(a, v.Value) {
			continue
		}
		at := v.NoteCell
		band := BandOf(ptr(Attainment(a, v.Value, MethodStep)))
		p := Problem{Sheet: at.Sheet, Severity: SeverityWarning,
			Message: fmt.Sprintf("azione %s: il valore %s è in fascia %s: scrivere nella colonna «Note» il motivo dello scostamento (analisi degli scostamenti).", v.Code, v.Value.Display(), bandAdjective[band.ColorName])}
		if !at.IsZero() {
			p.Cell = at.Name()
		}
		out = append(out, p)
	}
	return out
}

func ptr(f float64) *float64 { return &f }

// MissingSummary says what a unit still owes for a period, in Italian
// with agreement: «3 valori e 1 nota mancanti», «1 valore mancante», «2
// note mancanti», «nulla da inviare».
func MissingSummary(values, notes int) string {
	var parts []string
	if values > 0 {
		parts = append(parts, Plural(values, "valore", "valori"))
	}
	if notes > 0 {
		parts = append(parts, Plural(notes, "nota", "note"))
	}
	switch {
	case len(parts) == 0:
		return "nulla da inviare"
	case len(parts) == 1 && (values == 1 || notes == 1):
		return parts[0] + " mancante"
	}
	return strings.Join(parts, " e ") + " mancanti"
}

// bandAdjective is a band's colour agreeing with «fascia»: «in fascia
// rossa».
var bandAdjective = map[string]string{"verde": "verde", "giallo": "gialla", "arancione": "arancione", "rosso": "rossa", "grigio": "grigia"}
