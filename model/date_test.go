package model_test

import (
	"encoding/json"
	"testing"
	"time"

	"cruscotto/model"
)

// TestClosingDay: a period closing on a date is open for the whole of that
// day in Rome and closed from 00:00 of the next, whatever the length of
// the day (DST) and the zone the clock reports in.
func TestClosingDay(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, model.Rome)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UTC() // servers often run on UTC
	}
	tests := []struct {
		name, closesOn string
		now            time.Time
		closed         bool
	}{
		{"winter 23:59", "2021-01-31", at("2021-01-31 23:59"), false},
		{"winter 00:00 next day", "2021-01-31", at("2021-02-01 00:00"), true},
		{"winter 00:00 of the day", "2021-01-31", at("2021-01-31 00:00"), false},
		{"day before DST starts 23:59", "2021-03-27", at("2021-03-27 23:59"), false},
		{"day before DST starts 00:00", "2021-03-27", at("2021-03-28 00:00"), true},
		{"DST start day 23:59", "2021-03-28", at("2021-03-28 23:59"), false},
		{"DST start day 00:00", "2021-03-28", at("2021-03-29 00:00"), true},
		{"DST end day 23:59", "2021-10-31", at("2021-10-31 23:59"), false},
		{"DST end day 00:00", "2021-10-31", at("2021-11-01 00:00"), true},
		{"summer 22:00 UTC is already 00:00 next day in Rome", "2021-06-30", time.Date(2021, 6, 30, 22, 0, 0, 0, time.UTC), true},
		{"summer 21:59 UTC is 23:59 in Rome", "2021-06-30", time.Date(2021, 6, 30, 21, 59, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := model.ParseDate(tt.closesOn)
			if err != nil {
				t.Fatal(err)
			}
			st := model.PeriodState{ClosesOn: &d}
			if got := st.Closed(tt.now); got != tt.closed {
				t.Errorf("closes on %s, at %s: closed %v, want %v", d, tt.now.In(model.Rome), got, tt.closed)
			}
		})
	}
}

func TestDateJSON(t *testing.T) {
	st := model.PeriodState{Period: model.Period{Year: 2020}, ClosesOn: &model.Date{Year: 2021, Month: 1, Day: 31}}
	b, err := json.Marshal(st)
	if err != nil || string(b) != `{"period":"2020","closes_on":"2021-01-31"}` {
		t.Fatalf("%s %v", b, err)
	}
	var back model.PeriodState
	if err := json.Unmarshal(b, &back); err != nil || *back.ClosesOn != *st.ClosesOn || back.ClosesOn.Italian() != "31/01/2021" {
		t.Errorf("%+v %v", back, err)
	}
	for _, bad := range []string{"31/01/2021", "2021-02-30", "2021-1-31", ""} {
		if _, err := model.ParseDate(bad); model.ErrorCode(err) != model.EInvalid {
			t.Errorf("ParseDate(%q) = %v", bad, err)
		}
	}
}
