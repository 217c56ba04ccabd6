package app

import (
	"bytes"
	"context"
	"fmt"

	"cruscotto/exporter/filledplan"
	"cruscotto/exporter/scorecard"
	"cruscotto/importer"
	"cruscotto/model"
)

// ScoredWorkbook writes the scored workbook of a plan for a period. Where
// an earlier period of the plan was measured, the latest one is shown
// beside the current values.
func (a *App) ScoredWorkbook(ctx context.Context, who model.Principal, planID int64, period, method string) (content []byte, fileName string, err error) {
	if err := model.Authorize(who, model.OpResults); err != nil {
		return nil, "", err
	}
	ctx, cancel := a.exporting(ctx)
	defer cancel()
	defer overDeadline(ctx, &err)
	plan, sc, err := a.scoreWithLastYear(ctx, planID, period, method)
	if err != nil {
		return nil, "", err
	}
	d := scorecard.Data{Plan: plan, Score: sc, GeneratedAt: a.now()}
	periods, err := a.store.MeasuredPeriods(ctx, planID)
	if err != nil {
		return nil, "", err
	}
	if d.Previous, err = a.previous(ctx, plan, sc, periods); err != nil {
		return nil, "", err
	}
	if err := deadline(ctx); err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if err := scorecard.Write(&buf, d); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), resultsFileName("risultati-piano", plan.Year, sc.Period, sc.Method), nil
}

// FilledPlan writes the results into the plan workbook the Chamber
// uploaded, to the right of each block.
func (a *App) FilledPlan(ctx context.Context, who model.Principal, planID int64, period, method string) (content []byte, fileName string, err error) {
	if err := model.Authorize(who, model.OpResults); err != nil {
		return nil, "", err
	}
	ctx, cancel := a.exporting(ctx)
	defer cancel()
	defer overDeadline(ctx, &err)
	plan, sc, err := a.score(ctx, planID, period, method)
	if err != nil {
		return nil, "", err
	}
	// excelize reads the Chamber's whole workbook: bounded by the import's
	// limits, and by the parse slots on how many at once
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return nil, "", err
	}
	defer done()
	original, err := a.store.FileContent(ctx, plan.SHA256)
	if err != nil {
		return nil, "", err
	}
	blocks, err := a.planBlocks(ctx, planID, original)
	if err != nil {
		return nil, "", err
	}
	if err := deadline(ctx); err != nil {
		return nil, "", err
	}
	content, err = filledplan.Write(filledplan.Data{Original: original, Blocks: blocks, Plan: plan, Score: sc})
	if err != nil {
		return nil, "", err
	}
	return content, resultsFileName("piano-con-risultati", plan.Year, sc.Period, sc.Method), nil
}

// planBlocks returns where a plan's blocks lie in its workbook, as stored
// with it. A version imported before blocks were stored has none: they
// are read once from its upload, with the mapping it was read with, and
// stored. A database that takes no writes gets them read again next time.
func (a *App) planBlocks(ctx context.Context, planID int64, original []byte) ([]model.Block, error) {
	blocks, err := a.store.PlanBlocks(ctx, planID)
	if err != nil || len(blocks) > 0 {
		return blocks, err
	}
	mapping, err := a.store.PlanMapping(ctx, planID)
	if err != nil {
		return nil, err
	}
	if blocks, err = importer.Blocks(ctx, original, importer.Options{Mapping: mapping}); err != nil {
		return nil, err
	}
	if err := a.store.SavePlanBlocks(ctx, planID, blocks); err != nil && model.ErrorCode(err) != model.EUnavailable {
		return nil, err
	}
	return blocks, nil
}

// resultsFileName names a results workbook as people read it:
// risultati-piano-2020-consuntivo.xlsx, risultati-piano-2020-giugno-2020-lineare.xlsx.
func resultsFileName(prefix string, year int, p model.Period, method model.Method) string {
	period := "consuntivo"
	if p.Month != 0 || p.Year != year {
		period = model.Slug(p.Label())
	}
	name := fmt.Sprintf("%s-%d-%s", prefix, year, period)
	if method == model.MethodLinear {
		name += "-lineare"
	}
	return name + ".xlsx"
}
