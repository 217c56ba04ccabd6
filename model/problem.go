package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Severity tells whether a problem stops an import (Error) or is only
// reported with the stored result (Warning).
type Severity string

// The severities of a problem.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Problem is one thing wrong in a user's file, located by sheet and cell so
// that the user can go and fix it. Message is Italian and says what to do.
type Problem struct {
	Sheet    string   `json:"-"`
	Cell     string   `json:"-"`
	Severity Severity `json:"-"`
	Message  string   `json:"message"`
	// Kind tells problems a person fixes in another way: ProblemHeader is
	// a header the importer does not understand, which a mapping fixes.
	Kind string `json:"-"`
}

// ProblemHeader marks a problem with a sheet's header: no header found,
// or a required column not recognised.
const ProblemHeader = "header"

// HeaderProblem reports whether err refuses a file for its headers, so
// that the person can say which column is which instead.
func HeaderProblem(err error) bool {
	for _, p := range ErrorProblems(err) {
		if p.Kind == ProblemHeader {
			return true
		}
	}
	return false
}

// Location returns "Sheet!A1", "Sheet" or "" depending on what is known.
func (p Problem) Location() string {
	switch {
	case p.Sheet != "" && p.Cell != "":
		return p.Sheet + "!" + p.Cell
	default:
		return p.Sheet
	}
}

// String renders the problem as "Sheet!A1: message".
func (p Problem) String() string {
	if loc := p.Location(); loc != "" {
		return loc + ": " + p.Message
	}
	return p.Message
}

// MarshalJSON renders the problem as {"cell":"Sheet!A1","message":"…"}.
func (p Problem) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Cell    string `json:"cell"`
		Message string `json:"message"`
	}{p.Location(), p.Message})
}

// UnmarshalJSON reads the form written by MarshalJSON.
func (p *Problem) UnmarshalJSON(b []byte) error {
	var raw struct{ Cell, Message string }
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	p.Message = raw.Message
	if i := strings.LastIndex(raw.Cell, "!"); i >= 0 {
		p.Sheet, p.Cell = raw.Cell[:i], raw.Cell[i+1:]
	} else {
		p.Sheet = raw.Cell
	}
	return nil
}

// Code classifies an Error so that callers (the CLI's exit code, the web
// layer's HTTP status) can react without parsing messages.
type Code string

// The error codes Cruscotto uses.
const (
	EInvalid  Code = "invalid"  // the user's input was rejected
	ENotFound Code = "notfound" // the thing asked for does not exist
	EConflict Code = "conflict" // the request clashes with the current state
	EInternal Code = "internal" // a bug or an environment failure
	ETimeout  Code = "timeout"  // the work took longer than its deadline
	// EUnavailable is an environment failure the user should hear about:
	// the database cannot be written (read-only, disk full, I/O error).
	EUnavailable Code = "unavailable"
)

// Error is an error meant for a person: Message is an Italian sentence that
// says what happened and what to do; Problems lists every located problem
// when there are several (one per cell).
type Error struct {
	Code     Code
	Message  string
	Problems []Problem
}

func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		return e.Message
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for _, p := range e.Problems {
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return b.String()
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// MaxListedProblems is how many problems an error lists. A file with
// thousands of wrong cells gets the first ones and a count of the rest:
// a person fixes them from the top anyway, and responses, stored messages
// and correction workbooks stay small whatever a sender makes up.
const MaxListedProblems = 200

// ProblemsError returns an *Error listing problems, at most
// MaxListedProblems of them: the first ones, then one that says how many
// more there are. The message should give the full count.
func ProblemsError(code Code, problems []Problem, format string, args ...any) *Error {
	e := Errorf(code, format, args...)
	e.Problems = problems
	if n := len(problems) - MaxListedProblems; n > 0 {
		e.Problems = append(problems[:MaxListedProblems:MaxListedProblems], Problem{Severity: SeverityError,
			Message: fmt.Sprintf("… e altri %d problemi non elencati: correggere quelli indicati e ricaricare il file per vedere i successivi.", n)})
	}
	return e
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EInternal
	}
}

// ErrorMessage returns the user-facing message of err: the *Error's message,
// or a generic Italian sentence for internal errors, whose details are for
// the log only.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Errore interno: riprovare; se il problema persiste, avvisare l'assistenza."
}

// ErrorProblems returns the located problems carried by err, if any.
func ErrorProblems(err error) []Problem {
	var e *Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}

// Plural writes a count with its noun in Italian: «1 valore», «3 valori».
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return FormatNumber(float64(n)) + " " + many // «10.000 azioni»
}
