package entry

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/internal/sheet"
	"cruscotto/model"
)

// monthList is the month names between bars: a name's position in it grows
// with the month, so positions compare as months do.
var monthList = "|" + strings.Join(model.MonthNames[:], "|") + "|"

// noteNeeded is the condition, as a formula over the row's value cell v
// and note cell n, under which the note cell asks for a deviation note:
// a value in the orange or red band (model.NeedsNote) and no note yet.
// It is "" when the workbook cannot tell (the action cannot be scored).
func noteNeeded(a *model.Action, v, n string) string {
	empty := fmt.Sprintf("LEN(TRIM(%s))=0", n)
	if a.Qualitative {
		return fmt.Sprintf("AND(%s,ISNUMBER(%s),%s<%s)", empty, v, v, sheet.Number(model.NoteBelow/100))
	}
	limit := model.NoteLimit(a)
	if limit == nil {
		return ""
	}
	switch model.ExpectedKind(a) {
	case model.KindYesNo:
		return fmt.Sprintf(`AND(%s,%s<>"",UPPER(TRIM(%s))<>"%s")`, empty, v, v, map[bool]string{true: Yes, false: No}[*limit.Number == 1])
	case model.KindMonth:
		if limit.Kind != model.KindMonth {
			return ""
		}
		at := fmt.Sprintf(`SEARCH("|"&TRIM(%s)&"|","%s")`, v, monthList)
		limitAt := strings.Index(monthList, "|"+model.MonthNames[int(*limit.Number)-1]+"|") + 1
		return fmt.Sprintf(`AND(%s,%s<>"",IFERROR(NOT(%s),FALSE()))`, empty, v, meetsFormula(a, *limit, at, fmt.Sprint(limitAt)))
	case model.KindPercent:
		return fmt.Sprintf("AND(%s,ISNUMBER(%s),NOT(%s))", empty, v, meetsFormula(a, *limit, v+"*100", sheet.Number(*limit.Number)))
	}
	return fmt.Sprintf("AND(%s,ISNUMBER(%s),NOT(%s))", empty, v, meetsFormula(a, *limit, v, sheet.Number(*limit.Number)))
}

// meetsFormula is model's rule that value v meets limit: the limit's own
// sign, else the non-strict comparison of the action's direction.
func meetsFormula(a *model.Action, limit model.Value, v, l string) string {
	switch limit.Op {
	case model.OpGT, model.OpGE, model.OpLT, model.OpLE:
		return v + string(limit.Op) + l
	}
	if a.Direction == model.LowerIsBetter {
		return v + "<=" + l
	}
	return v + ">=" + l
}

// noteRules marks, for each action row, the note cell in orange while the
// value calls for a deviation note that is not written yet.
func (wr *writer) noteRules(actions []*model.Action) error {
	format, err := wr.f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{noteFill}},
		Border: []excelize.Border{{Type: "left", Color: "C65911", Style: 2}, {Type: "right", Color: "C65911", Style: 2},
			{Type: "top", Color: "C65911", Style: 2}, {Type: "bottom", Color: "C65911", Style: 2}}})
	if err != nil {
		return err
	}
	for i, a := range actions {
		row := FirstRow + i
		crit := noteNeeded(a, model.CellName(colValue, row), model.CellName(colNote, row))
		if crit == "" {
			continue
		}
		if err := wr.f.SetConditionalFormat(SheetEntry, model.CellName(colNote, row), []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: crit, Format: &format}}); err != nil {
			return err
		}
	}
	return nil
}

// noteFill is the colour of a note cell that asks for a note.
const noteFill = "F8CBAD"
