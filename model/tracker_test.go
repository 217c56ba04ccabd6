package model_test

import (
	"testing"
	"time"

	"cruscotto/model"
)

func TestStatusOf(t *testing.T) {
	tests := []struct {
		name              string
		actions, measured int
		want              model.CollectionStatus
		label             string
	}{
		{"None", 5, 0, model.StatusMissing, "nessun valore"},
		{"Some", 5, 3, model.StatusPartial, "parziale"},
		{"All", 5, 5, model.StatusComplete, "completa"},
		{"NothingToMeasure", 0, 0, model.StatusComplete, "completa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := model.StatusOf(tt.actions, tt.measured)
			if got != tt.want || got.Label() != tt.label {
				t.Errorf("StatusOf(%d, %d) = %s (%s), want %s (%s)", tt.actions, tt.measured, got, got.Label(), tt.want, tt.label)
			}
		})
	}
	if !(model.StatusMissing.Rank() < model.StatusPartial.Rank() && model.StatusPartial.Rank() < model.StatusComplete.Rank()) {
		t.Error("the statuses do not rank missing, partial, complete")
	}
}

// TestDaysLeft counts civil days in Rome: the closing day is day 0 until
// its midnight in Rome, whatever UTC says, across a change of time.
func TestDaysLeft(t *testing.T) {
	closes := model.Date{Year: 2021, Month: 3, Day: 31}
	st := model.PeriodState{ClosesOn: &closes}
	tests := []struct {
		name string
		now  time.Time
		want int
	}{
		{"Before the summer time", time.Date(2021, 3, 20, 9, 0, 0, 0, model.Rome), 11},
		{"The day before", time.Date(2021, 3, 30, 23, 59, 0, 0, model.Rome), 1},
		{"The closing day, early in Rome, still the 30th in UTC", time.Date(2021, 3, 31, 0, 30, 0, 0, model.Rome), 0},
		{"The closing day, late", time.Date(2021, 3, 31, 23, 59, 0, 0, model.Rome), 0},
		{"The next day", time.Date(2021, 4, 1, 0, 0, 0, 0, model.Rome), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := st.DaysLeft(tt.now.UTC())
			if !ok || got != tt.want {
				t.Errorf("DaysLeft = %d, %v; want %d", got, ok, tt.want)
			}
			if closed := st.Closed(tt.now); closed != (tt.want < 0) {
				t.Errorf("Closed = %v with %d days left", closed, tt.want)
			}
		})
	}
	if _, ok := (model.PeriodState{}).DaysLeft(time.Now()); ok {
		t.Error("days left without a closing date")
	}
}

func TestUploadForUnit(t *testing.T) {
	cell := []model.Problem{{Cell: "H7", Message: "non è un numero"}}
	tests := []struct {
		name        string
		u           model.Upload
		unit        string
		correctable bool
	}{
		{"UnitSendsItsOwn", model.Upload{Unit: "SG", WorkbookUnit: "SG", Outcome: model.OutcomeAccepted}, "SG", false},
		{"UnitSendsAnother", model.Upload{Unit: "SG", WorkbookUnit: "Mediazione", Outcome: model.OutcomeRejected, Receipt: &model.Receipt{Problems: cell}}, "SG", true},
		{"AdminOnBehalf", model.Upload{WorkbookUnit: "Mediazione", Outcome: model.OutcomeRejected, Receipt: &model.Receipt{}}, "Mediazione", false},
		{"ContentDropped", model.Upload{Unit: "SG", Outcome: model.OutcomeRejected, Dropped: true, Receipt: &model.Receipt{Problems: cell}}, "SG", false},
		{"NoReceipt", model.Upload{Unit: "SG", Outcome: model.OutcomeRejected}, "SG", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.u.ForUnit(); got != tt.unit {
				t.Errorf("ForUnit = %q, want %q", got, tt.unit)
			}
			if got := tt.u.Correctable(); got != tt.correctable {
				t.Errorf("Correctable = %v, want %v", got, tt.correctable)
			}
		})
	}
}
