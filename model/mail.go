package model

import (
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ParseEmail checks an e-mail address and returns it in the form it is
// stored: the address alone (a display name dropped: «Mario Rossi
// <m.rossi@cciaa.it>» is m.rossi@cciaa.it), lower-case. "" clears it.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || !strings.Contains(a.Address, "@") || strings.ContainsAny(a.Address, " \t\r\n") {
		return "", Errorf(EInvalid, "«%s» non è un indirizzo e-mail valido: scriverlo come nome@dominio.it.", s)
	}
	local, domain, _ := strings.Cut(a.Address, "@")
	if local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", Errorf(EInvalid, "«%s» non è un indirizzo e-mail valido: scriverlo come nome@dominio.it.", s)
	}
	return strings.ToLower(a.Address), nil
}

// The kinds of message the service sends.
const (
	MailReminder = "reminder" // a unit still owes values
	MailReceipt  = "receipt"  // what became of a sender's upload
	MailDigest   = "digest"   // the weekly list of who is missing
)

// The states of a message in the outbox.
const (
	MailQueued = "queued" // to send at NextAttemptAt
	MailSent   = "sent"
	MailFailed = "failed" // given up: LastError is the server's answer
)

// OutboxMessage is a message in the outbox: whole, as it will be sent.
type OutboxMessage struct {
	ID            int64      `json:"id"`
	Kind          string     `json:"kind"`
	PlanID        int64      `json:"plan_id,omitempty"`
	Period        string     `json:"period,omitempty"`
	Unit          string     `json:"unit,omitempty"`
	Recipient     string     `json:"-"` // never shown to other units
	Subject       string     `json:"subject"`
	MessageID     string     `json:"message_id"`
	MIME          []byte     `json:"-"`
	Size          int        `json:"size"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	LastError     string     `json:"last_error,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at,omitempty"`
}

// ReminderRecord is a unit reminded, on a day, by someone or by the
// service.
type ReminderRecord struct {
	PlanID   int64     `json:"plan_id"`
	Period   string    `json:"period"`
	Unit     string    `json:"unit"`
	Day      string    `json:"day"` // RemindDay
	Auto     bool      `json:"auto"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	Messages int       `json:"messages"`
}

// MailRetries is how many times a message is tried before it is given
// up; MailBackoff the wait after the n-th failed attempt: 1, 2, 4 …
// minutes, at most 6 hours.
const MailRetries = 10

// MailBackoff returns the wait after n failed attempts.
func MailBackoff(n int) time.Duration {
	d := time.Minute << min(max(n-1, 0), 20)
	return min(d, 6*time.Hour)
}

// DefaultReminderDays are the days before a closing date on which the
// service reminds the units by itself, unless a plan says otherwise.
var DefaultReminderDays = []int{7, 1}

// ParseReminderDays reads the days a plan's units are reminded before a
// closing date: «7,1», «14, 7, 2», or «nessuno» (none).
func ParseReminderDays(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" || Fold(s) == "nessuno" || Fold(s) == "none" {
		return []int{}, nil
	}
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || n > 90 {
			return nil, Errorf(EInvalid, "«%s»: scrivere i giorni prima della chiusura separati da virgole, per esempio 7,1 (da 0 a 90), o «nessuno».", s)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}
