package web

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"cruscotto/model"
)

// verdictBadge is an objective's or a perspective's verdict as a badge
// of its own — «✓ target 80%», «97% del target», «2 su 3 raggiunti» —
// never a colour of the actions' scale: an objective at 78% against a
// target of 80% is close to it, while an action at 78% is orange.
type verdictBadge struct {
	Text  string
	Class string // met, short, pending, none
	Title string // the verdict in words, for the tooltip and screen readers
}

// strategicVerdict is a strategic objective's verdict.
func strategicVerdict(ss *model.StrategicScore) verdictBadge {
	switch {
	case ss == nil || ss.Score == nil:
		return verdictBadge{Text: "non misurato", Class: "none", Title: "nessuna azione misurata"}
	case ss.Pending():
		return verdictBadge{Text: "da valutare", Class: "pending", Title: fmt.Sprintf("misurato solo il %s del peso (ne serve almeno il %s)",
			model.FormatScore(&ss.Coverage), model.FormatScore(ptr(model.MinCoverage)))}
	case ss.Target == nil:
		return verdictBadge{Text: "senza target", Class: "none", Title: "il piano non dà un target per quest'anno: l'obiettivo non si giudica"}
	case ss.Achieved != nil && *ss.Achieved:
		return verdictBadge{Text: "✓ target " + model.FormatScore(ss.Target), Class: "met", Title: "target raggiunto"}
	}
	share := 0.0
	if *ss.Target > 0 {
		share = *ss.Score / *ss.Target * 100
	}
	return verdictBadge{Text: model.FormatScore(&share) + " del target", Class: "short",
		Title: fmt.Sprintf("target %s non raggiunto: %s su %s", model.FormatScore(ss.Target), model.FormatScore(ss.Score), model.FormatScore(ss.Target))}
}

// perspectiveVerdict is a perspective's verdict: how many of its
// strategic objectives met their target.
func perspectiveVerdict(achieved, judged int) verdictBadge {
	switch {
	case judged == 0:
		return verdictBadge{Text: "da valutare", Class: "pending", Title: "nessun obiettivo strategico ancora giudicabile"}
	case achieved == judged:
		return verdictBadge{Text: fmt.Sprintf("✓ %d su %d raggiunti", achieved, judged), Class: "met", Title: "tutti gli obiettivi strategici raggiungono il target"}
	}
	return verdictBadge{Text: fmt.Sprintf("%d su %d raggiunti", achieved, judged), Class: "short",
		Title: fmt.Sprintf("%s sotto il target", model.Plural(judged-achieved, "obiettivo strategico", "obiettivi strategici"))}
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
