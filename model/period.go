package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is when a measurement is taken: the year-end figure (consuntivo,
// Month 0) or interim monitoring at the end of a month.
type Period struct {
	Year  int
	Month int // 1–12, or 0 for the year-end figure
}

// ParsePeriod reads "2020" (year end) or "2020-06" (end of June).
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	y, m, hasMonth := strings.Cut(s, "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || year < 2000 || year > 2100 {
		return Period{}, Errorf(EInvalid, "Periodo «%s» non valido: scrivere l'anno (2020) per il consuntivo o anno e mese (2020-06) per un monitoraggio.", s)
	}
	p := Period{Year: year}
	if hasMonth {
		month, err := strconv.Atoi(m)
		if err != nil || len(m) != 2 || month < 1 || month > 12 {
			return Period{}, Errorf(EInvalid, "Periodo «%s» non valido: il mese va scritto con due cifre, da 01 a 12 (2020-06).", s)
		}
		p.Month = month
	}
	return p, nil
}

// String renders the period as ParsePeriod reads it.
func (p Period) String() string {
	if p.Month == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-%02d", p.Year, p.Month)
}

// Key orders periods by date: the year-end figure comes after December's
// monitoring (2020-11 < 2020-12 < 2020).
func (p Period) Key() int {
	m := p.Month
	if m == 0 {
		m = 13
	}
	return p.Year*100 + m
}

// Before reports whether p comes before q.
func (p Period) Before(q Period) bool { return p.Key() < q.Key() }

// Label is the period in Italian words: "consuntivo 2020", "giugno 2020".
func (p Period) Label() string {
	if p.Month == 0 {
		return fmt.Sprintf("consuntivo %d", p.Year)
	}
	return fmt.Sprintf("%s %d", MonthNames[p.Month-1], p.Year)
}

// ShortLabel is the period within its year, for a line that names the
// plan already: «consuntivo», «giugno».
func (p Period) ShortLabel() string {
	if p.Month == 0 {
		return "consuntivo"
	}
	return MonthNames[p.Month-1]
}

// MarshalText renders the period for JSON.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a period from JSON.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// PeriodState is whether a plan's period is open for collection.
type PeriodState struct {
	Period   Period     `json:"period"`
	ClosedAt *time.Time `json:"closed_at,omitempty"`
	ClosedBy string     `json:"closed_by,omitempty"` // who closed it by hand
	// ClosesOn is a closing date set in advance: collection stays open
	// for the whole of that day, Europe/Rome time.
	ClosesOn *Date `json:"closes_on,omitempty"`
}

// Closed reports whether the period is closed at time now.
func (s PeriodState) Closed(now time.Time) bool {
	return s.ClosedAt != nil || (s.ClosesOn != nil && !now.Before(s.ClosesOn.End()))
}

// Reopened is the closing date a period keeps when it is reopened at now,
// and whether its own was cleared: a date already passed would close it
// again at once.
func (s PeriodState) Reopened(now time.Time) (closesOn *Date, cleared bool) {
	if s.ClosesOn != nil && !now.Before(s.ClosesOn.End()) {
		return nil, true
	}
	return s.ClosesOn, false
}
