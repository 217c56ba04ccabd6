package importer_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
)

var (
	bigPlanOnce sync.Once
	bigPlan     []byte
)

// plan10k is a generated plan of 10,000 actions: about 83,000 filled cells
// and 1,850 merged ranges over four sheets.
func plan10k(b *testing.B) []byte {
	bigPlanOnce.Do(func() {
		var buf bytes.Buffer
		if err := planwriter.Write(&buf, planwriter.Synthetic(2020, 10000), planwriter.Layout{Merge: true, Numbers: true}); err != nil {
			b.Fatal(err)
		}
		bigPlan = buf.Bytes()
	})
	return bigPlan
}

func BenchmarkParsePlan10k(b *testing.B) {
	data := plan10k(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := importer.ParsePlan(context.Background(), data, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if n := p.Counts().Actions; n != 10000 {
			b.Fatalf("%d actions", n)
		}
	}
}

// BenchmarkExcelizeRows10k is the baseline the importer's own sheet reader
// replaces: excelize's Rows iterator over every sheet plus GetMergeCells.
func BenchmarkExcelizeRows10k(b *testing.B) {
	data := plan10k(b)
	b.ReportAllocs()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for _, s := range f.GetSheetList() {
			rows, err := f.Rows(s)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				cols, _ := rows.Columns(excelize.Options{RawCellValue: true})
				cells += len(cols)
			}
			rows.Close()
			if _, err := f.GetMergeCells(s); err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}
