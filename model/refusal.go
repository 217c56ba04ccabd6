package model

import (
	"fmt"
	"strings"
	"time"
)

// ErrPeriodClosed is the refusal of values for a closed period: the same
// sentence whether they come in a workbook, from the API or the CLI.
func ErrPeriodClosed(p Period) *Error {
	return Errorf(EConflict, "La raccolta del periodo %s è chiusa: i valori possono essere corretti solo dal Controller.", p.Label())
}

// ErrSuperseded is the refusal of values for a plan version that a
// revision replaced while they were on their way, where the version in
// force took away some of their actions (gone) or measures them in
// another form (changed). Values whose actions all carry are taken into
// the version in force instead.
func ErrSuperseded(year, version, current int, importedAt time.Time, gone, changed []string) *Error {
	var what []string
	if len(gone) > 0 {
		what = append(what, actionList(gone)+" "+map[bool]string{true: "è stata tolta", false: "sono state tolte"}[len(gone) == 1])
	}
	if len(changed) > 0 {
		what = append(what, actionList(changed)+" "+map[bool]string{true: "si misura in un'altra forma", false: "si misurano in un'altra forma"}[len(changed) == 1])
	}
	return Errorf(EConflict, "I valori sono per la versione %d del piano %d, ma nella versione in vigore (la %d, importata il %s) %s: nessun valore registrato. Scaricare la cartella della versione in vigore, che riporta i valori già registrati.",
		version, year, current, importedAt.In(Rome).Format("02/01/2006"), strings.Join(what, " e "))
}

// actionList names actions: «l'azione 1.4.1», «le azioni 1.4.1, 1.4.2».
func actionList(codes []string) string {
	const most = 10
	list := strings.Join(codes, ", ")
	if len(codes) > most {
		list = strings.Join(codes[:most], ", ") + fmt.Sprintf(" e altre %d", len(codes)-most)
	}
	if len(codes) == 1 {
		return "l'azione " + list
	}
	return "le azioni " + list
}

// ErrReplaced refuses a plan revision confirmed against a version that
// is no longer in force: another came into force after the admin looked.
var ErrReplaced = &Error{Code: EConflict,
	Message: "Nel frattempo è entrata in vigore un'altra versione del piano: nulla è stato importato. Controllare che cosa cambia rispetto alla versione in vigore ora."}

// ErrUnavailable is what a person is told when the database refuses to be
// written: nothing was stored, and it is not their fault.
var ErrUnavailable = &Error{Code: EUnavailable,
	Message: "Il servizio al momento non può registrare dati (archivio in sola lettura o disco pieno): nulla è stato registrato. Riprovare più tardi e avvisare l'amministratore del servizio."}

// ErrNoSuchUnit answers a unit's slug that no unit of the plan has, and
// one that is not the asker's alike: a unit learns nothing of the others'
// by probing.
func ErrNoSuchUnit(slug string) *Error {
	return Errorf(ENotFound, "La struttura «%s» non ha azioni nel piano.", Clip(slug))
}

// ErrNoSuchAction answers an action code that the plan lacks, and one
// that is not the asker's unit's alike.
func ErrNoSuchAction(code string, year, version int) *Error {
	return Errorf(ENotFound, "L'azione %s non esiste nel piano %d (versione %d).", Clip(code), year, version)
}
