package importer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"cruscotto/importer"
	"cruscotto/model"
)

// expectedValue is a target or threshold as a fixture expects it.
type expectedValue struct {
	Raw   string   `json:"raw"`
	Op    string   `json:"op"`
	Kind  string   `json:"kind"`
	Value *float64 `json:"value"`
}

// expectedPlan is a fixture's expected document (testdata/drift/README.md):
// written from the requirement by someone who had not read the importer.
type expectedPlan struct {
	Year            int      `json:"year"`
	Refused         bool     `json:"refused"`
	ErrorCells      []string `json:"error_cells"`
	NotesContain    []string `json:"notes_contain"`
	WarningsContain []string `json:"warnings_contain"`
	Perspectives    []struct {
		Name      string `json:"name"`
		Strategic []struct {
			Code        string          `json:"code"`
			Targets     map[int]float64 `json:"targets"`
			Operational []struct {
				Code    string  `json:"code"`
				Weight  float64 `json:"weight"`
				Actions []struct {
					Code      string          `json:"code"`
					Weight    float64         `json:"weight"`
					Target    *expectedValue  `json:"target"`
					T80       *expectedValue  `json:"t80"`
					T60       *expectedValue  `json:"t60"`
					Direction model.Direction `json:"direction"`
					Units     []string        `json:"units"`
					PIRA      bool            `json:"pira"`
				} `json:"actions"`
			} `json:"operational"`
		} `json:"strategic"`
	} `json:"perspectives"`
}

func sameValue(got *model.Value, want *expectedValue) bool {
	switch {
	case got == nil || want == nil:
		return (got == nil || !got.Numeric()) && want == nil
	case got.Raw != want.Raw || string(got.Op) != want.Op || string(got.Kind) != want.Kind:
		return false
	case want.Kind == string(model.KindYesNo) || want.Value == nil:
		return true
	}
	return got.Numeric() && *got.Number == *want.Value
}

func showValue(v *model.Value) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprintf("%q %s %s %v", v.Raw, v.Op, v.Kind, v.Float())
}

// TestDriftFixtures imports next year's plan files written by hand from
// the requirement — notes, title areas, sections, totals, hidden columns,
// synonyms, the new value forms, all at once and re-saved by LibreOffice,
// and one with a missing code — and compares each with its expected
// document.
func TestDriftFixtures(t *testing.T) {
	files, _ := filepath.Glob("../testdata/drift/*.expected.json")
	if len(files) < 10 {
		t.Fatalf("%d fixtures", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".expected.json")
		t.Run(name, func(t *testing.T) {
			var want expectedPlan
			raw, _ := os.ReadFile(f)
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(strings.TrimSuffix(f, ".expected.json") + ".xlsx")
			if err != nil {
				t.Fatal(err)
			}
			p, err := importer.ParsePlan(context.Background(), data, importer.Options{})
			if want.Refused {
				var cells []string
				for _, pr := range model.ErrorProblems(err) {
					cells = append(cells, pr.Location())
				}
				if err == nil || !reflect.DeepEqual(cells, want.ErrorCells) {
					t.Fatalf("errors on %v, want on %v (%v)", cells, want.ErrorCells, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, p, &want)
		})
	}
}

func checkPlan(t *testing.T, p *model.Plan, want *expectedPlan) {
	t.Helper()
	if p.Year != want.Year {
		t.Errorf("year %d, want %d", p.Year, want.Year)
	}
	var names []string
	for _, ps := range p.Perspectives {
		names = append(names, ps.Name)
	}
	var wantNames []string
	for _, ps := range want.Perspectives {
		wantNames = append(wantNames, ps.Name)
	}
	if !slices.Equal(names, wantNames) {
		t.Errorf("perspectives %q, want %q", names, wantNames)
	}
	strategic := map[string]*model.StrategicObjective{}
	for _, ps := range p.Perspectives {
		for _, s := range ps.Strategic {
			strategic[s.Code] = s
		}
	}
	for _, eps := range want.Perspectives {
		for _, es := range eps.Strategic {
			s := strategic[es.Code]
			if s == nil {
				t.Errorf("strategic %s missing", es.Code)
				continue
			}
			if !reflect.DeepEqual(s.Targets, es.Targets) {
				t.Errorf("strategic %s targets %v, want %v", es.Code, s.Targets, es.Targets)
			}
			if len(s.Operational) != len(es.Operational) {
				t.Errorf("strategic %s has %d operational objectives, want %d", es.Code, len(s.Operational), len(es.Operational))
				continue
			}
			for i, eo := range es.Operational {
				o := s.Operational[i]
				if o.Code != eo.Code || o.Weight != eo.Weight || len(o.Actions) != len(eo.Actions) {
					t.Errorf("operational %s weight %v with %d actions, want %s %v with %d", o.Code, o.Weight, len(o.Actions), eo.Code, eo.Weight, len(eo.Actions))
					continue
				}
				for j, ea := range eo.Actions {
					a := o.Actions[j]
					switch {
					case a.Code != ea.Code || a.Weight != ea.Weight:
						t.Errorf("action %s weight %v, want %s %v", a.Code, a.Weight, ea.Code, ea.Weight)
					case !sameValue(a.Target, ea.Target), !sameValue(a.Threshold80, ea.T80), !sameValue(a.Threshold60, ea.T60):
						t.Errorf("action %s values %s | %s | %s, want %+v | %+v | %+v", a.Code, showValue(a.Target), showValue(a.Threshold80), showValue(a.Threshold60), ea.Target, ea.T80, ea.T60)
					case ea.Direction != "" && a.Direction != ea.Direction:
						t.Errorf("action %s direction %s, want %s", a.Code, a.Direction, ea.Direction)
					case !slices.Equal(a.Units, ea.Units) || a.PIRA != ea.PIRA:
						t.Errorf("action %s units %q PIRA %v, want %q %v", a.Code, a.Units, a.PIRA, ea.Units, ea.PIRA)
					}
				}
			}
		}
	}
	var notes []string
	for _, n := range p.Notes {
		notes = append(notes, n.Text)
	}
	for _, frag := range want.NotesContain {
		if !strings.Contains(strings.Join(notes, "\n"), frag) {
			t.Errorf("notes lack %q: %q", frag, notes)
		}
	}
	var warnings []string
	for _, w := range p.Warnings {
		warnings = append(warnings, w.String())
	}
	for _, frag := range want.WarningsContain {
		if !strings.Contains(strings.Join(warnings, "\n"), frag) {
			t.Errorf("warnings lack %q: %q", frag, warnings)
		}
	}
}
