package planwriter

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// UnknownLabels renames the 2020 plan's header labels to words the
// importer's vocabulary does not know, as another Chamber's office might
// write them: the labels under the group titles.
var UnknownLabels = map[string]string{
	"cod.": "Rif.", "descrizione": "Contenuto", "kpi": "Misura", "target": "Valori attesi",
	"titolo / descrizione": "Oggetto", "peso": "Rilevanza", "soglie": "Livelli di tolleranza",
	"pira": "Flag", "pira az.": "Flag", "responsabile": "Ufficio",
}

// UnknownGroups renames the group titles above the labels too.
var UnknownGroups = map[string]string{
	"prospettiva": "Visione", "obiettivi strategici": "Primo livello", "obiettivi operativi": "Secondo livello", "azioni": "Terzo livello",
}

// headerRowsToRename bounds the rows RenameHeaders looks at: the title and
// the header of a plan's first block.
const headerRowsToRename = 8

// RenameHeaders rewrites a plan workbook with the header texts of each
// sheet's first rows renamed as renames says (keys compared ignoring
// case, accents and spacing), every other cell, merge and style kept.
func RenameHeaders(data []byte, renames ...map[string]string) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("open the plan: %w", err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", sheet, err)
		}
		for r := 0; r < len(rows) && r < headerRowsToRename; r++ {
			for c, text := range rows[r] {
				key := model.Fold(strings.Join(strings.Fields(text), " "))
				for _, m := range renames {
					to, ok := foldedLookup(m, key)
					if !ok {
						continue
					}
					cell := model.CellName(c+1, r+1)
					if err := f.SetCellStr(sheet, cell, to); err != nil {
						return nil, fmt.Errorf("rename %s!%s: %w", sheet, cell, err)
					}
				}
			}
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, fmt.Errorf("write the renamed plan: %w", err)
	}
	return out.Bytes(), nil
}

func foldedLookup(m map[string]string, key string) (string, bool) {
	for k, v := range m {
		if model.Fold(k) == key {
			return v, true
		}
	}
	return "", false
}
