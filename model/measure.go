package model

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Measurement is one value submitted for an action and a period. Nothing is
// overwritten: each submission is a new measurement, and the newest for an
// (action, period) is the current one.
type Measurement struct {
	ID         int64     `json:"id"`
	PlanID     int64     `json:"plan"`
	ActionCode string    `json:"action"`
	Period     Period    `json:"period"`
	Value      Value     `json:"value"`
	Note       string    `json:"note,omitempty"`
	Source     string    `json:"source"` // "upload", "api", "cli"
	By         string    `json:"by"`
	At         time.Time `json:"at"`
	Submission int64     `json:"submission,omitempty"`
	// Previous is the value this one replaced as current, if any.
	Previous *Value `json:"previous,omitempty"`
	// CarriedFrom is the version of the year's plan the value was
	// recorded in, when a revision carried it here; 0 when it was
	// recorded in this version.
	CarriedFrom int `json:"carried_from,omitempty"`
	// Review is the Controller's review of this value, nil while it is
	// «da validare».
	Review *Review `json:"review,omitempty"`
	// SentFor is the unit whose workbook or principal sent the value, ""
	// when the Controller's staff entered it (the API or the command
	// line, as administrators).
	SentFor string `json:"-"`
}

// ReviewStatus is what the Controller's staff made of a value.
type ReviewStatus string

// The review statuses; a value without a review is «da validare».
const (
	ReviewValidated ReviewStatus = "validato"
	ReviewToRevise  ReviewStatus = "da rivedere"
)

// ParseReviewStatus reads a status as the pages and the API write it.
func ParseReviewStatus(s string) (ReviewStatus, error) {
	switch Fold(s) {
	case "validato", "valid", "validated":
		return ReviewValidated, nil
	case "da rivedere", "rivedere", "revise":
		return ReviewToRevise, nil
	}
	return "", Errorf(EInvalid, "Esito della verifica «%s» sconosciuto: scrivere «validato» o «da rivedere».", Clip(s))
}

// Review is the Controller's review of one value.
type Review struct {
	Status  ReviewStatus `json:"status"`
	Comment string       `json:"comment,omitempty"`
	By      string       `json:"by"`
	At      time.Time    `json:"at"`
}

// MaxCommentBytes bounds a review's comment: a few sentences.
const MaxCommentBytes = 2000

// ReviewLabel is a value's review as the pages say it: «validato», «da
// rivedere», «da validare».
func (m *Measurement) ReviewLabel() string {
	if m == nil || m.Review == nil {
		return "da validare"
	}
	return string(m.Review.Status)
}

// CarriedLabel says where a carried value comes from, as the history
// shows it: «riportato dalla versione 1»; "" for a value recorded here.
func (m Measurement) CarriedLabel() string {
	if m.CarriedFrom == 0 {
		return ""
	}
	return fmt.Sprintf("riportato dalla versione %d", m.CarriedFrom)
}

// The sources of a measurement.
const (
	SourceUpload = "upload"
	SourceAPI    = "api"
	SourceCLI    = "cli"
)

// Expected describes, in Italian, what a measured value of action a looks
// like: it is the hint shown in data-entry workbooks and error messages.
func Expected(a *Action) string {
	if a.Qualitative {
		return "la valutazione del raggiungimento in percentuale, da 0 a 100 (per esempio 85%)"
	}
	switch a.Target.Kind {
	case KindPercent:
		return "una percentuale (per esempio 55%)"
	case KindDays:
		return "un numero di giorni (per esempio 27 gg)"
	case KindHours:
		return "un numero di ore (per esempio 18 ore)"
	case KindEuro:
		return "un importo in euro (per esempio 75 €)"
	case KindMonth:
		return "il mese di completamento (per esempio ottobre) o la data (15/10/2020)"
	case KindDate:
		return "la data di completamento (per esempio 15/07/2022)"
	case KindYesNo:
		return "SI o NO"
	}
	return "un numero non negativo (per esempio 5 o 4,5)"
}

// ExpectedKind is the kind a measured value of a is stored as.
func ExpectedKind(a *Action) Kind {
	if a.Qualitative {
		return KindPercent
	}
	return a.Target.Kind
}

// CheckMeasured checks a value parsed from what a person typed (ParseText,
// ParseNumber) against the action it measures, and returns it with the
// action's kind. A value that does not fit gets an Italian sentence naming
// the action, the value and what was expected.
func CheckMeasured(a *Action, v Value) (Value, error) {
	want := ExpectedKind(a)
	fail := func(why string) (Value, error) {
		return Value{}, Errorf(EInvalid, "azione %s: «%s» %s; scrivere %s.", a.Code, Clip(v.Raw), why, Expected(a))
	}
	if !v.Numeric() {
		if strings.TrimSpace(v.Raw) == "" {
			return fail("è vuoto")
		}
		return fail("non è un valore")
	}
	if v.Op != "" {
		return fail("ha un segno di confronto (un valore misurato si scrive senza «" + string(v.Op) + "»)")
	}
	if want == KindMonth {
		// a date measured against a month target counts as its month
		if m, ok := MonthOf(v); ok {
			v.Number, v.Kind = &m, KindMonth
		}
	}
	n := *v.Number
	switch want {
	case KindMonth:
		if v.Kind != KindMonth {
			return fail("non è un mese")
		}
	case KindDate:
		if v.Kind != KindDate {
			return fail("non è una data")
		}
	case KindYesNo:
		if v.Kind != KindYesNo {
			return fail("non è una risposta SI o NO")
		}
	case KindPercent:
		if v.Kind != KindPercent && v.Kind != KindNumber {
			return fail("non è una percentuale")
		}
		if n < 0 && !negativeTarget(a) {
			return fail("è negativo")
		}
		if a.Qualitative && n > 100 {
			return fail("supera 100")
		}
	case KindNumber:
		// a plan may leave out the unit ("28" for a number of days): a
		// value typed with one ("27 gg") is still a number, but a
		// percentage or a month is not
		if v.Kind == KindPercent || v.Kind == KindMonth || v.Kind == KindDate || v.Kind == KindYesNo {
			return fail("non è " + kindArticle(want))
		}
		if n < 0 && !negativeTarget(a) {
			return fail("è negativo")
		}
	default:
		if v.Kind != want && v.Kind != KindNumber {
			return fail("non è " + kindArticle(want))
		}
		if n < 0 && !negativeTarget(a) {
			return fail("è negativo")
		}
	}
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return fail("non è un valore")
	}
	v.Kind = want
	return v, nil
}

// clipRunes is how much of a value a message repeats: enough to recognise
// it, never the megabytes someone may send.
const clipRunes = 60

// Clip shortens text a person sent to what a message may repeat.
func Clip(s string) string {
	if utf8.RuneCountInString(s) <= clipRunes {
		return s
	}
	r := []rune(s)
	return string(r[:clipRunes]) + "…"
}

// negativeTarget reports whether an action aims below zero («≤ -5 gg»: five
// days less than last year), so that negative values are what it expects.
func negativeTarget(a *Action) bool { return a.Target.Numeric() && *a.Target.Number < 0 }

func kindArticle(k Kind) string {
	switch k {
	case KindDays:
		return "un numero di giorni"
	case KindHours:
		return "un numero di ore"
	case KindEuro:
		return "un importo in euro"
	case KindNumber:
		return "un numero"
	}
	return fmt.Sprintf("un valore di tipo %s", k)
}

// MaxValuesPerSubmission bounds the values of one submission, under
// SQLite's 32,766 parameters per statement with room for the rest; a plan
// of 10,000 actions fits three times.
const MaxValuesPerSubmission = 30_000

// MaxValuesBodyBytes bounds the body of a request of values (code →
// value as JSON): MaxValuesPerSubmission values of a hundred bytes each.
const MaxValuesBodyBytes = MaxValuesPerSubmission * 100

// ParseMeasured parses a value as typed (a string) or as sent by a program
// (a JSON number, taken in the action's unit: 55 is 55% for a percentage)
// and checks it against the action.
func ParseMeasured(a *Action, typed any) (Value, error) {
	switch t := typed.(type) {
	case string:
		return CheckMeasured(a, ParseText(t))
	case float64:
		v := ParseNumber(t, FormatGeneral)
		return CheckMeasured(a, v)
	case int:
		return ParseMeasured(a, float64(t))
	case nil:
		return Value{}, Errorf(EInvalid, "azione %s: valore mancante; scrivere %s.", a.Code, Expected(a))
	}
	return Value{}, Errorf(EInvalid, "azione %s: valore di tipo non ammesso (%v); scrivere %s come testo o numero.", a.Code, typed, Expected(a))
}

// SameMeasured reports whether two measured values of one action say the
// same: the same text, or the same number of the same kind («9 gg» typed
// on a page and «9» returned in the workbook that showed it). Sending the
// same value again stores nothing.
func SameMeasured(a, b Value) bool {
	if a.Raw == b.Raw {
		return true
	}
	return a.Numeric() && b.Numeric() && a.Kind == b.Kind && a.Op == b.Op && *a.Number == *b.Number
}
