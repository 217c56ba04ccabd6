package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
	"cruscotto/model"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestPlan2020Golden pins the whole plan document of the 2020 workbook,
// warnings included.
func TestPlan2020Golden(t *testing.T) {
	p := mustParse(t, plan2020)
	got, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	const golden = "../testdata/golden/plan-2020.json"
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./importer -update to create it)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		t.Errorf("plan document differs from %s; run with -update and review the diff", golden)
	}
}

// shape is the part of a plan that must not depend on the layout: the
// tree with every value, and the units. Cell locations and titles do.
func shape(t *testing.T, p *model.Plan) string {
	t.Helper()
	c := *p
	c.Warnings, c.Title, c.Notes = nil, "", nil
	var persp []*model.Perspective
	for _, ps := range p.Perspectives {
		pc := *ps
		pc.Strategic = nil
		for _, s := range ps.Strategic {
			sc := *s
			sc.Cell, sc.Operational = model.CellRef{}, nil
			for _, o := range s.Operational {
				oc := *o
				oc.Cell, oc.Actions = model.CellRef{}, nil
				for _, a := range o.Actions {
					ac := *a
					ac.Cell = model.CellRef{}
					oc.Actions = append(oc.Actions, &ac)
				}
				sc.Operational = append(sc.Operational, &oc)
			}
			pc.Strategic = append(pc.Strategic, &sc)
		}
		persp = append(persp, &pc)
	}
	c.Perspectives = persp
	b, err := json.MarshalIndent(c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLayoutVariants writes the 2020 plan in the layouts plans drift
// between and checks that each reads back as the same model.
func TestLayoutVariants(t *testing.T) {
	orig := mustParse(t, plan2020)
	want := shape(t, orig)
	reordered := []planwriter.Column{planwriter.ExtraNotes, planwriter.Perspective,
		planwriter.StrategicCode, planwriter.StrategicTargets, planwriter.StrategicKPI, planwriter.StrategicDescription,
		planwriter.OperationalCode, planwriter.OperationalWeight, planwriter.OperationalTitle, planwriter.OperationalKPI,
		planwriter.ActionCode, planwriter.Responsible, planwriter.ActionWeight, planwriter.ActionTarget, planwriter.Threshold60,
		planwriter.Threshold80, planwriter.ActionTitle, planwriter.ActionKPI, planwriter.ExtraNotes, planwriter.PIRA}
	tests := []struct {
		name   string
		layout planwriter.Layout
	}{
		{"sheet per perspective, merged", planwriter.Layout{Merge: true, Numbers: true}},
		{"one sheet with many blocks", planwriter.Layout{OneSheet: true, Merge: true, Numbers: true}},
		{"reordered and extra columns", planwriter.Layout{Merge: true, Order: reordered}},
		{"no merged cells, values repeated", planwriter.Layout{Repeat: true}},
		{"no merged cells, values once", planwriter.Layout{}},
		{"header spelling variants", planwriter.Layout{Merge: true, Variant: true}},
		{"trailing-dot codes", planwriter.Layout{Merge: true, TrailingDots: true, OneSheet: true}},
		{"everything at once", planwriter.Layout{OneSheet: true, Repeat: true, Variant: true, TrailingDots: true, Order: reordered, Numbers: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := planwriter.Write(&buf, orig, tt.layout); err != nil {
				t.Fatal(err)
			}
			p, err := importer.ParsePlan(context.Background(), buf.Bytes(), importer.Options{})
			if err != nil {
				t.Fatalf("ParsePlan: %v", err)
			}
			if got := shape(t, p); got != want {
				t.Errorf("model differs from the 2020 plan's:\n%s", firstDiff(got, want))
			}
			if len(p.Warnings) != len(orig.Warnings) {
				t.Errorf("%d warnings, want %d: %v", len(p.Warnings), len(orig.Warnings), p.Warnings)
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			lo := max(0, i-6)
			return "got:\n" + strings.Join(g[lo:min(len(g), i+3)], "\n") + "\nwant:\n" + strings.Join(w[lo:min(len(w), i+3)], "\n")
		}
	}
	return "lengths differ"
}
