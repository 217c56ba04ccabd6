package main

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

type scoreDoc struct {
	Plan    int
	Period  string
	Method  string
	Actions []struct {
		Code       string
		Measured   *struct{ Raw string }
		Attainment *float64
		Band       string
	}
	Operational []struct {
		Code     string
		Score    *float64
		Coverage float64
		Band     string
	}
	Strategic []struct {
		Code     string
		Score    *float64
		Target   *float64
		Achieved *bool
		Coverage float64
		Band     string
	}
}

func scoreJSON(t *testing.T, db string, args ...string) scoreDoc {
	t.Helper()
	code, out, stderr := cli(t, "", append([]string{"score", "--db", db, "--plan", "1", "--json"}, args...)...)
	if code != exitOK {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	var doc scoreDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("score JSON: %v\n%s", err, out)
	}
	return doc
}

// TestScorePlan2020 scores the whole 2020 plan from a measurement set
// written by hand (testdata/measurements-2020.json). The expected
// attainments were worked out by hand from the plan's targets and
// thresholds, not by the engine.
func TestScorePlan2020(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatal(stderr)
	}
	code, out, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "--file", "../../testdata/measurements-2020.json")
	if code != exitOK || !strings.Contains(out, "Registrati 49 valori") {
		t.Fatalf("measure: exit %d: %s %s", code, out, stderr)
	}
	// code: step attainment, linear attainment
	want := map[string][2]float64{
		"1.1.1": {100, 100}, "1.1.2": {80, 90}, "1.2.1": {80, 90}, "1.2.2": {60, 60}, "1.3.1": {0, 0}, "1.3.2": {85, 85},
		"1.4.1": {60, 70}, "1.4.2": {80, 90}, "1.5.1": {100, 100}, "1.6.1": {0, 0}, "1.6.2": {100, 100},
		"2.1.1": {80, 80}, "2.1.2": {60, 70}, "2.1.3": {100, 100}, "2.2.1": {60, 70}, "2.2.2": {80, 90}, "2.3.1": {100, 100},
		"2.3.2": {80, 80}, "2.4.1": {0, 0}, "2.4.2": {80, 90},
		"3.1.1": {100, 100}, "3.2.1": {60, 70}, "3.3.1": {80, 80}, "3.3.2": {80, 90}, "3.3.3": {0, 0}, "3.3.4": {60, 60},
		"3.3.5": {100, 100}, "3.3.6": {60, 60}, "3.3.7": {100, 100}, "3.4.1": {80, 80}, "3.5.1": {80, 90}, "3.5.2": {60, 60},
		"4.1.1": {100, 100}, "4.1.2": {80, 90}, "4.1.3": {60, 70},
		"5.1.1": {90, 90}, "5.2": {80, 90}, "5.3": {60, 80},
		"6.1.1": {80, 92}, "6.1.2": {100, 100}, "6.1.3": {60, 70},
		"7.1.1": {80, 80}, "7.1.2": {80, 90},
		"8.1.1": {80, 80 + 20.0/3}, "8.1.2": {0, 0}, "8.1.3": {60, 60 + 80.0/9},
		"9.1.1": {100, 100}, "9.1.2": {60, 68}, "9.1.3": {60, 70},
	}
	bandOf := func(v float64) string {
		switch {
		case v >= 100:
			return "green"
		case v >= 80:
			return "yellow"
		case v >= 60:
			return "orange"
		}
		return "red"
	}
	for i, method := range []string{"step", "linear"} {
		doc := scoreJSON(t, db, "--method", method)
		if doc.Method != method || doc.Period != "2020" || len(doc.Actions) != 49 {
			t.Fatalf("%s: method %s period %s, %d actions", method, doc.Method, doc.Period, len(doc.Actions))
		}
		for _, a := range doc.Actions {
			w, ok := want[a.Code]
			if !ok || a.Attainment == nil {
				t.Errorf("%s %s: unexpected or unscored (%v)", method, a.Code, a.Attainment)
				continue
			}
			if math.Abs(*a.Attainment-w[i]) > 1e-9 || a.Band != bandOf(w[i]) {
				t.Errorf("%s %s: attainment %v (%s), want %v (%s)", method, a.Code, *a.Attainment, a.Band, w[i], bandOf(w[i]))
			}
		}
	}
	// roll-ups by hand, step rule
	doc := scoreJSON(t, db)
	ops := map[string]float64{
		"1.1": 90, // 50·100 + 50·80
		"1.2": 68, // 40·80 + 60·60
		"1.3": 51, // 40·0 + 60·85
		"1.6": 10, // 90·0 + 10·100
		"3.3": 67, // 40·80 + 20·80 + 15·0 + 10·60 + 5·100 + 5·60 + 5·100
		"9.1": 70, // 25·100 + 50·60 + 25·60
	}
	for _, o := range doc.Operational {
		if w, ok := ops[o.Code]; ok && (o.Score == nil || math.Abs(*o.Score-w) > 1e-9 || o.Coverage != 100) {
			t.Errorf("operational %s = %v (coverage %v), want %v", o.Code, o.Score, o.Coverage, w)
		}
	}
	strategic := map[string]struct {
		score    float64
		achieved bool
		band     string
	}{
		"1": {36.15, false, "red"}, // (10·90 + 15·68 + 5·51 + 5·68 + 5·100 + 60·10) / 100
		"5": {83, true, "green"},   // 60·90 + 25·80 + 15·60, meets its target of 80
		"9": {70, false, "orange"}, // target 100
	}
	for _, s := range doc.Strategic {
		w, ok := strategic[s.Code]
		if !ok {
			continue
		}
		if s.Score == nil || math.Abs(*s.Score-w.score) > 1e-9 || s.Achieved == nil || *s.Achieved != w.achieved || s.Band != w.band || s.Coverage != 100 {
			t.Errorf("strategic %s = %v achieved %v band %s, want %v %v %s", s.Code, s.Score, s.Achieved, s.Band, w.score, w.achieved, w.band)
		}
	}
}

func TestMeasureRejectsAndKeepsHistory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, stderr := cli(t, "", "import", "--db", db, plan2020); code != exitOK {
		t.Fatal(stderr)
	}
	// one bad value: nothing of the batch is stored, every problem listed
	code, _, stderr := cli(t, "", "measure", "--db", db, "--plan", "1", "1.1.1=5", "3.5.1=12", "1.4.2=tanti", "7.7.7=1", "1.1.2=-3")
	if code != exitRejected {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"3.5.1", "1.4.2", "7.7.7", "1.1.2"} {
		if !strings.Contains(stderr, "azione "+want) {
			t.Errorf("rejection of %s not listed:\n%s", want, stderr)
		}
	}
	if doc := scoreJSON(t, db); doc.Actions[0].Measured != nil {
		t.Errorf("1.1.1 stored from a rejected batch")
	}
	// interim period, then year end: each period keeps its own value
	for _, args := range [][]string{{"--period", "2020-06", "1.1.1=2"}, {"1.1.1=3"}, {"1.1.1=4"}} {
		if code, _, stderr := cli(t, "", append([]string{"measure", "--db", db, "--plan", "1"}, args...)...); code != exitOK {
			t.Fatal(stderr)
		}
	}
	if doc := scoreJSON(t, db, "--period", "2020-06"); doc.Actions[0].Measured.Raw != "2" || *doc.Actions[0].Attainment != 60 {
		t.Errorf("June value = %+v", doc.Actions[0])
	}
	if doc := scoreJSON(t, db); doc.Actions[0].Measured.Raw != "4" {
		t.Errorf("year-end value = %+v, want the newest (4)", doc.Actions[0].Measured)
	}
	if code, _, stderr := cli(t, "", "score", "--db", db, "--plan", "1", "--period", "2025"); code != exitRejected || !strings.Contains(stderr, "non appartiene") {
		t.Errorf("period outside the plan: exit %d %s", code, stderr)
	}
	if code, _, _ := cli(t, "", "score", "--db", db, "--plan", "1", "--method", "media"); code != exitUsage {
		t.Errorf("bad method: exit %d", code)
	}
	if code, out, _ := cli(t, "", "score", "--db", db, "--plan", "1"); code != exitOK || !strings.Contains(out, "non misurata") || !strings.Contains(out, "OBIETTIVO STRATEGICO") {
		t.Errorf("table: %s", out)
	}
}
