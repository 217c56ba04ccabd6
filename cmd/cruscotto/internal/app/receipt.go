package app

import (
	"context"
	"fmt"
	"strings"

	"cruscotto/model"
)

// UploadReceipt is what Cruscotto told the sender of a returned workbook,
// as it can be shown again: the values stored, each with the value it
// replaced and the band its attainment falls in, or why it was refused.
type UploadReceipt struct {
	UploadSummary
	PlanID      int64 // 0 when the file could not be traced to a plan
	PlanYear    int
	PlanVersion int
	Period      *model.Period // nil when the file could not be read
	Lines       []ReceiptLine
	// Details are what the sender was told besides: the values unchanged
	// or left blank, the problems of a refusal.
	Details model.Receipt
	// Open says that the period still takes values from whoever asked:
	// a refused file can be corrected and sent again.
	Open bool
	// Fresh is, for a refused workbook (or one that lacks actions the
	// unit has since a revision), where to download a new one of the
	// version in force, filled with the values stored (carried from
	// earlier versions too); "" when there is none to offer.
	Fresh string
	// FromForm says the values were typed in the browser form, not sent
	// in a workbook.
	FromForm bool
	// Outdated says, for a refused workbook, that it was made for an
	// earlier version of the plan: a correction of the same file would be
	// refused again, only a new workbook serves; InForce is that version.
	Outdated bool
	InForce  int
}

// ReceiptLine is one value a workbook stored.
type ReceiptLine struct {
	Code, Title string
	KPI         string
	Target      string // as the plan writes it
	Value       model.Value
	Previous    *model.Value
	Note        string
	Attainment  float64
	Band        model.Band
}

// Score is the attainment in percent, as the pages write it.
func (l ReceiptLine) Score() string { return model.FormatScore(&l.Attainment) }

// Receipt returns the receipt of a returned workbook. Only whoever may
// read the upload gets it (its sender's unit, or an admin); anyone else
// is told it does not exist, as for a missing one.
func (a *App) Receipt(ctx context.Context, who model.Principal, uploadID int64) (*UploadReceipt, error) {
	if err := model.Authorize(who, model.OpReadUpload); err != nil {
		return nil, err
	}
	u, err := a.store.Upload(ctx, uploadID)
	if err != nil {
		return nil, err
	}
	if u.Kind != model.UploadSubmission || !model.MayOn(who, model.OpReadUpload, u.Unit) {
		return nil, model.Errorf(model.ENotFound, "Caricamento %d inesistente.", uploadID)
	}
	r := &UploadReceipt{UploadSummary: summarise(who, u), PlanID: u.PlanID,
		FromForm: strings.HasPrefix(u.FileName, "modulo-") && strings.HasSuffix(u.FileName, ".json")}
	if u.Receipt != nil {
		r.Details = *u.Receipt
	}
	if u.Period != "" {
		if p, err := model.ParsePeriod(u.Period); err == nil {
			r.Period = &p
		}
	}
	stored, err := a.store.Measurements(ctx, model.MeasurementFilter{UploadID: uploadID})
	if err != nil {
		return nil, err
	}
	if r.PlanID == 0 && len(stored) > 0 {
		r.PlanID = stored[0].PlanID // recorded before uploads kept their plan
	}
	if r.PlanID == 0 {
		return r, nil
	}
	plan, err := a.store.Plan(ctx, r.PlanID)
	if model.ErrorCode(err) == model.ENotFound {
		r.PlanID = 0
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	r.PlanYear, r.PlanVersion = plan.Year, plan.Version
	// the rule of collectOptionsFor: a closed period takes values only
	// from who may write it; a file that named no period can always be
	// sent again
	r.Open = model.May(who, model.OpSendValues)
	if r.Period != nil && !model.May(who, model.OpWriteClosed) {
		st, err := a.periodStatus(ctx, plan.ID, *r.Period)
		if err != nil {
			return nil, err
		}
		r.Open = r.Open && !st.Closed
	}
	lacking := r.Details.Revised != nil && len(r.Details.Revised.New) > 0 // the unit has actions the file does not list
	if (!u.Accepted() || lacking) && r.Period != nil && u.WorkbookUnit != "" && model.MayOn(who, model.OpEntryWorkbook, u.WorkbookUnit) {
		inForce, err := a.inForceID(ctx, plan.ID)
		if err != nil {
			return nil, err
		}
		r.Fresh = fmt.Sprintf("/api/plans/%d/units/%s/sheet.xlsx?period=%s", inForce, model.Slug(u.WorkbookUnit), r.Period)
		if !u.Accepted() && inForce != plan.ID {
			current, err := a.store.Plan(ctx, inForce)
			if err != nil {
				return nil, err
			}
			r.Outdated, r.InForce = true, current.Version
		}
	}
	actions := plan.ActionsByCode()
	for _, m := range stored {
		line := ReceiptLine{Code: m.ActionCode, Value: m.Value, Previous: m.Previous, Note: m.Note, Band: model.NotMeasured}
		if act := actions[m.ActionCode]; act != nil {
			line.Title, line.Target, line.KPI = act.Title, act.Target.DisplayOr(""), act.KPI
			line.Attainment = model.Attainment(act, m.Value, model.MethodStep)
			line.Band = model.BandOf(&line.Attainment)
		}
		r.Lines = append(r.Lines, line)
	}
	return r, nil
}

// upload returns an upload with what it held, nil (and Dropped) when its
// content is no longer kept.
func (a *App) upload(ctx context.Context, id int64) (model.Upload, error) {
	u, err := a.store.Upload(ctx, id)
	if err != nil || u.Dropped {
		return u, err
	}
	u.Content, err = a.store.FileContent(ctx, u.SHA256)
	if model.ErrorCode(err) == model.ENotFound { // dropped meanwhile
		u.Dropped, err = true, nil
	}
	return u, err
}
