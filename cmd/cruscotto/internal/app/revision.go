package app

import (
	"context"
	"fmt"

	"cruscotto/model"
)

// PlanChanges is what a version of a year's plan changes from an earlier
// one: the diff by code and, with it, the values of the earlier version
// that stay there.
type PlanChanges struct {
	Old, New model.PlanSummary // New.ID is 0 for a revision not yet imported
	Diff     model.PlanDiff
	// Carried counts the current values of Old that carry to New.
	Carried int
}

// PendingRevision is a new version of a year's plan in force, read and
// kept as UploadID but not imported: the pages show what it changes and
// import it only once the admin confirms.
type PendingRevision struct {
	UploadID int64
	FileName string
	Year     int
	Mapping  *model.Mapping // the columns it was read with, nil for the importer's own reading
	Changes  PlanChanges
	// Warnings are the import's warnings on the new version, to read
	// before confirming.
	Warnings []model.Problem
}

// DiffPlans compares two stored versions of one year's plan for who: a
// unit sees what changed in its own actions.
func (a *App) DiffPlans(ctx context.Context, who model.Principal, oldID, newID int64) (*PlanChanges, error) {
	if err := model.Authorize(who, model.OpReadPlan); err != nil {
		return nil, err
	}
	old, err := a.store.Plan(ctx, oldID)
	if err != nil {
		return nil, err
	}
	new, err := a.store.Plan(ctx, newID)
	if err != nil {
		return nil, err
	}
	switch {
	case old.Year != new.Year:
		return nil, model.Errorf(model.EInvalid, "Il piano %d è del %d e il piano %d del %d: si confrontano solo versioni del piano dello stesso anno.", oldID, old.Year, newID, new.Year)
	case old.Version > new.Version:
		return nil, model.Errorf(model.EInvalid, "La versione %d (piano %d) viene dopo la versione %d (piano %d): indicare prima la versione vecchia, poi la nuova.", old.Version, oldID, new.Version, newID)
	}
	values, err := a.store.Measurements(ctx, model.MeasurementFilter{PlanID: oldID, Current: true, ByPeriod: true})
	if err != nil {
		return nil, err
	}
	later, err := a.store.Measurements(ctx, model.MeasurementFilter{PlanID: newID})
	if err != nil {
		return nil, err
	}
	if unit := who.Confined(); unit != "" {
		old, new = old.UnitView(unit), new.UnitView(unit)
		values = ownValues(values, old)
	}
	// what reached the new version, through every version between
	c := &PlanChanges{Old: summaryOf(old), New: summaryOf(new), Diff: model.DiffPlans(old, new)}
	c.Diff.NotCarried = model.UnreachedValues(values, later)
	c.Carried = len(values) - len(c.Diff.NotCarried)
	return c, nil
}

// Changes is DiffPlans against the version before planID: what the
// revision changed. ENotFound for a first version.
func (a *App) Changes(ctx context.Context, who model.Principal, planID int64) (*PlanChanges, error) {
	if err := model.Authorize(who, model.OpReadPlan); err != nil {
		return nil, err
	}
	prev, err := a.previousVersion(ctx, planID)
	if err != nil {
		return nil, err
	}
	return a.DiffPlans(ctx, who, prev.ID, planID)
}

// changesOf diffs two versions given the current values of the older.
func changesOf(old, new *model.Plan, values []model.Measurement) *PlanChanges {
	d := model.DiffPlans(old, new)
	d.NotCarried = model.UncarriedValues(old, new, values)
	return &PlanChanges{Old: summaryOf(old), New: summaryOf(new), Diff: d, Carried: len(values) - len(d.NotCarried)}
}

// ownValues keeps the values of the actions of a unit's view.
func ownValues(values []model.Measurement, view *model.Plan) []model.Measurement {
	own := view.ActionsByCode()
	out := values[:0:0]
	for _, m := range values {
		if own[m.ActionCode] != nil {
			out = append(out, m)
		}
	}
	return out
}

func summaryOf(p *model.Plan) model.PlanSummary {
	c := p.Counts()
	return model.PlanSummary{ID: p.ID, Year: p.Year, Version: p.Version, Title: p.Title, FileName: p.FileName, SHA256: p.SHA256,
		ImportedAt: p.ImportedAt, Actions: c.Actions, Units: c.Units, Warnings: len(p.Warnings)}
}

// pendingRevision is the revision a parsed plan would make of its year's
// plan in force, nil when it would make none: its year has no plan yet,
// or the same file was imported already (a duplicate changes nothing).
func (a *App) pendingRevision(ctx context.Context, plan *model.Plan, u model.Upload) (*PendingRevision, error) {
	if same, err := a.store.Plans(ctx, model.PlanFilter{SHA: u.SHA256}); err != nil || len(same) > 0 {
		return nil, err
	}
	current, err := a.inForce(ctx, plan.Year)
	if model.ErrorCode(err) == model.ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	old, err := a.store.Plan(ctx, current.ID)
	if err != nil {
		return nil, err
	}
	values, err := a.store.Measurements(ctx, model.MeasurementFilter{PlanID: current.ID, Current: true, ByPeriod: true})
	if err != nil {
		return nil, err
	}
	aliases, err := a.units.UnitAliases(ctx)
	if err != nil {
		return nil, err
	}
	new := plan.Clone()
	new.MergeUnits(model.AliasesOf(aliases)) // as it will be read once stored
	new.Version, new.FileName, new.SHA256 = current.Version+1, u.FileName, u.SHA256
	return &PendingRevision{FileName: u.FileName, Year: plan.Year, Mapping: plan.Mapping, Changes: *changesOf(old, new, values), Warnings: plan.Warnings}, nil
}

// revisionMessage is how a pending revision's kept upload is recorded
// until it is confirmed.
func revisionMessage(year, version int) string {
	return fmt.Sprintf("nuova versione del piano %d da confermare (sostituirebbe la versione %d)", year, version)
}

// ConfirmRevision imports the new version of a year's plan kept as
// uploadID (UploadResult.Pending) once the admin has seen what it changes
// against version replaces (a plan id; 0 for whichever is in force), read
// as UploadPlan read it. If another version came into force since the
// admin looked, nothing is imported (EConflict).
func (a *App) ConfirmRevision(ctx context.Context, who model.Principal, uploadID int64, year int, replaces int64) (*UploadResult, error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, err
	}
	if replaces == 0 {
		return nil, model.ErrReplaced // a confirmation must say what it replaces
	}
	u, err := a.keptRevision(ctx, uploadID)
	if err != nil {
		return nil, err
	}
	return a.uploadPlan(ctx, who, u.FileName, u.Content, ImportOptions{Year: year, confirming: uploadID, replaces: replaces})
}

// PendingFor shows again the revision kept as uploadID, read as
// UploadPlan read it: what it would change, to confirm.
func (a *App) PendingFor(ctx context.Context, who model.Principal, uploadID int64, year int) (*PendingRevision, error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, err
	}
	u, err := a.keptRevision(ctx, uploadID)
	if err != nil {
		return nil, err
	}
	res, err := a.uploadPlan(ctx, who, u.FileName, u.Content, ImportOptions{Year: year, showing: uploadID})
	if err != nil {
		return nil, err
	}
	if res.Pending == nil {
		return nil, model.Errorf(model.EConflict, "Le intestazioni del file %s non sono state riconosciute: caricarlo di nuovo.", u.FileName)
	}
	return res.Pending, nil
}

// keptRevision is the kept upload of a revision still to confirm.
func (a *App) keptRevision(ctx context.Context, uploadID int64) (model.Upload, error) {
	u, err := a.keptPlanUpload(ctx, uploadID)
	if err == nil && u.Outcome != model.OutcomeRejected {
		err = model.Errorf(model.EConflict, "Il file %s è già stato importato.", u.FileName)
	}
	return u, err
}

// PreviewRevision reads a plan file and tells what importing it would
// change in its year's plan in force, importing and recording nothing:
// nil when it would be a first version or a file imported already.
func (a *App) PreviewRevision(ctx context.Context, who model.Principal, name string, data []byte, opts ImportOptions) (*PendingRevision, error) {
	ctx = withOwner(ctx, who)
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, err
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	plan, err := a.parsePlan(ctx, data, opts)
	if err != nil {
		return nil, err
	}
	return a.pendingRevision(ctx, plan, model.NewUpload(model.UploadPlan, name, data, "").From(who))
}
