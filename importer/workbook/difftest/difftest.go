// Package difftest compares what our .xlsx reader (importer/workbook)
// reads with what excelize, a reader many people use, reads from the
// same bytes: sheets and their visibility, every cell's raw value, type
// and value as formatted, merged ranges and hidden columns. The
// differential tests and fuzz target run it over every workbook they
// know; the differences we make on purpose are named in Expected.
package difftest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"cruscotto/importer/numfmt"
	"cruscotto/importer/workbook"
	"cruscotto/model"
)

// Difference is one thing the two readers read differently.
type Difference struct {
	Sheet, Cell string
	What        string // "raw", "type", "formatted", "missing", "extra", "merges", "hidden column", "sheets", "hidden sheet"
	Ours        string
	Theirs      string
	// Reason says why we differ on purpose; "" for a defect.
	Reason string
}

func (d Difference) String() string {
	s := fmt.Sprintf("%s!%s %s: ours %q, excelize %q", d.Sheet, d.Cell, d.What, d.Ours, d.Theirs)
	if d.Reason != "" {
		s += " (on purpose: " + d.Reason + ")"
	}
	return s
}

// Result is a comparison of one file.
type Result struct {
	// Refused: our reader refused the file (with the error); nothing
	// more is compared.
	Refused error
	// TheirError: excelize could not open or read what we accepted.
	TheirError  error
	Differences []Difference
}

// Unexpected returns the differences without a reason.
func (r Result) Unexpected() []Difference {
	var out []Difference
	for _, d := range r.Differences {
		if d.Reason == "" {
			out = append(out, d)
		}
	}
	return out
}

// Compare reads data with both readers and lists where they differ.
func Compare(data []byte, limits workbook.Limits) Result {
	ours, err := workbook.Open(context.Background(), data, limits)
	if err != nil {
		return Result{Refused: err}
	}
	ex, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: limits.MaxUncompressed, UnzipXMLSizeLimit: limits.MaxPartBytes})
	if err != nil {
		return Result{TheirError: fmt.Errorf("excelize opens: %w", err)}
	}
	defer ex.Close()
	var res Result
	add := func(d Difference) {
		d.Reason = Expected(d)
		res.Differences = append(res.Differences, d)
	}
	names := ours.SheetNames()
	if theirs := ex.GetSheetList(); !slices.Equal(names, theirs) {
		add(Difference{What: "sheets", Ours: strings.Join(names, ", "), Theirs: strings.Join(theirs, ", ")})
		return res
	}
	for _, name := range names {
		sh, err := ours.ReadSheet(name)
		if err != nil {
			return Result{Refused: err}
		}
		if err := compareSheet(ex, ours, sh, add); err != nil {
			res.TheirError = err
			return res
		}
	}
	return res
}

func compareSheet(ex *excelize.File, ours *workbook.Workbook, sh *workbook.Sheet, add func(Difference)) error {
	name := sh.Name
	visible, err := ex.GetSheetVisible(name)
	if err != nil {
		return fmt.Errorf("excelize visibility of %s: %w", name, err)
	}
	if visible == ours.SheetHidden(name) {
		add(Difference{Sheet: name, What: "hidden sheet", Ours: fmt.Sprint(ours.SheetHidden(name)), Theirs: fmt.Sprint(!visible)})
	}
	raw, err := ex.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		return fmt.Errorf("excelize rows of %s: %w", name, err)
	}
	shown, err := ex.GetRows(name)
	if err != nil {
		return fmt.Errorf("excelize formatted rows of %s: %w", name, err)
	}
	// our cells, without the copies of merged values
	mine := map[string]workbook.Cell{}
	for _, r := range sh.Rows {
		for _, c := range r.Cells {
			if c.Origin == "" {
				mine[model.CellName(c.Col, r.Num)] = c
			}
		}
	}
	theirs := map[string]bool{}
	for ri, row := range raw {
		for ci, v := range row {
			if v == "" || ci >= workbook.DefaultLimits.MaxColumns {
				continue
			}
			ref := model.CellName(ci+1, ri+1)
			theirs[ref] = true
			c, ok := mine[ref]
			if !ok {
				add(Difference{Sheet: name, Cell: ref, What: "missing", Theirs: v, Ours: hiddenUnderMerge(sh, ci+1, ri+1)})
				continue
			}
			compareCell(ex, name, ref, c, v, at(shown, ri, ci), add)
		}
	}
	for ref, c := range mine {
		if !theirs[ref] {
			add(Difference{Sheet: name, Cell: ref, What: "extra", Ours: c.NumberText()})
		}
	}
	merges, err := ex.GetMergeCells(name, true)
	if err != nil {
		return fmt.Errorf("excelize merges of %s: %w", name, err)
	}
	var want, got []string
	for _, m := range merges {
		want = append(want, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, m := range sh.Merges {
		got = append(got, m.String())
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		add(Difference{Sheet: name, What: "merges", Ours: strings.Join(got, " "), Theirs: strings.Join(want, " ")})
	}
	maxCol := 0
	for _, row := range raw {
		maxCol = max(maxCol, len(row))
	}
	for col := 1; col <= min(maxCol, workbook.DefaultLimits.MaxColumns); col++ {
		vis, err := ex.GetColVisible(name, model.ColumnName(col))
		if err != nil {
			return fmt.Errorf("excelize column %d of %s: %w", col, name, err)
		}
		if vis == sh.Hidden[col] {
			add(Difference{Sheet: name, Cell: model.ColumnName(col), What: "hidden column", Ours: fmt.Sprint(sh.Hidden[col]), Theirs: fmt.Sprint(!vis)})
		}
	}
	return nil
}

// hiddenUnderMerge says why a cell is not ours: "merged" when a merged
// range covers it.
func hiddenUnderMerge(sh *workbook.Sheet, col, row int) string {
	for _, m := range sh.Merges {
		if col >= m.C1 && col <= m.C2 && row >= m.R1 && row <= m.R2 {
			return "merged"
		}
	}
	return ""
}

func at(rows [][]string, r, c int) string {
	if r < len(rows) && c < len(rows[r]) {
		return rows[r][c]
	}
	return ""
}

// excelizeTypes are the types ours may have for each of excelize's.
var excelizeTypes = map[excelize.CellType][]workbook.CellType{
	excelize.CellTypeUnset:        {workbook.Number, workbook.String},
	excelize.CellTypeNumber:       {workbook.Number, workbook.String},
	excelize.CellTypeDate:         {workbook.Number, workbook.String},
	excelize.CellTypeSharedString: {workbook.String},
	excelize.CellTypeInlineString: {workbook.String},
	excelize.CellTypeFormula:      {workbook.String},
	excelize.CellTypeBool:         {workbook.Bool},
	excelize.CellTypeError:        {workbook.ErrorValue},
}

func compareCell(ex *excelize.File, sheet, ref string, c workbook.Cell, raw, shown string, add func(Difference)) {
	typ, err := ex.GetCellType(sheet, ref)
	if err == nil && !slices.Contains(excelizeTypes[typ], c.Type) {
		add(Difference{Sheet: sheet, Cell: ref, What: "type", Ours: typeName(c.Type), Theirs: fmt.Sprint(typ)})
	}
	ourRaw := c.Text
	switch c.Type {
	case workbook.Number:
		// the same number, however its digits are written
		if n, err := strconv.ParseFloat(strings.TrimSpace(raw), 64); err == nil && n == c.Num {
			ourRaw = raw
		} else {
			ourRaw = c.NumberText()
		}
	}
	if ourRaw != raw {
		add(Difference{Sheet: sheet, Cell: ref, What: "raw", Ours: ourRaw, Theirs: raw})
	}
	if s := c.ShownIn(numfmt.English); s != shown && !sameGeneral(c, s, shown) {
		add(Difference{Sheet: sheet, Cell: ref, What: "formatted", Ours: s, Theirs: shown + "\x00" + c.FormatCode()})
	}
}

// sameGeneral accepts a General number written with other digits for the
// same value («0.1» and «0.10000000000000001»).
func sameGeneral(c workbook.Cell, ours, theirs string) bool {
	if c.Type != workbook.Number || c.FormatCode() != "" {
		return false
	}
	a, err1 := strconv.ParseFloat(ours, 64)
	b, err2 := strconv.ParseFloat(theirs, 64)
	return err1 == nil && err2 == nil && math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(a))
}

func typeName(t workbook.CellType) string {
	return [...]string{"empty", "string", "number", "bool", "error"}[t]
}

// excelizeFormats are the format codes excelize shows otherwise than
// Excel (see numfmt's TestAgainstExcelize).
var excelizeFormats = map[string]string{
	`##0.0E+0`: "excelize leaves engineering notation unformatted",
	`#.##`:     "Excel keeps the point of a number without decimals",
	`.00`:      "Excel shows no integer digit for .00",
	`?0.0?`:    "Excel shows a trailing ? as a space",
	`mm:ss.0`:  "excelize writes tenths of a second as 0",
}

// Expected names the reason for a difference we make on purpose, or "".
func Expected(d Difference) string {
	switch {
	case d.What == "missing" && d.Ours == "merged":
		return "a value under a merged range, which Excel hides, reads as the range's value"
	case d.What == "missing" && strings.TrimSpace(d.Theirs) == "":
		return "text of spaces only is an empty cell"
	case d.What == "raw" && strings.ReplaceAll(strings.ReplaceAll(d.Theirs, "\r\n", "\n"), "\r", "\n") == d.Ours:
		return "a carriage return (_x000D_, pasted from Word) before a line break is one line break"
	case d.What == "raw" && decodes(d.Theirs) == d.Ours:
		return "_xHHHH_ escapes are decoded in formula results (t=\"str\") too, as the format defines them for all cell text"
	case d.What == "formatted":
		code := d.Theirs[strings.IndexByte(d.Theirs, 0)+1:]
		if reason, ok := excelizeFormats[code]; ok {
			return reason
		}
		if strings.Contains(code, "General") && code != "General" {
			return "excelize drops the literals around General"
		}
		if strings.Contains(code, "[") && strings.ContainsAny(code, "<>=") {
			return "excelize ignores section conditions"
		}
		theirs := d.Theirs[:strings.IndexByte(d.Theirs, 0)]
		if m := shortDateUS.FindStringSubmatch(theirs); code == "dd/mm/yyyy" && m != nil && strings.HasPrefix(d.Ours, m[2]+"/"+m[1]+"/") {
			return "built-in format 14 is the locale's short date: dd/mm/yyyy in Italian, mm-dd-yy in excelize's"
		}
		if strings.ReplaceAll(theirs, "\r\n", "\n") == d.Ours || decodes(theirs) == d.Ours {
			return "line breaks and escapes are read as in the raw value"
		}
	}
	return ""
}

var shortDateUS = regexp.MustCompile(`^(\d\d)-(\d\d)-\d\d$`)

// decodes is what our reader makes of text with escapes, for comparing
// with excelize's undecoded formula results.
func decodes(s string) string {
	return model.DecodeExcelEscapes(s)
}
