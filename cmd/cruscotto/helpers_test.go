package main

import (
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

func writeBrokenPlan(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Piano")
	rows := [][]any{
		{"Cod. strategico", "Cod. operativo", "Peso obiettivo operativo", "Cod. azione", "Peso azione", "Target azione"},
		{1, "1.1", "100%", "1.1.1", "tanto", 4},
		{1, "1.1", "100%", "1.1.1", "50%", 4},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Piano", cell, &r)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func fmtSscanf(hex string, r, g, b *int) (int, error) {
	return fmt.Sscanf(hex, "%02x%02x%02x", r, g, b)
}
