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
	if _, err := a.store.SaveMapping(ctx, u.FileName, forNextYear(m), who.Username); err != nil {
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

// SuggestMapping returns the importer's reading of a plan workbook's
// headers as a mapping, for a person to check and edit.
func (a *App) SuggestMapping(ctx context.Context, data []byte) (*model.Mapping, error) {
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	return importer.Suggest(ctx, data)
}

// PlanMapping returns the mapping a stored plan version was read with.
func (a *App) PlanMapping(ctx context.Context, who model.Principal, planID int64) (*model.Mapping, error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, err
	}
	m, err := a.store.PlanMapping(ctx, planID)
	if err == nil && m == nil {
		return nil, model.Errorf(model.ENotFound, "Il piano %d è stato importato prima che le mappature fossero conservate: importarlo di nuovo per averla.", planID)
	}
	return m, err
}
