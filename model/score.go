package model

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Method is how an action's attainment is computed from its measurement.
type Method string

// The scoring methods.
const (
	// MethodStep is the Chamber's own rule: 100 when the target is met,
	// else 80 at the 80% threshold, else 60 at the 60% threshold, else 0.
	MethodStep Method = "step"
	// MethodLinear interpolates between the same anchors.
	MethodLinear Method = "linear"
)

// ParseMethod reads "step" or "linear"; "" is step.
func ParseMethod(s string) (Method, error) {
	switch Method(s) {
	case "", MethodStep:
		return MethodStep, nil
	case MethodLinear:
		return MethodLinear, nil
	}
	return "", Errorf(EInvalid, "Metodo «%s» non valido: usare «step» (a gradini, la regola della Camera) o «linear» (interpolazione).", s)
}

// Band is a colour band of attainment. Bands are data, not literals spread
// through the code: the scored workbook and the web pages use the same list.
type Band struct {
	Name      string `json:"name"`   // green, yellow, orange, red, grey
	ColorName string `json:"colore"` // the colour's Italian name: verde, giallo…
	Label     string `json:"label"`  // what it means, in Italian
	// LinearLabel is what it means under MethodLinear, where a score
	// between two anchors is interpolated: a yellow action lies between
	// the 80% threshold and the target, not on the threshold.
	LinearLabel string  `json:"linear_label"`
	Min         float64 `json:"min"`   // lowest score in the band
	Color       string  `json:"color"` // fill colour, #RRGGBB
	Text        string  `json:"text"`  // text colour on that fill
}

// MarshalJSON writes a band with its lowest score, null for the last
// band, which has none (-Inf, which JSON cannot hold).
func (b Band) MarshalJSON() ([]byte, error) {
	type plain Band
	var min *float64
	if !math.IsInf(b.Min, 0) {
		min = &b.Min
	}
	return json.Marshal(struct {
		plain
		Min *float64 `json:"min"`
	}{plain(b), min})
}

// Bands are the colour bands from the highest; a score belongs to the first
// band whose Min it reaches.
var Bands = []Band{
	{Name: "green", ColorName: "verde", Label: "raggiunto", LinearLabel: "target raggiunto", Min: 100, Color: "#63BE7B", Text: "#000000"},
	{Name: "yellow", ColorName: "giallo", Label: "raggiunto all'80%", LinearLabel: "tra la soglia dell'80% e il target", Min: 80, Color: "#FFEB84", Text: "#000000"},
	{Name: "orange", ColorName: "arancione", Label: "raggiunto al 60%", LinearLabel: "tra la soglia del 60% e quella dell'80%", Min: 60, Color: "#F8A45F", Text: "#000000"},
	{Name: "red", ColorName: "rosso", Label: "non raggiunto", LinearLabel: "soglia del 60% non raggiunta", Min: math.Inf(-1), Color: "#F8696B", Text: "#000000"},
}

// AllBands returns the colour bands and, last, the band of what is not
// measured: the list every legend and every set of colours is made from.
func AllBands() []Band { return append(append([]Band{}, Bands...), NotMeasured) }

// NotMeasured is the band of an action or objective without measurements.
var NotMeasured = Band{Name: "grey", ColorName: "grigio", Label: "non misurato", LinearLabel: "non misurato", Color: "#D9D9D9", Text: "#404040"}

// LegendEntry is one line of a legend of the bands: the band, what it
// means under the method scored with, and its span of scores.
type LegendEntry struct {
	Band
	Meaning string // «raggiunto all'80%»; under MethodLinear «tra la soglia dell'80% e il target»
	Span    string // «da 80% a meno di 100%»
}

// Legend returns the lines of the bands' legend for scores computed with
// method m: the scored workbook and the plan page both write it from
// here, so that under the linear method neither says «raggiunto
// all'80%» of an action scored 90.
func Legend(m Method) []LegendEntry {
	var out []LegendEntry
	for i, b := range AllBands() {
		e := LegendEntry{Band: b, Meaning: b.Label}
		if m == MethodLinear {
			e.Meaning = b.LinearLabel
		}
		switch {
		case b.Name == NotMeasured.Name:
			e.Span = "nessun valore rilevato"
		case i == 0:
			e.Span = FormatItalian(b.Min) + "%"
		case math.IsInf(b.Min, -1):
			e.Span = "sotto " + FormatItalian(Bands[i-1].Min) + "%"
		default:
			e.Span = "da " + FormatItalian(b.Min) + "% a meno di " + FormatItalian(Bands[i-1].Min) + "%"
		}
		out = append(out, e)
	}
	return out
}

// scoreEpsilon absorbs floating-point noise in weighted averages, so that
// 79.99999999999999 counts as 80.
const scoreEpsilon = 1e-9

// BandNamed returns the band with the given name (grey for unknown names).
func BandNamed(name string) Band {
	for _, b := range Bands {
		if b.Name == name {
			return b
		}
	}
	return NotMeasured
}

// BandOf returns the band of a score; nil means not measured.
func BandOf(score *float64) Band {
	if score == nil {
		return NotMeasured
	}
	for _, b := range Bands {
		if *score+scoreEpsilon >= b.Min {
			return b
		}
	}
	return Bands[len(Bands)-1]
}

// Achieved reports whether a strategic objective's score meets its
// target: nil when either is missing.
func Achieved(score, target *float64) *bool {
	if score == nil || target == nil {
		return nil
	}
	ok := *score+scoreEpsilon >= *target
	return &ok
}

// MinCoverage is the share of a strategic objective's weight (percent)
// that must be measured before it is judged against its own target: a
// score of 92% on 5% of the objective says nothing about the rest.
const MinCoverage = 50.0

// Judged reports whether an objective measured over coverage percent of
// its weight is judged against its target (see MinCoverage).
func Judged(coverage float64) bool { return coverage+scoreEpsilon >= MinCoverage }

// Pending reports whether a strategic objective with a target and a score
// is measured over too little of its weight to be judged against it yet.
func (x StrategicScore) Pending() bool {
	return x.Target != nil && x.Score != nil && !Judged(x.Coverage)
}

// StrategicBand is the band of a strategic objective. Without a target it
// is the band of its score, as for any objective. With one, the objective
// is judged by its own target: green when it meets it — 93,8% against a
// target of 80% is green, not «raggiunto all'80%» — and, when it misses
// it, the band of how far it got towards it (score ÷ target × 100) but
// never green: 76% against 80% (95% of the way) is yellow, 50% against 80%
// (62,5%) orange, 40% against 80% red.
func StrategicBand(score, target *float64) Band {
	if score == nil || target == nil {
		return BandOf(score)
	}
	if *Achieved(score, target) {
		return Bands[0]
	}
	ratio := 100 * *score / *target // target > score ≥ 0: never a division by zero
	if b := BandOf(&ratio); b.Name != Bands[0].Name {
		return b
	}
	return Bands[1]
}

// Attainment computes an action's attainment (0–100) from a measured value.
// A target or threshold is met by the comparison of its sign ("> 3" only
// above 3) or, unsigned, by the non-strict comparison of the action's
// direction; a yes/no target only by the same answer. Without thresholds
// an action scores 100 or 0.
func Attainment(a *Action, measured Value, method Method) float64 {
	if !measured.Numeric() {
		return 0
	}
	v := *measured.Number
	if a.Qualitative {
		return math.Max(0, math.Min(100, v))
	}
	if !a.Target.Numeric() {
		return 0
	}
	if a.Target.Kind == KindMonth {
		// a date measured against a month target counts as its month
		if m, ok := MonthOf(measured); ok {
			v = m
		}
	}
	if a.Target.Kind == KindYesNo {
		if measured.Kind == KindYesNo && v == *a.Target.Number {
			return 100
		}
		return 0
	}
	target := *a.Target.Number
	if meets(a.Direction, *a.Target, v) {
		return 100
	}
	// anchors from the target down: (value, attainment)
	type anchor struct{ at, score float64 }
	prev := anchor{target, 100}
	for _, t := range []struct {
		v     *Value
		score float64
	}{{a.Threshold80, 80}, {a.Threshold60, 60}} {
		if !t.v.Numeric() {
			continue
		}
		cur := anchor{*t.v.Number, t.score}
		if meets(a.Direction, *t.v, v) {
			if method != MethodLinear || prev.at == cur.at {
				return cur.score
			}
			frac := (v - cur.at) / (prev.at - cur.at)
			s := cur.score + frac*(prev.score-cur.score)
			return math.Max(cur.score, math.Min(prev.score, s))
		}
		prev = cur
	}
	return 0
}

// meets reports whether measured value v meets limit: by the limit's own
// sign when it has one, else by the non-strict comparison of direction d.
func meets(d Direction, limit Value, v float64) bool {
	l := *limit.Number
	switch limit.Op {
	case OpGT:
		return v > l+scoreEpsilon
	case OpGE:
		return v+scoreEpsilon >= l
	case OpLT:
		return v < l-scoreEpsilon
	case OpLE:
		return v <= l+scoreEpsilon
	}
	if d == LowerIsBetter {
		return v <= l+scoreEpsilon
	}
	return v+scoreEpsilon >= l
}

// Scorecard is the attainment of every action of a plan for a period,
// rolled up by weight to operational and strategic objectives.
type Scorecard struct {
	Plan        int64            `json:"plan"`
	Period      Period           `json:"period"`
	Method      Method           `json:"method"`
	Actions     []ActionScore    `json:"actions"`
	Operational []ObjectiveScore `json:"operational"`
	Strategic   []StrategicScore `json:"strategic"`
	index       map[string]int   // action code → Actions index
	opIndex     map[string]int   // operational code → Operational index
	stIndex     map[string]int   // strategic code → Strategic index
}

// ActionScore is one action's measurement and attainment; Measured and
// Attainment are nil when the action has not been measured.
type ActionScore struct {
	Code        string       `json:"code"`
	Measured    *Value       `json:"measured"`
	Attainment  *float64     `json:"attainment"`
	Band        string       `json:"band"`
	Note        string       `json:"note,omitempty"`
	Measurement *Measurement `json:"-"`
	// PreviousYear is the same action's year-end figure in the previous
	// year's plan, when there is one (see Scorecard.WithPreviousYear).
	PreviousYear *PreviousYear `json:"previous_year,omitempty"`
}

// ObjectiveScore is an operational objective's weighted score over its
// measured actions, and the share of its weight that is measured.
type ObjectiveScore struct {
	Code     string   `json:"code"`
	Score    *float64 `json:"score"`
	Coverage float64  `json:"coverage"`
	Band     string   `json:"band"`
}

// StrategicScore is a strategic objective's weighted score over its
// operational objectives, with its target for the period's year; its band
// follows StrategicBand (green only when the target is met).
type StrategicScore struct {
	Code     string   `json:"code"`
	Score    *float64 `json:"score"`
	Target   *float64 `json:"target"`
	Achieved *bool    `json:"achieved"`
	Coverage float64  `json:"coverage"`
	Band     string   `json:"band"`
}

// Action returns the score of an action by code.
func (s *Scorecard) Action(code string) *ActionScore {
	if i, ok := s.index[code]; ok {
		return &s.Actions[i]
	}
	return nil
}

// OperationalScore returns the score of an operational objective by code.
func (s *Scorecard) OperationalScore(code string) *ObjectiveScore {
	if i, ok := s.opIndex[code]; ok {
		return &s.Operational[i]
	}
	return nil
}

// StrategicScoreOf returns the score of a strategic objective by code.
func (s *Scorecard) StrategicScoreOf(code string) *StrategicScore {
	if i, ok := s.stIndex[code]; ok {
		return &s.Strategic[i]
	}
	return nil
}

// Score scores a plan for a period from the current measurements by action
// code. Actions without a measurement are reported, not counted as zero:
// they lower an objective's coverage, not its score.
func Score(p *Plan, period Period, measured map[string]*Measurement, method Method) *Scorecard {
	sc := &Scorecard{Plan: p.ID, Period: period, Method: method,
		Actions: []ActionScore{}, Operational: []ObjectiveScore{}, Strategic: []StrategicScore{},
		index: map[string]int{}, opIndex: map[string]int{}, stIndex: map[string]int{}}
	for _, ps := range p.Perspectives {
		for _, s := range ps.Strategic {
			var sumW, sumWS float64
			for _, o := range s.Operational {
				var aw, aws, measuredW float64
				for _, a := range o.Actions {
					as := ActionScore{Code: a.Code, Band: NotMeasured.Name}
					if m := measured[a.Code]; m != nil {
						v := m.Value
						att := Attainment(a, v, method)
						as.Measured, as.Attainment, as.Note, as.Measurement = &v, &att, m.Note, m
						as.Band = BandOf(&att).Name
						aws += a.Weight * att
						measuredW += a.Weight
					}
					aw += a.Weight
					sc.index[a.Code] = len(sc.Actions)
					sc.Actions = append(sc.Actions, as)
				}
				os := ObjectiveScore{Code: o.Code}
				if measuredW > 0 {
					score := aws / measuredW
					os.Score = &score
				}
				if aw > 0 {
					os.Coverage = 100 * measuredW / aw
				}
				os.Band = BandOf(os.Score).Name
				sc.opIndex[o.Code] = len(sc.Operational)
				sc.Operational = append(sc.Operational, os)
				if os.Score != nil {
					sumWS += o.Weight * *os.Score
				}
				sumW += o.Weight
			}
			ss := StrategicScore{Code: s.Code}
			var measuredW, covered float64
			for _, o := range s.Operational {
				os := sc.Operational[sc.opIndex[o.Code]]
				covered += o.Weight * os.Coverage
				if os.Score != nil {
					measuredW += o.Weight
				}
			}
			if measuredW > 0 {
				score := sumWS / measuredW
				ss.Score = &score
			}
			if sumW > 0 {
				ss.Coverage = covered / sumW
			}
			if t, ok := s.Target(period.Year); ok {
				ss.Target = &t
			} else if t, ok := s.Target(p.Year); ok {
				ss.Target = &t
			}
			ss.Achieved = Achieved(ss.Score, ss.Target)
			ss.Band = StrategicBand(ss.Score, ss.Target).Name
			if ss.Pending() {
				// too little measured to say it met its target or not
				ss.Achieved, ss.Band = nil, NotMeasured.Name
			}
			sc.stIndex[s.Code] = len(sc.Strategic)
			sc.Strategic = append(sc.Strategic, ss)
		}
	}
	return sc
}

// UnitAttainment is a unit's score: the attainment of its measured
// actions averaged by their weights (attainment gives an action's, nil
// when it is not measured); nil when none is measured.
func UnitAttainment(actions []*Action, attainment func(*Action) *float64) *float64 {
	var sum, weights float64
	for _, a := range actions {
		if v := attainment(a); v != nil {
			sum += a.Weight * *v
			weights += a.Weight
		}
	}
	if weights == 0 {
		return nil
	}
	v := sum / weights
	return &v
}

// Verdict is a strategic objective's verdict in words, the same on the
// pages and in the scored workbook: «✓ raggiunto (target 80%)» when it meets its
// target, else the share of the target it reached («97% del target»);
// «da valutare» while too little of it is measured, «senza target»,
// «non misurato». Percentages are whole, rounded as a spreadsheet's
// TEXT(x;"0%") rounds them.
func (x StrategicScore) Verdict() string {
	switch {
	case x.Score == nil:
		return "non misurato"
	case x.Target == nil:
		return "senza target"
	case x.Pending():
		return "da valutare"
	case *Achieved(x.Score, x.Target):
		return "✓ raggiunto (target " + WholePercent(*x.Target) + ")"
	}
	return WholePercent(100**x.Score / *x.Target) + " del target"
}

// PerspectiveVerdict is a perspective's verdict in words: how many of its
// judged strategic objectives met their target («✓ 3 su 3 raggiunti», «1
// su 3 raggiunti»), «da valutare» when none can be judged yet.
func PerspectiveVerdict(achieved, judged int) string {
	switch {
	case judged == 0:
		return "da valutare"
	case achieved == judged:
		return fmt.Sprintf("✓ %d su %d raggiunti", achieved, judged)
	}
	return fmt.Sprintf("%d su %d raggiunti", achieved, judged)
}

// WholePercent writes a percentage rounded to a whole number, half away
// from zero: 97,5 → «98%».
func WholePercent(v float64) string {
	return strconv.FormatFloat(math.Round(v+math.Copysign(1e-9, v)), 'f', 0, 64) + "%"
}

// CountLabel says how many actions fall in band b, agreeing with
// «azione»: «1 raggiunta», «11 raggiunte all'80%», «6 non raggiunte», «1
// non misurata».
func (b Band) CountLabel(n int) string {
	word := map[string][2]string{
		"green": {"raggiunta", "raggiunte"}, "yellow": {"raggiunta all'80%", "raggiunte all'80%"},
		"orange": {"raggiunta al 60%", "raggiunte al 60%"}, "red": {"non raggiunta", "non raggiunte"},
		"grey": {"non misurata", "non misurate"},
	}[b.Name]
	if word[0] == "" {
		return Plural(n, b.Label, b.Label)
	}
	return Plural(n, word[0], word[1])
}

// CountLabelFor is CountLabel in the words of method m: with the linear
// method a band is a stretch between thresholds, not a step — «18 tra
// 80% e target».
func (b Band) CountLabelFor(n int, m Method) string {
	if m != MethodLinear {
		return b.CountLabel(n)
	}
	switch b.Name {
	case "green":
		return FormatNumber(float64(n)) + " al target"
	case "yellow":
		return FormatNumber(float64(n)) + " tra 80% e target"
	case "orange":
		return FormatNumber(float64(n)) + " tra 60% e 80%"
	case "red":
		return FormatNumber(float64(n)) + " sotto il 60%"
	}
	return b.CountLabel(n)
}
