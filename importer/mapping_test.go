package importer_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
	"cruscotto/model"
)

// TestSuggestThenApply: the importer's guess, written as a mapping and
// given back, reads the plan as the guess itself did — on the 2020 file
// and on next year's file with every drift.
func TestSuggestThenApply(t *testing.T) {
	for _, path := range []string{plan2020, "../testdata/drift/all.xlsx", "../testdata/drift/synonyms.xlsx"} {
		t.Run(path, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			auto, err := importer.ParsePlan(context.Background(), data, importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			m, err := importer.Suggest(context.Background(), data)
			if err != nil {
				t.Fatal(err)
			}
			// through its JSON, as a person would save and edit it
			m, err = model.ParseMapping(m.JSON())
			if err != nil {
				t.Fatalf("the suggestion is refused: %v\n%s", err, m.JSON())
			}
			mapped, err := importer.ParsePlan(context.Background(), data, importer.Options{Mapping: m})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := shape(t, mapped), shape(t, auto); got != want {
				t.Errorf("mapped plan differs:\n%s", firstDiff(got, want))
			}
		})
	}
}

// TestMappingSurvivesReorderedColumns: the 2020 file's mapping reads the
// same plan written with its columns in another order, by label.
func TestMappingSurvivesReorderedColumns(t *testing.T) {
	orig := mustParse(t, plan2020)
	var std, reordered bytes.Buffer
	if err := planwriter.Write(&std, orig, planwriter.Layout{Merge: true, Numbers: true}); err != nil {
		t.Fatal(err)
	}
	order := []planwriter.Column{planwriter.Perspective, planwriter.StrategicCode, planwriter.StrategicTargets, planwriter.StrategicKPI, planwriter.StrategicDescription,
		planwriter.OperationalCode, planwriter.OperationalWeight, planwriter.OperationalTitle, planwriter.OperationalKPI,
		planwriter.ActionCode, planwriter.Responsible, planwriter.ActionWeight, planwriter.ActionTarget, planwriter.Threshold80,
		planwriter.Threshold60, planwriter.ActionTitle, planwriter.ActionKPI, planwriter.PIRA}
	if err := planwriter.Write(&reordered, orig, planwriter.Layout{Merge: true, Numbers: true, Order: order}); err != nil {
		t.Fatal(err)
	}
	m, err := importer.Suggest(context.Background(), std.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	p, err := importer.ParsePlan(context.Background(), reordered.Bytes(), importer.Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := shape(t, p), shape(t, orig); got != want {
		t.Errorf("reordered plan read with the mapping differs:\n%s", firstDiff(got, want))
	}
}

// TestMappingDecides: a mapping overrides the guess — a column the guess
// reads is ignored when the mapping says so — and sheets it does not name
// are left out with a warning.
func TestMappingDecides(t *testing.T) {
	data, err := os.ReadFile(plan2020)
	if err != nil {
		t.Fatal(err)
	}
	m, err := importer.Suggest(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Sheets {
		for k := range m.Sheets[i].Columns {
			if m.Sheets[i].Columns[k].Field == model.FieldPIRA {
				m.Sheets[i].Columns[k].Field = model.FieldIgnore
			}
		}
	}
	m.Sheets = m.Sheets[:3] // not the last sheet
	m.Sheets[0].Sheet = "Tessuto*"
	p, err := importer.ParsePlan(context.Background(), data, importer.Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range p.Actions() {
		if a.PIRA {
			t.Errorf("%s is PIRA although the mapping ignores the column", a.Code)
		}
	}
	if len(p.Perspectives) != 3 {
		t.Errorf("%d perspectives, want 3", len(p.Perspectives))
	}
	warned := false
	for _, w := range p.Warnings {
		warned = warned || strings.Contains(w.Message, "la mappatura non lo comprende")
	}
	if !warned {
		t.Error("no warning for the sheet the mapping leaves out")
	}
}
