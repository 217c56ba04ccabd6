package model

import (
	"strconv"
	"time"
)

// Submission is a batch of measured values for one plan and period, as
// the app hands it to the store.
type Submission struct {
	PlanID   int64
	Period   Period
	Unit     string // the unit a collected workbook was made for, "" otherwise
	Source   string // SourceUpload, SourceAPI, SourceCLI
	By       string
	UploadID int64 // the collected workbook, 0 when not an upload
	// WriteClosed lets the values into a closed period: the sender's
	// policy allows it (OpWriteClosed).
	WriteClosed bool
	// Since is when the sender saw the values it sends (a workbook's
	// generation time), zero when unknown: see Reconcile.
	Since  time.Time
	Values []MeasurementInput
}

// MeasurementInput is one value to store: the action, the value already
// checked against it, and the unit's note.
type MeasurementInput struct {
	ActionCode string
	Value      Value
	Note       string
}

// Saved is what storing a Submission did.
type Saved struct {
	// ID is the submission's record, 0 when nothing was written.
	ID int64
	// UploadID is the collected workbook recorded with the values
	// (SaveCollected), 0 otherwise.
	UploadID int64
	// PlanID is the version that took the values: the one they were sent
	// for, or the version in force of its year when a revision came into
	// force in between (SentTo is then the version they were sent for).
	PlanID, SentTo int64
	// Stored are the measurements written, each with the value it
	// replaced.
	Stored []Measurement
	// Stale lists the actions whose newer stored value was kept.
	Stale []string
	// Unchanged counts the values equal to those stored.
	Unchanged int
}

// Notify writes the messages an upload causes, from its record, its
// receipt and the values it stored; the store queues them in the
// upload's own transaction, so that a receipt is never lost nor sent for
// an upload that did not happen.
type Notify func(uploadID int64, r Receipt, stored []Measurement) ([]OutboxMessage, error)

// Held is the value an action holds in a period when a batch arrives.
type Held struct {
	Value Value
	Note  string
	At    time.Time // when it was stored
	// Then is the raw value that was current at the batch's Since, nil
	// when there was none; the store looks it up only when
	// ChangedSince(Since).
	Then *string
}

// ChangedSince reports whether the held value was stored after since
// (zero: unknown, never).
func (h Held) ChangedSince(since time.Time) bool {
	return !since.IsZero() && h.At.After(since)
}

// Reconciled is what Reconcile decides about a batch.
type Reconciled struct {
	Write     []MeasurementInput // to store, in the batch's order
	Stale     []string           // left as they were seen, over a newer value: the newer stays
	Unchanged int                // equal to the held value and note: nothing to store
}

// Reconcile decides which values of a batch to store, given the value
// each action holds (held, by code; an action with none is missing):
//   - a value equal to the held one (same measure, same note) is not
//     stored again, so sending the same batch twice changes nothing;
//   - a value sent as it was when the sender saw it (since), while the
//     store has taken another one after (a colleague of another unit
//     sharing the action), is stale: the newer value stays;
//   - every other value is written.
func Reconcile(held map[string]Held, sent []MeasurementInput, since time.Time) Reconciled {
	var r Reconciled
	for _, m := range sent {
		h, ok := held[m.ActionCode]
		switch {
		case !ok:
			r.Write = append(r.Write, m)
		case h.Note == m.Note && SameMeasured(h.Value, m.Value):
			r.Unchanged++
		case h.ChangedSince(since) && h.Then != nil && *h.Then == m.Value.Raw:
			r.Stale = append(r.Stale, m.ActionCode)
		default:
			r.Write = append(r.Write, m)
		}
	}
	return r
}

// CollectedOutcome is the outcome recorded for a collected workbook once
// its values are saved: accepted, or a duplicate when it changed
// nothing.
func CollectedOutcome(u Upload, saved Saved) (outcome, message string) {
	if len(saved.Stored) == 0 {
		return OutcomeDuplicate, "nessun valore cambiato"
	}
	return OutcomeAccepted, u.Message
}

// DuplicatePlanMessage is the outcome message of a plan file already
// imported as plan id.
func DuplicatePlanMessage(id int64) string {
	return "piano già importato (id " + strconv.FormatInt(id, 10) + ")"
}

// RefusedRollup names the row that stands for n refused uploads whose
// records were folded into one: its file name and its message.
func RefusedRollup(n int) (fileName, message string) {
	return "(" + strconv.Itoa(n) + " caricamenti rifiutati)", strconv.Itoa(n) + " caricamenti rifiutati più vecchi, contati in questa riga"
}
