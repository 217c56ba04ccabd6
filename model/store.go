package model

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

// UploadFilter selects returned workbooks for an upload log.
type UploadFilter struct {
	PlanID int64  // the plan they were sent to
	Unit   string // the unit they count for (model.Upload.ForUnit)
	Limit  int    // at most this many, newest first
}
