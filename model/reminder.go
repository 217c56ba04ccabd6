package model

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"
)

// Reminder is what a unit is reminded of: the values it still owes for a
// plan's period, and by when.
type Reminder struct {
	PlanID   int64
	PlanYear int
	Period   Period
	Unit     string
	// Deadline is the period's closing date, nil when none is set;
	// DaysLeft the days to it (0 on the day itself).
	Deadline *Date
	DaysLeft *int
	// Missing are the unit's actions without a value for the period.
	Missing []*Action
	// Home is the unit's page on the service, "" when no base URL is
	// known.
	Home string
	// Workbook is the file name of the unit's workbook attached.
	Workbook string
}

// Owed returns, for each unit of a plan, its actions without a current
// value for a period: the units that owe nothing are absent.
func Owed(p *Plan, current map[string]*Measurement) map[string][]*Action {
	out := map[string][]*Action{}
	for _, unit := range p.EntryUnits() {
		for _, a := range p.UnitActions(unit) {
			if m := current[a.Code]; m == nil || m.Value.Raw == "" && !m.Value.Numeric() {
				out[unit] = append(out[unit], a)
			}
		}
	}
	return out
}

// deadlineText is the deadline as a sentence part: «entro il 31/01/2021».
func (r Reminder) deadlineText() string {
	if r.Deadline == nil {
		return "appena possibile (non è fissata una data di chiusura)"
	}
	return "entro il " + r.Deadline.Italian()
}

// daysText says how many days are left: «mancano 7 giorni».
func (r Reminder) daysText() string {
	switch {
	case r.DaysLeft == nil:
		return ""
	case *r.DaysLeft == 0:
		return "la raccolta chiude oggi"
	case *r.DaysLeft == 1:
		return "manca 1 giorno"
	}
	return fmt.Sprintf("mancano %d giorni", *r.DaysLeft)
}

// Subject is the message's subject: plan, period, deadline.
func (r Reminder) Subject() string {
	deadline := "senza scadenza fissata"
	if r.Deadline != nil {
		deadline = "entro il " + r.Deadline.Italian()
	}
	return fmt.Sprintf("Promemoria: Piano della Performance %d, %s — valori da inviare %s", r.PlanYear, r.Period.Label(), deadline)
}

// Text is the plain-text body.
func (r Reminder) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Gentili colleghi della struttura «%s»,\n\n", r.Unit)
	fmt.Fprintf(&b, "per il Piano della Performance %d, %s, mancano ancora i valori di %s. Vanno inviati %s", r.PlanYear, r.Period.Label(), actionsCount(len(r.Missing)), r.deadlineText())
	if d := r.daysText(); d != "" {
		fmt.Fprintf(&b, " (%s)", d)
	}
	b.WriteString(".\n\nAzioni senza valore:\n")
	for _, a := range r.Missing {
		fmt.Fprintf(&b, "  %s  %s\n", a.Code, a.Title)
	}
	fmt.Fprintf(&b, "\nIn allegato la cartella di rilevazione della struttura (%s), con i valori già inviati: compilarla e caricarla", r.Workbook)
	if r.Home != "" {
		fmt.Fprintf(&b, " dalla pagina della struttura:\n%s\n", r.Home)
	} else {
		b.WriteString(" dalla pagina della struttura nel Cruscotto.\n")
	}
	b.WriteString("\nMessaggio inviato dal Cruscotto della performance per conto del Controller.\n")
	return b.String()
}

var reminderHTML = template.Must(template.New("reminder").Parse(`<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<p>Gentili colleghi della struttura «{{.Unit}}»,</p>
<p>per il Piano della Performance {{.PlanYear}}, {{.Period}}, mancano ancora i valori di {{.Count}}. Vanno inviati <strong>{{.Deadline}}</strong>{{if .Days}} ({{.Days}}){{end}}.</p>
<table style="border-collapse: collapse">
<caption style="text-align: left; font-weight: bold">Azioni senza valore</caption>
<thead><tr><th scope="col" style="text-align: left; padding: 2px 8px">Codice</th><th scope="col" style="text-align: left; padding: 2px 8px">Azione</th></tr></thead>
<tbody>{{range .Missing}}<tr><td style="padding: 2px 8px">{{.Code}}</td><td style="padding: 2px 8px">{{.Title}}</td></tr>
{{end}}</tbody></table>
<p>In allegato la cartella di rilevazione della struttura ({{.Workbook}}), con i valori già inviati: compilarla e caricarla {{if .Home}}dalla <a href="{{.Home}}">pagina della struttura</a>{{else}}dalla pagina della struttura nel Cruscotto{{end}}.</p>
<p style="color: #555">Messaggio inviato dal Cruscotto della performance per conto del Controller.</p>
</body></html>
`))

// HTML is the simple HTML body, the same as Text.
func (r Reminder) HTML() string {
	var b bytes.Buffer
	err := reminderHTML.Execute(&b, map[string]any{
		"Subject": r.Subject(), "Unit": r.Unit, "PlanYear": r.PlanYear, "Period": r.Period.Label(), "Count": actionsCount(len(r.Missing)),
		"Deadline": r.deadlineText(), "Days": r.daysText(), "Missing": r.Missing, "Workbook": r.Workbook, "Home": r.Home,
	})
	if err != nil {
		return "" // the template is fixed: it cannot fail on these values
	}
	return b.String()
}

func actionsCount(n int) string {
	if n == 1 {
		return "1 azione"
	}
	return fmt.Sprintf("%d azioni", n)
}

// RemindDay is the calendar day, in Europe/Rome, a reminder belongs to:
// a second run on the same day sends nothing new.
func RemindDay(t time.Time) string { return t.In(Rome).Format("2006-01-02") }
