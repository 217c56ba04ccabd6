package model

import "time"

// PlanState is where a plan is in its year. Every version of a year's
// plan shares its state.
type PlanState string

// The states of a plan.
const (
	// StateDraft: imported, seen by the Controller's staff and
	// management only. A plan starts here.
	StateDraft PlanState = "bozza"
	// StateCollecting: open to the units, which see it, download their
	// workbooks and send their values.
	StateCollecting PlanState = "raccolta"
	// StateArchived: read-only for everyone, off the units' pages.
	StateArchived PlanState = "archiviato"
)

// PlanStates are the states in the order a plan goes through them.
var PlanStates = []PlanState{StateDraft, StateCollecting, StateArchived}

// ParsePlanState reads a state as people and the API write it:
// «bozza», «raccolta» or «in raccolta», «archiviato».
func ParsePlanState(s string) (PlanState, error) {
	switch Fold(s) {
	case "bozza":
		return StateDraft, nil
	case "raccolta", "in raccolta":
		return StateCollecting, nil
	case "archiviato":
		return StateArchived, nil
	}
	return "", Errorf(EInvalid, "Stato del piano «%s» sconosciuto: scrivere bozza, raccolta o archiviato.", Clip(s))
}

// Label is the state as the pages show it.
func (s PlanState) Label() string {
	switch s {
	case StateCollecting:
		return "in raccolta"
	case StateArchived:
		return "archiviato"
	}
	return "bozza"
}

// OpenToUnits reports whether the units see the plan.
func (s PlanState) OpenToUnits() bool { return s == StateCollecting }

// StateChange is one change of a plan's state, for the record.
type StateChange struct {
	State PlanState `json:"state"`
	By    string    `json:"by"`
	At    time.Time `json:"at"`
}

// CheckWritable refuses a change to the values or periods of a plan
// archived: read-only for everyone, until it is reopened.
func (s PlanState) CheckWritable(year int) error {
	if s == StateArchived {
		return Errorf(EConflict, "Il piano %d è archiviato: è in sola lettura e non riceve più valori. Se va corretto, il Controller lo riporta «in raccolta» dalla pagina del piano.", year)
	}
	return nil
}

// CheckDeletable is the rule for deleting a year's plan: only one never
// opened for collection; an opened one is archived instead, its values
// kept.
func CheckDeletable(year int, opened bool) error {
	if opened {
		return Errorf(EConflict, "Il piano %d è già stato aperto alla raccolta: non si può eliminare, si può archiviare.", year)
	}
	return nil
}
