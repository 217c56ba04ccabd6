package model

import (
	"strings"
	"time"
	_ "time/tzdata" // Europe/Rome must resolve on machines without a zoneinfo database
)

// Rome is the Chamber's time zone: closing dates and the times printed on
// workbooks are Europe/Rome civil time wherever the service runs.
var Rome = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		panic(err) // time/tzdata is embedded: this cannot fail
	}
	return loc
}()

// Date is a civil date with no time of day, such as a period's closing
// date. It is a day on the Chamber's calendar, so it turns into instants
// only through Rome.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const dateLayout = "2006-01-02"

// ParseDate reads "2021-01-31".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return Date{}, Errorf(EInvalid, "Data «%s» non valida: scrivere AAAA-MM-GG (2021-01-31).", s)
	}
	return DateOf(t), nil
}

// DateOf is the civil date of t in the time zone t carries.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is the zero Date, meaning no date.
func (d Date) IsZero() bool { return d == Date{} }

// String renders d as ParseDate reads it.
func (d Date) String() string { return d.start().Format(dateLayout) }

// Italian renders d as Italians write it: 31/01/2021.
func (d Date) Italian() string { return d.start().Format("02/01/2006") }

// start is 00:00 of d in Rome.
func (d Date) start() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Rome) }

// End is the first instant after d: 00:00 Europe/Rome of the next day. A
// date like «entro il 31/01» includes the whole of the 31st.
func (d Date) End() time.Time { return time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, Rome) }

// MarshalText renders d for JSON: "2021-01-31".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads d from JSON.
func (d *Date) UnmarshalText(b []byte) error {
	q, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = q
	return nil
}
