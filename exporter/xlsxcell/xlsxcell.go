// Package xlsxcell writes text cells the way Excel does. excelize puts a
// text set with SetCellStr into the shared strings table as it is, while
// every reader (Excel, LibreOffice, excelize itself) decodes _xHHHH_
// sequences there: a title that contains «_x000D_» would come back as a
// line break. SetString escapes such sequences first, as Excel writes
// them (model.EncodeExcelEscapes).
package xlsxcell

import (
	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// SetString writes text into a cell so that every reader reads it back
// unchanged.
func SetString(f *excelize.File, sheet, cell, text string) error {
	return f.SetCellStr(sheet, cell, model.EncodeExcelEscapes(text))
}
