package model_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"cruscotto/model"
)

// act builds an action from its plan texts, as the importer would.
func act(target, t80, t60 string, dir model.Direction) *model.Action {
	val := func(s string) *model.Value {
		if s == "" {
			return nil
		}
		v := model.ParseText(s)
		return &v
	}
	a := &model.Action{Code: "x", Weight: 100, Target: val(target), Threshold80: val(t80), Threshold60: val(t60), Direction: dir}
	a.Qualitative = !a.Target.Numeric()
	return a
}

func TestAttainment(t *testing.T) {
	const hi, lo = model.HigherIsBetter, model.LowerIsBetter
	count := act("4", "3", "2", hi)
	days := act("28 gg", "29 gg", "30 gg", lo)
	pct := act("50%", "40%", "30%", hi)
	months := act("luglio", "settembre", "ottobre", lo)
	euro := act("80 €", "60 €", "50 €", hi)
	hours := act("20 ore", "16 ore", "12 ore", hi)
	decimals := act("4", "4,5", "5", lo)
	no60 := act("6", "4", "", hi)
	only60 := act("80%", "", "60%", hi)
	bare := act("1", "", "", hi)
	deadline := act("dicembre", "", "", lo)
	qual := act("qualitativo", "", "", hi)
	excelDate := model.ParseNumber(44119, model.FormatDate) // 15/10/2020
	// the value forms of next year's plans
	atLeast := act("≥ 90%", "80%", "70%", hi)
	moreThan := act("> 3", "2", "", hi)
	signedThresholds := act("> 10", "> 8", ">= 6", hi)
	atMost := act("≤ 30 gg", "35 gg", "40 gg", lo)
	lessThan := act("< 5", "", "", lo)
	yes := act("SI", "", "", hi)
	no := act("NO", "", "", hi)
	byDate := act("30/06/2022", "31/07/2022", "entro il 31/08/2022", lo)
	beforeDate := act("< 30/06/2022", "", "", lo)
	tests := []struct {
		name         string
		a            *model.Action
		measured     model.Value
		step, linear float64
	}{
		{"count above target", count, model.ParseText("5"), 100, 100},
		{"count at target", count, model.ParseText("4"), 100, 100},
		{"count between target and 80%", count, model.ParseText("3,5"), 80, 90},
		{"count at 80% threshold", count, model.ParseText("3"), 80, 80},
		{"count between thresholds", count, model.ParseText("2,5"), 60, 70},
		{"count at 60% threshold", count, model.ParseText("2"), 60, 60},
		{"count below 60%", count, model.ParseText("1,9"), 0, 0},
		{"days better than target", days, model.ParseText("27 gg"), 100, 100},
		{"days at target", days, model.ParseText("28"), 100, 100},
		{"days halfway to 80%", days, model.ParseText("28,5 gg"), 80, 90},
		{"days at 80%", days, model.ParseText("29 gg"), 80, 80},
		{"days at 60%", days, model.ParseText("30 gg"), 60, 60},
		{"days too many", days, model.ParseText("31 gg"), 0, 0},
		{"percent between", pct, model.ParseText("45%"), 80, 90},
		{"percent at target", pct, model.ParseText("50%"), 100, 100},
		{"percent below", pct, model.ParseText("29%"), 0, 0},
		{"month earlier", months, model.ParseText("giugno"), 100, 100},
		{"month between", months, model.ParseText("agosto"), 80, 90},
		{"month as date at 80%", months, model.ParseText("15/09/2020"), 80, 80},
		{"month as Excel date at 60%", months, excelDate, 60, 60},
		{"month too late", months, model.ParseText("novembre"), 0, 0},
		{"deadline met", deadline, model.ParseText("dicembre"), 100, 100},
		{"euro between", euro, model.ParseText("70 €"), 80, 90},
		{"hours at 60%", hours, model.ParseText("12 ore"), 60, 60},
		{"lower decimals between", decimals, model.ParseText("4,2"), 80, 92},
		{"lower decimals at 60%", decimals, model.ParseText("5"), 60, 60},
		{"missing 60% threshold", no60, model.ParseText("5"), 80, 90},
		{"missing 60% threshold, below 80%", no60, model.ParseText("3"), 0, 0},
		{"missing 80% threshold", only60, model.ParseText("70%"), 60, 80},
		{"no thresholds, met", bare, model.ParseText("1"), 100, 100},
		{"no thresholds, missed", bare, model.ParseText("0"), 0, 0},
		{"signed target met exactly", atLeast, model.ParseText("90%"), 100, 100},
		{"signed target missed", atLeast, model.ParseText("85%"), 80, 90},
		{"strict target not met exactly", moreThan, model.ParseText("3"), 80, 100},
		{"strict target met", moreThan, model.ParseText("4"), 100, 100},
		// linear scoring is continuous: on a strict boundary it reaches the
		// anchor it does not meet
		{"strict threshold not met exactly", signedThresholds, model.ParseText("8"), 60, 80},
		{"strict threshold met", signedThresholds, model.ParseText("9"), 80, 90},
		{"non-strict signed threshold met exactly", signedThresholds, model.ParseText("6"), 60, 60},
		{"lower signed target met", atMost, model.ParseText("30 gg"), 100, 100},
		{"lower signed target missed", atMost, model.ParseText("38 gg"), 60, 68},
		{"strict lower target met exactly is missed", lessThan, model.ParseText("5"), 0, 0},
		{"strict lower target met", lessThan, model.ParseText("4"), 100, 100},
		{"yes met", yes, model.ParseText("Sì"), 100, 100},
		{"yes missed", yes, model.ParseText("no"), 0, 0},
		{"no met", no, model.ParseText("NO"), 100, 100},
		{"no missed", no, model.ParseText("SI"), 0, 0},
		{"date on the day", byDate, model.ParseText("30/06/2022"), 100, 100},
		{"date earlier", byDate, model.ParseNumber(44700, model.FormatDate), 100, 100},
		{"date at 80%", byDate, model.ParseText("15/07/2022"), 80, 80 + 20*16.0/31},
		{"date at 60%", byDate, model.ParseText("31/08/2022"), 60, 60},
		{"date too late", byDate, model.ParseText("01/09/2022"), 0, 0},
		{"strict date on the day", beforeDate, model.ParseText("30/06/2022"), 0, 0},
		{"strict date before", beforeDate, model.ParseText("29/06/2022"), 100, 100},
		{"qualitative", qual, model.ParseText("85"), 85, 85},
		{"qualitative percent", qual, model.ParseText("85%"), 85, 85},
		{"qualitative clamped high", qual, model.ParseText("120"), 100, 100},
		{"qualitative clamped low", qual, model.ParseText("-5"), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.Attainment(tt.a, tt.measured, model.MethodStep); math.Abs(got-tt.step) > 1e-9 {
				t.Errorf("step = %v, want %v", got, tt.step)
			}
			if got := model.Attainment(tt.a, tt.measured, model.MethodLinear); math.Abs(got-tt.linear) > 1e-9 {
				t.Errorf("linear = %v, want %v", got, tt.linear)
			}
		})
	}
}

func TestBandOf(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		score *float64
		want  string
	}{
		{f(100), "green"}, {f(99.999), "yellow"}, {f(80), "yellow"}, {f(79.99999999999999), "yellow"},
		{f(79.9), "orange"}, {f(60), "orange"}, {f(59.9), "red"}, {f(0), "red"}, {nil, "grey"},
	}
	for _, tt := range tests {
		if got := model.BandOf(tt.score).Name; got != tt.want {
			t.Errorf("BandOf(%v) = %s, want %s", tt.score, got, tt.want)
		}
	}
}

func TestCheckMeasured(t *testing.T) {
	count := act("4", "3", "2", model.HigherIsBetter)
	days := act("28 gg", "29 gg", "30 gg", model.LowerIsBetter)
	pct := act("50%", "40%", "30%", model.HigherIsBetter)
	months := act("luglio", "settembre", "", model.LowerIsBetter)
	qual := act("qualitativo", "", "", model.HigherIsBetter)
	tests := []struct {
		name  string
		a     *model.Action
		typed any
		kind  model.Kind
		want  float64 // NaN: rejected
	}{
		{"count", count, "5", model.KindNumber, 5},
		{"count as JSON number", count, 4.0, model.KindNumber, 4},
		{"count with thousands", count, "1.400", model.KindNumber, 1400},
		{"negative count", count, "-1", "", math.NaN()},
		{"month for a count", count, "ottobre", "", math.NaN()},
		{"percent for a count", count, "55%", "", math.NaN()},
		{"days for a bare count", count, "27 gg", model.KindNumber, 27},
		{"words for a count", count, "abc", "", math.NaN()},
		{"empty", count, "  ", "", math.NaN()},
		{"days", days, "27 gg", model.KindDays, 27},
		{"days bare", days, "27", model.KindDays, 27},
		{"hours for days", days, "5 ore", "", math.NaN()},
		{"percent", pct, "55%", model.KindPercent, 55},
		{"percent bare", pct, "55", model.KindPercent, 55},
		{"percent as JSON number", pct, 55.0, model.KindPercent, 55},
		{"text for a percent", pct, "metà", "", math.NaN()},
		{"month name", months, "ottobre", model.KindMonth, 10},
		{"month date", months, "15/10/2020", model.KindMonth, 10},
		{"number for a month", months, "10", "", math.NaN()},
		{"assessment", qual, "85", model.KindPercent, 85},
		{"assessment percent", qual, "85%", model.KindPercent, 85},
		{"assessment over 100", qual, "120", "", math.NaN()},
		{"bool", count, true, "", math.NaN()},
		{"null", count, nil, "", math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := model.ParseMeasured(tt.a, tt.typed)
			if math.IsNaN(tt.want) {
				if err == nil {
					t.Fatalf("accepted %v as %+v", tt.typed, v)
				}
				if model.ErrorCode(err) != model.EInvalid || len(err.Error()) < 20 {
					t.Errorf("error %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v.Kind != tt.kind || v.Float() != tt.want {
				t.Errorf("got %s %v, want %s %v", v.Kind, v.Float(), tt.kind, tt.want)
			}
		})
	}
}

func TestPeriod(t *testing.T) {
	for _, s := range []string{"2020", "2020-06", "2021-12"} {
		p, err := model.ParsePeriod(s)
		if err != nil || p.String() != s {
			t.Errorf("ParsePeriod(%q) = %v, %v", s, p, err)
		}
	}
	for _, s := range []string{"", "20", "2020-6", "2020-13", "2020-00", "giugno", "1999"} {
		if _, err := model.ParsePeriod(s); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", s)
		}
	}
	order := []string{"2019", "2020-01", "2020-06", "2020-11", "2020-12", "2020", "2021-03"}
	for i := 1; i < len(order); i++ {
		a, _ := model.ParsePeriod(order[i-1])
		b, _ := model.ParsePeriod(order[i])
		if !a.Before(b) || b.Before(a) {
			t.Errorf("%s should come before %s", a, b)
		}
	}
}

// TestRollUp checks the weighted averages, coverage and achievement on a
// small plan whose weights do not sum to 100.
func TestRollUp(t *testing.T) {
	a := func(code string, w float64) *model.Action {
		x := act("4", "3", "2", model.HigherIsBetter)
		x.Code, x.Weight = code, w
		return x
	}
	p := &model.Plan{ID: 7, Year: 2020, Perspectives: []*model.Perspective{{Name: "P", Strategic: []*model.StrategicObjective{
		{Code: "1", Targets: map[int]float64{2020: 80}, Operational: []*model.OperationalObjective{
			{Code: "1.1", Weight: 60, Actions: []*model.Action{a("1.1.1", 50), a("1.1.2", 30)}}, // weights sum to 80
			{Code: "1.2", Weight: 30, Actions: []*model.Action{a("1.2.1", 50), a("1.2.2", 50)}},
			{Code: "1.3", Weight: 10, Actions: []*model.Action{a("1.3.1", 100)}},
		}},
		{Code: "2", Targets: map[int]float64{2020: 80}, Operational: []*model.OperationalObjective{
			{Code: "2.1", Weight: 100, Actions: []*model.Action{a("2.1.1", 100)}},
		}},
	}}}}
	m := func(raw string) *model.Measurement { return &model.Measurement{Value: model.ParseText(raw)} }
	measured := map[string]*model.Measurement{
		"1.1.1": m("4"), // 100
		"1.1.2": m("2"), // 60
		"1.2.1": m("3"), // 80; 1.2.2 not measured; 1.3.1 not measured
	}
	sc := model.Score(p, model.Period{Year: 2020}, measured, model.MethodStep)
	// 1.1: (50·100 + 30·60) / 80 = 85, coverage 100
	// 1.2: 80 over the measured half, coverage 50
	// 1.3: not measured
	// 1: (60·85 + 30·80) / 90 = 83.33…, coverage (60·100 + 30·50 + 10·0)/100 = 75
	checks := []struct {
		what  string
		score *float64
		want  float64
	}{
		{"1.1", sc.OperationalScore("1.1").Score, 85},
		{"1.2", sc.OperationalScore("1.2").Score, 80},
		{"1", sc.StrategicScoreOf("1").Score, (60*85 + 30*80) / 90.0},
	}
	for _, c := range checks {
		if c.score == nil || math.Abs(*c.score-c.want) > 1e-9 {
			t.Errorf("%s score = %v, want %v", c.what, c.score, c.want)
		}
	}
	if s := sc.OperationalScore("1.3"); s.Score != nil || s.Band != "grey" || s.Coverage != 0 {
		t.Errorf("1.3 = %+v, want not measured", s)
	}
	if c := sc.OperationalScore("1.2").Coverage; c != 50 {
		t.Errorf("1.2 coverage = %v", c)
	}
	st := sc.StrategicScoreOf("1")
	// 83,3% against a target of 80%: achieved, so green (not «raggiunto all'80%»)
	if st.Coverage != 75 || st.Achieved == nil || !*st.Achieved || *st.Target != 80 || st.Band != "green" {
		t.Errorf("strategic 1 = %+v", st)
	}
	if s2 := sc.StrategicScoreOf("2"); s2.Score != nil || s2.Achieved != nil || s2.Band != "grey" {
		t.Errorf("strategic 2 = %+v", s2)
	}
	if as := sc.Action("1.2.2"); as.Measured != nil || as.Attainment != nil || as.Band != "grey" {
		t.Errorf("unmeasured action = %+v", as)
	}
}

// TestLegend: the step legend says what the Chamber's rule gives; the
// linear one says where a score lies between the anchors.
func TestLegend(t *testing.T) {
	line := func(e model.LegendEntry) string { return e.ColorName + ": " + e.Meaning + " — " + e.Span }
	for _, tc := range []struct {
		method model.Method
		want   []string
	}{
		{model.MethodStep, []string{
			"verde: raggiunto — 100%",
			"giallo: raggiunto all'80% — da 80% a meno di 100%",
			"arancione: raggiunto al 60% — da 60% a meno di 80%",
			"rosso: non raggiunto — sotto 60%",
			"grigio: non misurato — nessun valore rilevato",
		}},
		{model.MethodLinear, []string{
			"verde: target raggiunto — 100%",
			"giallo: tra la soglia dell'80% e il target — da 80% a meno di 100%",
			"arancione: tra la soglia del 60% e quella dell'80% — da 60% a meno di 80%",
			"rosso: soglia del 60% non raggiunta — sotto 60%",
			"grigio: non misurato — nessun valore rilevato",
		}},
	} {
		t.Run(string(tc.method), func(t *testing.T) {
			got := model.Legend(tc.method)
			if len(got) != len(tc.want) {
				t.Fatalf("%d lines, want %d", len(got), len(tc.want))
			}
			for i, e := range got {
				if line(e) != tc.want[i] {
					t.Errorf("line %d: %q, want %q", i, line(e), tc.want[i])
				}
			}
		})
	}
}

// TestBandsAsJSON: every band is written as JSON, the last one's missing
// lowest score as null.
func TestBandsAsJSON(t *testing.T) {
	b, err := json.Marshal(model.AllBands())
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); !strings.Contains(s, `"name":"red"`) || !strings.Contains(s, `"min":null`) || !strings.Contains(s, `"min":80`) {
		t.Errorf("bands as JSON: %s", s)
	}
}
