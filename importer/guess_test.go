package importer_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
	"cruscotto/model"
)

// TestProposalReadsRenamedHeaders: the 2020 plan with header labels the
// vocabulary does not know — the group titles kept, or renamed too — is
// proposed a mapping that, confirmed as it is, reads the same plan as the
// original file, field for field; the header rows are 3–5, and the
// fields guessed from content are marked so.
func TestProposalReadsRenamedHeaders(t *testing.T) {
	data, err := os.ReadFile(plan2020)
	if err != nil {
		t.Fatal(err)
	}
	want := shape(t, mustParse(t, plan2020))
	for _, tc := range []struct {
		name    string
		renames []map[string]string
	}{
		{"labels", []map[string]string{planwriter.UnknownLabels}},
		{"labels and groups", []map[string]string{planwriter.UnknownLabels, planwriter.UnknownGroups}},
		{"groups", []map[string]string{planwriter.UnknownGroups}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			renamed, err := planwriter.RenameHeaders(data, tc.renames...)
			if err != nil {
				t.Fatal(err)
			}
			m, previews, err := importer.Propose(context.Background(), renamed)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Sheets) != 4 || len(previews) != 4 {
				t.Fatalf("%d sheet mappings, %d previews, want 4", len(m.Sheets), len(previews))
			}
			guessed := 0
			for _, sm := range m.Sheets {
				if sm.HeaderRows != [2]int{3, 5} {
					t.Errorf("%s: header rows %v, want 3–5", sm.Sheet, sm.HeaderRows)
				}
				for _, c := range sm.Columns {
					if c.Guessed {
						guessed++
					}
				}
			}
			if guessed == 0 {
				t.Error("no column marked as guessed from its content")
			}
			got, err := importer.ParsePlan(context.Background(), renamed, importer.Options{Mapping: m})
			if err != nil {
				t.Fatalf("the proposal does not read the plan: %v\n%s", err, m.JSON())
			}
			if g := shape(t, got); g != want {
				t.Errorf("renamed plan read with the proposal differs:\n%s\n%s", firstDiff(g, want), m.JSON())
			}
		})
	}
}

// TestProposalWithoutLabelsOrGroups: a header of labels alone, none
// known, is still found and read from its content.
func TestProposalFieldsByContent(t *testing.T) {
	data, err := os.ReadFile(plan2020)
	if err != nil {
		t.Fatal(err)
	}
	renamed, err := planwriter.RenameHeaders(data, planwriter.UnknownLabels, planwriter.UnknownGroups)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := importer.Propose(context.Background(), renamed)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]model.Field{
		"A": model.FieldPerspective, "B": model.FieldStrategicCode, "C": model.FieldStrategicTitle, "D": model.FieldStrategicKPI,
		"E": "strategic.target.2020", "F": "strategic.target.2021", "G": "strategic.target.2022",
		"H": model.FieldOperationalCode, "I": model.FieldOperationalTitle, "J": model.FieldOperationalWeight, "K": model.FieldOperationalKPI,
		"L": model.FieldActionCode, "M": model.FieldActionTitle, "N": model.FieldActionWeight, "O": model.FieldActionKPI,
		"P": model.FieldActionTarget, "Q": model.FieldThreshold80, "R": model.FieldThreshold60,
	}
	for _, sm := range m.Sheets {
		var wrong []string
		for _, c := range sm.Columns {
			if f, ok := want[c.Column]; ok && c.Field != f {
				wrong = append(wrong, c.Column+"="+string(c.Field)+" (want "+string(f)+")")
			}
		}
		if len(wrong) > 0 {
			t.Errorf("%s: %s", sm.Sheet, strings.Join(wrong, ", "))
		}
	}
}

// TestProposalReadsForeignPlan: the one-row header nobody foresaw
// (planwriter.Foreign: «Rif. OS», «Incidenza misura», «Ufficio» with
// plain office names) is proposed, from its cells, the fields a person
// gives it, and read as the hand-written mapping reads it.
func TestProposalReadsForeignPlan(t *testing.T) {
	data, err := planwriter.Foreign(2023)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := importer.Propose(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	want := planwriter.ForeignFields()
	for _, c := range m.Sheets[0].Columns {
		if f := want[strings.TrimSuffix(c.Label, " 2023")]; string(c.Field) != f {
			t.Errorf("column %s «%s»: proposed %s, want %s", c.Column, c.Label, c.Field, f)
		}
	}
	got, err := importer.ParsePlan(context.Background(), data, importer.Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	byHand, err := importer.ParsePlan(context.Background(), data, importer.Options{Mapping: planwriter.ForeignMapping()})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := shape(t, got), shape(t, byHand); g != w {
		t.Errorf("read with the proposal:\n%s", firstDiff(g, w))
	}
}
