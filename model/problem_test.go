package model_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cruscotto/model"
)

func TestProblemsErrorCapsTheList(t *testing.T) {
	tests := []struct {
		name     string
		problems int
		listed   int
		more     string
	}{
		{"none", 0, 0, ""},
		{"under the cap", 3, 3, ""},
		{"at the cap", model.MaxListedProblems, model.MaxListedProblems, ""},
		{"over the cap", 20_000, model.MaxListedProblems + 1, "e altri 19800 problemi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps []model.Problem
			for i := 0; i < tt.problems; i++ {
				ps = append(ps, model.Problem{Sheet: "Rilevazione", Cell: fmt.Sprintf("A%d", i+7), Message: "codice sconosciuto"})
			}
			err := model.ProblemsError(model.EInvalid, ps, "Nessun valore registrato: %d da correggere.", len(ps))
			if len(err.Problems) != tt.listed {
				t.Fatalf("%d problems listed, want %d", len(err.Problems), tt.listed)
			}
			if !strings.Contains(err.Message, fmt.Sprint(tt.problems)) {
				t.Errorf("message %q does not give the full count", err.Message)
			}
			if tt.more != "" {
				last := err.Problems[len(err.Problems)-1]
				if !strings.Contains(last.Message, tt.more) || last.Cell != "" {
					t.Errorf("last problem %+v, want one without a cell saying %q", last, tt.more)
				}
				if err.Problems[0].Cell != "A7" {
					t.Errorf("the first problems are not the ones listed: %+v", err.Problems[0])
				}
			}
		})
	}
}

// TestProblemJSON: a problem is written as its location and message, in
// the form read back by UnmarshalJSON.
func TestProblemJSON(t *testing.T) {
	p := model.Problem{Sheet: "Processi <interni>", Cell: "Q23", Severity: model.SeverityWarning,
		Message: "soglia \"qualitativa\" & l'azione 5.3\u2028\xff"}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"cell":"Processi \u003cinterni\u003e!Q23","message":"soglia \"qualitativa\" \u0026 l'azione 5.3\u2028\ufffd"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back model.Problem
	if err := json.Unmarshal(b, &back); err != nil || back.Sheet != p.Sheet || back.Cell != p.Cell || back.Message != "soglia \"qualitativa\" & l'azione 5.3\u2028\ufffd" {
		t.Errorf("read back %+v, %v", back, err)
	}
}

func TestPluralGroupsThousands(t *testing.T) {
	for n, want := range map[int]string{1: "1 azione", 2: "2 azioni", 10000: "10.000 azioni"} {
		if got := model.Plural(n, "azione", "azioni"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}
