// Package correction turns a refused data-entry workbook into a correction
// workbook: the unit's own file, everything it typed kept, with every wrong
// cell highlighted and a comment saying what is expected, so that the unit
// fixes it in place and uploads it again.
package correction

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// Fill and font of a cell to correct: Excel's own "bad" style.
const (
	badFill = "FFC7CE"
	badFont = "9C0006"
)

// Write returns the original workbook with the cells named by problems
// marked and commented. Problems without a cell are listed at the top of
// the first sheet.
func Write(original []byte, problems []model.Problem) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(original), excelize.Options{UnzipSizeLimit: 128 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, fmt.Errorf("correction workbook: open: %w", err)
	}
	defer f.Close()
	marked := map[int]int{} // original style → marked style
	first := ""
	for _, p := range problems {
		if p.Sheet == "" || p.Cell == "" {
			continue
		}
		if idx, err := f.GetSheetIndex(p.Sheet); err != nil || idx < 0 {
			continue
		}
		if first == "" {
			first = p.Sheet
		}
		styleID, err := f.GetCellStyle(p.Sheet, p.Cell)
		if err != nil {
			return nil, fmt.Errorf("correction workbook: %s!%s: %w", p.Sheet, p.Cell, err)
		}
		id, ok := marked[styleID]
		if !ok {
			st, err := f.GetStyle(styleID)
			if err != nil {
				return nil, fmt.Errorf("correction workbook: style %d: %w", styleID, err)
			}
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{badFill}}
			font := excelize.Font{Color: badFont, Bold: true}
			if st.Font != nil {
				font = *st.Font
				font.Color, font.Bold = badFont, true
			}
			st.Font = &font
			st.Border = []excelize.Border{{Type: "left", Color: badFont, Style: 2}, {Type: "right", Color: badFont, Style: 2},
				{Type: "top", Color: badFont, Style: 2}, {Type: "bottom", Color: badFont, Style: 2}}
			if id, err = f.NewStyle(st); err != nil {
				return nil, fmt.Errorf("correction workbook: style: %w", err)
			}
			marked[styleID] = id
		}
		if err := f.SetCellStyle(p.Sheet, p.Cell, p.Cell, id); err != nil {
			return nil, err
		}
		if err := f.AddComment(p.Sheet, excelize.Comment{Cell: p.Cell, Author: "Cruscotto", Text: p.Message, Width: 300, Height: 90}); err != nil {
			return nil, fmt.Errorf("correction workbook: comment on %s!%s: %w", p.Sheet, p.Cell, err)
		}
	}
	if first != "" {
		if v, _ := f.GetCellValue(first, "A5"); v == "" {
			note, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: badFont}})
			if err != nil {
				return nil, err
			}
			if err := f.SetCellStr(first, "A5", fmt.Sprintf("Da correggere: %d celle evidenziate in rosso (il commento sulla cella dice cosa scrivere). Correggerle e caricare di nuovo il file.", countCells(problems))); err != nil {
				return nil, err
			}
			if err := f.SetCellStyle(first, "A5", "A5", note); err != nil {
				return nil, err
			}
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("correction workbook: write: %w", err)
	}
	return out.Bytes(), nil
}

func countCells(problems []model.Problem) int {
	n := 0
	for _, p := range problems {
		if p.Cell != "" {
			n++
		}
	}
	return n
}
