package model_test

import (
	"reflect"
	"testing"
	"time"

	"cruscotto/model"
)

func TestReconcile(t *testing.T) {
	seen := time.Date(2021, 1, 10, 9, 0, 0, 0, time.UTC)
	before, after := seen.Add(-time.Hour), seen.Add(time.Hour)
	raw := func(s string) *string { return &s }
	in := func(code, value, note string) model.MeasurementInput {
		return model.MeasurementInput{ActionCode: code, Value: model.ParseText(value), Note: note}
	}
	held := func(value, note string, at time.Time, then *string) model.Held {
		return model.Held{Value: model.ParseText(value), Note: note, At: at, Then: then}
	}
	tests := []struct {
		name      string
		held      map[string]model.Held
		sent      []model.MeasurementInput
		since     time.Time
		write     []string
		stale     []string
		unchanged int
	}{
		{"NothingHeldIsWritten", nil, []model.MeasurementInput{in("1.1.1", "5", "")}, seen, []string{"1.1.1"}, nil, 0},
		{"SameValueAndNoteUnchanged", map[string]model.Held{"1.1.1": held("5", "ok", before, nil)},
			[]model.MeasurementInput{in("1.1.1", "5", "ok")}, time.Time{}, nil, nil, 1},
		{"SameNumberOtherSpellingUnchanged", map[string]model.Held{"1.1.1": held("4,50", "", before, nil)},
			[]model.MeasurementInput{in("1.1.1", "4,5", "")}, time.Time{}, nil, nil, 1},
		{"SameValueNewNoteWritten", map[string]model.Held{"1.1.1": held("5", "", before, nil)},
			[]model.MeasurementInput{in("1.1.1", "5", "ritardo")}, time.Time{}, []string{"1.1.1"}, nil, 0},
		{"NewValueWritten", map[string]model.Held{"1.1.1": held("5", "", before, nil)},
			[]model.MeasurementInput{in("1.1.1", "6", "")}, seen, []string{"1.1.1"}, nil, 0},
		{"LeftAsSeenOverNewerStale", map[string]model.Held{"1.1.1": held("7", "", after, raw("5"))},
			[]model.MeasurementInput{in("1.1.1", "5", "")}, seen, nil, []string{"1.1.1"}, 0},
		{"ChangedAsWellOverNewerWritten", map[string]model.Held{"1.1.1": held("7", "", after, raw("5"))},
			[]model.MeasurementInput{in("1.1.1", "6", "")}, seen, []string{"1.1.1"}, nil, 0},
		{"NoneWhenSeenWritten", map[string]model.Held{"1.1.1": held("7", "", after, nil)},
			[]model.MeasurementInput{in("1.1.1", "5", "")}, seen, []string{"1.1.1"}, nil, 0},
		{"SinceUnknownWritten", map[string]model.Held{"1.1.1": held("7", "", after, raw("5"))},
			[]model.MeasurementInput{in("1.1.1", "5", "")}, time.Time{}, []string{"1.1.1"}, nil, 0},
		{"OlderThanSeenWritten", map[string]model.Held{"1.1.1": held("7", "", before, raw("5"))},
			[]model.MeasurementInput{in("1.1.1", "5", "")}, seen, []string{"1.1.1"}, nil, 0},
		{"MixedKeepsOrder", map[string]model.Held{"1.1.2": held("3", "", before, nil), "1.1.3": held("9", "", after, raw("8"))},
			[]model.MeasurementInput{in("1.1.3", "8", ""), in("1.1.1", "1", ""), in("1.1.2", "3", ""), in("1.1.4", "2", "")}, seen,
			[]string{"1.1.1", "1.1.4"}, []string{"1.1.3"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := model.Reconcile(tt.held, tt.sent, tt.since)
			var write []string
			for _, m := range r.Write {
				write = append(write, m.ActionCode)
			}
			if !reflect.DeepEqual(write, tt.write) || !reflect.DeepEqual(r.Stale, tt.stale) || r.Unchanged != tt.unchanged {
				t.Errorf("write %v stale %v unchanged %d, want %v %v %d", write, r.Stale, r.Unchanged, tt.write, tt.stale, tt.unchanged)
			}
		})
	}
}

func TestCollectedOutcome(t *testing.T) {
	u := model.Upload{Message: "3 valori"}
	if o, m := model.CollectedOutcome(u, model.Saved{}); o != model.OutcomeDuplicate || m != "nessun valore cambiato" {
		t.Errorf("nothing stored: %s %q", o, m)
	}
	if o, m := model.CollectedOutcome(u, model.Saved{Stored: make([]model.Measurement, 1)}); o != model.OutcomeAccepted || m != "3 valori" {
		t.Errorf("stored: %s %q", o, m)
	}
}
