package model

import (
	"math"
	"strings"
)

// PerspectiveScore is a perspective's score: the mean of its measured
// strategic objectives (perspectives carry no weights), and false when
// none of them is measured. The plan page and the scored workbook both
// use it.
func (s *Scorecard) PerspectiveScore(ps *Perspective) (float64, bool) {
	var sum float64
	n := 0
	for _, st := range ps.Strategic {
		if x := s.StrategicScoreOf(st.Code); x != nil && x.Score != nil {
			sum += *x.Score
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// Progress is how far a strategic objective got towards its own target,
// in percent: score ÷ target × 100, at most 100, once it is judged
// (MinCoverage); without a target, its score. nil when it has no score,
// or a target and too little measured.
func (x StrategicScore) Progress() *float64 {
	switch {
	case x.Score == nil:
		return nil
	case x.Target == nil:
		return x.Score
	case x.Pending() || *x.Target <= 0:
		return nil
	}
	p := math.Min(100, 100**x.Score / *x.Target)
	return &p
}

// PerspectiveTally counts a perspective's strategic objectives judged
// against their target (measured enough, with one) and, of those, the
// ones that met it: what PerspectiveVerdict says.
func (s *Scorecard) PerspectiveTally(ps *Perspective) (achieved, judged int) {
	for _, st := range ps.Strategic {
		if x := s.StrategicScoreOf(st.Code); x != nil && x.Achieved != nil && !x.Pending() {
			judged++
			if *x.Achieved {
				achieved++
			}
		}
	}
	return achieved, judged
}

// PerspectiveProgress is the mean Progress of a perspective's strategic
// objectives: it colours the perspective (PerspectiveBand).
func (s *Scorecard) PerspectiveProgress(ps *Perspective) (float64, bool) {
	var sum float64
	n := 0
	for _, st := range ps.Strategic {
		if x := s.StrategicScoreOf(st.Code); x != nil {
			if p := x.Progress(); p != nil {
				sum += *p
				n++
			}
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// PerspectiveBand is a perspective's colour, by the same measure as its
// strategic objectives': the band of their mean progress towards their
// targets. It is green only when every one judged met its target, and
// never worse than all of them — while its score, the mean of their
// scores, says how far they got in absolute terms.
func (s *Scorecard) PerspectiveBand(ps *Perspective) Band {
	if v, ok := s.PerspectiveProgress(ps); ok {
		return BandOf(&v)
	}
	return NotMeasured
}

// BandCount is how many actions fall in a band.
type BandCount struct {
	Band  Band
	Count int
}

// PerspectiveSummary is a perspective's line of an overview.
type PerspectiveSummary struct {
	Name      string
	Score     *float64 // PerspectiveScore, nil when nothing is measured
	Band      Band
	Strategic int // its strategic objectives
	Achieved  int // of which meet their target
	Missed    int // of which miss it
}

// Overview is a scorecard at a glance: how many actions fall in each band,
// how much of the plan is measured, and each perspective's score.
type Overview struct {
	Actions  int         // actions scored
	Measured int         // of which measured
	Bands    []BandCount // actions per band, in AllBands order, grey last
	// Coverage is the share of weight measured, in percent: for a whole
	// plan the mean of its strategic objectives' coverage (every strategic
	// objective counts the same, as in the perspectives' scores); for a
	// unit's scorecard, which holds no objectives, the measured share of
	// its actions' weights.
	Coverage     float64
	Perspectives []PerspectiveSummary // empty for a unit's scorecard
}

// Overview summarises the scorecard of plan p (the plan it was computed
// for, or the unit's view of it).
func (s *Scorecard) Overview(p *Plan) Overview {
	o := Overview{Actions: len(s.Actions)}
	count := map[string]int{}
	var weight, measuredWeight float64
	weights := map[string]float64{}
	for _, a := range p.Actions() {
		weights[a.Code] = a.Weight
	}
	for _, a := range s.Actions {
		count[a.Band]++
		weight += weights[a.Code]
		if a.Attainment != nil {
			o.Measured++
			measuredWeight += weights[a.Code]
		}
	}
	for _, b := range AllBands() {
		o.Bands = append(o.Bands, BandCount{Band: b, Count: count[b.Name]})
	}
	if len(s.Strategic) == 0 {
		if weight > 0 {
			o.Coverage = 100 * measuredWeight / weight
		}
		return o
	}
	var covered float64
	for _, st := range s.Strategic {
		covered += st.Coverage
	}
	o.Coverage = covered / float64(len(s.Strategic))
	for _, ps := range p.Perspectives {
		sum := PerspectiveSummary{Name: ps.Name, Band: NotMeasured, Strategic: len(ps.Strategic)}
		if v, ok := s.PerspectiveScore(ps); ok {
			sum.Score, sum.Band = &v, s.PerspectiveBand(ps)
		}
		for _, st := range ps.Strategic {
			if x := s.StrategicScoreOf(st.Code); x != nil && x.Achieved != nil {
				if *x.Achieved {
					sum.Achieved++
				} else {
					sum.Missed++
				}
			}
		}
		o.Perspectives = append(o.Perspectives, sum)
	}
	return o
}

// Change is how an action's measured value moved since an earlier period.
type Change struct {
	Arrow string // ▲ the value rose, ▼ it fell, = it stayed
	// Sense is "better", "worse" or "same": by the attainment when it
	// moved, else by the action's direction (a count that rose is better,
	// days that rose are worse); a yes/no answer that stayed is the same.
	Sense string
	Label string // the whole of it in Italian, for a tooltip and screen readers
}

// Compare says how an action's value moved from prev to cur, each with
// its attainment; false when either is not a number.
func Compare(a *Action, prev, cur *ActionScore) (Change, bool) {
	if prev == nil || cur == nil || !prev.Measured.Numeric() || !cur.Measured.Numeric() || prev.Attainment == nil || cur.Attainment == nil {
		return Change{}, false
	}
	p, c := *prev.Measured.Number, *cur.Measured.Number
	var ch Change
	switch {
	case c > p+scoreEpsilon:
		ch.Arrow = "▲"
	case c < p-scoreEpsilon:
		ch.Arrow = "▼"
	default:
		ch.Arrow = "="
	}
	switch pa, ca := *prev.Attainment, *cur.Attainment; {
	case ca > pa+scoreEpsilon:
		ch.Sense = "better"
	case ca < pa-scoreEpsilon:
		ch.Sense = "worse"
	case ch.Arrow == "=" || a.Target.Numeric() && a.Target.Kind == KindYesNo:
		ch.Sense = "same"
	case (ch.Arrow == "▲") == (a.Direction != LowerIsBetter):
		ch.Sense = "better"
	default:
		ch.Sense = "worse"
	}
	moved := map[string]string{"▲": "in aumento", "▼": "in diminuzione", "=": "invariato"}[ch.Arrow]
	judged := map[string]string{"better": "in miglioramento", "worse": "in peggioramento", "same": "stabile"}[ch.Sense]
	ch.Label = moved
	if ch.Arrow != "=" {
		ch.Label = strings.Join([]string{moved, judged}, ", ")
	}
	return ch, true
}
