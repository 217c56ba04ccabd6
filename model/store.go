package model

import "strconv"

// The types the store and its callers exchange beyond the plan's own:
// what an operation changed, what a query selects.

// AliasMoved says what merging a unit name changed besides the plans:
// the users, tokens and kept uploads bound to the merged name now belong
// to the target.
type AliasMoved struct {
	Users, Tokens, Uploads int
}

// SavedMapping is a mapping the admin confirmed, with the name it goes by
// (the file it was confirmed for).
type SavedMapping struct {
	ID      int64
	Name    string
	Mapping *Mapping
}

// UploadFilter says which uploads to list; the zero fields select
// everything.
type UploadFilter struct {
	Kind   string // UploadPlan or UploadSubmission
	PlanID int64  // sent to a version of this plan's year
	Unit   string // counted for this unit (Upload.ForUnit)
	Limit  int    // at most this many, newest first
}

// MeasurementFilter says which stored measurements to return; the zero
// fields select everything. They come in the order they were stored, or
// by period first (ByPeriod).
type MeasurementFilter struct {
	PlanID int64   // of one plan version
	Period *Period // of one period
	Code   string  // of one action
	// UploadID selects what an accepted upload stored, without the
	// copies carried into later versions.
	UploadID int64
	// Current keeps only each action's current value in each period.
	Current  bool
	ByPeriod bool
}

// CurrentIn selects the current value of every measured action of plan
// planID in period p: what scoring reads.
func CurrentIn(planID int64, p Period) MeasurementFilter {
	return MeasurementFilter{PlanID: planID, Period: &p, Current: true}
}

// MeasurementsByCode indexes measurements of one period (CurrentIn) by
// action code, passing an error through: MeasurementsByCode(store.Measurements(…)).
func MeasurementsByCode(ms []Measurement, err error) (map[string]*Measurement, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Measurement, len(ms))
	for i := range ms {
		out[ms[i].ActionCode] = &ms[i]
	}
	return out, nil
}

// PlanFilter says which plan versions to list, newest first; the zero
// fields select every version.
type PlanFilter struct {
	Year    int    // of one year
	SHA     string // imported from the file of this digest
	Before  int64  // the versions of this plan's year that came before it
	InForce bool   // only the version in force of each year (its newest)
}

// Revision is how far the values stored and their reviews have come: it
// grows with every value written and every review, so that a file made
// from them is current while it stays the same.
type Revision struct {
	Values  int64 // the newest value's id
	Reviews int64 // the newest review's order
}

// String writes the revision for a content key: «12.3».
func (r Revision) String() string {
	return strconv.FormatInt(r.Values, 10) + "." + strconv.FormatInt(r.Reviews, 10)
}
