package app

import (
	"context"
	"fmt"

	"cruscotto/importer"
	"cruscotto/model"
)

// UploadResult is the outcome of a plan uploaded from the pages: the plan,
// the proposal to confirm, or the revision to confirm.
type UploadResult struct {
	Plan        *model.Plan
	Created     bool
	MappingName string // the confirmed mapping the file was read with, "" for the importer's own reading
	Proposal    *PlanProposal
	// Pending is a new version of a year's plan in force, kept until the
	// admin confirms it (opts.AskFirst).
	Pending *PendingRevision
	// Changes is what a new version imported changed from the one
	// before, nil for a first version or a file imported already.
	Changes *PlanChanges
}

// UploadPlan imports a plan who sent, from the pages or the API. With
// opts.Mapping the columns are read as it says. Without, a confirmed
// mapping that fits the file's headers (next year's file) is applied by
// itself; else the importer reads the headers; and when it does not
// understand them, the result proposes a mapping to confirm instead of an
// error.
func (a *App) UploadPlan(ctx context.Context, who model.Principal, name string, data []byte, opts ImportOptions) (*UploadResult, error) {
	ctx = withOwner(ctx, who)
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, err
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts.confirming, opts.showing = 0, 0
	return a.uploadPlan(ctx, who, name, data, opts)
}

func (a *App) uploadPlan(ctx context.Context, who model.Principal, name string, data []byte, opts ImportOptions) (*UploadResult, error) {
	if opts.Mapping != nil {
		r, err := a.importPlan(ctx, name, data, opts, who)
		if err != nil {
			return nil, err
		}
		return a.uploadResult(ctx, who, r, "")
	}
	saved, err := a.store.SavedMappings(ctx)
	if err != nil {
		return nil, err
	}
	for rest := saved; len(rest) > 0; {
		i, err := a.firstFit(ctx, data, rest)
		if err != nil {
			return nil, err
		}
		if i < 0 {
			break
		}
		with := opts
		with.Mapping = rest[i].Mapping
		r, err := a.importPlan(ctx, name, data, with, who)
		if err == nil {
			return a.uploadResult(ctx, who, r, rest[i].Name)
		}
		if !model.HeaderProblem(err) {
			return nil, err
		}
		rest = rest[i+1:] // it fitted the labels but not the rows: try the next one
	}
	r, err := a.importPlan(ctx, name, data, opts, who)
	switch {
	case err == nil:
		return a.uploadResult(ctx, who, r, "")
	case !model.HeaderProblem(err) || r.uploadID == 0:
		return nil, err
	}
	proposal, perr := a.propose(ctx, data)
	if perr != nil {
		return nil, err // the refusal says more than the proposal's failure
	}
	proposal.UploadID, proposal.FileName, proposal.Year, proposal.State, proposal.Problems = r.uploadID, name, opts.Year, opts.State, model.ErrorProblems(err)
	return &UploadResult{Proposal: proposal}, nil
}

// uploadResult completes an import's outcome with what a new version
// changed.
func (a *App) uploadResult(ctx context.Context, who model.Principal, r imported, mappingName string) (*UploadResult, error) {
	res := &UploadResult{Plan: r.plan, Created: r.created, MappingName: mappingName, Pending: r.pending}
	if r.plan == nil || !r.created || r.plan.Version == 1 {
		return res, nil
	}
	changes, err := a.Changes(ctx, who, r.plan.ID)
	if err != nil {
		return nil, err
	}
	res.Changes = changes
	return res, nil
}

// keptPlanUpload is a plan upload whose file is still kept.
func (a *App) keptPlanUpload(ctx context.Context, uploadID int64) (model.Upload, error) {
	u, err := a.upload(ctx, uploadID)
	if err != nil {
		return u, err
	}
	if u.Kind != model.UploadPlan {
		return u, model.Errorf(model.ENotFound, "Caricamento %d inesistente.", uploadID)
	}
	if len(u.Content) == 0 {
		return u, model.Errorf(model.EConflict, "Il file %s non è più conservato: caricarlo di nuovo.", u.FileName)
	}
	return u, nil
}

// ImportOptions say how to read a plan upload.
type ImportOptions struct {
	Year    int            // 0: from the file
	Mapping *model.Mapping // nil: the importer's own reading of the header
	// AskFirst keeps a new version of a year's plan in force aside
	// instead of importing it: the pages show what it changes and ask the
	// admin to confirm (ConfirmRevision). The command line goes on.
	AskFirst bool
	// State is the state a year's first version starts in, a draft when
	// empty; a later version keeps its year's state whatever is given.
	State model.PlanState
	// confirming is the kept upload of the revision being confirmed: its
	// record becomes the import's.
	confirming int64
	// showing is the kept upload of a revision shown again: read, diffed,
	// neither imported nor recorded again.
	showing int64
	// replaces is the version in force the admin saw the revision
	// against: if another came into force since, nothing is imported.
	replaces int64
}

// ImportPlan parses and stores a plan upload sent by who, read with
// opts.Mapping when one is given. A rejected file is recorded with the
// reason. A new version of a year's plan takes the values of the
// version it replaces (see Changes for what it changed).
func (a *App) ImportPlan(ctx context.Context, who model.Principal, name string, data []byte, opts ImportOptions) (*model.Plan, bool, error) {
	ctx = withOwner(ctx, who)
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, false, err
	}
	if err := opts.Validate(); err != nil {
		return nil, false, err
	}
	opts.AskFirst = false
	r, err := a.importPlan(ctx, name, data, opts, who)
	return r.plan, r.created, err
}

// imported is the outcome of importPlan.
type imported struct {
	plan     *model.Plan
	created  bool
	uploadID int64            // a refused or pending file, as kept
	pending  *PendingRevision // with opts.AskFirst, a revision to confirm
}

// importPlan is ImportPlan, once authorized, that also returns the id a
// refused file was kept under, and a revision to confirm.
func (a *App) importPlan(ctx context.Context, name string, data []byte, opts ImportOptions, who model.Principal) (imported, error) {
	u := model.NewUpload(model.UploadPlan, name, data, "").From(who)
	plan, err := a.parsePlan(ctx, data, opts)
	if err != nil && opts.showing != 0 {
		return imported{}, err // a kept file read again: recorded already
	}
	if err != nil {
		u.Outcome, u.Message = model.OutcomeRejected, err.Error()
		id, rerr := a.store.RecordUpload(ctx, u, nil)
		if rerr != nil {
			// the store's failure is the answer: the file is not recorded
			return imported{}, fmt.Errorf("record refused plan %s (%v): %w", name, err, rerr)
		}
		return imported{uploadID: id}, err
	}
	if plan.Warnings, err = a.previousYearWarnings(ctx, plan); err != nil {
		return imported{}, err
	}
	if opts.AskFirst || opts.showing != 0 {
		pending, err := a.pendingRevision(ctx, plan, u)
		if opts.showing != 0 {
			if err == nil && pending == nil {
				err = model.Errorf(model.EConflict, "Il file %s è già stato importato, o il suo anno non ha un piano in vigore: nulla da confermare.", name)
			}
			if pending != nil {
				pending.UploadID, pending.Mapping = opts.showing, opts.Mapping
			}
			return imported{pending: pending}, err
		}
		if err != nil {
			return imported{}, err
		}
		if pending != nil {
			pending.Mapping = opts.Mapping
			u.Outcome, u.Message = model.OutcomeRejected, revisionMessage(plan.Year, pending.Changes.Old.Version)
			pending.UploadID, err = a.store.RecordUpload(ctx, u, nil)
			return imported{pending: pending, uploadID: pending.UploadID}, err
		}
	}
	u.ID = opts.confirming
	plan.State = opts.State
	saved, created, err := a.store.SaveRevision(ctx, plan, u, opts.replaces)
	return imported{plan: saved, created: created}, err
}

// parsePlan parses a plan upload within a parse slot and the deadline.
func (a *App) parsePlan(ctx context.Context, data []byte, opts ImportOptions) (*model.Plan, error) {
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	return importer.ParsePlan(ctx, data, importer.Options{Year: opts.Year, Mapping: opts.Mapping})
}
