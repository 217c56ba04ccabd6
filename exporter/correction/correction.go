// Package correction turns a refused data-entry workbook into a correction
// workbook: the unit's own file, everything it typed kept, with every wrong
// cell highlighted and a comment saying what is expected, so that the unit
// fixes it in place and uploads it again.
package correction

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/xlsxcell"
	"cruscotto/model"
)

// Fill and font of a cell to correct: Excel's own "bad" style.
const (
	badFill = "FFC7CE"
	badFont = "9C0006"
)

// located is one cell to mark, with every problem found in it.
type located struct {
	sheet, cell string
	messages    []string
}

// byCell groups the problems by cell in the order they come, dropping
// those without a cell: a cell gets one comment however many problems it
// has (excelize refuses a second comment on a cell).
func byCell(problems []model.Problem) []*located {
	var out []*located
	seen := map[[2]string]*located{}
	for _, p := range problems {
		if p.Sheet == "" || p.Cell == "" {
			continue
		}
		k := [2]string{p.Sheet, p.Cell}
		if l := seen[k]; l != nil {
			l.messages = append(l.messages, p.Message)
			continue
		}
		l := &located{sheet: p.Sheet, cell: p.Cell, messages: []string{p.Message}}
		seen[k] = l
		out = append(out, l)
	}
	return out
}

// Write returns the original workbook with the cells named by problems
// marked and commented, every cell formula of the unit's replaced by its
// value (neutralize). Problems without a cell are listed at the top of
// the first sheet. The caller caps the problems (model.ProblemsError):
// excelize's cost per comment grows with the comments already added.
func Write(original []byte, problems []model.Problem) (_ []byte, err error) {
	// a file excelize cannot take (a styles part it panics on, such as
	// an empty first font) is a refusal with a sentence, not a 500
	defer func() {
		if r := recover(); r != nil {
			err = model.Errorf(model.EInvalid, "La cartella ha una formattazione che non si riesce a leggere, quindi non si può preparare la cartella di correzione: scaricare una cartella nuova e ricopiarvi i valori.")
		}
	}()
	clean, err := neutralize(original)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(clean), excelize.Options{UnzipSizeLimit: model.MaxWorkbookInflated, UnzipXMLSizeLimit: model.MaxWorkbookPart})
	if err != nil {
		return nil, fmt.Errorf("correction workbook: open: %w", err)
	}
	defer f.Close()
	marked := map[int]int{} // original style → marked style
	first := ""
	cells := 0
	for _, p := range byCell(problems) {
		if idx, err := f.GetSheetIndex(p.sheet); err != nil || idx < 0 {
			continue
		}
		cells++
		if first == "" {
			first = p.sheet
		}
		styleID, err := f.GetCellStyle(p.sheet, p.cell)
		if err != nil {
			return nil, fmt.Errorf("correction workbook: %s!%s: %w", p.sheet, p.cell, err)
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
		if err := f.SetCellStyle(p.sheet, p.cell, p.cell, id); err != nil {
			return nil, err
		}
		text := strings.Join(p.messages, "\n")
		if err := f.AddComment(p.sheet, excelize.Comment{Cell: p.cell, Author: "Cruscotto", Text: text, Width: 300, Height: 90}); err != nil {
			return nil, fmt.Errorf("correction workbook: comment on %s!%s: %w", p.sheet, p.cell, err)
		}
	}
	if first != "" {
		if v, _ := f.GetCellValue(first, "A5"); v == "" {
			noteStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: badFont}})
			if err != nil {
				return nil, err
			}
			note := fmt.Sprintf("Da correggere: %s in rosso (il commento sulla cella dice cosa scrivere). %s e caricare di nuovo il file.",
				model.Plural(cells, "cella evidenziata", "celle evidenziate"), map[bool]string{true: "Correggerla", false: "Correggerle"}[cells == 1])
			for _, p := range problems {
				if p.Cell == "" {
					note += " " + p.Message // such as how many more problems were not listed
				}
			}
			if err := xlsxcell.SetString(f, first, "A5", note); err != nil {
				return nil, err
			}
			if err := f.SetCellStyle(first, "A5", "A5", noteStyle); err != nil {
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
