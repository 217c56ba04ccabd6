package importer_test

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"cruscotto/importer"
	"cruscotto/model"
)

const plan2020 = "../testdata/piano-performance-2020.xlsx"

func mustParse(t testing.TB, path string) *model.Plan {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := importer.ParsePlan(context.Background(), data, importer.Options{})
	if err != nil {
		t.Fatalf("ParsePlan(%s): %v", path, err)
	}
	return p
}

var none = math.NaN()

// TestParsePlan2020 checks every measured item of the Chamber's 2020 plan
// against values read by hand from the published text.
func TestParsePlan2020(t *testing.T) {
	p := mustParse(t, plan2020)
	type value struct {
		raw  string
		num  float64
		kind model.Kind
	}
	const (
		N  = model.KindNumber
		P  = model.KindPercent
		D  = model.KindDays
		H  = model.KindHours
		E  = model.KindEuro
		M  = model.KindMonth
		Q  = model.KindQualitative
		hi = model.HigherIsBetter
		lo = model.LowerIsBetter
	)
	miss := value{}
	tests := []struct {
		code        string
		weight      float64
		target      value
		t80, t60    value
		dir         model.Direction
		qualitative bool
		pira        bool
		units       string
	}{
		{"1.1.1", 50, value{"4", 4, N}, value{"3", 3, N}, value{"2", 2, N}, hi, false, false, "ASL|Progetti incentivazione e sostegno"},
		{"1.1.2", 50, value{"880", 880, N}, value{"704", 704, N}, value{"528", 528, N}, hi, false, false, "ASL|Progetti incentivazione e sostegno"},
		{"1.2.1", 40, value{"6", 6, N}, value{"4", 4, N}, miss, hi, false, false, "SG"},
		{"1.2.2", 60, value{"60", 60, N}, value{"45", 45, N}, value{"30", 30, N}, hi, false, false, "Diverse"},
		{"1.3.1", 40, value{"4", 4, N}, value{"3", 3, N}, value{"2", 2, N}, hi, false, false, "Registro Imprese"},
		{"1.3.2", 60, value{"qualitativo", none, Q}, miss, miss, hi, true, false, "Registro Imprese"},
		{"1.4.1", 60, value{"170", 170, N}, value{"150", 150, N}, value{"120", 120, N}, hi, false, false, "Mediazione"},
		{"1.4.2", 40, value{"50%", 50, P}, value{"40%", 40, P}, value{"30%", 30, P}, hi, false, false, "Mediazione"},
		{"1.5.1", 100, value{"2", 2, N}, value{"1", 1, N}, miss, hi, false, false, "SG"},
		{"1.6.1", 90, value{"1", 1, N}, miss, miss, hi, false, false, "SG"},
		{"1.6.2", 10, value{"3", 3, N}, value{"2", 2, N}, value{"1", 1, N}, hi, false, false, "Progetti incentivazione e sostegno"},
		{"2.1.1", 40, value{"5", 5, N}, value{"4", 4, N}, value{"3", 3, N}, hi, false, false, "SG"},
		{"2.1.2", 30, value{"10", 10, N}, value{"8", 8, N}, value{"6", 6, N}, hi, false, false, "ASL|Progetti incentivazione e sostegno"},
		{"2.1.3", 30, value{"150", 150, N}, value{"120", 120, N}, value{"90", 90, N}, hi, false, false, "ASL|Progetti incentivazione e sostegno"},
		{"2.2.1", 60, value{"8", 8, N}, value{"7", 7, N}, value{"5", 5, N}, hi, false, false, "Digitalizzazione e Marketing"},
		{"2.2.2", 40, value{"80", 80, N}, value{"70", 70, N}, value{"50", 50, N}, hi, false, false, "Digitalizzazione e Marketing"},
		{"2.3.1", 70, value{"1", 1, N}, miss, miss, hi, false, false, "Progetti incentivazione e sostegno"},
		{"2.3.2", 30, value{"2", 2, N}, value{"1", 1, N}, miss, hi, false, false, "Progetti incentivazione e sostegno"},
		{"2.4.1", 20, value{"4", 4, N}, value{"3", 3, N}, miss, hi, false, false, "SG"},
		{"2.4.2", 80, value{"1400", 1400, N}, value{"1000", 1000, N}, value{"600", 600, N}, hi, false, false, "Progetti di incentivazione e sostegno"},
		{"3.1.1", 100, value{"28", 28, N}, value{"29", 29, N}, value{"30", 30, N}, lo, false, false, "Ragioneria"},
		{"3.2.1", 100, value{"4", 4, N}, value{"4,5", 4.5, N}, value{"5", 5, N}, lo, false, true, "Registro Imprese"},
		{"3.3.1", 40, value{"28 gg", 28, D}, value{"29 gg", 29, D}, value{"30 gg", 30, D}, lo, false, false, "Diverse"},
		{"3.3.2", 20, value{"8 gg", 8, D}, value{"10 gg", 10, D}, value{"12 gg", 12, D}, lo, false, false, "Mediazione"},
		{"3.3.3", 15, value{"50 gg", 50, D}, value{"55 gg", 55, D}, miss, lo, false, false, "individuale"},
		{"3.3.4", 10, value{"180 gg", 180, D}, value{"210 gg", 210, D}, value{"240 gg", 240, D}, lo, false, false, "RUO"},
		{"3.3.5", 5, value{"dicembre", 12, M}, miss, miss, lo, false, false, "Ragioneria"},
		{"3.3.6", 5, value{"100%", 100, P}, value{"75%", 75, P}, value{"50%", 50, P}, hi, false, false, "Provveditorato"},
		{"3.3.7", 5, value{"28 gg", 28, D}, value{"29 gg", 29, D}, value{"30 gg", 30, D}, lo, false, false, "Mediazione"},
		{"3.4.1", 100, value{"novembre", 11, M}, value{"dicembre", 12, M}, miss, lo, false, false, "SG"},
		{"3.5.1", 75, value{"luglio", 7, M}, value{"settembre", 9, M}, value{"ottobre", 10, M}, lo, false, false, "Provveditorato"},
		{"3.5.2", 25, value{"settembre", 9, M}, value{"ottobre", 10, M}, value{"novembre", 11, M}, lo, false, false, "Registro Imprese|Digitalizzazione e Marketing"},
		{"4.1.1", 50, value{"luglio", 7, M}, value{"settembre", 9, M}, value{"novembre", 11, M}, lo, false, false, "Controller"},
		{"4.1.2", 25, value{"10 mesi", 10, N}, value{"8 mesi", 8, N}, value{"6 mesi", 6, N}, hi, false, false, "Personale"},
		{"4.1.3", 25, value{"10 mesi", 10, N}, value{"8 mesi", 8, N}, value{"6 mesi", 6, N}, hi, false, false, "Segreteria"},
		{"5.1.1", 100, value{"100%", 100, P}, miss, miss, hi, true, false, "Controller"},
		{"5.2", 100, value{"20", 20, N}, value{"16", 16, N}, value{"12", 12, N}, hi, false, false, "Diverse"},
		{"5.3", 100, value{"80%", 80, P}, miss, value{"60%", 60, P}, hi, false, false, "SG"},
		{"6.1.1", 20, value{"70%", 70, P}, value{"65%", 65, P}, value{"50%", 50, P}, hi, false, false, "Segreteria"},
		{"6.1.2", 40, value{"75%", 75, P}, value{"70%", 70, P}, value{"60%", 60, P}, hi, false, false, "ASL"},
		{"6.1.3", 40, value{"75%", 75, P}, value{"70%", 70, P}, value{"60%", 60, P}, hi, false, false, "Mediazione"},
		{"7.1.1", 70, value{"20 ore", 20, H}, value{"16 ore", 16, H}, value{"12 ore", 12, H}, hi, false, false, "Personale"},
		{"7.1.2", 30, value{"100%", 100, P}, value{"Frequenza 80 %", 80, P}, miss, hi, false, false, "SG"},
		{"8.1.1", 50, value{"95%", 95, P}, value{"98%", 98, P}, value{"100%", 100, P}, lo, false, true, ""},
		{"8.1.2", 25, value{"30%", 30, P}, value{"32%", 32, P}, value{"34%", 34, P}, lo, false, false, ""},
		{"8.1.3", 25, value{"50%", 50, P}, value{"45%", 45, P}, value{"36%", 36, P}, hi, false, false, ""},
		{"9.1.1", 25, value{"30%", 30, P}, value{"28%", 28, P}, value{"25%", 25, P}, hi, false, true, ""},
		{"9.1.2", 50, value{"75%", 75, P}, value{"65%", 65, P}, value{"60%", 60, P}, hi, false, true, "SG"},
		{"9.1.3", 25, value{"80 €", 80, E}, value{"60 €", 60, E}, value{"50 €", 50, E}, hi, false, true, ""},
	}
	actions := map[string]*model.Action{}
	for _, a := range p.Actions() {
		actions[a.Code] = a
	}
	if len(actions) != len(tests) {
		t.Errorf("got %d actions, want %d", len(actions), len(tests))
	}
	check := func(t *testing.T, what string, got *model.Value, want value) {
		t.Helper()
		if want == miss {
			if got != nil {
				t.Errorf("%s = %+v, want missing", what, *got)
			}
			return
		}
		if got == nil {
			t.Fatalf("%s missing, want %q", what, want.raw)
		}
		if got.Raw != want.raw || got.Kind != want.kind {
			t.Errorf("%s = %q (%s), want %q (%s)", what, got.Raw, got.Kind, want.raw, want.kind)
		}
		switch {
		case math.IsNaN(want.num) && got.Number != nil:
			t.Errorf("%s value = %v, want none", what, *got.Number)
		case !math.IsNaN(want.num) && (got.Number == nil || *got.Number != want.num):
			t.Errorf("%s value = %v, want %v", what, got.Number, want.num)
		}
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			a := actions[tt.code]
			if a == nil {
				t.Fatalf("action %s not found", tt.code)
			}
			if a.Weight != tt.weight {
				t.Errorf("weight = %v, want %v", a.Weight, tt.weight)
			}
			check(t, "target", a.Target, tt.target)
			check(t, "threshold80", a.Threshold80, tt.t80)
			check(t, "threshold60", a.Threshold60, tt.t60)
			if a.Direction != tt.dir {
				t.Errorf("direction = %s, want %s", a.Direction, tt.dir)
			}
			if a.Qualitative != tt.qualitative {
				t.Errorf("qualitative = %v, want %v", a.Qualitative, tt.qualitative)
			}
			if a.PIRA != tt.pira {
				t.Errorf("pira = %v, want %v", a.PIRA, tt.pira)
			}
			if got := strings.Join(a.Units, "|"); got != tt.units {
				t.Errorf("units = %q, want %q", got, tt.units)
			}
		})
	}
}

func TestParsePlan2020Structure(t *testing.T) {
	p := mustParse(t, plan2020)
	if p.Year != 2020 {
		t.Errorf("year = %d, want 2020", p.Year)
	}
	c := p.Counts()
	if c != (model.Counts{Perspectives: 4, Strategic: 9, Operational: 23, Actions: 49, Units: 15}) {
		t.Errorf("counts = %+v", c)
	}
	wantPersp := []string{"Tessuto economico locale", "Processi interni", "Apprendimento e crescita", "Economico-finanziaria"}
	for i, ps := range p.Perspectives {
		if ps.Name != wantPersp[i] {
			t.Errorf("perspective %d = %q, want %q", i, ps.Name, wantPersp[i])
		}
	}
	weights := map[string]float64{"1.1": 10, "1.2": 15, "1.3": 5, "1.4": 5, "1.5": 5, "1.6": 60, "2.1": 15, "2.2": 15, "2.3": 10, "2.4": 60,
		"3.1": 15, "3.2": 15, "3.3": 15, "3.4": 35, "3.5": 20, "4.1": 100, "5.1": 60, "5.2": 25, "5.3": 15, "6.1": 100, "7.1": 100, "8.1": 100, "9.1": 100}
	targets := map[string]float64{"1": 80, "2": 80, "3": 80, "4": 80, "5": 80, "6": 80, "7": 80, "8": 100, "9": 100}
	for _, ps := range p.Perspectives {
		for _, s := range ps.Strategic {
			for _, y := range []int{2020, 2021, 2022} {
				if s.Targets[y] != targets[s.Code] {
					t.Errorf("strategic %s target %d = %v, want %v", s.Code, y, s.Targets[y], targets[s.Code])
				}
			}
			for _, o := range s.Operational {
				if o.Weight != weights[o.Code] {
					t.Errorf("operational %s weight = %v, want %v", o.Code, o.Weight, weights[o.Code])
				}
				if !strings.HasPrefix(o.Code, s.Code+".") {
					t.Errorf("operational %s under strategic %s", o.Code, s.Code)
				}
				delete(weights, o.Code)
			}
		}
	}
	if len(weights) != 0 {
		t.Errorf("operational objectives not found: %v", weights)
	}
	// 5.2 and 5.3 are measured directly: one implicit action each
	for _, a := range p.Actions() {
		if implicit := a.Code == "5.2" || a.Code == "5.3"; a.Implicit != implicit {
			t.Errorf("%s implicit = %v", a.Code, a.Implicit)
		}
	}
	cells := map[string]string{"1.1.1": "Tessuto economico!L6", "5.2": "Processi interni!H22", "9.1.3": "Economico finanziaria!L11"}
	for _, a := range p.Actions() {
		if want, ok := cells[a.Code]; ok && a.Cell.String() != want {
			t.Errorf("%s cell = %q, want %q", a.Code, a.Cell.String(), want)
		}
	}
	wantWarnings := []string{
		"Processi interni!Q23", "Apprendimento!R7", // thresholds in words
		"Economico finanziaria!T6", "Economico finanziaria!T7", "Economico finanziaria!T8", "Economico finanziaria!T9", "Economico finanziaria!T11", // no Responsabile
		"Tessuto economico!T25", // near-duplicate unit
	}
	var got []string
	for _, w := range p.Warnings {
		got = append(got, w.Location())
	}
	if strings.Join(got, ",") != strings.Join(wantWarnings, ",") {
		t.Errorf("warnings at %v, want %v", got, wantWarnings)
	}
	if w := p.Warnings[len(p.Warnings)-1].Message; !strings.Contains(w, "Tessuto economico!T6") {
		t.Errorf("near-duplicate warning does not name the other cell: %s", w)
	}
}
