package model

import "fmt"

// EntryRow is one row of a returned data-entry workbook as the reader
// found it: the action code, the value typed (already parsed from its
// cell), the note, and where each was ("Rilevazione!A7").
type EntryRow struct {
	Code      string
	CodeCell  CellRef
	Value     Value
	ValueCell CellRef
	Blank     bool // left empty: not measured yet
	Note      string
}

// EntryValue is a value a returned workbook gives an action, checked.
type EntryValue struct {
	Code  string
	Value Value
	Note  string
}

// CheckEntry applies the rules of a returned data-entry workbook to its
// rows, for the unit the workbook was made for: every row is one of the
// unit's actions, once, and every value fits its action. It returns the
// values and how many actions were left blank, or a refusal listing every
// problem by cell. It knows nothing of files or storage.
func CheckEntry(plan *Plan, unit string, rows []EntryRow) (values []EntryValue, blank int, err error) {
	mine := map[string]*Action{}
	for _, a := range plan.UnitActions(unit) {
		mine[a.Code] = a
	}
	all := map[string]bool{}
	for _, a := range plan.Actions() {
		all[a.Code] = true
	}
	var problems []Problem
	seen := map[string]CellRef{}
	for _, r := range rows {
		act := mine[r.Code]
		switch {
		case act == nil && all[r.Code]:
			problems = append(problems, problemAt(r.CodeCell, "l'azione %s non è della struttura «%s»: toglierla da questa cartella (la misura la struttura responsabile).", r.Code, unit))
			continue
		case act == nil:
			problems = append(problems, problemAt(r.CodeCell, "il codice %q non è un'azione del piano %d: ripristinare il codice originale.", Clip(r.Code), plan.Year))
			continue
		case !seen[r.Code].IsZero():
			problems = append(problems, problemAt(r.CodeCell, "l'azione %s compare due volte (anche in %s): lasciarne una sola riga.", r.Code, seen[r.Code]))
			continue
		}
		seen[r.Code] = r.CodeCell
		if r.Blank {
			blank++
			continue
		}
		v, err := CheckMeasured(act, r.Value)
		if err != nil {
			problems = append(problems, problemAt(r.ValueCell, "%s", ErrorMessage(err)))
			continue
		}
		values = append(values, EntryValue{Code: r.Code, Value: v, Note: r.Note})
	}
	if len(problems) > 0 {
		return nil, 0, ProblemsError(EInvalid, problems, "Nessun valore registrato: %d da correggere nella cartella.", len(problems))
	}
	return values, blank, nil
}

// problemAt is a problem in a cell.
func problemAt(at CellRef, format string, args ...any) Problem {
	return Problem{Sheet: at.Sheet, Cell: at.Name(), Severity: SeverityError, Message: fmt.Sprintf(format, args...)}
}
