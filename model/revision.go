package model

import (
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
