package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/model"
)

// RemindOptions say whom to remind of what.
type RemindOptions struct {
	PlanID int64
	Period string // as people write it; "" is the plan's year end
	// Units limits the reminder to these units (the tracker's «Sollecita»
	// on one row); nil reminds every unit that owes values.
	Units []string
	// DryRun composes the messages and says who would get what, sending
	// and recording nothing.
	DryRun bool
	// Force reminds a unit already reminded today.
	Force bool
	// Auto marks the reminders the service sends by itself before a
	// closing date.
	Auto bool
	// BaseURL, when set, links each message to the unit's home.
	BaseURL string
}

// RemindedUnit is what a reminder run did for one unit.
type RemindedUnit struct {
	Unit       string   `json:"unit"`
	Missing    []string `json:"missing"` // the codes of the actions without a value
	Recipients []string `json:"recipients,omitempty"`
	// Skipped says why the unit got nothing: already reminded today, or
	// no address to write to.
	Skipped string `json:"skipped,omitempty"`
	Subject string `json:"subject,omitempty"`
	// Text is the message, for a dry run and for copying by hand.
	Text string `json:"text,omitempty"`
	// Size is the largest message's size in bytes, attachment included.
	Size int `json:"size,omitempty"`
}

// RemindResult is a reminder run.
type RemindResult struct {
	PlanID   int64          `json:"plan_id"`
	PlanYear int            `json:"plan_year"`
	Period   model.Period   `json:"period"`
	Units    []RemindedUnit `json:"units"`
	Queued   int            `json:"queued"` // messages queued by this run
	DryRun   bool           `json:"dry_run,omitempty"`
}

// Skip reasons.
const (
	SkipToday     = "già sollecitata oggi"
	SkipNoAddress = "nessun indirizzo e-mail: aggiungerne uno agli utenti della struttura o alla sua casella condivisa"
)

// errNoRelay refuses to queue mail nobody will send.
var errNoRelay = model.Errorf(model.EInvalid, "Il servizio non ha un server di posta: indicarlo con --smtp HOST:PORTA e --smtp-from (la password in %s).", mail.PasswordEnv)

// Remind writes to every unit that still owes values for a plan's period
// (or to the units asked): one message to each of its users with an
// address and to its shared mailbox, naming the missing actions and the
// deadline, with the unit's workbook attached, pre-filled with what is
// stored. The messages and the record of the reminder are stored in one
// transaction; Deliver sends them. A closed period is refused.
func (a *App) Remind(ctx context.Context, who model.Principal, opts RemindOptions) (*RemindResult, error) {
	if err := model.Authorize(who, model.OpRemind); err != nil {
		return nil, err
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if !opts.DryRun && a.sender == nil {
		return nil, errNoRelay
	}
	t, err := a.remindTarget(ctx, who, opts)
	if err != nil {
		return nil, err
	}
	res := &RemindResult{PlanID: t.plan.ID, PlanYear: t.plan.Year, Period: t.period, Units: []RemindedUnit{}, DryRun: opts.DryRun}
	var records []model.ReminderRecord
	var queue []model.OutboxMessage
	for _, unit := range t.units {
		if len(t.owed[unit]) == 0 {
			continue // complete units get nothing
		}
		ru, msgs, err := a.remindUnit(ctx, t, unit, opts)
		if err != nil {
			return nil, err
		}
		if ru.Skipped == "" {
			queue = append(queue, msgs...)
			records = append(records, model.ReminderRecord{PlanID: t.plan.ID, Period: t.period.String(), Unit: unit, Day: model.RemindDay(t.now),
				Auto: opts.Auto, By: who.Username, At: t.now, Messages: len(ru.Recipients)})
		}
		res.Units = append(res.Units, ru)
	}
	if opts.DryRun {
		return res, nil
	}
	if err := a.outbox.SaveReminders(ctx, records, queue); err != nil {
		return nil, err
	}
	res.Queued = len(queue)
	return res, nil
}

// reminding is what a reminder of a plan's period is written from.
type reminding struct {
	plan       *model.Plan // the version in force
	period     model.Period
	deadline   *model.Date // the period's closing date, nil for none
	daysLeft   *int
	owed       map[string][]*model.Action // by unit
	units      []string                   // the units asked for
	recipients map[string][]string        // by unit
	reminded   map[string]model.ReminderRecord
	now        time.Time
}

// remindTarget gathers what the reminders opts asks for are written
// from: the version in force, its period still open, what each unit owes,
// the units asked for (every unit with actions, but the Controller's own
// actions without a Responsabile), their addresses and when they were
// last reminded.
func (a *App) remindTarget(ctx context.Context, who model.Principal, opts RemindOptions) (*reminding, error) {
	planID, err := a.inForceID(ctx, opts.PlanID)
	if err != nil {
		return nil, err
	}
	plan, p, err := a.planPeriod(ctx, who, planID, opts.Period)
	if err != nil {
		return nil, err
	}
	st, err := a.periodStatus(ctx, planID, p)
	if err != nil {
		return nil, err
	}
	t := &reminding{plan: plan, period: p, now: a.now()}
	if st.Closed {
		return nil, model.Errorf(model.EConflict, "La raccolta di %s del piano %d è chiusa: non si sollecitano più valori. Riaprirla, se serve, prima di sollecitare.", p.Label(), plan.Year)
	}
	if st.ClosesOn != nil {
		t.deadline = st.ClosesOn
		if d, ok := st.DaysLeft(t.now); ok {
			t.daysLeft = &d
		}
	}
	current, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(planID, p)))
	if err != nil {
		return nil, err
	}
	t.owed = model.Owed(plan, current)
	t.units = slices.DeleteFunc(plan.EntryUnits(), func(u string) bool { return u == model.NoUnit })
	if opts.Units != nil {
		for _, u := range opts.Units {
			if !slices.Contains(t.units, u) {
				return nil, model.Errorf(model.ENotFound, "La struttura «%s» non ha azioni nel piano %d.", u, plan.Year)
			}
		}
		t.units = opts.Units
	}
	if t.recipients, err = a.recipients(ctx); err != nil {
		return nil, err
	}
	if t.reminded, err = a.outbox.Reminders(ctx, planID, p.String()); err != nil {
		return nil, err
	}
	return t, nil
}

// remindUnit writes unit's reminder, with its workbook attached, to each
// of its addresses; a unit without one, or reminded today already
// (unless opts.Force), is skipped.
func (a *App) remindUnit(ctx context.Context, t *reminding, unit string, opts RemindOptions) (RemindedUnit, []model.OutboxMessage, error) {
	plan, p, missing := t.plan, t.period, t.owed[unit]
	ru := RemindedUnit{Unit: unit, Recipients: t.recipients[unit]}
	for _, act := range missing {
		ru.Missing = append(ru.Missing, act.Code)
	}
	r := model.Reminder{PlanID: plan.ID, PlanYear: plan.Year, Period: p, Unit: unit, Deadline: t.deadline, DaysLeft: t.daysLeft, Missing: missing,
		Workbook: EntryFileName(plan, unit, p)}
	if opts.BaseURL != "" {
		r.Home = strings.TrimRight(opts.BaseURL, "/") + "/struttura"
	}
	ru.Subject, ru.Text = r.Subject(), r.Text()
	switch {
	case len(ru.Recipients) == 0:
		ru.Skipped = SkipNoAddress
	case t.reminded[unit].Day == model.RemindDay(t.now) && !opts.Force:
		ru.Skipped = SkipToday
	}
	if ru.Skipped != "" {
		return ru, nil, nil
	}
	books, err := a.entryWorkbooks(ctx, plan, p, []string{unit})
	if err != nil {
		return ru, nil, err
	}
	var queue []model.OutboxMessage
	for _, to := range ru.Recipients {
		raw, id, err := mail.Compose(a.mail.From, mail.Message{To: []string{to}, Subject: r.Subject(), Text: r.Text(), HTML: r.HTML(), Date: t.now,
			Attachments: []mail.Attachment{{Name: books[0].FileName, Content: books[0].Content}}})
		if err != nil {
			return ru, nil, err
		}
		ru.Size = max(ru.Size, len(raw))
		queue = append(queue, model.OutboxMessage{Kind: model.MailReminder, PlanID: plan.ID, Period: p.String(), Unit: unit, Recipient: to,
			Subject: r.Subject(), MessageID: id, MIME: raw})
	}
	return ru, queue, nil
}

// recipients returns, by unit, the addresses its reminders go to: its
// users' and its shared mailbox, each once.
func (a *App) recipients(ctx context.Context) (map[string][]string, error) {
	users, err := a.accounts.Users(ctx)
	if err != nil {
		return nil, err
	}
	boxes, err := a.units.UnitMailboxes(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	add := func(unit, email string) {
		if email != "" && !slices.Contains(out[unit], email) {
			out[unit] = append(out[unit], email)
		}
	}
	for _, u := range users {
		if u.Role == model.RoleUnit {
			add(u.Unit, u.Email)
		}
	}
	for unit, email := range boxes {
		add(unit, email)
	}
	return out, nil
}

// Delivery is what one pass of the sender did.
type Delivery struct {
	Sent, Failed, Retrying int
	Queued                 int // still to send after the pass
	// LastError is the last failure's answer.
	LastError string
}

// Deliver sends the queued messages whose time has come. Each is first
// claimed for a while (so that the service and a command run at the same
// time do not both send it) and marked sent as soon as the relay takes
// it, so that it is never sent twice; a failed one is tried again later
// (model.MailBackoff), and given up after model.MailRetries attempts or
// at once when the relay refuses it for good. Without a relay it sends
// nothing.
func (a *App) Deliver(ctx context.Context) (Delivery, error) {
	return a.deliver(ctx, false)
}

// DeliverNow is Deliver without waiting for a failed message's next
// attempt: the command line's «try again now».
func (a *App) DeliverNow(ctx context.Context) (Delivery, error) {
	return a.deliver(ctx, true)
}

func (a *App) deliver(ctx context.Context, now bool) (Delivery, error) {
	var d Delivery
	if a.sender == nil {
		return d, nil
	}
	tried := map[int64]bool{} // at most one attempt each per call
	for {
		upTo := a.now()
		if now {
			upTo = upTo.Add(7 * 24 * time.Hour)
		}
		due, err := a.outbox.DueMessages(ctx, upTo, 50)
		if err == nil {
			due = slices.DeleteFunc(due, func(m model.OutboxMessage) bool { return tried[m.ID] })
		}
		if err != nil || len(due) == 0 {
			d.Queued, _ = a.outbox.QueuedMessages(context.WithoutCancel(ctx))
			return d, err
		}
		for _, m := range due {
			if err := ctx.Err(); err != nil {
				return d, err
			}
			tried[m.ID] = true
			mine, err := a.outbox.ClaimMessage(ctx, m.ID, upTo, a.now().Add(claimFor))
			if err != nil {
				return d, err
			}
			if !mine {
				continue // another sender has it
			}
			err = a.sender.Send(ctx, a.mail.From, []string{m.Recipient}, m.MIME)
			if err == nil {
				if err := a.outbox.MarkSent(context.WithoutCancel(ctx), m.ID, a.now()); err != nil {
					return d, err
				}
				d.Sent++
				continue
			}
			var me *mail.Error
			permanent := errors.As(err, &me) && me.Permanent
			giveUp := permanent || m.Attempts+1 >= model.MailRetries
			d.LastError = err.Error()
			if err := a.outbox.MarkFailed(context.WithoutCancel(ctx), m.ID, d.LastError, a.now().Add(model.MailBackoff(m.Attempts+1)), giveUp); err != nil {
				return d, err
			}
			if giveUp {
				d.Failed++
			} else {
				d.Retrying++
			}
			if !permanent {
				// the relay is down or slow: the others would fail the same
				// way; they wait for the next pass
				d.Queued, err = a.outbox.QueuedMessages(context.WithoutCancel(ctx))
				return d, err
			}
		}
	}
}

// claimFor is how long a sender holds a message it is sending: after a
// crash, the message is tried again once this has passed.
const claimFor = 2 * time.Minute

// servicePrincipal is the service itself, for what it does on its own
// (automatic reminders).
var servicePrincipal = model.Principal{Username: "cruscotto", Role: model.RoleAdmin}

// AutoRemind sends the reminders due today: for each plan in force and
// each open period with a closing date, when the days left are one of
// the plan's reminder days (model.DefaultReminderDays unless set), to the
// units that owe values and were not reminded today. It returns how many
// messages it queued.
func (a *App) AutoRemind(ctx context.Context, baseURL string) (int, error) {
	if a.sender == nil {
		return 0, nil
	}
	plans, err := a.store.Plans(ctx, model.PlanFilter{})
	if err != nil {
		return 0, err
	}
	now, queued := a.now(), 0
	for _, p := range plans {
		if !p.Current {
			continue
		}
		days, err := a.outbox.ReminderDays(ctx, p.Year)
		if err != nil {
			return queued, err
		}
		periods, err := a.store.Periods(ctx, p.ID)
		if err != nil {
			return queued, err
		}
		for _, st := range periods {
			left, ok := st.DaysLeft(now)
			if !ok || st.Closed(now) || !slices.Contains(days, left) {
				continue
			}
			res, err := a.Remind(ctx, servicePrincipal, RemindOptions{PlanID: p.ID, Period: st.Period.String(), Auto: true, BaseURL: baseURL})
			if err != nil {
				return queued, err
			}
			queued += res.Queued
		}
	}
	return queued, nil
}

// SetReminderDays sets the days before a closing date on which a plan's
// units are reminded by the service: «7,1», or «nessuno».
func (a *App) SetReminderDays(ctx context.Context, who model.Principal, planID int64, days string) ([]int, error) {
	if err := model.Authorize(who, model.OpRemind); err != nil {
		return nil, err
	}
	parsed, err := model.ParseReminderDays(days)
	if err != nil {
		return nil, err
	}
	plan, err := a.store.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	return parsed, a.outbox.SetReminderDays(ctx, plan.Year, parsed)
}

// MailEnabled reports whether the service sends e-mail.
func (a *App) MailEnabled() bool { return a.sender != nil }

// KickMail wakes the mail loop at once: a reminder confirmed on a page
// goes now, not at the next tick.
func (a *App) KickMail() {
	select {
	case a.kick <- struct{}{}:
	default: // a pass is already due
	}
}

// MailLoop is the service's mail: every interval it sends the reminders
// due today and, on Mondays, the weekly digest, and delivers the outbox,
// until ctx ends. Without a relay it
// does nothing.
func (a *App) MailLoop(ctx context.Context, interval time.Duration, baseURL string, logf func(format string, args ...any)) {
	if a.sender == nil {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := a.AutoRemind(ctx, baseURL); err != nil && ctx.Err() == nil {
			logf("promemoria automatici: %v", err)
		} else if n > 0 {
			logf("promemoria automatici: %d messaggi in coda", n)
		}
		if n, err := a.Digest(ctx, false); err != nil && ctx.Err() == nil {
			logf("riepilogo settimanale: %v", err)
		} else if n > 0 {
			logf("riepilogo settimanale: %d messaggi in coda", n)
		}
		if d, err := a.Deliver(ctx); err != nil && ctx.Err() == nil {
			logf("posta: %v", err)
		} else if d.Sent+d.Failed+d.Retrying > 0 {
			logf("posta: %d inviati, %d abbandonati, %d da riprovare, %d in coda; ultima risposta %q", d.Sent, d.Failed, d.Retrying, d.Queued, d.LastError)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-a.kick:
		}
	}
}
