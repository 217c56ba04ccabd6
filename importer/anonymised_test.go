package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/importer"
	"cruscotto/model"
)

// anonymise replaces every text of the header rows a mapping names with
// «Elemento N», wherever it stands in the sheet (later blocks repeat it),
// keeping what a person renaming labels would keep: years and threshold
// percentages.
func anonymise(t *testing.T, data []byte, m *model.Mapping) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	year := regexp.MustCompile(`\b(19|20)\d\d\b`)
	names := map[string]string{}
	for _, sheet := range f.GetSheetList() {
		sm := sheetMapping(m, sheet)
		if sm == nil {
			continue
		}
		rows, _ := f.GetRows(sheet)
		for r := sm.HeaderRows[0]; r <= sm.HeaderRows[1] && r-1 < len(rows); r++ {
			for _, text := range rows[r-1] {
				s := strings.TrimSpace(text)
				if s == "" || strings.Contains(s, "%") || year.MatchString(s) && len(s) == 4 || names[s] != "" {
					continue
				}
				names[s] = strings.TrimSpace(fmt.Sprintf("Elemento %d %s", len(names)+1, year.FindString(s)))
			}
		}
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c, text := range row {
				if to := names[strings.TrimSpace(text)]; to != "" {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					if err := f.SetCellStr(sheet, cell, to); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func sheetMapping(m *model.Mapping, sheet string) *model.SheetMapping {
	for i := range m.Sheets {
		if m.Sheets[i].Matches(sheet) {
			return &m.Sheets[i]
		}
	}
	return nil
}

// TestProposalReadsAnonymisedHeaders: plans of every layout we hold, with
// each header text replaced by a word the vocabulary does not know, are
// proposed a mapping, from the header's shape and the cells' content,
// that reads the same plan as the original file.
func TestProposalReadsAnonymisedHeaders(t *testing.T) {
	for _, tc := range []struct{ path, mapping string }{
		{plan2020, ""},
		{"../testdata/drift/all.xlsx", ""},
		{"../testdata/drift/all-sheets.xlsx", ""},
		{"../testdata/drift/synonyms.xlsx", ""},
		{"../testdata/drift/sections.xlsx", ""},
		{"../testdata/drift/title-area.xlsx", ""},
		{"../testdata/drift/notes.xlsx", ""},
		{"../testdata/drift/totals.xlsx", ""},
		{"../testdata/drift/hidden-columns.xlsx", ""},
		{"../testdata/chamber2/cciaa-2022.xlsx", "../testdata/chamber2/cciaa-2022.mapping.json"},
		{"../testdata/chamber2/cciaa-2022-reordered.xlsx", "../testdata/chamber2/cciaa-2022.mapping.json"},
		{"../testdata/drift/all-libreoffice.xlsx", ""},
		{"../testdata/piano-performance-2020-libreoffice.xlsx", ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			data, err := os.ReadFile(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			var opts importer.Options
			if tc.mapping != "" {
				js, err := os.ReadFile(tc.mapping)
				if err != nil {
					t.Fatal(err)
				}
				if opts.Mapping, err = model.ParseMapping(js); err != nil {
					t.Fatal(err)
				}
			}
			orig, err := importer.ParsePlan(context.Background(), data, opts)
			if err != nil {
				t.Fatal(err)
			}
			headers := opts.Mapping
			if headers == nil {
				if headers, err = importer.Suggest(context.Background(), data); err != nil {
					t.Fatal(err)
				}
			}
			anon := anonymise(t, data, headers)
			m, _, err := importer.Propose(context.Background(), anon)
			if err != nil {
				t.Fatal(err)
			}
			got, err := importer.ParsePlan(context.Background(), anon, importer.Options{Mapping: m})
			if err != nil {
				t.Fatalf("the proposal does not read the plan: %v\n%s", err, m.JSON())
			}
			if g, w := shape(t, got), shape(t, orig); g != w {
				t.Errorf("the plan read with the proposal differs:\n%s\n%s", firstDiff(g, w), m.JSON())
			}
		})
	}
}
