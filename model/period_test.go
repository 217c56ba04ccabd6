package model_test

import (
	"testing"
	"time"

	"cruscotto/model"
)

func TestReopened(t *testing.T) {
	now := time.Date(2021, 2, 10, 9, 0, 0, 0, time.UTC)
	passed, coming := model.Date{Year: 2021, Month: 1, Day: 31}, model.Date{Year: 2021, Month: 3, Day: 31}
	today := model.Date{Year: 2021, Month: 2, Day: 10} // open until the day ends, Rome time
	tests := []struct {
		name        string
		closesOn    *model.Date
		want        *model.Date
		wantCleared bool
	}{
		{"NoDate", nil, nil, false},
		{"DateToCome", &coming, &coming, false},
		{"Today", &today, &today, false},
		{"DatePassed", &passed, nil, true},
	}
	for _, tt := range tests {
		got, cleared := model.PeriodState{ClosesOn: tt.closesOn}.Reopened(now)
		if cleared != tt.wantCleared || (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
			t.Errorf("%s: Reopened = %v, %v; want %v, %v", tt.name, got, cleared, tt.want, tt.wantCleared)
		}
	}
}
