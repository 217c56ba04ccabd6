package model

// Operation is something a principal asks Cruscotto to do. Who may do
// what is decided here, once: the web routes, the pages and the app's
// operations ask May, MayOn or Authorize (the store asks nothing).
type Operation string

// The operations.
const (
	OpImportPlan    Operation = "import-plan"    // upload a plan, confirm a mapping
	OpReadPlan      Operation = "read-plan"      // list and read plans; a unit sees its own actions
	OpReadScores    Operation = "read-scores"    // attainment and scores; a unit sees its own
	OpEntryWorkbook Operation = "entry-workbook" // download a unit's data-entry workbook
	OpSendValues    Operation = "send-values"    // return a workbook, send values through the API
	OpReadUpload    Operation = "read-upload"    // a refused file's correction workbook
	OpResults       Operation = "results"        // the whole-plan workbooks: scored workbook, filled plan, tracker export
	OpReadPeriod    Operation = "read-period"    // whether a period is open, its closing date
	OpSetPeriod     Operation = "set-period"     // close, reopen, set a closing date
	OpManageUsers   Operation = "manage-users"   // users, passwords and tokens of others
	OpReadWarnings  Operation = "read-warnings"  // a plan version's import warnings, any time
	OpMergeUnits    Operation = "merge-units"    // merge a unit's name as written in a plan into another
	OpTrack         Operation = "track"          // each unit's progress and uploads for a period; a unit its own
	OpRemind        Operation = "remind"         // e-mail reminders to the units that owe values
	OpReview        Operation = "review"         // mark a value «validato» or «da rivedere»
	OpWriteClosed   Operation = "write-closed"   // send values to a period already closed: the Controller's corrections
)

// Operations lists every operation, for tests and documentation.
var Operations = []Operation{OpImportPlan, OpReadPlan, OpReadScores, OpEntryWorkbook, OpSendValues, OpReadUpload,
	OpResults, OpReadPeriod, OpSetPeriod, OpManageUsers, OpReadWarnings, OpMergeUnits, OpTrack, OpRemind, OpReview, OpWriteClosed}

// policy is the whole access policy: for each role, the operations it may
// do. A unit's operations are further confined to its own unit (MayOn).
var policy = map[Role]map[Operation]bool{
	RoleAdmin: {OpImportPlan: true, OpReadPlan: true, OpReadScores: true, OpEntryWorkbook: true, OpSendValues: true,
		OpReadUpload: true, OpResults: true, OpReadPeriod: true, OpSetPeriod: true, OpManageUsers: true,
		OpReadWarnings: true, OpMergeUnits: true, OpTrack: true, OpRemind: true, OpReview: true, OpWriteClosed: true},
	// management reads everything and changes nothing (the warnings are
	// in the scored workbook it downloads already)
	RoleViewer: {OpReadPlan: true, OpReadScores: true, OpResults: true, OpReadPeriod: true, OpReadWarnings: true, OpTrack: true},
	// a unit works on its own actions; the whole-plan workbooks would show
	// it every other unit's figures
	RoleUnit: {OpReadPlan: true, OpReadScores: true, OpEntryWorkbook: true, OpSendValues: true, OpReadUpload: true,
		OpReadPeriod: true, OpTrack: true},
}

// May reports whether p may do op at all, for some unit.
func May(p Principal, op Operation) bool {
	if p.Role == RoleUnit && p.Unit == "" {
		return false // a unit principal bound to no unit sees nothing
	}
	return policy[p.Role][op]
}

// MayOn reports whether p may do op on the data of unit: a unit
// principal only on its own unit's, never on data of no unit ("").
func MayOn(p Principal, op Operation, unit string) bool {
	if !May(p, op) {
		return false
	}
	return p.Role != RoleUnit || unit == p.Unit
}

// Confined returns the unit p is confined to, or "" when p sees every
// unit's data.
func (p Principal) Confined() string {
	if p.Role == RoleUnit {
		return p.Unit
	}
	return ""
}

// Authorize is May as an error: nil, or EForbidden with a sentence.
func Authorize(p Principal, op Operation) error {
	if May(p, op) {
		return nil
	}
	return Errorf(EForbidden, "Operazione non consentita al ruolo «%s».", p.Role.Label())
}

// AuthorizeOn is MayOn as an error that says which unit p may act for.
func AuthorizeOn(p Principal, op Operation, unit string) error {
	if err := Authorize(p, op); err != nil {
		return err
	}
	if MayOn(p, op, unit) {
		return nil
	}
	switch op {
	case OpEntryWorkbook:
		return Errorf(EForbidden, "Si può scaricare solo la cartella della propria struttura («%s»).", p.Unit)
	case OpReadScores:
		return Errorf(EForbidden, "Si possono vedere solo i risultati della propria struttura («%s»).", p.Unit)
	case OpSendValues:
		return Errorf(EForbidden, "Si possono inviare solo i valori della propria struttura («%s»).", p.Unit)
	}
	return Errorf(EForbidden, "Operazione consentita solo sui dati della propria struttura («%s»).", p.Unit)
}
