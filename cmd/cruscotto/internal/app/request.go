package app

import (
	"slices"
	"strings"

	"cruscotto/model"
)

// Each operation that takes a request checks it first, with its Validate:
// what can be told wrong from the request alone is refused before any
// work, in the words people act on.

// Validate checks a change of password as typed: the new one twice, long
// enough, and not the current one.
func (c PasswordChange) Validate() error {
	switch {
	case c.New != c.Confirm:
		return model.Errorf(model.EInvalid, "Le due password nuove non coincidono: riscriverle.")
	case c.New == c.Current:
		return model.Errorf(model.EInvalid, "La nuova password è uguale a quella attuale: sceglierne una diversa.")
	}
	return model.CheckPassword(c.New)
}

// Validate checks the period and the method asked for.
func (q ScoreQuery) Validate() error {
	if err := validPeriod(q.Period); err != nil {
		return err
	}
	_, err := model.ParseMethod(q.Method)
	return err
}

// Validate checks the order and the period asked for.
func (q TrackerQuery) Validate() error {
	if _, err := unitOrder(q.Sort, q.Desc); err != nil {
		return err
	}
	return validPeriod(q.Period)
}

// Validate checks the plan, the period and the units named.
func (o RemindOptions) Validate() error {
	if o.PlanID <= 0 {
		return model.Errorf(model.EInvalid, "Indicare il piano dei solleciti.")
	}
	if slices.ContainsFunc(o.Units, func(u string) bool { return strings.TrimSpace(u) == "" }) {
		return model.Errorf(model.EInvalid, "Una delle strutture da sollecitare non ha nome.")
	}
	return validPeriod(o.Period)
}

// Validate checks the year, the state and the mapping given.
func (o ImportOptions) Validate() error {
	if o.Year != 0 && (o.Year < 2000 || o.Year > 2100) {
		return model.Errorf(model.EInvalid, "Anno %d non valido: il piano è di un anno tra il 2000 e il 2100.", o.Year)
	}
	if o.State != "" && !slices.Contains(model.PlanStates, o.State) {
		return model.Errorf(model.EInvalid, "Stato «%s» non valido: bozza, raccolta o archiviato.", o.State)
	}
	if o.Mapping != nil {
		return o.Mapping.Check()
	}
	return nil
}

// Validate checks the kind of workbook, the plan, the unit an entry
// workbook is for, the period and the method.
func (r FileRequest) Validate() error {
	switch {
	case r.Kind != FileEntry && r.Kind != FileScored && r.Kind != FileFilled:
		return model.Errorf(model.EInvalid, "Cartella «%s» sconosciuta.", r.Kind)
	case r.PlanID <= 0:
		return model.Errorf(model.EInvalid, "Indicare il piano della cartella.")
	case r.Kind == FileEntry && strings.TrimSpace(r.Unit) == "":
		return model.Errorf(model.EInvalid, "Indicare la struttura della cartella.")
	}
	if err := validPeriod(r.Period); err != nil {
		return err
	}
	_, err := model.ParseMethod(r.Method)
	return err
}

// validPeriod checks a period as people write it, "" for the plan's year
// end.
func validPeriod(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	_, err := model.ParsePeriod(s)
	return err
}
