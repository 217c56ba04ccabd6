package app

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"cruscotto/exporter/tracker"
	"cruscotto/model"
)

// UnitSummary is a unit of a plan as the submission tracker (the units
// page and the API) shows it for a period: how many of its actions have
// a value, and what it sent.
type UnitSummary struct {
	Name     string                 `json:"name"`
	Slug     string                 `json:"slug"`
	Actions  int                    `json:"actions"`
	Measured int                    `json:"measured"` // actions with a current value
	Status   model.CollectionStatus `json:"status"`
	// LastUpload is the last workbook it returned for the period, nil
	// when none.
	LastUpload *UploadSummary `json:"last_upload"`
	// Refused counts its refused workbooks for the period; LastRefused is
	// the newest of them.
	Refused     int            `json:"refused"`
	LastRefused *UploadSummary `json:"last_refused,omitempty"`
	// Reminded is the unit's last reminder for the period, and
	// Undelivered its messages the relay refused or that still wait,
	// with the server's answer: for whoever may remind.
	Reminded    *model.ReminderRecord `json:"reminded,omitempty"`
	Undelivered []Undelivered         `json:"undelivered,omitempty"`
	// Users counts the unit's users able to log in, for whoever manages
	// users (nil otherwise): a unit without any cannot send its workbook.
	Users *int `json:"users,omitempty"`
	// Late: the closing date has passed and values are missing.
	Late bool `json:"late"`
	// MissingNotes counts the unit's values in the orange or red band
	// without the note they need (model.NeedsNote).
	MissingNotes int `json:"missing_notes"`
	// Validated counts the unit's values the Controller marked
	// «validato»; ToRevise those marked «da rivedere».
	Validated int `json:"validated"`
	ToRevise  int `json:"to_revise"`
	// Validatable counts the values still «da validare» that are
	// complete (no note owed): what «Valida» validates at once.
	Validatable int `json:"validatable"`
	// Score is the unit's attainment: its measured actions' scores
	// averaged by weight (step method); nil when none is measured.
	Score *float64 `json:"score"`
	// EnteredBy says who entered the unit's values when it sent no
	// workbook: a user's or token's name, or «riga di comando»;
	// ByController is set when the Controller's staff entered them.
	EnteredBy    string `json:"entered_by,omitempty"`
	ByController bool   `json:"entered_by_controller,omitempty"`
}

// NoUsers reports whether the unit has no user able to log in, as far as
// whoever asked may know.
func (u UnitSummary) NoUsers() bool { return u.Users != nil && *u.Users == 0 && !u.NotAUnit() }

// NotAUnit reports whether the row names no office to ask for values
// (model.NotAUnit): no user to create, no reminder to send.
func (u UnitSummary) NotAUnit() bool { return model.NotAUnit(u.Name) }

// Undelivered is a message to a unit that did not reach it (yet).
type Undelivered struct {
	To     string    `json:"to"`
	Status string    `json:"status"` // model.MailQueued or model.MailFailed
	Answer string    `json:"answer"`
	At     time.Time `json:"at"`
}

// UploadSummary is a returned workbook as the tracker and the upload log
// show it: who sent it, when, and how it went, never its content.
type UploadSummary struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	Accepted bool      `json:"accepted"`
	Outcome  string    `json:"outcome"`
	FileName string    `json:"file_name"`
	Period   string    `json:"period,omitempty"`
	Unit     string    `json:"workbook_unit,omitempty"` // the unit the workbook was made for
	Message  string    `json:"message,omitempty"`       // why it was refused
	Stored   int       `json:"stored"`                  // the values it stored
	// Readable says that whoever asked may open its receipt.
	Readable bool `json:"-"`
	// Correctable says that whoever asked may have its correction
	// workbook: refused for cells, and its content still kept.
	Correctable bool `json:"correctable"`
}

// OutcomeLabel says the outcome in Italian.
func (u UploadSummary) OutcomeLabel() string { return model.OutcomeLabel(u.Outcome) }

// PeriodLabel says the period in Italian words, «—» when the file could
// not be read.
func (u UploadSummary) PeriodLabel() string {
	p, err := model.ParsePeriod(u.Period)
	if err != nil {
		return "—"
	}
	return p.Label()
}

// summarise is an upload as who may see it listed.
func summarise(who model.Principal, u model.Upload) UploadSummary {
	readable := model.MayOn(who, model.OpReadUpload, u.Unit)
	s := UploadSummary{ID: u.ID, At: u.ReceivedAt, By: model.WhoLabel(u.By), Accepted: u.Accepted(), Outcome: u.Outcome, FileName: u.FileName,
		Period: u.Period, Unit: u.WorkbookUnit, Message: u.Message, Readable: readable, Correctable: readable && u.Correctable()}
	if r := u.Receipt; r != nil {
		s.Stored = r.Stored
		if r.Refusal != "" {
			s.Message = r.Refusal // the sentence, its problems listed apart
		}
	}
	if s.Accepted {
		s.Message = ""
	}
	return s
}

// The orders of the tracker, as the pages name them.
const (
	SortName     = "struttura" // by name (the default)
	SortStatus   = "stato"     // missing, partial, complete
	SortProgress = "valori"    // by the share of actions with a value
	SortLast     = "invio"     // by the last upload, units that sent nothing first
	SortRefused  = "rifiutati" // by the refused uploads
)

// TrackerQuery says which tracker to show.
type TrackerQuery struct {
	Period string // as people write it; "" is the plan's year end
	Sort   string // one of the Sort constants; "" by name
	Desc   bool   // the order reversed; ties stay by name
	// Missing keeps only the units whose values are not complete: those
	// the Controller still has to chase.
	Missing bool
}

// Tracker is the submission tracker of a plan's period: each unit's
// progress and what it sent, and the period's closing.
type Tracker struct {
	Plan   *model.Plan // as whoever asked sees it
	Period model.Period
	Closing
	// Units are the units asked for, in the order asked; the counts are
	// over every unit whoever asked may see.
	Units                             []UnitSummary
	Total, Complete, Partial, Missing int
	// Mail says whether the service sends e-mail: without a relay the
	// tracker's «Sollecita» shows the message to copy instead.
	Mail bool
}

// Tracker returns, for a plan's period, each unit's progress and last
// upload as who may see them: a unit only its own.
func (a *App) Tracker(ctx context.Context, who model.Principal, planID int64, q TrackerQuery) (*Tracker, error) {
	if err := model.Authorize(who, model.OpTrack); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	order, err := unitOrder(q.Sort, q.Desc)
	if err != nil {
		return nil, err
	}
	// values are collected into the version in force: its tracker is
	// the year's, whichever version is asked
	if planID, err = a.inForceID(ctx, planID); err != nil {
		return nil, err
	}
	plan, p, err := a.planPeriod(ctx, who, planID, q.Period)
	if err != nil {
		return nil, err
	}
	st, err := a.periodStatus(ctx, planID, p)
	if err != nil {
		return nil, err
	}
	current, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(planID, p)))
	if err != nil {
		return nil, err
	}
	sent, err := a.store.UploadsByUnit(ctx, planID, p)
	if err != nil {
		return nil, err
	}
	t := &Tracker{Plan: plan, Period: p, Closing: closing(st.PeriodState, a.now()), Units: []UnitSummary{}, Mail: a.sender != nil}
	x, err := a.trackerExtras(ctx, who, planID, p)
	if err != nil {
		return nil, err
	}
	late := st.ClosesOn != nil && !a.now().Before(st.ClosesOn.End())
	if unit := who.Confined(); unit != "" {
		t.Plan = plan.UnitView(unit)
	}
	for _, name := range plan.EntryUnits() {
		if !model.MayOn(who, model.OpTrack, name) {
			continue
		}
		u := unitSummary(who, plan, name, current, sent[name])
		if r, ok := x.reminded[name]; ok {
			u.Reminded = &r
		}
		u.Undelivered = x.undelivered[name]
		if x.users != nil && name != model.NoUnit {
			n := x.users[name]
			u.Users = &n
		}
		u.Late = late && u.Status != model.StatusComplete
		t.Total++
		switch u.Status {
		case model.StatusComplete:
			t.Complete++
		case model.StatusPartial:
			t.Partial++
		default:
			t.Missing++
		}
		if !q.Missing || u.Status != model.StatusComplete {
			t.Units = append(t.Units, u)
		}
	}
	slices.SortStableFunc(t.Units, order)
	return t, nil
}

// trackerExtras are what the tracker shows only to some: each unit's
// users who can log in (to who manages users), its last reminder and the
// messages that did not reach it (to who reminds).
type trackerExtras struct {
	users       map[string]int // nil: not shown
	reminded    map[string]model.ReminderRecord
	undelivered map[string][]Undelivered
}

func (a *App) trackerExtras(ctx context.Context, who model.Principal, planID int64, p model.Period) (trackerExtras, error) {
	x := trackerExtras{undelivered: map[string][]Undelivered{}}
	if model.May(who, model.OpManageUsers) {
		list, err := a.accounts.Users(ctx)
		if err != nil {
			return x, err
		}
		x.users = map[string]int{}
		for _, u := range list {
			if u.Role == model.RoleUnit {
				x.users[u.Unit]++
			}
		}
	}
	if !model.May(who, model.OpRemind) {
		return x, nil
	}
	var err error
	if x.reminded, err = a.outbox.Reminders(ctx, planID, p.String()); err != nil {
		return x, err
	}
	out, err := a.outbox.Outbox(ctx, planID, p.String())
	if err != nil {
		return x, err
	}
	for _, m := range out {
		if m.Status != model.MailSent && m.LastError != "" {
			x.undelivered[m.Unit] = append(x.undelivered[m.Unit], Undelivered{To: m.Recipient, Status: m.Status, Answer: m.LastError, At: m.CreatedAt})
		}
	}
	return x, nil
}

// unitSummary is a unit's row of the tracker.
func unitSummary(who model.Principal, plan *model.Plan, name string, current map[string]*model.Measurement, sent model.UnitUploads) UnitSummary {
	actions := plan.UnitActions(name)
	u := UnitSummary{Name: name, Slug: model.Slug(name), Actions: len(actions), Refused: sent.Refused}
	u.Measured = measuredOf(actions, current)
	u.Status = model.StatusOf(u.Actions, u.Measured)
	var newest *model.Measurement
	for _, act := range actions {
		m := current[act.Code]
		if m == nil {
			continue
		}
		if m.Note == "" && model.NeedsNote(act, m.Value) {
			u.MissingNotes++
		}
		if m.Review == nil && (m.Note != "" || !model.NeedsNote(act, m.Value)) {
			u.Validatable++
		}
		if m.Review != nil {
			switch m.Review.Status {
			case model.ReviewValidated:
				u.Validated++
			case model.ReviewToRevise:
				u.ToRevise++
			}
		}
		if newest == nil || m.At.After(newest.At) {
			newest = m
		}
	}
	u.Score = model.UnitAttainment(actions, func(a *model.Action) *float64 {
		m := current[a.Code]
		if m == nil {
			return nil
		}
		v := model.Attainment(a, m.Value, model.MethodStep)
		return &v
	})
	if sent.Last.ID != 0 {
		last := summarise(who, sent.Last)
		u.LastUpload = &last
	} else if newest != nil {
		u.EnteredBy, u.ByController = model.WhoLabel(newest.By), newest.SentFor == ""
		if newest.Source == model.SourceCLI {
			u.EnteredBy = "riga di comando"
		}
	}
	if sent.LastRefused != nil {
		r := summarise(who, *sent.LastRefused)
		u.LastRefused = &r
	}
	return u
}

// measuredOf counts the actions that have a current value.
func measuredOf(actions []*model.Action, current map[string]*model.Measurement) int {
	n := 0
	for _, act := range actions {
		if current[act.Code] != nil {
			n++
		}
	}
	return n
}

// missingNotesOf counts the values of actions in the orange or red band
// without the note they need.
func missingNotesOf(actions []*model.Action, current map[string]*model.Measurement) int {
	n := 0
	for _, act := range actions {
		if m := current[act.Code]; m != nil && m.Note == "" && model.NeedsNote(act, m.Value) {
			n++
		}
	}
	return n
}

// Closing is a period's collection state at a moment: open or closed,
// its closing date and the days left to it.
type Closing struct {
	PeriodStatus
	// DaysLeft are the days to the closing date (0 on the day itself),
	// nil without one.
	DaysLeft *int
}

func closing(st model.PeriodState, now time.Time) Closing {
	c := Closing{PeriodStatus: PeriodStatus{PeriodState: st, Closed: st.Closed(now)}}
	if d, ok := st.DaysLeft(now); ok {
		c.DaysLeft = &d
	}
	return c
}

// Text says the closing in Italian, as a sentence.
func (c Closing) Text() string {
	switch {
	case c.ClosedAt != nil && c.ClosedBy != "":
		return fmt.Sprintf("Raccolta chiusa il %s da %s.", c.ClosedAt.In(model.Rome).Format("02/01/2006"), c.ClosedBy)
	case c.ClosedAt != nil:
		return fmt.Sprintf("Raccolta chiusa il %s.", c.ClosedAt.In(model.Rome).Format("02/01/2006"))
	case c.Closed:
		return fmt.Sprintf("Raccolta chiusa: la data di chiusura era il %s.", c.ClosesOn.Italian())
	case c.DaysLeft == nil:
		return "Raccolta aperta, senza data di chiusura."
	case *c.DaysLeft == 0:
		return fmt.Sprintf("Chiusura oggi, %s: è l'ultimo giorno per inviare i valori.", c.ClosesOn.Italian())
	case *c.DaysLeft == 1:
		return fmt.Sprintf("Chiusura il %s: manca 1 giorno.", c.ClosesOn.Italian())
	}
	if *c.DaysLeft > 90 { // a countdown of months says nothing
		return fmt.Sprintf("Chiusura il %s.", c.ClosesOn.Italian())
	}
	return fmt.Sprintf("Chiusura il %s: mancano %d giorni.", c.ClosesOn.Italian(), *c.DaysLeft)
}

// Urgent says that the closing is near: a week or less.
func (c Closing) Urgent() bool { return !c.Closed && c.DaysLeft != nil && *c.DaysLeft <= 7 }

// unitOrder is the comparison of a tracker order; ties go by name.
func unitOrder(key string, desc bool) (func(a, b UnitSummary) int, error) {
	byName := func(a, b UnitSummary) int { // as model.SortUnits: the names that are no unit last
		if na, nb := a.NotAUnit(), b.NotAUnit(); na != nb {
			if na {
				return 1
			}
			return -1
		}
		return strings.Compare(model.Fold(a.Name), model.Fold(b.Name))
	}
	var cmp func(a, b UnitSummary) int
	switch key {
	case "", SortName:
		cmp = byName
	case SortStatus:
		cmp = func(a, b UnitSummary) int { return a.Status.Rank() - b.Status.Rank() }
	case SortProgress:
		// measured/actions compared without dividing
		cmp = func(a, b UnitSummary) int { return a.Measured*b.Actions - b.Measured*a.Actions }
	case SortLast:
		cmp = func(a, b UnitSummary) int {
			switch {
			case a.LastUpload == nil && b.LastUpload == nil:
				return 0
			case a.LastUpload == nil:
				return -1
			case b.LastUpload == nil:
				return 1
			}
			return a.LastUpload.At.Compare(b.LastUpload.At)
		}
	case SortRefused:
		cmp = func(a, b UnitSummary) int { return a.Refused - b.Refused }
	default:
		return nil, model.Errorf(model.EInvalid, "Ordine «%s» non valido: usare %s, %s, %s, %s o %s.", model.Clip(key), SortName, SortStatus, SortProgress, SortLast, SortRefused)
	}
	return func(a, b UnitSummary) int {
		c := cmp(a, b)
		if desc {
			c = -c
		}
		if c == 0 {
			return byName(a, b)
		}
		return c
	}, nil
}

// TrackerFileName names the tracker's export: stato-invii-2020-2020-06.xlsx.
func TrackerFileName(plan *model.Plan, p model.Period) string {
	return fmt.Sprintf("stato-invii-%d-%s.xlsx", plan.Year, p)
}

// TrackerWorkbook writes the tracker of a plan's period, in the order
// and with the filter asked, as a workbook for management.
func (a *App) TrackerWorkbook(ctx context.Context, who model.Principal, planID int64, q TrackerQuery) ([]byte, string, error) {
	if err := model.Authorize(who, model.OpResults); err != nil {
		return nil, "", err
	}
	t, err := a.Tracker(ctx, who, planID, q)
	if err != nil {
		return nil, "", err
	}
	table := tracker.Table{Title: fmt.Sprintf("Stato degli invii — Piano della Performance %d, versione %d", t.Plan.Year, t.Plan.Version),
		Period: t.Period.Label(), Closing: t.Text(), GeneratedAt: a.now()}
	for _, u := range t.Units {
		r := tracker.Row{Unit: u.Name, Status: u.Status, Actions: u.Actions, Measured: u.Measured, Refused: u.Refused}
		if u.LastUpload != nil {
			r.LastAt, r.LastBy, r.LastOutcome = &u.LastUpload.At, u.LastUpload.By, u.LastUpload.Outcome
		}
		table.Rows = append(table.Rows, r)
	}
	var buf bytes.Buffer
	if err := tracker.Write(&buf, table); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), TrackerFileName(t.Plan, t.Period), nil
}
