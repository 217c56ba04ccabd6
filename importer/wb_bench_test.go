package importer_test

import (
	"context"
	"testing"

	"cruscotto/importer/workbook"
)

func BenchmarkWorkbookOnly(b *testing.B) {
	data := plan10k(b)
	for b.Loop() {
		wb, err := workbook.Open(context.Background(), data, workbook.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range wb.SheetNames() {
			if _, err := wb.ReadSheet(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}
