package model_test

import (
	"testing"

	"cruscotto/model"
)

func TestNeedsNote(t *testing.T) {
	const hi, lo = model.HigherIsBetter, model.LowerIsBetter
	count := act("4", "3", "2", hi)
	days := act("28 gg", "29 gg", "30 gg", lo)
	months := act("luglio", "settembre", "ottobre", lo)
	bare := act("1", "", "", hi)
	atMost := act("≤ 10", "12", "15", lo)
	qual := act("qualitativo", "", "", hi)
	tests := []struct {
		name  string
		a     *model.Action
		value string
		want  bool
	}{
		{"Target", count, "4", false},
		{"Threshold80", count, "3", false},
		{"Orange", count, "2", true},
		{"Red", count, "0", true},
		{"DaysYellow", days, "29 gg", false},
		{"DaysOrange", days, "30", true},
		{"MonthOnTime", months, "settembre", false},
		{"MonthLate", months, "novembre", true},
		{"NoThresholdsMet", bare, "1", false},
		{"NoThresholdsMissed", bare, "0", true},
		{"SignedTarget", atMost, "12", false},
		{"SignedTargetOrange", atMost, "13", true},
		{"QualitativeYellow", qual, "80%", false},
		{"QualitativeOrange", qual, "79%", true},
		{"NotANumber", count, "in corso", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.NeedsNote(tt.a, model.ParseText(tt.value)); got != tt.want {
				t.Errorf("NeedsNote(%s) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}

func TestNoteRule(t *testing.T) {
	const hi, lo = model.HigherIsBetter, model.LowerIsBetter
	tests := []struct {
		name string
		a    *model.Action
		want string
	}{
		{"Count", act("4", "3", "2", hi), "Nota obbligatoria se sotto 3 (soglia dell'80%)"},
		{"Days", act("28 gg", "29 gg", "30 gg", lo), "Nota obbligatoria se sopra 29 gg (soglia dell'80%)"},
		{"Month", act("luglio", "settembre", "ottobre", lo), "Nota obbligatoria se dopo settembre (soglia dell'80%)"},
		{"TargetOnly", act("1", "", "", hi), "Nota obbligatoria se sotto 1 (target)"},
		{"Signed", act("≤ 10", "≤ 12", "15", lo), "Nota obbligatoria se sopra 12 (soglia dell'80%)"},
		{"Strict", act("< 10", "< 12", "15", lo), "Nota obbligatoria se pari o sopra 12 (soglia dell'80%)"},
		{"Qualitative", act("qualitativo", "", "", hi), "Nota obbligatoria se la valutazione è sotto l'80%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.NoteRule(tt.a); got != tt.want {
				t.Errorf("NoteRule = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMissingNotes(t *testing.T) {
	plan := entryPlan() // 1.1.1: target 4; 1.1.2: target 50%; 1.2.1: luglio
	plan.Perspectives[0].Strategic[0].Operational[1].Actions[0].Direction = model.LowerIsBetter
	note := model.CellRef{Sheet: "Rilevazione", Col: 10, Row: 7}
	values := []model.EntryValue{
		{Code: "1.1.1", Value: model.ParseText("1"), NoteCell: note},                                  // red, no note: warned
		{Code: "1.1.2", Value: model.ParseText("10%"), Note: "ritardi del fornitore", NoteCell: note}, // red with a note
		{Code: "1.2.1", Value: model.ParseText("giugno")},                                             // on time
	}
	got := model.MissingNotes(plan, values)
	if len(got) != 1 || got[0].Cell != "J7" || got[0].Sheet != "Rilevazione" || got[0].Severity != model.SeverityWarning {
		t.Fatalf("warnings %+v", got)
	}
	if want := "azione 1.1.1: il valore 1 è in fascia rossa"; len(got[0].Message) < len(want) || got[0].Message[:len(want)] != want {
		t.Errorf("message %q", got[0].Message)
	}
}

func TestMissingSummary(t *testing.T) {
	for _, tt := range []struct {
		values, notes int
		want          string
	}{
		{0, 0, "nulla da inviare"},
		{1, 0, "1 valore mancante"},
		{3, 0, "3 valori mancanti"},
		{0, 1, "1 nota mancante"},
		{0, 2, "2 note mancanti"},
		{3, 1, "3 valori e 1 nota mancanti"},
		{1, 1, "1 valore e 1 nota mancanti"},
		{1000, 0, "1.000 valori mancanti"},
	} {
		if got := model.MissingSummary(tt.values, tt.notes); got != tt.want {
			t.Errorf("MissingSummary(%d, %d) = %q, want %q", tt.values, tt.notes, got, tt.want)
		}
	}
}

func TestBandCountLabel(t *testing.T) {
	for _, tt := range []struct {
		band string
		n    int
		want string
	}{
		{"green", 1, "1 raggiunta"}, {"green", 11, "11 raggiunte"}, {"yellow", 18, "18 raggiunte all'80%"},
		{"orange", 1, "1 raggiunta al 60%"}, {"red", 6, "6 non raggiunte"}, {"grey", 1, "1 non misurata"}, {"grey", 1200, "1.200 non misurate"},
	} {
		if got := model.BandNamed(tt.band).CountLabel(tt.n); got != tt.want {
			t.Errorf("%s × %d = %q, want %q", tt.band, tt.n, got, tt.want)
		}
	}
}

func TestBandCountLabelLinear(t *testing.T) {
	for band, want := range map[string]string{"green": "11 al target", "yellow": "11 tra 80% e target", "orange": "11 tra 60% e 80%", "red": "11 sotto il 60%", "grey": "11 non misurate"} {
		if got := model.BandNamed(band).CountLabelFor(11, model.MethodLinear); got != want {
			t.Errorf("%s: %q, want %q", band, got, want)
		}
	}
}
