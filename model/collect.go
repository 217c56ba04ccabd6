package model

import (
	"fmt"
	"strings"
	"time"
)

// EntryTarget is what a returned data-entry workbook's identity is
// checked against, gathered from the store by the caller.
type EntryTarget struct {
	PlanID int64  // the plan the file was sent to, 0 for any
	Unit   string // the unit the sender is confined to, "" for any
	// WriteClosed lets a closed period be written (OpWriteClosed).
	WriteClosed bool
	// Plan is the stored plan the identity names, nil when there is none.
	Plan *Plan
	// Current is the version in force of Plan's year.
	Current PlanSummary
	// Period is the collection state of the identity's period.
	Period PeriodState
	Now    time.Time
}

// CheckIdentity applies the rules of a returned workbook's (verified)
// identity: it was made for the plan it is sent to, for a plan version
// that exists (in force, or revised since: CheckRevised), for the
// sender's own unit, for a
// period still open (unless t.WriteClosed), and the unit has actions to measure.
func CheckIdentity(id EntryIdentity, t EntryTarget) error {
	switch {
	case t.PlanID != 0 && id.PlanID != t.PlanID:
		return Errorf(EInvalid, "La cartella è stata generata per un altro piano (id %d, anno %d), non per il piano %d: caricarla nel piano giusto o scaricare la cartella di questo piano.", id.PlanID, id.Year, t.PlanID)
	case t.Plan == nil || t.Plan.ID != id.PlanID || t.Plan.SHA256 != id.PlanSHA:
		return Errorf(EInvalid, "La cartella è stata generata per un piano che non c'è in questo Cruscotto: scaricare la cartella dal piano in vigore.")
	case t.Plan.State == StateArchived:
		return t.Plan.State.CheckWritable(t.Plan.Year)
	case t.Unit != "" && id.Unit != t.Unit:
		return Errorf(EForbidden, "La cartella è della struttura «%s»: si possono caricare solo le cartelle della propria struttura («%s»).", id.Unit, t.Unit)
	case !t.WriteClosed && t.Period.Closed(t.Now):
		return ErrPeriodClosed(id.Period)
	case len(t.Plan.UnitActions(id.Unit)) == 0:
		return Errorf(EInvalid, "La struttura «%s» non ha azioni nel piano %d versione %d.", id.Unit, t.Plan.Year, t.Plan.Version)
	}
	return nil
}

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
	NoteCell  CellRef // zero when the workbook has no «Note» column
}

// EntryValue is a value a returned workbook gives an action, checked.
type EntryValue struct {
	Code     string
	Value    Value
	Note     string
	NoteCell CellRef
}

// CheckEntry applies the rules of a returned data-entry workbook to its
// rows, for the unit the workbook was made for: every row is one of the
// unit's actions, once, and every value fits its action. It returns the
// values and how many actions were left blank, or a refusal listing every
// problem by cell. It knows nothing of files or storage.
func CheckEntry(plan *Plan, unit string, rows []EntryRow) (values []EntryValue, blank int, err error) {
	mine := plan.UnitActionsByCode(unit)
	var problems []Problem
	seen := map[string]CellRef{}
	for _, r := range rows {
		act := mine[r.Code]
		switch {
		case act == nil:
			// another unit's action reads as one that is not there: a
			// unit learns nothing of the others' codes by adding rows
			problems = append(problems, problemAt(r.CodeCell, "il codice «%s» non è un'azione di questa cartella (struttura «%s»): toglierne la riga o ripristinare il codice originale.", Clip(r.Code), unit))
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
		values = append(values, EntryValue{Code: r.Code, Value: v, Note: r.Note, NoteCell: r.NoteCell})
	}
	if len(problems) > 0 {
		return nil, 0, ProblemsError(EInvalid, problems, "Nessun valore registrato: %s da correggere nella cartella.", Plural(len(problems), "cella", "celle"))
	}
	return values, blank, nil
}

// CheckRevised applies the rule of a workbook made for unit and version
// old of a plan whose revision current has come into force since: it is
// collected into current when every action it lists carries there
// (model.Carries) and is still the unit's, else refused with a problem at
// the code of each action that went, changed form or passed to another
// unit. Codes old never had are CheckEntry's to refuse.
func CheckRevised(old, current *Plan, unit string, rows []EntryRow) error {
	before, now := old.ActionsByCode(), current.ActionsByCode()
	var problems []Problem
	for _, r := range rows {
		a := before[r.Code]
		switch {
		case a != nil && Carries(a, now[r.Code]) && !now[r.Code].OwnedBy(unit):
			problems = append(problems, problemAt(r.CodeCell, "nella versione %d l'azione %s è passata a «%s»: toglierne la riga (la misura la struttura responsabile).", current.Version, r.Code, strings.Join(now[r.Code].Units, "», «")))
		case a == nil || Carries(a, now[r.Code]):
		case now[r.Code] == nil:
			problems = append(problems, problemAt(r.CodeCell, "l'azione %s è stata tolta dal piano nella versione %d: toglierne la riga (il valore resta nella versione %d).", r.Code, current.Version, old.Version))
		default:
			problems = append(problems, problemAt(r.CodeCell, "nella versione %d l'azione %s si misura in un'altra forma: ora si scrive %s; usare la cartella della versione in vigore.", current.Version, r.Code, Expected(now[r.Code])))
		}
	}
	if len(problems) > 0 {
		return ProblemsError(EConflict, problems, "La cartella è della versione %d del piano %d, ma la versione in vigore è la %d e %s: nessun valore registrato.", old.Version, old.Year, current.Version,
			Plural(len(problems), "azione è cambiata", "azioni sono cambiate"))
	}
	return nil
}

// problemAt is a problem in a cell.
func problemAt(at CellRef, format string, args ...any) Problem {
	return Problem{Sheet: at.Sheet, Cell: at.Name(), Severity: SeverityError, Message: fmt.Sprintf(format, args...)}
}
