package sqlite

import "testing"

// TestParseClosingDate reads closing dates as stored now and as stored
// before they were civil dates: the instant of the day's midnight on the
// server, whatever its zone.
func TestParseClosingDate(t *testing.T) {
	tests := []struct{ name, stored, want string }{
		{"civil date", "2021-01-31", "2021-01-31"},
		{"old, server in Rome, winter", "2021-01-30T23:00:00Z", "2021-01-31"},
		{"old, server in Rome, summer", "2021-06-29T22:00:00Z", "2021-06-30"},
		{"old, server on UTC", "2021-01-31T00:00:00Z", "2021-01-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := parseClosingDate(tt.stored); err != nil || got.String() != tt.want {
				t.Errorf("parseClosingDate(%q) = %s, %v, want %s", tt.stored, got, err, tt.want)
			}
		})
	}
}

// TestUnreadableTimeIsAnError: a stored time the store cannot read fails
// the read, instead of becoming year 1 and closing or expiring silently.
func TestUnreadableTimeIsAnError(t *testing.T) {
	var d dbTime
	if err := d.Scan("31/01/2021"); err == nil {
		t.Errorf("read %v from a malformed time", d.Time)
	}
	if _, err := parseClosingDate("domani"); err == nil {
		t.Error("read a closing date from «domani»")
	}
	var n nullTimeScan
	if err := n.Scan(nil); err != nil || n.T != nil {
		t.Errorf("NULL: %v %v", n.T, err)
	}
}
