package model

import "time"

// CollectionStatus is how far a unit is with a period's values: how many
// of its actions have a current value.
type CollectionStatus string

// The collection statuses, from the one the Controller chases first.
const (
	StatusMissing  CollectionStatus = "missing"  // no action has a value
	StatusPartial  CollectionStatus = "partial"  // some have
	StatusComplete CollectionStatus = "complete" // every action has
)

// StatusOf is the collection status of a unit that answers for actions
// actions, measured of which have a current value. A unit with nothing to
// measure owes nothing: complete.
func StatusOf(actions, measured int) CollectionStatus {
	switch {
	case measured >= actions:
		return StatusComplete
	case measured == 0:
		return StatusMissing
	}
	return StatusPartial
}

// Label says the status in Italian.
func (s CollectionStatus) Label() string {
	switch s {
	case StatusMissing:
		return "nessun valore"
	case StatusPartial:
		return "parziale"
	case StatusComplete:
		return "completa"
	}
	return string(s)
}

// Rank orders the statuses from the one to chase first.
func (s CollectionStatus) Rank() int {
	switch s {
	case StatusMissing:
		return 0
	case StatusPartial:
		return 1
	}
	return 2
}

// DaysLeft counts the whole days of the Chamber's calendar from now to the
// period's closing date: 0 on the closing day itself (open until its
// end), 1 the day before, negative once past. ok is false when the period
// has no closing date.
func (s PeriodState) DaysLeft(now time.Time) (days int, ok bool) {
	if s.ClosesOn == nil {
		return 0, false
	}
	today := DateOf(now.In(Rome))
	// noon UTC of each civil date: a day is 24 hours whatever the
	// daylight-saving changes in between
	noon := func(d Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }
	return int(noon(*s.ClosesOn).Sub(noon(today)) / (24 * time.Hour)), true
}
