package app

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"strings"
	"time"

	"cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/model"
)

// digestPeriod is one period under collection in the weekly digest.
type digestPeriod struct {
	PlanYear int
	Label    string
	Deadline string
	Late     []digestUnit
	Complete int
	Total    int
}

type digestUnit struct {
	Unit     string
	Missing  int
	Actions  int
	Reminded string // «24/01/2021», or "mai"
}

// Digest queues the weekly digest for the Controller's staff (the admins
// with an address): for each plan in force and each period under
// collection (open, with a closing date), the units that still owe
// values, how many, and when each was last reminded. The service sends
// it on Mondays, once a week; force sends it whatever the day (still once
// a week). It returns how many messages it queued.
func (a *App) Digest(ctx context.Context, force bool) (int, error) {
	if a.sender == nil {
		return 0, nil
	}
	now := a.now().In(model.Rome)
	if !force && now.Weekday() != time.Monday {
		return 0, nil
	}
	year, week := now.ISOWeek()
	key := fmt.Sprintf("%d-W%02d", year, week)
	if sent, err := a.outbox.DigestQueued(ctx, key); err != nil || sent {
		return 0, err
	}
	users, err := a.accounts.Users(ctx)
	if err != nil {
		return 0, err
	}
	var to []string
	for _, u := range users {
		if u.Role == model.RoleAdmin && u.Email != "" {
			to = append(to, u.Email)
		}
	}
	if len(to) == 0 {
		return 0, nil
	}
	periods, err := a.digestPeriods(ctx)
	if err != nil || len(periods) == 0 {
		return 0, err
	}
	subject := fmt.Sprintf("Cruscotto: chi deve ancora inviare i valori (settimana %d del %d)", week, year)
	text, html := digestText(periods), digestHTML(subject, periods)
	var msgs []model.OutboxMessage
	for _, addr := range to {
		raw, id, err := mail.Compose(a.mail.From, mail.Message{To: []string{addr}, Subject: subject, Text: text, HTML: html, Date: a.now()})
		if err != nil {
			return 0, err
		}
		msgs = append(msgs, model.OutboxMessage{Kind: model.MailDigest, Period: key, Recipient: addr, Subject: subject, MessageID: id, MIME: raw})
	}
	if err := a.outbox.QueueMessages(ctx, msgs); err != nil {
		return 0, err
	}
	return len(msgs), nil
}

// digestPeriods gathers the periods under collection and their units in
// arrears.
func (a *App) digestPeriods(ctx context.Context) ([]digestPeriod, error) {
	plans, err := a.store.Plans(ctx, model.PlanFilter{})
	if err != nil {
		return nil, err
	}
	now := a.now()
	var out []digestPeriod
	for _, ps := range plans {
		if !ps.Current {
			continue
		}
		states, err := a.store.Periods(ctx, ps.ID)
		if err != nil {
			return nil, err
		}
		var plan *model.Plan
		for _, st := range states {
			if st.ClosesOn == nil || st.Closed(now) {
				continue
			}
			if plan == nil {
				if plan, err = a.store.Plan(ctx, ps.ID); err != nil {
					return nil, err
				}
			}
			current, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(ps.ID, st.Period)))
			if err != nil {
				return nil, err
			}
			reminded, err := a.outbox.Reminders(ctx, ps.ID, st.Period.String())
			if err != nil {
				return nil, err
			}
			owed := model.Owed(plan, current)
			d := digestPeriod{PlanYear: plan.Year, Label: st.Period.Label(), Deadline: st.ClosesOn.Italian(), Total: len(plan.EntryUnits())}
			for _, unit := range plan.EntryUnits() {
				missing := owed[unit]
				if len(missing) == 0 {
					d.Complete++
					continue
				}
				r := "mai"
				if rec, ok := reminded[unit]; ok {
					r = rec.At.In(model.Rome).Format("02/01/2006")
				}
				d.Late = append(d.Late, digestUnit{Unit: unit, Missing: len(missing), Actions: len(plan.UnitActions(unit)), Reminded: r})
			}
			out = append(out, d)
		}
	}
	return out, nil
}

func digestText(periods []digestPeriod) string {
	var b strings.Builder
	b.WriteString("Riepilogo settimanale della raccolta dei valori.\n")
	for _, p := range periods {
		fmt.Fprintf(&b, "\nPiano %d, %s — chiusura il %s: %d strutture su %d complete.\n", p.PlanYear, p.Label, p.Deadline, p.Complete, p.Total)
		if len(p.Late) == 0 {
			b.WriteString("  Tutte le strutture hanno inviato i loro valori.\n")
		}
		for _, u := range p.Late {
			fmt.Fprintf(&b, "  %s: %d valori mancanti su %d (ultimo sollecito: %s)\n", u.Unit, u.Missing, u.Actions, u.Reminded)
		}
	}
	b.WriteString("\nMessaggio inviato automaticamente dal Cruscotto della performance.\n")
	return b.String()
}

var digestTemplate = template.Must(template.New("digest").Parse(`<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.4">
<p>Riepilogo settimanale della raccolta dei valori.</p>
{{range .Periods}}
<h2 style="font-size: 1.1em">Piano {{.PlanYear}}, {{.Label}} — chiusura il {{.Deadline}}: {{.Complete}} strutture su {{.Total}} complete</h2>
{{if .Late}}<table style="border-collapse: collapse">
<thead><tr><th scope="col" style="text-align: left; padding: 2px 8px">Struttura</th><th scope="col" style="text-align: right; padding: 2px 8px">Valori mancanti</th><th scope="col" style="text-align: left; padding: 2px 8px">Ultimo sollecito</th></tr></thead>
<tbody>{{range .Late}}<tr><td style="padding: 2px 8px">{{.Unit}}</td><td style="text-align: right; padding: 2px 8px">{{.Missing}} su {{.Actions}}</td><td style="padding: 2px 8px">{{.Reminded}}</td></tr>
{{end}}</tbody></table>{{else}}<p>Tutte le strutture hanno inviato i loro valori.</p>{{end}}
{{end}}
<p style="color: #555">Messaggio inviato automaticamente dal Cruscotto della performance.</p>
</body></html>
`))

func digestHTML(subject string, periods []digestPeriod) string {
	var b bytes.Buffer
	if err := digestTemplate.Execute(&b, map[string]any{"Subject": subject, "Periods": periods}); err != nil {
		return ""
	}
	return b.String()
}
