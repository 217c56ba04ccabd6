package importer_test

import (
	"context"
	"os"
	"reflect"
	"testing"

	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
	"cruscotto/model"
)

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestPlanBlocks pins where the blocks of each layout lie, as the parse
// returns them with the plan and as Blocks finds them alone.
func TestPlanBlocks(t *testing.T) {
	foreign, err := planwriter.Foreign(2023)
	if err != nil {
		t.Fatal(err)
	}
	chamber2 := []model.Block{
		{Sheet: "Obiettivi strategici", HeaderTop: 5, LabelRow: 5, HeaderEnd: 6, LastCol: 8, LastRow: 13},
		{Sheet: "Obiettivi operativi 2022", HeaderTop: 5, LabelRow: 5, HeaderEnd: 5, LastCol: 13, LastRow: 36},
	}
	tests := []struct {
		name    string
		data    []byte
		mapping *model.Mapping
		want    []model.Block
	}{
		{"2020 plan: a group row over the labels, one sub-label row", mustRead(t, plan2020), nil, []model.Block{
			{Sheet: "Tessuto economico", HeaderTop: 3, LabelRow: 4, HeaderEnd: 5, LastCol: 20, LastRow: 25},
			{Sheet: "Processi interni", HeaderTop: 3, LabelRow: 4, HeaderEnd: 5, LastCol: 20, LastRow: 26},
			{Sheet: "Apprendimento", HeaderTop: 3, LabelRow: 4, HeaderEnd: 5, LastCol: 20, LastRow: 7},
			{Sheet: "Economico finanziaria", HeaderTop: 3, LabelRow: 4, HeaderEnd: 5, LastCol: 20, LastRow: 11},
		}},
		{"two blocks on one sheet", mustRead(t, "../testdata/drift/all.xlsx"), nil, []model.Block{
			{Sheet: "Piano 2021", HeaderTop: 7, LabelRow: 8, HeaderEnd: 9, LastCol: 21, LastRow: 70},
			{Sheet: "Piano 2021", HeaderTop: 78, LabelRow: 79, HeaderEnd: 80, LastCol: 21, LastRow: 93},
		}},
		{"another Chamber's two sheets", mustRead(t, "../testdata/chamber2/cciaa-2022.xlsx"), nil, chamber2},
		{"another Chamber's two sheets, with its mapping", mustRead(t, "../testdata/chamber2/cciaa-2022.xlsx"),
			readMapping(t, "../testdata/chamber2/cciaa-2022.mapping.json"), chamber2},
		{"a header only a mapping reads", foreign, planwriter.ForeignMapping(), []model.Block{
			{Sheet: "Piano 2023", HeaderTop: 3, LabelRow: 3, HeaderEnd: 3, LastCol: 11, LastRow: 6},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := importer.ParsePlan(context.Background(), tt.data, importer.Options{Mapping: tt.mapping})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Blocks, tt.want) {
				t.Errorf("plan blocks:\n got %+v\nwant %+v", p.Blocks, tt.want)
			}
			alone, err := importer.Blocks(context.Background(), tt.data, importer.Options{Mapping: tt.mapping})
			if err != nil || !reflect.DeepEqual(alone, tt.want) {
				t.Errorf("Blocks:\n got %+v, %v\nwant %+v", alone, err, tt.want)
			}
		})
	}
}

// TestBlocksFollowTheMapping: a mapping decides the blocks as it decides
// the plan. The importer's own guess, given back as a mapping (as every
// plan's is stored), finds the blocks it finds; a sheet the mapping
// leaves out has none; a header only the mapping reads has one.
func TestBlocksFollowTheMapping(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{plan2020, "../testdata/drift/all.xlsx", "../testdata/drift/synonyms.xlsx", "../testdata/chamber2/cciaa-2022-reordered.xlsx"} {
		t.Run("the guess given back: "+path, func(t *testing.T) {
			auto := mustParse(t, path)
			mapped, err := importer.Blocks(ctx, mustRead(t, path), importer.Options{Mapping: auto.Mapping})
			if err != nil || !reflect.DeepEqual(mapped, auto.Blocks) {
				t.Errorf("with the guess as a mapping:\n got %+v, %v\nwant %+v", mapped, err, auto.Blocks)
			}
		})
	}
	t.Run("a sheet left out", func(t *testing.T) {
		data := mustRead(t, plan2020)
		m, err := importer.Suggest(ctx, data)
		if err != nil {
			t.Fatal(err)
		}
		m.Sheets = m.Sheets[:3] // not «Economico finanziaria»
		p, err := importer.ParsePlan(context.Background(), data, importer.Options{Mapping: m})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Blocks) != 3 {
			t.Fatalf("%d blocks, want 3: %+v", len(p.Blocks), p.Blocks)
		}
		for _, b := range p.Blocks {
			if b.Sheet == "Economico finanziaria" {
				t.Errorf("a block on the sheet the mapping leaves out: %+v", b)
			}
		}
	})
	t.Run("ErrInvalid without the mapping", func(t *testing.T) {
		data, err := planwriter.Foreign(2023)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := importer.Blocks(ctx, data, importer.Options{}); model.ErrorCode(err) != model.EInvalid {
			t.Errorf("err = %v, want the header not found", err)
		}
	})
}
