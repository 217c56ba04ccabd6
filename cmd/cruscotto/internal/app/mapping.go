package app

import (
	"context"
	"fmt"
	"regexp"

	"cruscotto/importer"
	"cruscotto/model"
)

// PlanProposal is what the admin confirms when a plan's headers are not
// understood: the importer's best reading as a mapping, a preview of each
// sheet, and why the file was refused. The file is kept as UploadID.
type PlanProposal struct {
	UploadID int64
	FileName string
	Year     int
	State    model.PlanState // the state the plan is to start in, "" for a draft
	Mapping  *model.Mapping
	Previews []importer.Preview
	Problems []model.Problem
}

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
	saved, err := a.db.SavedMappings(ctx)
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

// ConfirmMapping imports a kept plan upload with the mapping the admin
// confirmed, and keeps the mapping for next year's file. A new version of
// a year's plan in force is kept aside to confirm (UploadResult.Pending).
// opts gives the plan's year and state; its mapping is m.
func (a *App) ConfirmMapping(ctx context.Context, who model.Principal, uploadID int64, m *model.Mapping, opts ImportOptions) (*UploadResult, error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, model.Errorf(model.EInvalid, "Manca la mappatura da confermare.")
	}
	opts.Mapping = m
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	u, err := a.keptPlanUpload(ctx, uploadID)
	if err != nil {
		return nil, err
	}
	r, err := a.importPlan(ctx, u.FileName, u.Content, ImportOptions{Year: opts.Year, State: opts.State, Mapping: m, AskFirst: true}, who)
	if err != nil {
		return nil, err
	}
	if _, err := a.db.SaveMapping(ctx, u.FileName, forNextYear(m), who.Username); err != nil {
		return nil, err
	}
	return a.uploadResult(ctx, who, r, u.FileName)
}

// firstFit tells, within a parse slot, which saved mapping reads a file
// first (newest first), -1 for none.
func (a *App) firstFit(ctx context.Context, data []byte, saved []model.SavedMapping) (int, error) {
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return -1, err
	}
	defer done()
	mappings := make([]*model.Mapping, len(saved))
	for i, s := range saved {
		mappings[i] = s.Mapping
	}
	return importer.FirstFit(ctx, data, mappings), nil
}

func (a *App) propose(ctx context.Context, data []byte) (*PlanProposal, error) {
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	m, previews, err := importer.Propose(ctx, data)
	if err != nil {
		return nil, fmt.Errorf("propose a mapping: %w", err)
	}
	return &PlanProposal{Mapping: m, Previews: previews}, nil
}

// year is a year in a sheet's name: «Obiettivi operativi 2022».
var year = regexp.MustCompile(`(19|20)\d\d`)

// forNextYear returns a copy of a confirmed mapping whose sheet names
// match any year, so that next year's «… 2023» sheets fit it.
func forNextYear(m *model.Mapping) *model.Mapping {
	out := &model.Mapping{Sheets: make([]model.SheetMapping, len(m.Sheets))}
	for i, s := range m.Sheets {
		s.Sheet = year.ReplaceAllString(s.Sheet, "*")
		out.Sheets[i] = s
	}
	return out
}

// ProposalFor is the proposal of a kept plan upload whose headers were
// not understood, made again from the file: the page that shows it can be
// reloaded without sending the file again.
func (a *App) ProposalFor(ctx context.Context, who model.Principal, uploadID int64, year int) (*PlanProposal, error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, err
	}
	u, err := a.keptPlanUpload(ctx, uploadID)
	if err != nil {
		return nil, err
	}
	_, refusal := a.parsePlan(ctx, u.Content, ImportOptions{Year: year})
	if c := model.ErrorCode(refusal); c == model.ETimeout || c == model.EUnavailable || c == model.EInternal {
		return nil, refusal
	}
	proposal, err := a.propose(ctx, u.Content)
	if err != nil {
		return nil, err
	}
	proposal.UploadID, proposal.FileName, proposal.Year, proposal.Problems = uploadID, u.FileName, year, model.ErrorProblems(refusal)
	return proposal, nil
}

// keptPlanUpload is a plan upload whose file is still kept.
func (a *App) keptPlanUpload(ctx context.Context, uploadID int64) (model.Upload, error) {
	u, err := a.db.Upload(ctx, uploadID)
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
