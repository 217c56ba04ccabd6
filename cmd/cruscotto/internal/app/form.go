package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"cruscotto/model"
)

// MaxFormActions is how many actions a unit may have and still fill its
// values in the browser: beyond, the workbook is the better tool.
const MaxFormActions = 15

// FormEntry is one action's line of the browser form, as typed.
type FormEntry struct {
	Code  string `json:"code"`
	Value string `json:"value"`
	Note  string `json:"note"`
}

// FormRefusal lists what to correct in a browser form, by action code;
// nothing was stored.
type FormRefusal struct {
	Errors map[string]string
}

func (r *FormRefusal) Error() string {
	return fmt.Sprintf("Il modulo ha %s da correggere: nessun valore è stato registrato.", model.Plural(len(r.Errors), "valore", "valori"))
}

// FormBand is what a value typed in the browser form does to its action:
// its band and score, and whether it needs a deviation note.
type FormBand struct {
	Band      string `json:"band"`  // the band's name: green, yellow, orange, red; "" when the value cannot be read
	Label     string `json:"label"` // in Italian
	Score     string `json:"score"` // «85%»
	NeedsNote bool   `json:"needs_note"`
	Error     string `json:"error,omitempty"` // why the value cannot be read
}

// formPlan is the version in force of plan planID and the period asked,
// when who, a unit, may fill it in the browser: the plan in collection
// and not archived, and the unit's actions few enough.
func (a *App) formPlan(ctx context.Context, who model.Principal, planID int64, period string) (*model.Plan, model.Period, []*model.Action, error) {
	if err := model.Authorize(who, model.OpSendValues); err != nil {
		return nil, model.Period{}, nil, err
	}
	unit := who.Confined()
	if unit == "" {
		return nil, model.Period{}, nil, model.Errorf(model.EInvalid, "Il modulo nel browser è per le strutture: l'amministrazione inserisce i valori dalla pagina del piano o con le cartelle.")
	}
	inForce, err := a.inForceID(ctx, planID)
	if err != nil {
		return nil, model.Period{}, nil, err
	}
	plan, p, err := a.planPeriod(ctx, who, inForce, period)
	if err != nil {
		return nil, model.Period{}, nil, err
	}
	if err := plan.State.CheckWritable(plan.Year); err != nil {
		return nil, model.Period{}, nil, err
	}
	actions := plan.UnitActions(unit)
	switch {
	case len(actions) == 0:
		return nil, model.Period{}, nil, model.Errorf(model.EInvalid, "La struttura «%s» non ha azioni nel piano %d: non ci sono valori da inviare.", unit, plan.Year)
	case len(actions) > MaxFormActions:
		return nil, model.Period{}, nil, model.Errorf(model.EInvalid, "La struttura «%s» ha %s nel piano %d: il modulo nel browser è per al più %d; usare la cartella da compilare.", unit, model.Plural(len(actions), "azione", "azioni"), plan.Year, MaxFormActions)
	}
	return plan, p, actions, nil
}

// FormActions returns what the browser form of who's unit shows: the
// plan in force, the period, its actions and their current values.
func (a *App) FormActions(ctx context.Context, who model.Principal, planID int64, period string) (*model.Plan, model.Period, []*model.Action, map[string]*model.Measurement, error) {
	plan, p, actions, err := a.formPlan(ctx, who, planID, period)
	if err != nil {
		return nil, p, nil, nil, err
	}
	current, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(plan.ID, p)))
	return plan, p, actions, current, err
}

// FormPreview says what value does to the band of action code of who's
// unit, as the form shows it while the value is typed.
func (a *App) FormPreview(ctx context.Context, who model.Principal, planID int64, code, value string) (FormBand, error) {
	_, _, actions, err := a.formPlan(ctx, who, planID, "")
	if err != nil {
		return FormBand{}, err
	}
	for _, act := range actions {
		if act.Code == code {
			return formBand(act, value), nil
		}
	}
	return FormBand{}, model.Errorf(model.ENotFound, "Azione %s inesistente.", model.Clip(code))
}

// PreviewBand is what raw, typed for act, does to its band.
func PreviewBand(act *model.Action, raw string) FormBand { return formBand(act, raw) }

func formBand(act *model.Action, raw string) FormBand {
	if strings.TrimSpace(raw) == "" {
		return FormBand{}
	}
	v, err := model.CheckMeasured(act, model.ParseText(raw))
	if err != nil {
		return FormBand{Error: model.ErrorMessage(err)}
	}
	score := model.Attainment(act, v, model.MethodStep)
	b := model.BandOf(&score)
	return FormBand{Band: b.Name, Label: b.Label, Score: model.FormatScore(&score), NeedsNote: model.NeedsNote(act, v)}
}

// SubmitForm stores the values who's unit typed in the browser form for
// a period of plan planID, with the checks of a returned workbook (each
// value as its action expects it) and one more: a value in the orange or
// red band needs its note. It is all or nothing: a *FormRefusal lists
// every value to correct and nothing is stored. Accepted, the form is
// recorded as an upload, with a receipt like a workbook's.
func (a *App) SubmitForm(ctx context.Context, who model.Principal, planID int64, period string, entries []FormEntry) (*Collected, error) {
	ctx, release, err := a.takeTurn(ctx, who)
	if err != nil {
		return nil, err
	}
	defer release()
	plan, p, actions, err := a.formPlan(ctx, who, planID, period)
	if err != nil {
		return nil, err
	}
	typed := map[string]FormEntry{}
	for _, e := range entries {
		typed[e.Code] = e
	}
	refusal := &FormRefusal{Errors: map[string]string{}}
	var inputs []model.MeasurementInput
	var blank []string
	for _, act := range actions {
		e := typed[act.Code]
		raw, note := strings.TrimSpace(e.Value), strings.TrimSpace(e.Note)
		if raw == "" {
			blank = append(blank, act.Code)
			continue
		}
		v, err := model.CheckMeasured(act, model.ParseText(raw))
		switch {
		case err != nil:
			refusal.Errors[act.Code] = model.ErrorMessage(err)
		case note == "" && model.NeedsNote(act, v):
			b := formBand(act, raw)
			refusal.Errors[act.Code] = fmt.Sprintf("il valore %s porta l'azione a «%s» (%s): scrivere la nota per l'analisi degli scostamenti. %s.", model.Clip(raw), b.Label, b.Score, model.NoteRule(act))
		default:
			inputs = append(inputs, model.MeasurementInput{ActionCode: act.Code, Value: v, Note: note})
		}
	}
	if len(refusal.Errors) > 0 {
		return nil, refusal
	}
	if len(inputs) == 0 {
		return nil, model.Errorf(model.EInvalid, "Nessun valore scritto nel modulo: scrivere almeno un valore.")
	}
	content, err := json.Marshal(entries)
	if err != nil {
		return nil, err
	}
	unit := who.Confined()
	u := model.NewUpload(model.UploadSubmission, fmt.Sprintf("modulo-%s-%s.json", model.Slug(unit), p), content, who.Username)
	u.Unit, u.Sender, u.PlanID, u.Period, u.WorkbookUnit = unit, who.Key(), plan.ID, p.String(), unit
	used, err := a.store.SenderBytes(ctx, u.Owner())
	if err != nil {
		return nil, err
	}
	if used+u.Size > a.senderQuota() {
		return nil, model.ErrSenderQuota()
	}
	u.Receipt = &model.Receipt{Blank: len(blank), BlankCodes: blank}
	// recorded as an upload (the form's JSON is what was sent), so that
	// it has its receipt and counts as the unit's submission
	sub := model.Submission{PlanID: plan.ID, Period: p, Unit: unit, Source: model.SourceUpload, By: who.Username, Values: inputs}
	saved, err := a.store.SaveCollected(ctx, u, sub, a.receiptNotify(a.receiptTo(ctx, who), &u, nil))
	if err != nil {
		return nil, err
	}
	return &Collected{Plan: plan, UploadID: saved.UploadID, Stored: saved.Stored, Blank: len(blank), BlankCodes: blank, Kept: saved.Stale, Unchanged: saved.Unchanged}, nil
}

// ReviewValue records the Controller's review of the current value of
// action code for a period of plan planID (its version in force):
// «validato», or «da rivedere» with the comment the unit reads on its
// to-do list and in its next workbook. A value sent again is «da
// validare» until reviewed again.
func (a *App) ReviewValue(ctx context.Context, who model.Principal, planID int64, period, code string, status model.ReviewStatus, comment string) (*model.Measurement, error) {
	if err := model.Authorize(who, model.OpReview); err != nil {
		return nil, err
	}
	comment = strings.TrimSpace(comment)
	if status == model.ReviewToRevise && comment == "" {
		return nil, model.Errorf(model.EInvalid, "Scrivere il commento per la struttura: che cosa deve rivedere.")
	}
	if len(comment) > model.MaxCommentBytes {
		return nil, model.Errorf(model.EInvalid, "Il commento è troppo lungo: al più %d caratteri.", model.MaxCommentBytes)
	}
	inForce, err := a.inForceID(ctx, planID)
	if err != nil {
		return nil, err
	}
	plan, p, err := a.loadPlanPeriod(ctx, inForce, period)
	if err == nil {
		err = plan.State.CheckWritable(plan.Year)
	}
	if err != nil {
		return nil, err
	}
	current, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(plan.ID, p)))
	if err != nil {
		return nil, err
	}
	m := current[code]
	if m == nil {
		return nil, model.Errorf(model.ENotFound, "Nessun valore dell'azione %s per il %s: non c'è niente da verificare.", model.Clip(code), p.Label())
	}
	if err := a.store.SetReview(ctx, m.ID, model.Review{Status: status, Comment: comment, By: who.Username}); err != nil {
		return nil, err
	}
	current, err = model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(plan.ID, p)))
	if err != nil {
		return nil, err
	}
	return current[code], nil
}

// ValidateAll marks «validato» every complete current value of a unit
// for a period of plan planID (its version in force) that is still «da
// validare»: values marked «da rivedere» keep their review, and values
// still owing their note are left for the Controller to look at. It returns
// how many it validated.
func (a *App) ValidateAll(ctx context.Context, who model.Principal, planID int64, period, unit string) (int, error) {
	if err := model.Authorize(who, model.OpReview); err != nil {
		return 0, err
	}
	inForce, err := a.inForceID(ctx, planID)
	if err != nil {
		return 0, err
	}
	plan, p, err := a.loadPlanPeriod(ctx, inForce, period)
	if err == nil {
		err = plan.State.CheckWritable(plan.Year)
	}
	if err != nil {
		return 0, err
	}
	current, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(plan.ID, p)))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, act := range plan.UnitActions(unit) {
		m := current[act.Code]
		if m == nil || m.Review != nil || m.Note == "" && model.NeedsNote(act, m.Value) {
			continue // a value still owing its note is not complete: not validated blind
		}
		if err := a.store.SetReview(ctx, m.ID, model.Review{Status: model.ReviewValidated, By: who.Username}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
