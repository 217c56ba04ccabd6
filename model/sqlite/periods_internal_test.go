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
			if got := parseClosingDate(tt.stored).String(); got != tt.want {
				t.Errorf("parseClosingDate(%q) = %s, want %s", tt.stored, got, tt.want)
			}
		})
	}
}
