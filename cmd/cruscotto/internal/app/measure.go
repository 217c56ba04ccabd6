package app

import (
	"context"
	"fmt"
	"slices"

	"cruscotto/model"
)

// Measure checks a batch of values typed for a plan's actions (action code
// → string as typed, or JSON number) sent by who through source
// (model.SourceAPI, model.SourceCLI) and stores them as one submission. If
// any value is rejected nothing is stored and every rejection is listed.
// A unit sends only its own actions' values; only admins may still
// correct a closed period.
func (a *App) Measure(ctx context.Context, who model.Principal, planID int64, period string, values map[string]any, source string) ([]model.Measurement, error) {
	if err := model.Authorize(who, model.OpSendValues); err != nil {
		return nil, err
	}
	unit, writeClosed := who.Confined(), model.May(who, model.OpWriteClosed)
	// values go to the version in force, and are checked against it
	planID, err := a.inForceID(ctx, planID)
	if err != nil {
		return nil, err
	}
	plan, p, err := a.planPeriod(ctx, who, planID, period)
	if err == nil {
		err = plan.State.CheckWritable(plan.Year)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case len(values) == 0:
		return nil, model.Errorf(model.EInvalid, "Nessun valore da registrare.")
	case len(values) > model.MaxValuesPerSubmission:
		return nil, model.Errorf(model.EInvalid, "Al massimo %d valori per invio: dividere i valori in più invii.", model.MaxValuesPerSubmission)
	}
	if err := a.ensureOpen(ctx, plan.ID, p, writeClosed); err != nil {
		return nil, err
	}
	actions := plan.ActionsByCode()
	if unit != "" {
		// another unit's action is, to a unit, an action that is not
		// there: the same answer, so that codes cannot be probed
		actions = plan.UnitActionsByCode(unit)
	}
	codes := make([]string, 0, len(values))
	for c := range values {
		codes = append(codes, c)
	}
	sortCodes(codes)
	var (
		inputs   []model.MeasurementInput
		problems []model.Problem
	)
	for _, code := range codes {
		act := actions[code]
		if act == nil {
			problems = append(problems, model.Problem{Severity: model.SeverityError, Message: fmt.Sprintf("azione %s: non esiste nel piano %d (versione %d).", code, plan.Year, plan.Version)})
			continue
		}
		v, err := model.ParseMeasured(act, values[code])
		if err != nil {
			problems = append(problems, model.Problem{Severity: model.SeverityError, Message: model.ErrorMessage(err)})
			continue
		}
		inputs = append(inputs, model.MeasurementInput{ActionCode: code, Value: v})
	}
	if len(problems) > 0 {
		return nil, model.ProblemsError(model.EInvalid, problems, "Nessun valore registrato: %s da correggere.", model.Plural(len(problems), "valore", "valori"))
	}
	saved, err := a.store.SaveMeasurements(ctx, model.Submission{PlanID: planID, Period: p, Unit: unit, Source: source, By: who.Username,
		WriteClosed: writeClosed, Values: inputs})
	return saved.Stored, err
}

// score scores a plan for a period with the current measurements.
func (a *App) score(ctx context.Context, planID int64, period string, method string) (*model.Plan, *model.Scorecard, error) {
	plan, p, err := a.loadPlanPeriod(ctx, planID, period)
	if err != nil {
		return nil, nil, err
	}
	m, err := model.ParseMethod(method)
	if err != nil {
		return nil, nil, err
	}
	measured, err := model.MeasurementsByCode(a.store.Measurements(ctx, model.CurrentIn(planID, p)))
	if err != nil {
		return nil, nil, err
	}
	return plan, model.Score(plan, p, measured, m), nil
}

// sortCodes orders codes as a plan does: 1.2.10 after 1.2.9.
func sortCodes(codes []string) {
	slices.SortFunc(codes, model.CompareCodes)
}
