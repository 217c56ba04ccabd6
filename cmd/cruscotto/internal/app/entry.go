package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"cruscotto/exporter/correction"
	"cruscotto/exporter/entry"
	"cruscotto/importer"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// EntryWorkbook is a generated data-entry workbook.
type EntryWorkbook struct {
	Unit     string
	FileName string // piano-2020-mediazione-2020-06.xlsx
	Content  []byte
}

// EntryFileName names a unit's workbook for a period.
func EntryFileName(p *model.Plan, unit string, period model.Period) string {
	return fmt.Sprintf("piano-%d-%s-%s.xlsx", p.Year, model.Slug(unit), period)
}

// UnitBySlug finds the unit (or NoUnit) whose slug is slug.
func UnitBySlug(p *model.Plan, slug string) (string, bool) {
	for _, u := range p.EntryUnits() {
		if model.Slug(u) == slug {
			return u, true
		}
	}
	return "", false
}

// entryData gathers what one period's workbooks show: the values already
// stored, and those of the last earlier period that has any.
func (a *App) entryData(ctx context.Context, plan *model.Plan, period model.Period) (entry.Data, error) {
	d := entry.Data{Plan: plan}
	var err error
	if d.Current, err = a.DB.CurrentMeasurements(ctx, plan.ID, period); err != nil {
		return d, err
	}
	periods, err := a.DB.MeasuredPeriods(ctx, plan.ID)
	if err != nil {
		return d, err
	}
	for _, p := range periods {
		if p.Before(period) {
			prev := p
			d.PreviousPeriod = &prev
		}
	}
	if d.PreviousPeriod != nil {
		if d.Previous, err = a.DB.CurrentMeasurements(ctx, plan.ID, *d.PreviousPeriod); err != nil {
			return d, err
		}
	}
	return d, nil
}

// EntryWorkbooks generates the data-entry workbook of each unit of a plan
// for a period (units nil: every unit, and the workbook of the actions
// without a Responsabile).
func (a *App) EntryWorkbooks(ctx context.Context, planID int64, period string, units []string) (_ []EntryWorkbook, err error) {
	ctx, cancel := a.exporting(ctx)
	defer cancel()
	defer overDeadline(ctx, &err)
	plan, p, err := a.planPeriod(ctx, planID, period)
	if err != nil {
		return nil, err
	}
	if units == nil {
		units = plan.EntryUnits()
	}
	key, err := a.DB.SigningKey(ctx)
	if err != nil {
		return nil, err
	}
	d, err := a.entryData(ctx, plan, p)
	if err != nil {
		return nil, err
	}
	st, err := a.DB.PeriodState(ctx, plan.ID, p)
	if err != nil {
		return nil, err
	}
	if st.ClosesOn != nil {
		d.Deadline = *st.ClosesOn // the workbook says by when to return it
	}
	now := a.now()
	out := make([]EntryWorkbook, 0, len(units))
	for _, unit := range units {
		if err := deadline(ctx); err != nil {
			return nil, err
		}
		d.Identity = model.EntryIdentity{PlanID: plan.ID, PlanVersion: plan.Version, PlanSHA: plan.SHA256, Year: plan.Year,
			Unit: unit, Period: p, GeneratedAt: now}
		var buf bytes.Buffer
		if err := entry.Write(&buf, d, key); err != nil {
			return nil, err
		}
		out = append(out, EntryWorkbook{Unit: unit, FileName: EntryFileName(plan, unit, p), Content: buf.Bytes()})
	}
	return out, nil
}

// Collected is the outcome of an accepted data-entry workbook. When the
// workbook is refused, Collect returns only UploadID, the refused file as
// kept.
type Collected struct {
	UploadID  int64
	Plan      *model.Plan
	Identity  model.EntryIdentity
	Stored    []model.Measurement // values that changed
	Unchanged int                 // values equal to those already stored
	// Kept are the actions the file left as they were when it was made,
	// whose value another unit changed since: the newer value stays.
	Kept  []string
	Blank int // actions left empty: not measured yet
}

// CollectOptions say who sends a workbook and what it must be.
type CollectOptions struct {
	PlanID int64  // the plan the file must belong to, 0 for any
	Unit   string // the unit the sender belongs to, "" for any
	By     string // the sender's name, for display only
	// Key is the sender's model.Principal.Key ("" for the CLI): with Unit
	// it says whose the upload is, which decides who may read it back.
	Key   string
	Admin bool // admins may still correct a closed period
	// identified learns the workbook's identity once it is verified, so
	// that a refused file is counted against its period.
	identified func(model.EntryIdentity)
}

// CollectOptionsFor are the options of principal p sending a workbook to
// plan planID (0 for any): a unit may send only its own unit's.
func CollectOptionsFor(p model.Principal, planID int64) CollectOptions {
	opts := CollectOptions{PlanID: planID, By: p.Username, Key: p.Key(), Admin: p.Role == model.RoleAdmin}
	if p.Role == model.RoleUnit {
		opts.Unit = p.Unit
	}
	return opts
}

// Collect checks a returned data-entry workbook and stores its values as
// one submission. It is all or nothing: if the identity, the plan version,
// the unit or any value is wrong, nothing is stored (the file is recorded
// as refused) and every problem is listed with its cell.
func (a *App) Collect(ctx context.Context, name string, data []byte, opts CollectOptions) (*Collected, error) {
	u := model.NewUpload(model.UploadSubmission, name, data, opts.By)
	u.Unit, u.Sender = opts.Unit, opts.Key
	opts.identified = func(id model.EntryIdentity) { u.Period = id.Period.String() }
	res, inputs, err := a.checkCollected(ctx, data, opts)
	if err == nil {
		var stored []model.Measurement
		sub := sqlite.Submission{PlanID: res.Plan.ID, Period: res.Identity.Period, Unit: res.Identity.Unit,
			Source: model.SourceUpload, By: opts.By, Admin: opts.Admin, Since: res.Identity.GeneratedAt}
		stored, err = a.DB.SaveCollected(ctx, u, &sub, inputs)
		if err == nil {
			res.Stored, res.Kept = stored, sub.Stale
			res.Unchanged = len(inputs) - len(stored) - len(sub.Stale)
			return res, nil
		}
		if code := model.ErrorCode(err); code == model.EInternal || code == model.EUnavailable {
			return nil, err // not the file's fault: nothing to record
		}
		// refused in the store's transaction (a new plan version, a
		// closed period): recorded as any other refusal
	}
	u.Outcome, u.Message = model.OutcomeRejected, err.Error()
	var refusal *model.Error
	if errors.As(err, &refusal) {
		u.Message = refusal.Error() // the sentence, without the store's context
	}
	id, rerr := a.DB.RecordUpload(ctx, u)
	if rerr != nil {
		return nil, fmt.Errorf("%w (e non è stato possibile conservare il file: %v)", err, rerr)
	}
	return &Collected{UploadID: id}, err
}

func (a *App) checkCollected(ctx context.Context, data []byte, opts CollectOptions) (*Collected, []sqlite.MeasurementInput, error) {
	planID := opts.PlanID
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer done()
	filled, err := importer.OpenFilled(ctx, data)
	if err != nil {
		return nil, nil, err
	}
	id, ok := model.ParseEntryIdentity(filled.Fields)
	key, err := a.DB.SigningKey(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !ok || !model.VerifyEntry(key, id, filled.Signature) {
		return nil, nil, model.Errorf(model.EInvalid, "L'identificazione della cartella (foglio nascosto «_cruscotto») è stata modificata o non è di questo Cruscotto: scaricare di nuovo la cartella della struttura e ricopiarvi i valori.")
	}
	if opts.identified != nil {
		opts.identified(id)
	}
	if planID != 0 && id.PlanID != planID {
		return nil, nil, model.Errorf(model.EInvalid, "La cartella è stata generata per un altro piano (id %d, anno %d), non per il piano %d: caricarla nel piano giusto o scaricare la cartella di questo piano.", id.PlanID, id.Year, planID)
	}
	plan, err := a.DB.Plan(ctx, id.PlanID)
	if model.ErrorCode(err) == model.ENotFound || (err == nil && plan.SHA256 != id.PlanSHA) {
		return nil, nil, model.Errorf(model.EInvalid, "La cartella è stata generata per un piano che non c'è in questo Cruscotto: scaricare la cartella dal piano in vigore.")
	}
	if err != nil {
		return nil, nil, err
	}
	if current, err := a.DB.CurrentVersion(ctx, plan.Year); err != nil {
		return nil, nil, err
	} else if current.ID != plan.ID {
		return nil, nil, model.ErrSuperseded(plan.Year, plan.Version, current.Version, current.ImportedAt)
	}
	if opts.Unit != "" && id.Unit != opts.Unit {
		return nil, nil, model.Errorf(model.EForbidden, "La cartella è della struttura «%s»: si possono caricare solo le cartelle della propria struttura («%s»).", id.Unit, opts.Unit)
	}
	if err := a.ensureOpen(ctx, plan.ID, id.Period, opts.Admin); err != nil {
		return nil, nil, err
	}
	mine := map[string]*model.Action{}
	for _, act := range plan.UnitActions(id.Unit) {
		mine[act.Code] = act
	}
	if len(mine) == 0 {
		return nil, nil, model.Errorf(model.EInvalid, "La struttura %q non ha azioni nel piano %d versione %d.", id.Unit, plan.Year, plan.Version)
	}
	// the rows are read only now that the file is known to be this
	// unit's, and no more of them than its actions call for
	rows, err := filled.Rows(model.EntryRowLimit(len(mine)))
	if err != nil {
		return nil, nil, err
	}
	entryRows := make([]model.EntryRow, len(rows))
	for i, r := range rows {
		entryRows[i] = model.EntryRow{Code: r.Code, CodeCell: r.CodeCell, Value: r.Value.Value(), ValueCell: r.ValueCell, Blank: r.Blank(), Note: r.Note}
	}
	values, blank, err := model.CheckEntry(plan, id.Unit, entryRows)
	if err != nil {
		return nil, nil, err
	}
	inputs := make([]sqlite.MeasurementInput, len(values))
	for i, v := range values {
		inputs[i] = sqlite.MeasurementInput{ActionCode: v.Code, Value: v.Value, Note: v.Note}
	}
	return &Collected{Plan: plan, Identity: id, Blank: blank}, inputs, nil
}

// MayReadUpload is the one rule for reading back an upload: admins read
// any; a unit only those sent by its own unit (never decided by a name,
// which two tokens may share); others none.
func MayReadUpload(who model.Principal, u model.Upload) bool {
	switch who.Role {
	case model.RoleAdmin:
		return true
	case model.RoleUnit:
		return who.Unit != "" && u.Unit == who.Unit
	}
	return false
}

// CorrectionWorkbook returns the refused file with every wrong cell marked
// and commented, or nil when the refusal is not about cells.
func CorrectionWorkbook(data []byte, err error) ([]byte, error) {
	problems := model.ErrorProblems(err)
	cells := 0
	for _, p := range problems {
		if p.Cell != "" {
			cells++
		}
	}
	if cells == 0 {
		return nil, nil
	}
	return correction.Write(data, problems)
}

// CorrectionForUpload makes the correction workbook of a refused upload,
// checking it again. A unit may ask only for the files its own unit sent,
// as recorded from the sender's principal; admins for any.
func (a *App) CorrectionForUpload(ctx context.Context, uploadID int64, who model.Principal) ([]byte, string, error) {
	u, err := a.DB.Upload(ctx, uploadID)
	if err != nil {
		return nil, "", err
	}
	if u.Kind != model.UploadSubmission || !MayReadUpload(who, u) {
		// the same answer as for a missing upload: nothing is revealed
		return nil, "", model.Errorf(model.ENotFound, "Caricamento %d inesistente.", uploadID)
	}
	if u.Dropped {
		return nil, "", model.Errorf(model.ENotFound, "Il file %s non è più conservato (si tengono solo gli ultimi file rifiutati): caricarlo di nuovo per avere la cartella di correzione.", u.FileName)
	}
	_, _, refusal := a.checkCollected(ctx, u.Content, CollectOptions{Admin: true})
	if c := model.ErrorCode(refusal); c == model.ETimeout || c == model.EInternal || c == model.EUnavailable {
		return nil, "", refusal // busy or failing, not a verdict on the file
	}
	if refusal == nil {
		return nil, "", model.Errorf(model.EConflict, "Il file %s non ha celle da correggere.", u.FileName)
	}
	// excelize reads the whole file: bounded by the reader's limits on the
	// refused file, and by the parse slots on how many at once
	_, done, err := a.parsing(ctx) // excelize takes no context: the slot bounds it
	if err != nil {
		return nil, "", err
	}
	defer done()
	content, err := CorrectionWorkbook(u.Content, refusal)
	if err != nil {
		return nil, "", err
	}
	if content == nil {
		return nil, "", model.Errorf(model.EConflict, "Il file %s è stato rifiutato per intero (%s): non ci sono celle da correggere.", u.FileName, model.ErrorMessage(refusal))
	}
	return content, strings.TrimSuffix(u.FileName, ".xlsx") + "-correzioni.xlsx", nil
}
