package web

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"cruscotto/model"
)

// verdictBadge is an objective's or a perspective's verdict as a badge
// of its own — «✓ raggiunto (target 80%)», «97% del target», «2 su 3 raggiunti» —
// never a colour of the actions' scale: an objective at 78% against a
// target of 80% is close to it, while an action at 78% is orange.
type verdictBadge struct {
	Text  string
	Class string // met, short, pending, none
	Title string // the verdict in words, for the tooltip and screen readers
}

// inProgress is the verdict of a period before the year end: progress,
// not a failure.
var inProgress = verdictBadge{Text: "in corso", Class: "pending", Title: "monitoraggio intermedio: il giudizio sul target si dà al consuntivo"}

// strategicVerdict is a strategic objective's verdict (model's words); in
// an interim period, «in corso».
func strategicVerdict(ss *model.StrategicScore, interim bool) verdictBadge {
	if ss == nil {
		return verdictBadge{Text: "non misurato", Class: "none", Title: "nessuna azione misurata"}
	}
	if interim && ss.Score != nil {
		return inProgress
	}
	v := verdictBadge{Text: ss.Verdict()}
	switch {
	case ss.Score == nil:
		v.Class, v.Title = "none", "nessuna azione misurata"
	case ss.Target == nil:
		v.Class, v.Title = "none", "il piano non dà un target per quest'anno: l'obiettivo non si giudica"
	case ss.Pending():
		v.Class, v.Title = "pending", fmt.Sprintf("misurato solo il %s del peso (ne serve almeno il %s)",
			model.FormatScore(&ss.Coverage), model.FormatScore(ptr(model.MinCoverage)))
	case *ss.Achieved:
		v.Class, v.Title = "met", "target raggiunto"
	default:
		v.Class, v.Title = "short", fmt.Sprintf("target %s non raggiunto: %s", model.FormatScore(ss.Target), model.FormatScore(ss.Score))
	}
	return v
}

// perspectiveVerdict is a perspective's verdict: how many of its
// strategic objectives met their target; in an interim period, «in corso».
func perspectiveVerdict(achieved, judged int, interim bool) verdictBadge {
	if interim {
		return inProgress
	}
	v := verdictBadge{Text: model.PerspectiveVerdict(achieved, judged)}
	switch {
	case judged == 0:
		v.Class, v.Title = "pending", "nessun obiettivo strategico ancora giudicabile"
	case achieved == judged:
		v.Class, v.Title = "met", "tutti gli obiettivi strategici raggiungono il target"
	default:
		v.Class, v.Title = "short", model.Plural(judged-achieved, "obiettivo strategico", "obiettivi strategici")+" sotto il target"
	}
	return v
}

// shortName is an objective's title cut to fit a chart's label.
func shortName(code, title string, max int) string {
	s := code + " " + title
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	cut := strings.LastIndex(string(r[:max-1]), " ")
	if cut < len(code)+4 {
		cut = len(string(r[:max-1]))
	}
	return strings.TrimRight(s[:cut], " ,;:–-") + "…"
}
