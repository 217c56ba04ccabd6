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

// ErrSuperseded is the refusal of values for a plan version that is no
// longer in force, where the version in force lost some of their actions
// or measures them in another form (codes): the same sentence for a
// collected workbook and for values sent through the API. Values whose
// actions all carry are taken into the version in force instead.
func ErrSuperseded(year, version, current int, importedAt time.Time, codes []string) *Error {
	return Errorf(EConflict, "I valori sono per la versione %d del piano %d, ma nella versione in vigore (la %d, importata il %s) %s: nessun valore registrato. Scaricare la cartella della versione in vigore, che riporta i valori già registrati.",
		version, year, current, importedAt.In(Rome).Format("02/01/2006"), goneActions(codes))
}

// goneActions says which actions a revision took away or changed.
func goneActions(codes []string) string {
	const most = 10
	list := strings.Join(codes, ", ")
	if len(codes) > most {
		list = strings.Join(codes[:most], ", ") + fmt.Sprintf(" e altre %d", len(codes)-most)
	}
	if len(codes) == 1 {
		return "l'azione " + list + " è stata tolta o si misura in un'altra forma"
	}
	return "le azioni " + list + " sono state tolte o si misurano in un'altra forma"
}

// ErrReplaced refuses a plan revision confirmed against a version that
// is no longer in force: another came into force after the admin looked.
var ErrReplaced = &Error{Code: EConflict,
	Message: "Nel frattempo è entrata in vigore un'altra versione del piano: nulla è stato importato. Controllare che cosa cambia rispetto alla versione in vigore ora."}

// ErrUnavailable is what a person is told when the database refuses to be
// written: nothing was stored, and it is not their fault.
var ErrUnavailable = &Error{Code: EUnavailable,
	Message: "Il servizio al momento non può registrare dati (archivio in sola lettura o disco pieno): nulla è stato registrato. Riprovare più tardi e avvisare l'amministratore del servizio."}
