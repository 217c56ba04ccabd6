package model

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// ValueForm is the form an action's measured values take: a count, a
// percentage, days, hours, euros, a month, a date, yes/no, or a
// qualitative assessment. A value carries from one version of a year's
// plan to the next only to an action of the same code and form: a value
// in days means nothing against a month deadline.
type ValueForm string

// FormQualitative is the form of an assessed action: its values are
// percentages of attainment, but they are not comparable with a measured
// percentage.
const FormQualitative ValueForm = "qualitative"

// FormOf returns the form of a's measured values.
func FormOf(a *Action) ValueForm {
	if a.Qualitative {
		return FormQualitative
	}
	if a.Target == nil {
		return ValueForm(KindNumber)
	}
	return ValueForm(a.Target.Kind)
}

// Carries reports whether the values measured for action old carry to
// action new of a later version of the same year's plan: same code, same
// form.
func Carries(old, new *Action) bool {
	return old != nil && new != nil && old.Code == new.Code && FormOf(old) == FormOf(new)
}

// KPIKey is a KPI's text folded for comparison across years: without
// case, accents, spaces and punctuation, so that «N. pratiche evase» and
// «n pratiche  evase.» are one indicator.
func KPIKey(kpi string) string {
	s := foldAccents(strings.ToLower(kpi))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SameKPI reports whether two KPIs are the same indicator as KPIKey
// compares them.
func SameKPI(a, b string) bool { return KPIKey(a) == KPIKey(b) }

// PlanDiff is what changed from one version of a year's plan to another:
// the fields changed on the objectives and actions both have, the codes
// only one has, and the values measured in the older version that do not
// carry to the newer. Codes are compared, never positions, so reordered
// rows, renamed sheets and a re-save by another program change nothing.
type PlanDiff struct {
	Changed    []FieldChange    `json:"changed"`
	Added      []string         `json:"added"`
	Removed    []string         `json:"removed"`
	NotCarried []UncarriedValue `json:"not_carried"`
}

// FieldChange is one field of an objective or action that a revision
// changed, Old and New as the plan wrote them.
type FieldChange struct {
	Code  string `json:"code"`
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// UncarriedValue is a value measured in an older version that stays there:
// its action is gone, or measures in another form. Value is as the pages
// show it («9 gg»).
type UncarriedValue struct {
	Code   string `json:"code"`
	Period Period `json:"period"`
	Value  string `json:"value"`
}

// The fields a PlanDiff compares. A strategic target is "target_YYYY".
const (
	DiffTarget      = "target"
	DiffThreshold80 = "threshold80"
	DiffThreshold60 = "threshold60"
	DiffWeight      = "weight"
	DiffKPI         = "kpi"
	DiffTitle       = "title"
	DiffUnits       = "units"
	DiffPIRA        = "pira"
	DiffDirection   = "direction"
)

// fieldLabels name the fields in Italian sentences.
var fieldLabels = map[string]string{
	DiffTarget: "target", DiffThreshold80: "soglia 80%", DiffThreshold60: "soglia 60%", DiffWeight: "peso",
	DiffKPI: "indicatore", DiffTitle: "titolo", DiffUnits: "responsabile", DiffPIRA: "PIRA", DiffDirection: "verso",
}

// Label is the field's name in Italian: «soglia 80%», «target 2022».
func (c FieldChange) Label() string {
	if y, ok := strings.CutPrefix(c.Field, DiffTarget+"_"); ok {
		return "target " + y
	}
	if l, ok := fieldLabels[c.Field]; ok {
		return l
	}
	return c.Field
}

// String is the change as a receipt says it: «1.4.1: target 170 → 160»;
// text is quoted, so that one can see where it starts and ends.
func (c FieldChange) String() string {
	text := c.Field == DiffKPI || c.Field == DiffTitle
	return c.Code + ": " + c.Label() + " " + shown(c.Old, text) + " → " + shown(c.New, text)
}

func shown(s string, quoted bool) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "—"
	case quoted:
		return "«" + s + "»"
	}
	return s
}

// Empty reports whether the two versions are the same plan and every
// value carries.
func (d PlanDiff) Empty() bool {
	return len(d.Changed) == 0 && len(d.Added) == 0 && len(d.Removed) == 0 && len(d.NotCarried) == 0
}

// For returns the part of the diff about the given actions (by code): what
// a unit's receipt lists.
func (d PlanDiff) For(codes []string) PlanDiff {
	keep := map[string]bool{}
	for _, c := range codes {
		keep[c] = true
	}
	out := PlanDiff{Changed: []FieldChange{}, Added: []string{}, Removed: []string{}, NotCarried: []UncarriedValue{}}
	for _, c := range d.Changed {
		if keep[c.Code] {
			out.Changed = append(out.Changed, c)
		}
	}
	for _, c := range d.Added {
		if keep[c] {
			out.Added = append(out.Added, c)
		}
	}
	for _, c := range d.Removed {
		if keep[c] {
			out.Removed = append(out.Removed, c)
		}
	}
	for _, v := range d.NotCarried {
		if keep[v.Code] {
			out.NotCarried = append(out.NotCarried, v)
		}
	}
	return out
}

// DiffPlans compares two versions of a plan by code. NotCarried is left
// empty: which values stay behind depends on what was measured
// (UncarriedValues).
func DiffPlans(old, new *Plan) PlanDiff {
	d := PlanDiff{Changed: []FieldChange{}, Added: []string{}, Removed: []string{}, NotCarried: []UncarriedValue{}}
	oldItems, newItems := diffItems(old), diffItems(new)
	seen := map[FieldChange]bool{}
	for key, o := range oldItems {
		n, ok := newItems[key]
		if !ok {
			d.Removed = append(d.Removed, key.code)
			continue
		}
		for _, c := range compareFields(key.code, o, n) {
			if !seen[c] { // an implicit action repeats its objective
				seen[c] = true
				d.Changed = append(d.Changed, c)
			}
		}
	}
	for key := range newItems {
		if _, ok := oldItems[key]; !ok {
			d.Added = append(d.Added, key.code)
		}
	}
	d.Added, d.Removed = uniqueCodes(d.Added), uniqueCodes(d.Removed)
	slices.SortStableFunc(d.Changed, func(a, b FieldChange) int {
		if c := CompareCodes(a.Code, b.Code); c != 0 {
			return c
		}
		return fieldOrder(a.Field) - fieldOrder(b.Field)
	})
	return d
}

// UncarriedValues lists the current values of the old version (current,
// every period's) that do not carry to the new one, by code and period.
func UncarriedValues(old, new *Plan, current []Measurement) []UncarriedValue {
	newActions := new.ActionsByCode()
	oldActions := old.ActionsByCode()
	out := []UncarriedValue{}
	for _, m := range current {
		if Carries(oldActions[m.ActionCode], newActions[m.ActionCode]) {
			continue
		}
		out = append(out, UncarriedValue{Code: m.ActionCode, Period: m.Period, Value: m.Value.Display()})
	}
	sortUncarried(out)
	return out
}

// itemKey names an objective or action of a plan: codes are unique per
// level, and an implicit action shares its objective's code.
type itemKey struct {
	level int // 1 strategic, 2 operational, 3 action
	code  string
}

// diffItem is the text of each compared field of one objective or action.
type diffItem struct {
	fields map[string]diffField
}

// diffField is a field as written and the form it is compared in.
type diffField struct {
	text string // as the plan wrote it
	key  string // what decides whether it changed
}

func diffItems(p *Plan) map[itemKey]diffItem {
	out := map[itemKey]diffItem{}
	for n := range p.Tree() {
		switch n.Level {
		case LevelStrategic:
			s := n.Strategic
			f := map[string]diffField{
				DiffTitle: textField(s.Description),
				DiffKPI:   textField(s.KPI),
			}
			for year, t := range s.Targets {
				f[DiffTarget+"_"+strconv.Itoa(year)] = numberField(FormatNumber(t)+"%", t)
			}
			out[itemKey{1, s.Code}] = diffItem{f}
		case LevelOperational:
			o := n.Operational
			out[itemKey{2, o.Code}] = diffItem{map[string]diffField{
				DiffTitle:  textField(o.Title),
				DiffKPI:    textField(o.KPI),
				DiffWeight: numberField(FormatNumber(o.Weight)+"%", o.Weight),
			}}
		case LevelAction:
			out[itemKey{3, n.Action.Code}] = diffItem{actionFields(n.Action)}
		}
	}
	return out
}

func actionFields(a *Action) map[string]diffField {
	units := make([]string, len(a.Units))
	for i, u := range a.Units {
		units[i] = UnitKey(u)
	}
	slices.Sort(units)
	pira := "no"
	if a.PIRA {
		pira = "sì"
	}
	return map[string]diffField{
		DiffTarget:      valueField(a.Target, ""),
		DiffThreshold80: valueField(a.Threshold80, a.Threshold80Text),
		DiffThreshold60: valueField(a.Threshold60, a.Threshold60Text),
		DiffWeight:      numberField(FormatNumber(a.Weight)+"%", a.Weight),
		DiffKPI:         textField(a.KPI),
		DiffTitle:       textField(a.Title),
		DiffUnits:       {text: strings.Join(a.Units, ", "), key: strings.Join(units, "\x00")},
		DiffPIRA:        {text: pira, key: pira},
		DiffDirection:   {text: DirectionLabel(a.Direction), key: string(a.Direction)},
	}
}

// DirectionLabel says in Italian which way a KPI improves.
func DirectionLabel(d Direction) string {
	if d == LowerIsBetter {
		return "più basso è meglio"
	}
	return "più alto è meglio"
}

// textField compares text as KPIKey does: case, accents, spacing and
// punctuation are cosmetic.
func textField(s string) diffField {
	return diffField{text: strings.TrimSpace(s), key: KPIKey(s)}
}

func numberField(text string, n float64) diffField {
	return diffField{text: text, key: strconv.FormatFloat(round9(n), 'g', -1, 64)}
}

// valueField compares a target or threshold by what it means (kind,
// sign, number), so «85%» and «0,85» typed as a percentage are one
// target; a value without a number (qualitative, in words) by its text.
func valueField(v *Value, text string) diffField {
	if v == nil {
		return textField(text)
	}
	if v.Number == nil {
		return diffField{text: v.Raw, key: "text:" + KPIKey(v.Raw)}
	}
	return diffField{text: strings.TrimSpace(v.Raw), key: string(v.Kind) + ":" + string(v.Op) + ":" + strconv.FormatFloat(round9(*v.Number), 'g', -1, 64)}
}

// fieldOrders is the order of fields in a diff: what scores first.
var fieldOrders = []string{DiffTarget, DiffThreshold80, DiffThreshold60, DiffDirection, DiffWeight, DiffKPI, DiffTitle, DiffUnits, DiffPIRA}

func fieldOrder(f string) int {
	if i := slices.Index(fieldOrders, f); i >= 0 {
		return i
	}
	return len(fieldOrders) // strategic targets by year, after the rest, by year
}

func compareFields(code string, o, n diffItem) []FieldChange {
	var out []FieldChange
	names := make([]string, 0, len(o.fields)+len(n.fields))
	for f := range o.fields {
		names = append(names, f)
	}
	for f := range n.fields {
		if _, ok := o.fields[f]; !ok {
			names = append(names, f)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		if c := fieldOrder(a) - fieldOrder(b); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, f := range names {
		of, nf := o.fields[f], n.fields[f]
		if of.key != nf.key {
			out = append(out, FieldChange{Code: code, Field: f, Old: of.text, New: nf.text})
		}
	}
	return out
}

func uniqueCodes(codes []string) []string {
	slices.SortFunc(codes, CompareCodes)
	return slices.Compact(codes)
}

// UnreachedValues lists the current values of an older version (current)
// that a later version's history (later) does not hold: the values that
// did not carry, through however many versions lie between. A value is
// the same when its action, period, text, sender and time are.
func UnreachedValues(current, later []Measurement) []UncarriedValue {
	type key struct {
		code, period, raw, by string
		at                    int64
	}
	keyOf := func(m Measurement) key {
		return key{m.ActionCode, m.Period.String(), m.Value.Raw, m.By, m.At.UnixNano()}
	}
	held := make(map[key]bool, len(later))
	for _, m := range later {
		held[keyOf(m)] = true
	}
	out := []UncarriedValue{}
	for _, m := range current {
		if !held[keyOf(m)] {
			out = append(out, UncarriedValue{Code: m.ActionCode, Period: m.Period, Value: m.Value.Display()})
		}
	}
	sortUncarried(out)
	return out
}

func sortUncarried(out []UncarriedValue) {
	slices.SortFunc(out, func(a, b UncarriedValue) int {
		if c := CompareCodes(a.Code, b.Code); c != 0 {
			return c
		}
		return a.Period.Key() - b.Period.Key()
	})
}
