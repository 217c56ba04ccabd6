// Package filledplan writes the results into the Chamber's own plan
// workbook: every sheet, merge, style and cell as approved, and to the
// right of each block new columns with the measured value, the attainment
// and its band for every action, and the score of every operational and
// strategic objective on its own merged rows.
package filledplan

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/xlsxcell"
	"cruscotto/model"
)

// The new columns, left to right.
var heads = []string{"Valore rilevato", "Raggiungimento", "Fascia", "Punteggio obiettivo operativo", "Punteggio obiettivo strategico"}

// Data is what goes into the filled plan.
type Data struct {
	Original []byte        // the workbook the Chamber uploaded
	Blocks   []model.Block // where the plan's blocks lie (model.Plan.Blocks)
	Plan     *model.Plan
	Score    *model.Scorecard
}

// Write returns the original workbook with the results added.
func Write(d Data) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(d.Original), excelize.Options{UnzipSizeLimit: model.MaxWorkbookInflated, UnzipXMLSizeLimit: model.MaxWorkbookPart})
	if err != nil {
		return nil, fmt.Errorf("filled plan: open: %w", err)
	}
	defer f.Close()
	w := &writer{f: f, d: d, start: map[int]int{}}
	if err := w.styles(); err != nil {
		return nil, fmt.Errorf("filled plan: %w", err)
	}
	for i, b := range d.Blocks {
		col, err := w.freeColumn(b)
		if err != nil {
			return nil, err
		}
		w.start[i] = col
		if err := w.header(b, col); err != nil {
			return nil, fmt.Errorf("filled plan: %s: %w", b.Sheet, err)
		}
	}
	if err := w.results(); err != nil {
		return nil, fmt.Errorf("filled plan: %w", err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("filled plan: write: %w", err)
	}
	return out.Bytes(), nil
}

type writer struct {
	f     *excelize.File
	d     Data
	start map[int]int // block index → first new column
	head  int
	pct   int
	text  int
	band  map[string]int
}

func (w *writer) styles() error {
	border := []excelize.Border{{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1}}
	var err error
	if w.head, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{WrapText: true, Horizontal: "center", Vertical: "center"}}); err != nil {
		return err
	}
	if w.text, err = w.f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}}); err != nil {
		return err
	}
	if w.pct, err = w.f.NewStyle(&excelize.Style{NumFmt: 10, Border: border, Alignment: &excelize.Alignment{Vertical: "center"}}); err != nil {
		return err
	}
	w.band = map[string]int{}
	for _, b := range model.AllBands() {
		color := strings.TrimPrefix(b.Color, "#")
		for _, kind := range []string{"text", "pct"} {
			s := &excelize.Style{Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
				Font: &excelize.Font{Color: strings.TrimPrefix(b.Text, "#"), Bold: kind == "pct"}, Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "center"}}
			if kind == "pct" {
				s.NumFmt = 10
			}
			id, err := w.f.NewStyle(s)
			if err != nil {
				return err
			}
			w.band[b.Name+"/"+kind] = id
		}
	}
	return nil
}

// freeColumn is the first column right of the block with room for the
// new columns: nothing the Chamber wrote is ever overwritten.
func (w *writer) freeColumn(b model.Block) (int, error) {
	rows, err := w.f.GetRows(b.Sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, fmt.Errorf("filled plan: %s: %w", b.Sheet, err)
	}
	start := b.LastCol + 1
	for {
		clear := true
		for r := b.HeaderTop; r <= b.LastRow && r <= len(rows) && clear; r++ {
			row := rows[r-1]
			for c := start; c < start+len(heads) && c <= len(row); c++ {
				if strings.TrimSpace(row[c-1]) != "" {
					clear = false
				}
			}
		}
		if clear {
			return start, nil
		}
		start++
	}
}

func (w *writer) header(b model.Block, col int) error {
	for i, h := range heads {
		top, bottom := model.CellName(col+i, b.LabelRow), model.CellName(col+i, b.HeaderEnd)
		if err := xlsxcell.SetString(w.f, b.Sheet, top, h); err != nil {
			return err
		}
		if b.HeaderEnd > b.LabelRow {
			if err := w.f.MergeCell(b.Sheet, top, bottom); err != nil {
				return err
			}
		}
		if err := w.f.SetCellStyle(b.Sheet, top, bottom, w.head); err != nil {
			return err
		}
		name := model.ColumnName(col + i)
		if err := w.f.SetColWidth(b.Sheet, name, name, 14); err != nil {
			return err
		}
	}
	return nil
}

// blockOf returns the index of the block a cell's row belongs to.
func (w *writer) blockOf(c model.CellRef) (int, bool) {
	for i, b := range w.d.Blocks {
		if b.Holds(c) {
			return i, true
		}
	}
	return 0, false
}

func (w *writer) results() error {
	f, sc := w.f, w.d.Score
	for _, ps := range w.d.Plan.Perspectives {
		for _, s := range ps.Strategic {
			sSheet, sTop, sBottom, sBlock := "", 0, 0, -1
			for _, o := range s.Operational {
				oSheet, oTop, oBottom, oBlock := "", 0, 0, -1
				for _, a := range o.Actions {
					bi, ok := w.blockOf(a.Cell)
					if !ok {
						continue
					}
					sheet, row, col := a.Cell.Sheet, a.Cell.Row, w.start[bi]
					as := sc.Action(a.Code)
					band := model.BandNamed(as.Band)
					measured := "non misurata"
					if as.Measured != nil {
						measured = as.Measured.Display()
					}
					if err := xlsxcell.SetString(f, sheet, model.CellName(col, row), measured); err != nil {
						return err
					}
					if err := f.SetCellStyle(sheet, model.CellName(col, row), model.CellName(col, row), w.text); err != nil {
						return err
					}
					if as.Attainment != nil {
						if err := f.SetCellFloat(sheet, model.CellName(col+1, row), *as.Attainment/100, -1, 64); err != nil {
							return err
						}
					}
					if err := f.SetCellStyle(sheet, model.CellName(col+1, row), model.CellName(col+1, row), w.band[band.Name+"/pct"]); err != nil {
						return err
					}
					if err := xlsxcell.SetString(f, sheet, model.CellName(col+2, row), band.ColorName); err != nil {
						return err
					}
					if err := f.SetCellStyle(sheet, model.CellName(col+2, row), model.CellName(col+2, row), w.band[band.Name+"/text"]); err != nil {
						return err
					}
					if oTop == 0 || row < oTop {
						oTop = row
					}
					oBottom, oSheet, oBlock = max(oBottom, row), sheet, bi
				}
				if oBlock >= 0 {
					os := sc.OperationalScore(o.Code)
					if err := w.score(oSheet, w.start[oBlock]+3, oTop, oBottom, os.Score, os.Band); err != nil {
						return err
					}
					if sTop == 0 || oTop < sTop {
						sTop = oTop
					}
					sBottom, sSheet, sBlock = max(sBottom, oBottom), oSheet, oBlock
				}
			}
			if sBlock >= 0 {
				// coloured by the engine's band: against its own target
				// when it has one (model.StrategicBand)
				ss := sc.StrategicScoreOf(s.Code)
				if err := w.score(sSheet, w.start[sBlock]+4, sTop, sBottom, ss.Score, ss.Band); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// score writes an objective's score in one cell merged over its rows, in
// the colour of its band.
func (w *writer) score(sheet string, col, top, bottom int, v *float64, band string) error {
	a, b := model.CellName(col, top), model.CellName(col, bottom)
	if bottom > top {
		if err := w.f.MergeCell(sheet, a, b); err != nil {
			return err
		}
	}
	if v != nil {
		if err := w.f.SetCellFloat(sheet, a, *v/100, -1, 64); err != nil {
			return err
		}
	} else if err := xlsxcell.SetString(w.f, sheet, a, "non misurato"); err != nil {
		return err
	}
	return w.f.SetCellStyle(sheet, a, b, w.band[model.BandNamed(band).Name+"/pct"])
}
