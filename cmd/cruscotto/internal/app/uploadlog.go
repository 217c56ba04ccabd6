package app

import (
	"context"

	"cruscotto/model"
)

// UploadLogLimit is how many uploads an upload log lists, newest first.
const UploadLogLimit = 100

// UnitLog is a unit's upload log for a plan.
type UnitLog struct {
	Plan    *model.Plan // as whoever asked sees it
	Unit    string
	Slug    string
	Uploads []UploadSummary // newest first, at most UploadLogLimit
	Limited bool            // there may be older ones
}

// UploadLog lists the workbooks the unit whose slug is slug returned to
// a plan, for every period, newest first: what it sent, when, accepted or
// refused and why. A unit may read only its own.
func (a *App) UploadLog(ctx context.Context, who model.Principal, planID int64, slug string) (*UnitLog, error) {
	if err := model.Authorize(who, model.OpTrack); err != nil {
		return nil, err
	}
	plan, err := a.seenPlan(ctx, who, planID)
	if err != nil {
		return nil, err
	}
	unit, ok := UnitBySlug(plan, slug)
	if !ok || !model.MayOn(who, model.OpTrack, unit) {
		return nil, model.ErrNoSuchUnit(slug)
	}
	if who.Confined() != "" {
		plan = plan.UnitView(unit)
	}
	uploads, err := a.unitUploads(ctx, who, planID, unit, UploadLogLimit)
	if err != nil {
		return nil, err
	}
	return &UnitLog{Plan: plan, Unit: unit, Slug: slug, Uploads: uploads, Limited: len(uploads) == UploadLogLimit}, nil
}

// unitUploads lists the last workbooks a unit returned to a plan.
func (a *App) unitUploads(ctx context.Context, who model.Principal, planID int64, unit string, limit int) ([]UploadSummary, error) {
	ups, err := a.store.Uploads(ctx, model.UploadFilter{Kind: model.UploadSubmission, PlanID: planID, Unit: unit, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]UploadSummary, len(ups))
	for i, u := range ups {
		out[i] = summarise(who, u)
	}
	return out, nil
}
