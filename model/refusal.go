package model

import "time"

// ErrPeriodClosed is the refusal of values for a closed period: the same
// sentence whether they come in a workbook, from the API or the CLI.
func ErrPeriodClosed(p Period) *Error {
	return Errorf(EConflict, "La raccolta del periodo %s è chiusa: i valori possono essere corretti solo dal Controller.", p.Label())
}

// ErrSuperseded is the refusal of values for a plan version that is no
// longer in force: the same sentence for a collected workbook and for
// values sent through the API.
func ErrSuperseded(year, version, current int, importedAt time.Time) *Error {
	return Errorf(EConflict, "I valori sono per la versione %d del piano %d, ma la versione in vigore è la %d (importata il %s): scaricare la nuova cartella e ricopiarvi i valori.",
		version, year, current, importedAt.In(Rome).Format("02/01/2006"))
}

// ErrUnavailable is what a person is told when the database refuses to be
// written: nothing was stored, and it is not their fault.
var ErrUnavailable = &Error{Code: EUnavailable,
	Message: "Il servizio al momento non può registrare dati (archivio in sola lettura o disco pieno): nulla è stato registrato. Riprovare più tardi e avvisare l'amministratore del servizio."}
