package app

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"cruscotto/exporter/correction"
	"cruscotto/exporter/entry"
	"cruscotto/importer"
	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// EntryWorkbook is a generated data-entry workbook.
type EntryWorkbook struct {
	// PlanID and Version are the version the workbook is for: the
	// version in force, whichever version was asked.
	PlanID   int64
	Version  int
	Unit     string
	FileName string // piano-2020-mediazione-2020-06.xlsx
	Content  []byte
}

// EntryFileName names a unit's workbook for a period. A long unit name is
// cut, with a short hash of the whole name that keeps two long names
// apart: file systems refuse names over 255 bytes.
func EntryFileName(p *model.Plan, unit string, period model.Period) string {
	slug := model.Slug(unit)
	if len(slug) > maxSlugInName {
		sum := sha256.Sum256([]byte(unit))
		slug = strings.TrimRight(slug[:maxSlugInName-9], "-") + "-" + hex.EncodeToString(sum[:4])
	}
	return fmt.Sprintf("piano-%d-%s-%s.xlsx", p.Year, slug, period)
}

// maxSlugInName is the longest unit part of a workbook's file name.
const maxSlugInName = 80

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
	if d.LastYear, err = a.lastYear(ctx, plan, model.MethodStep); err != nil { // shown by value only: any method
		return d, err
	}
	if d.Current, err = model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(plan.ID, period))); err != nil {
		return d, err
	}
	periods, err := a.store.MeasuredPeriods(ctx, plan.ID)
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
		if d.Previous, err = model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(plan.ID, *d.PreviousPeriod))); err != nil {
			return d, err
		}
	}
	return d, nil
}

// UnitWorkbook generates the data-entry workbook of the unit whose slug
// is slug, for who: a unit only its own. Values are collected only into
// the version in force of a plan's year, so a workbook asked of an
// earlier version is the version in force's, with the values carried.
func (a *App) UnitWorkbook(ctx context.Context, who model.Principal, planID int64, slug, period string) (_ EntryWorkbook, err error) {
	if err := model.Authorize(who, model.OpEntryWorkbook); err != nil {
		return EntryWorkbook{}, err
	}
	if planID, err = a.inForceID(ctx, planID); err != nil {
		return EntryWorkbook{}, err
	}
	plan, p, err := a.planPeriod(ctx, who, planID, period)
	if err != nil {
		return EntryWorkbook{}, err
	}
	unit, ok := UnitBySlug(plan, slug)
	if !ok || !model.MayOn(who, model.OpEntryWorkbook, unit) {
		return EntryWorkbook{}, model.ErrNoSuchUnit(slug)
	}
	books, err := a.entryWorkbooks(ctx, plan, p, []string{unit})
	if err != nil {
		return EntryWorkbook{}, err
	}
	return books[0], nil
}

// EntryWorkbooks generates the data-entry workbook of each unit of a plan
// for a period (units nil: every unit, and the workbook of the actions
// without a Responsabile), each of which who may have.
func (a *App) EntryWorkbooks(ctx context.Context, who model.Principal, planID int64, period string, units []string) ([]EntryWorkbook, error) {
	if err := model.Authorize(who, model.OpEntryWorkbook); err != nil {
		return nil, err
	}
	for _, u := range units {
		if err := model.AuthorizeOn(who, model.OpEntryWorkbook, u); err != nil {
			return nil, err
		}
	}
	if units == nil && who.Confined() != "" {
		units = []string{who.Confined()}
	}
	planID, err := a.inForceID(ctx, planID)
	if err != nil {
		return nil, err
	}
	plan, p, err := a.planPeriod(ctx, who, planID, period)
	if err != nil {
		return nil, err
	}
	return a.entryWorkbooks(ctx, plan, p, units)
}

// entryWorkbooks generates the workbooks of units (nil: every unit) for
// a plan's period, within the export deadline.
func (a *App) entryWorkbooks(ctx context.Context, plan *model.Plan, p model.Period, units []string) (_ []EntryWorkbook, err error) {
	ctx, cancel := a.exporting(ctx)
	defer cancel()
	defer overDeadline(ctx, &err)
	if units == nil {
		units = plan.EntryUnits()
	}
	key, err := a.accounts.SigningKey(ctx)
	if err != nil {
		return nil, err
	}
	d, err := a.entryData(ctx, plan, p)
	if err != nil {
		return nil, err
	}
	st, err := a.period(ctx, plan.ID, p)
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
		out = append(out, EntryWorkbook{PlanID: plan.ID, Version: plan.Version, Unit: unit, FileName: EntryFileName(plan, unit, p), Content: buf.Bytes()})
	}
	return out, nil
}

// inForceID is the version in force of the year of plan planID.
func (a *App) inForceID(ctx context.Context, planID int64) (int64, error) {
	plan, err := a.store.Plan(ctx, planID)
	if err != nil {
		return 0, err
	}
	current, err := a.inForce(ctx, plan.Year)
	return current.ID, err
}

// Collected is the outcome of an accepted data-entry workbook. When the
// workbook is refused, Collect returns only UploadID, the refused file as
// kept.
type Collected struct {
	UploadID  int64 // the upload as recorded, with its receipt
	Plan      *model.Plan
	Identity  model.EntryIdentity
	Stored    []model.Measurement // values that changed
	Unchanged int                 // values equal to those already stored
	// Kept are the actions the file left as they were when it was made,
	// whose value another unit changed since: the newer value stays.
	Kept       []string
	Blank      int      // actions left empty: not measured yet
	BlankCodes []string // which ones
	// Warnings never refuse the workbook: values in the orange or red
	// band sent without a deviation note.
	Warnings []model.Problem
	// Revised is set when the workbook was made for an earlier version
	// of the plan: its values went to the version in force, Plan.
	Revised *model.ReceiptRevision
}

// collectOptions say who sends a workbook and what it must be.
type collectOptions struct {
	PlanID int64  // the plan the file must belong to, 0 for any
	Unit   string // the unit the sender belongs to, "" for any
	By     string // the sender's name, for display only
	// Key is the sender's model.Principal.Key ("" for the CLI): with Unit
	// it says whose the upload is, which decides who may read it back.
	Key         string
	WriteClosed bool // model.OpWriteClosed: a closed period may be written
	// identified learns the workbook's identity once it is verified, so
	// that a refused file is counted against its period.
	identified func(model.EntryIdentity)
}

// collectOptionsFor are the options of principal p sending a workbook to
// plan planID (0 for any): a unit may send only its own unit's.
func collectOptionsFor(p model.Principal, planID int64) collectOptions {
	return collectOptions{PlanID: planID, By: p.Username, Key: p.Key(), WriteClosed: model.May(p, model.OpWriteClosed), Unit: p.Confined()}
}

// Collect checks a data-entry workbook who returned for plan planID (0 for
// the plan it names) and stores its values as one submission. It is all
// or nothing: if the identity, the plan version, the unit or any value is
// wrong, nothing is stored (the file is recorded as refused, and the
// result holds only its UploadID) and every problem is listed with its
// cell.
func (a *App) Collect(ctx context.Context, who model.Principal, planID int64, name string, data []byte) (*Collected, error) {
	if err := model.Authorize(who, model.OpSendValues); err != nil {
		return nil, err
	}
	ctx, release, err := a.takeTurn(ctx, who)
	if err != nil {
		return nil, err
	}
	defer release()
	opts := collectOptionsFor(who, planID)
	u := model.NewUpload(model.UploadSubmission, name, data, opts.By)
	if len(data) > model.KeepWholeBytes {
		// a large file is kept as the parts it is read by: padding costs
		// no disk, and the same values resent are stored once
		if kept, err := workbook.Essential(data); err == nil {
			u = u.Keep(kept)
		}
	}
	u.Unit, u.Sender = opts.Unit, opts.Key
	used, err := a.store.SenderBytes(ctx, u.Owner())
	if err != nil {
		return nil, err
	}
	if used+u.Size > a.senderQuota() {
		// past its quota a sender's file is recorded, not kept
		u.Outcome, u.Message, u.Dropped, u.Content = model.OutcomeRejected, model.ErrSenderQuota().Message, true, nil
		u.Receipt = &model.Receipt{Refusal: model.ErrSenderQuota().Message}
		id, err := a.store.RecordUpload(ctx, u, nil)
		if err != nil {
			return nil, err
		}
		return &Collected{UploadID: id}, model.ErrSenderQuota()
	}
	u.Unit, u.Sender, u.PlanID = opts.Unit, opts.Key, planID
	opts.identified = func(id model.EntryIdentity) {
		u.Period, u.WorkbookUnit = id.Period.String(), id.Unit
		if u.PlanID == 0 {
			u.PlanID = id.PlanID
		}
	}
	to := a.receiptTo(ctx, who)
	res, inputs, err := a.checkCollected(ctx, data, opts)
	if err == nil {
		sub := model.Submission{PlanID: res.Plan.ID, Period: res.Identity.Period, Unit: res.Identity.Unit,
			Source: model.SourceUpload, By: opts.By, WriteClosed: opts.WriteClosed, Since: res.Identity.GeneratedAt, Values: inputs}
		u.Receipt = &model.Receipt{Blank: res.Blank, BlankCodes: res.BlankCodes, Warnings: res.Warnings, Revised: res.Revised}
		u.PlanID = res.Plan.ID // the version in force that takes the values
		var saved model.Saved
		saved, err = a.store.SaveCollected(ctx, u, sub, a.receiptNotify(to, &u, nil))
		if err == nil {
			res.UploadID, res.Stored, res.Kept, res.Unchanged = saved.UploadID, saved.Stored, saved.Stale, saved.Unchanged
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
	u.Receipt = &model.Receipt{Refusal: model.ErrorMessage(err), Problems: model.ErrorProblems(err)}
	var notify model.Notify
	if to != "" {
		notify = a.receiptNotify(to, &u, a.receiptCorrection(ctx, u, data, err))
	}
	id, rerr := a.store.RecordUpload(ctx, u, notify)
	if rerr != nil {
		// the store's failure is the answer: the file is not recorded
		return nil, fmt.Errorf("record refused workbook %s (%v): %w", name, err, rerr)
	}
	return &Collected{UploadID: id}, err
}

// checkCollected reads a returned workbook and applies the model's rules
// to it (model.CheckIdentity, model.CheckEntry): the I/O is here, the
// rules are there.
func (a *App) checkCollected(ctx context.Context, data []byte, opts collectOptions) (*Collected, []model.MeasurementInput, error) {
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
	key, err := a.accounts.SigningKey(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !ok || !model.VerifyEntry(key, id, filled.Signature) {
		return nil, nil, model.Errorf(model.EInvalid, "L'identificazione della cartella (foglio nascosto «_cruscotto») è stata modificata o non è di questo Cruscotto: scaricare di nuovo la cartella della struttura e ricopiarvi i valori.")
	}
	if opts.identified != nil {
		opts.identified(id)
	}
	if id.Unit != model.NoUnit {
		// a workbook made before its unit was merged into another is
		// that unit's now
		if id.Unit, err = a.units.ResolveUnit(ctx, id.Unit); err != nil {
			return nil, nil, err
		}
	}
	target, err := a.entryTarget(ctx, id, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := model.CheckIdentity(id, target); err != nil {
		return nil, nil, err
	}
	plan := target.Plan
	var inForce *model.Plan // the revision in force, when the workbook's version is not
	// the rows are read only now that the file is known to be this
	// unit's, and no more of them than its actions call for
	rows, err := filled.Rows(model.EntryRowLimit(len(plan.UnitActions(id.Unit))))
	if err != nil {
		return nil, nil, err
	}
	entryRows := make([]model.EntryRow, len(rows))
	for i, r := range rows {
		entryRows[i] = model.EntryRow{Code: r.Code, CodeCell: r.CodeCell, Value: r.Value.Value(), ValueCell: r.ValueCell, Blank: r.Blank(),
			Note: r.Note, NoteCell: r.NoteCell}
	}
	var revised *model.ReceiptRevision
	if target.Current.ID != plan.ID {
		if inForce, err = a.store.Plan(ctx, target.Current.ID); err != nil {
			return nil, nil, err
		}
		if err := model.CheckRevised(plan, inForce, id.Unit, entryRows); err != nil {
			return nil, nil, err
		}
		revised = revisionFor(plan, inForce, id.Unit, entryRows)
		plan = inForce
	}
	values, blank, err := model.CheckEntry(plan, id.Unit, entryRows)
	if err != nil {
		return nil, nil, err
	}
	inputs := make([]model.MeasurementInput, len(values))
	for i, v := range values {
		inputs[i] = model.MeasurementInput{ActionCode: v.Code, Value: v.Value, Note: v.Note}
	}
	var blankCodes []string
	for _, r := range entryRows {
		if r.Blank {
			blankCodes = append(blankCodes, r.Code)
		}
	}
	sortCodes(blankCodes)
	return &Collected{Plan: plan, Identity: id, Blank: blank, BlankCodes: blankCodes, Warnings: model.MissingNotes(plan, values), Revised: revised}, inputs, nil
}

// revisionFor is what a receipt says of unit's workbook made for version
// old and collected into its revision now: what changed for its actions,
// and which of the unit's actions it lacks.
func revisionFor(old, now *model.Plan, unit string, rows []model.EntryRow) *model.ReceiptRevision {
	codes := make([]string, len(rows))
	listed := map[string]bool{}
	for i, r := range rows {
		codes[i] = r.Code
		listed[r.Code] = true
	}
	r := &model.ReceiptRevision{From: old.Version, To: now.Version, Changes: []string{}}
	for _, c := range model.DiffPlans(old, now).For(codes).Changed {
		r.Changes = append(r.Changes, c.String())
	}
	for _, a := range now.UnitActions(unit) {
		if !listed[a.Code] {
			r.New = append(r.New, a.Code)
		}
	}
	return r
}

// entryTarget gathers from the store what an identity is checked against.
func (a *App) entryTarget(ctx context.Context, id model.EntryIdentity, opts collectOptions) (model.EntryTarget, error) {
	t := model.EntryTarget{PlanID: opts.PlanID, Unit: opts.Unit, WriteClosed: opts.WriteClosed, Now: a.now()}
	plan, err := a.store.Plan(ctx, id.PlanID)
	if model.ErrorCode(err) == model.ENotFound || err == nil && opts.Unit != "" && !plan.State.OpenToUnits() {
		return t, nil // a unit's file for a plan not open to it: as for a plan that does not exist
	}
	if err != nil {
		return t, err
	}
	if t.Current, err = a.inForce(ctx, plan.Year); err != nil {
		return t, err
	}
	if t.PlanID != 0 && id.PlanID != t.PlanID {
		sentTo, err := a.store.Plan(ctx, t.PlanID)
		if err != nil && model.ErrorCode(err) != model.ENotFound {
			return t, err
		}
		if sentTo == nil || sentTo.Year != plan.Year {
			return t, nil // refused as it stands: another plan
		}
		// a workbook sent to another version of its year's plan goes
		// where its own version's would: to the version in force
		t.PlanID = id.PlanID
	}
	t.Plan = plan
	// the period as the version in force has it: closing it there
	// closes it for workbooks of every version
	t.Period, err = a.period(ctx, t.Current.ID, id.Period)
	return t, err
}

// CorrectionWorkbook returns the refused file with every wrong cell marked
// and commented, or nil when the refusal is not about cells.
func CorrectionWorkbook(data []byte, err error) ([]byte, error) {
	problems := model.ErrorProblems(err)
	if !model.NamesCells(problems) {
		return nil, nil
	}
	return correction.Write(data, problems)
}

// CorrectionForUpload makes the correction workbook of a refused upload,
// checking it again. A unit may ask only for the files its own unit sent,
// as recorded from the sender's principal; admins for any.
func (a *App) CorrectionForUpload(ctx context.Context, who model.Principal, uploadID int64) ([]byte, string, error) {
	ctx = withOwner(ctx, who)
	if err := model.Authorize(who, model.OpReadUpload); err != nil {
		return nil, "", err
	}
	u, err := a.upload(ctx, uploadID)
	if err != nil {
		return nil, "", err
	}
	// never decided by a name, which two tokens may share: by the unit
	// recorded from the sender's principal
	if u.Kind != model.UploadSubmission || !model.MayOn(who, model.OpReadUpload, u.Unit) {
		// the same answer as for a missing upload: nothing is revealed
		return nil, "", model.Errorf(model.ENotFound, "Caricamento %d inesistente.", uploadID)
	}
	if u.Dropped {
		return nil, "", model.Errorf(model.ENotFound, "Il file %s non è più conservato (si tengono solo gli ultimi file rifiutati): caricarlo di nuovo per avere la cartella di correzione.", u.FileName)
	}
	// made once per upload, within a parse slot and its deadline; the
	// asker may leave without stopping it for the next one
	type made struct {
		file cachedFile
		err  error
	}
	result := make(chan made, 1)
	go func() {
		f, err := a.files.get(context.WithoutCancel(ctx), fmt.Sprintf("correction|%d|%s", u.ID, u.SHA256), func() (cachedFile, error) {
			content, err := a.correction(context.WithoutCancel(ctx), u)
			return cachedFile{name: strings.TrimSuffix(u.FileName, ".xlsx") + "-correzioni.xlsx", content: content}, err
		})
		result <- made{f, err}
	}()
	select {
	case r := <-result:
		if r.err != nil {
			return nil, "", r.err
		}
		return r.file.content, r.file.name, nil
	case <-ctx.Done():
		return nil, "", errTimedOut
	}
}

// correction makes the correction workbook of a refused upload, checking
// it again: the reader's limits bound the file, a parse slot and its
// deadline the work, for excelize takes no context.
func (a *App) correction(ctx context.Context, u model.Upload) ([]byte, error) {
	_, _, refusal := a.checkCollected(ctx, u.Content, collectOptions{WriteClosed: true})
	if c := model.ErrorCode(refusal); c == model.ETimeout || c == model.EInternal || c == model.EUnavailable || c == model.ETooMany {
		return nil, refusal // busy or failing, not a verdict on the file
	}
	if refusal == nil {
		return nil, model.Errorf(model.EConflict, "Il file %s non ha celle da correggere.", u.FileName)
	}
	if !model.NamesCells(model.ErrorProblems(refusal)) {
		return nil, model.Errorf(model.EConflict, "Il file %s è stato rifiutato per intero (%s): non ci sono celle da correggere.", u.FileName, model.ErrorMessage(refusal))
	}
	actions := 0
	if plan, err := a.store.Plan(ctx, u.PlanID); err == nil {
		actions = len(plan.UnitActions(u.WorkbookUnit))
	}
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	if err := importer.CheckCorrectable(ctx, u.Content, actions); err != nil {
		return nil, err
	}
	content, err := CorrectionWorkbook(u.Content, refusal)
	if err != nil {
		if model.ErrorCode(err) == model.EInternal {
			// excelize cannot open what our reader could: a file to
			// correct by hand, not a fault of the service
			return nil, model.Errorf(model.EInvalid, "Non è possibile ricostruire la cartella di correzione di %s: scaricare di nuovo la cartella della struttura, riportarvi i valori e ricaricarla.", u.FileName)
		}
		return nil, err
	}
	if content == nil {
		return nil, model.Errorf(model.EConflict, "Il file %s è stato rifiutato per intero (%s): non ci sono celle da correggere.", u.FileName, model.ErrorMessage(refusal))
	}
	return content, nil
}

// WorkbooksZip is every unit's workbook of a plan's period in one zip
// («Scarica tutte le cartelle»): a unit gets its own only.
func (a *App) WorkbooksZip(ctx context.Context, who model.Principal, planID int64, period string) ([]byte, string, error) {
	books, err := a.EntryWorkbooks(ctx, who, planID, period, nil)
	if err != nil {
		return nil, "", err
	}
	inForce, err := a.inForceID(ctx, planID)
	if err != nil {
		return nil, "", err
	}
	plan, p, err := a.planPeriod(ctx, who, inForce, period)
	if err != nil {
		return nil, "", err
	}
	name := fmt.Sprintf("cartelle-piano-%d-%s.zip", plan.Year, model.Slug(p.Label()))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, b := range books {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: b.FileName, Method: zip.Store, Modified: a.now()}) // .xlsx are zips already
		if err != nil {
			return nil, "", err
		}
		if _, err := w.Write(b.Content); err != nil {
			return nil, "", err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), name, nil
}
