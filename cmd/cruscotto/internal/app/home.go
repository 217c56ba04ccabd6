package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"cruscotto/model"
)

// Task is a period a unit is asked for values: its closing and how far
// the unit is.
type Task struct {
	Period model.Period
	Closing
	Actions  int
	Measured int
	Status   model.CollectionStatus
	// MissingNotes counts the unit's values in the orange or red band
	// still without the note they need (model.NeedsNote).
	MissingNotes int
	// ToRevise are the unit's values the Controller marked «da
	// rivedere», with the comment.
	ToRevise []RevisionAsked
	// NoValue and NoNote are the codes of the actions still without a
	// value, and of those whose orange or red value lacks its note.
	NoValue, NoNote []string
}

// Detail names what is missing: «manca il valore di 3.3.7 · mancano le
// note di 3.3.2 e 6.1.3»; "" when nothing is.
func (t Task) Detail() string {
	var parts []string
	if len(t.NoValue) > 0 {
		parts = append(parts, codesPhrase("manca il valore di", "mancano i valori di", t.NoValue))
	}
	if len(t.NoNote) > 0 {
		parts = append(parts, codesPhrase("manca la nota di", "mancano le note di", t.NoNote))
	}
	return strings.Join(parts, " · ")
}

// codesPhrase lists codes after the phrase that agrees with their number,
// «3.3.2 e 6.1.3», at most eight of them named.
func codesPhrase(one, many string, codes []string) string {
	const named = 8
	if len(codes) == 1 {
		return one + " " + codes[0]
	}
	shown := codes
	if len(codes) > named {
		shown = codes[:named]
	}
	list := strings.Join(shown[:len(shown)-1], ", ") + " e " + shown[len(shown)-1]
	if len(codes) > named {
		list = strings.Join(shown, ", ") + fmt.Sprintf(" e altre %d", len(codes)-named)
	}
	return many + " " + list
}

// RevisionAsked is a value the Controller asked a unit to revise.
type RevisionAsked struct {
	Code, Title, Comment string
}

// Deadline is the task's closing as a to-do list says it: «entro il
// 31/01/2021», «senza scadenza», «chiusa».
func (t Task) Deadline() string {
	switch {
	case t.Closed:
		return "chiusa"
	case t.ClosesOn == nil:
		return "senza scadenza"
	}
	return "entro il " + t.ClosesOn.Italian()
}

// Missing says what the unit still owes for the task: «3 valori e 1 nota
// mancanti», «1 valore mancante», «nulla da inviare».
func (t Task) Missing() string {
	return model.MissingSummary(t.Actions-t.Measured, t.MissingNotes)
}

// Todo is one line of a unit's to-do list: a period of a plan in
// collection, its deadline and what is still missing.
type Todo struct {
	Plan model.PlanSummary
	Task
}

// HomePlan is a plan in force as a unit's home shows it.
type HomePlan struct {
	Plan    model.PlanSummary
	Actions int    // the unit's actions in the plan; 0: nothing to send
	Tasks   []Task // the periods open for collection, or the year end's
	// Open says that some task takes values: the upload form is offered.
	Open    bool
	Uploads []UploadSummary // the last few, newest first
}

// UnitHome is what a unit finds after logging in: for each plan in force
// its workbooks to fill, the deadlines, its last uploads.
type UnitHome struct {
	Unit  string
	Slug  string
	Todos []Todo     // every plan's periods, soonest deadline first
	Plans []HomePlan // newest year first
	Open  bool       // some period takes values: the upload form is offered
}

// HomeUploads is how many uploads a unit's home lists for each plan.
const HomeUploads = 5

// Home returns the home of unit for who: the unit itself (or an admin).
// The tasks of a plan are its periods open for collection, soonest
// closing first; when the Controller has opened none, the year end.
func (a *App) Home(ctx context.Context, who model.Principal, unit string) (*UnitHome, error) {
	if err := model.AuthorizeOn(who, model.OpTrack, unit); err != nil {
		return nil, err
	}
	plans, err := a.store.Plans(ctx, model.PlanFilter{})
	if err != nil {
		return nil, err
	}
	home := &UnitHome{Unit: unit, Slug: model.Slug(unit), Plans: []HomePlan{}}
	now := a.now()
	for _, s := range plans {
		if !s.Current || !s.State.OpenToUnits() {
			continue // a unit owes values only to plans in collection
		}
		plan, err := a.store.Plan(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		hp := HomePlan{Plan: s, Actions: len(plan.UnitActions(unit))}
		if hp.Actions > 0 {
			if hp.Tasks, err = a.tasks(ctx, plan, unit, now); err != nil {
				return nil, err
			}
			for _, t := range hp.Tasks {
				hp.Open = hp.Open || !t.Closed
				home.Todos = append(home.Todos, Todo{Plan: s, Task: t})
			}
			home.Open = home.Open || hp.Open
			if hp.Uploads, err = a.unitUploads(ctx, who, s.ID, unit, HomeUploads); err != nil {
				return nil, err
			}
		}
		home.Plans = append(home.Plans, hp)
	}
	slices.SortStableFunc(home.Todos, func(x, y Todo) int { return compareDeadlines(x.Task, y.Task) })
	return home, nil
}

// compareDeadlines orders tasks as a to-do list does: open before
// closed, then by closing date (none last).
func compareDeadlines(x, y Task) int {
	switch {
	case x.Closed != y.Closed:
		if x.Closed {
			return 1
		}
		return -1
	}
	return byClosingDate(x.ClosesOn, y.ClosesOn)
}

// byClosingDate orders closing dates soonest first, no date last.
func byClosingDate(x, y *model.Date) int {
	switch {
	case x != nil && y != nil:
		return x.End().Compare(y.End())
	case x != nil:
		return -1
	case y != nil:
		return 1
	}
	return 0
}

// tasks are the periods of a plan a unit is asked for: those open for
// collection the Controller has set (closing date first, then by
// period), or else the plan's year end, open or not.
func (a *App) tasks(ctx context.Context, plan *model.Plan, unit string, now time.Time) ([]Task, error) {
	set, err := a.store.Periods(ctx, plan.ID)
	if err != nil {
		return nil, err
	}
	var states []model.PeriodState
	for _, st := range set {
		if !st.Closed(now) {
			states = append(states, st)
		}
	}
	if len(states) == 0 {
		st, err := a.period(ctx, plan.ID, model.Period{Year: plan.Year})
		if err != nil {
			return nil, err
		}
		states = append(states, st)
	}
	slices.SortStableFunc(states, func(x, y model.PeriodState) int { return byClosingDate(x.ClosesOn, y.ClosesOn) })
	actions := plan.UnitActions(unit)
	out := make([]Task, 0, len(states))
	for _, st := range states {
		current, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(plan.ID, st.Period)))
		if err != nil {
			return nil, err
		}
		t := Task{Period: st.Period, Closing: closing(st, now), Actions: len(actions), Measured: measuredOf(actions, current), MissingNotes: missingNotesOf(actions, current)}
		for _, act := range actions {
			m := current[act.Code]
			switch {
			case m == nil:
				t.NoValue = append(t.NoValue, act.Code)
			case m.Note == "" && model.NeedsNote(act, m.Value):
				t.NoNote = append(t.NoNote, act.Code)
			}
			if m != nil && m.Review != nil && m.Review.Status == model.ReviewToRevise {
				t.ToRevise = append(t.ToRevise, RevisionAsked{Code: act.Code, Title: act.Title, Comment: m.Review.Comment})
			}
		}
		t.Status = model.StatusOf(t.Actions, t.Measured)
		out = append(out, t)
	}
	return out, nil
}
