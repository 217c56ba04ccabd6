package entry

import (
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/clienttest"
	"cruscotto/model"
)

// TestNoteFormulaMatchesModel: the note cell's rule, computed by
// LibreOffice from what a unit types, says what model.NeedsNote says, for
// every kind of target and values on both sides of each limit.
func TestNoteFormulaMatchesModel(t *testing.T) {
	clienttest.SkipShort(t)
	val := func(s string) *model.Value {
		if s == "" {
			return nil
		}
		v := model.ParseText(s)
		return &v
	}
	act := func(target, t80, t60 string, dir model.Direction) *model.Action {
		a := &model.Action{Target: val(target), Threshold80: val(t80), Threshold60: val(t60), Direction: dir}
		a.Qualitative = !a.Target.Numeric()
		return a
	}
	const hi, lo = model.HigherIsBetter, model.LowerIsBetter
	cases := []struct {
		a      *model.Action
		values []string
	}{
		{act("4", "3", "2", hi), []string{"5", "4", "3", "2,5", "2", "0"}},
		{act("4,5", "", "", lo), []string{"4", "4,5", "4,6", "10"}},
		{act("28 gg", "29 gg", "30 gg", lo), []string{"27", "29", "29,5", "30", "40"}},
		{act("50%", "40%", "30%", hi), []string{"55%", "40%", "39%", "10%"}},
		{act("luglio", "settembre", "ottobre", lo), []string{"gennaio", "luglio", "settembre", "ottobre", "dicembre"}},
		{act("80 €", "60 €", "50 €", hi), []string{"100", "60", "59,99", "0"}},
		{act("≥ 90%", "> 80%", "70%", hi), []string{"90%", "81%", "80%", "75%"}},
		{act("≤ 10", "< 12", "15", lo), []string{"10", "11", "12", "13"}},
		{act("SI", "", "", hi), []string{"SI", "NO"}},
		{act("qualitativo", "", "", hi), []string{"100%", "80%", "79%", "0%"}},
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetEntry); err != nil {
		t.Fatal(err)
	}
	type probe struct {
		row  int
		want bool
		what string
	}
	var probes []probe
	row := 1
	for _, c := range cases {
		for _, raw := range c.values {
			v, err := model.ParseMeasured(c.a, raw)
			if err != nil {
				t.Fatalf("%s for target %s: %v", raw, c.a.Target.DisplayOr("qualitativo"), err)
			}
			if err := prefill(f, model.CellName(colValue, row), c.a, &model.Measurement{Value: v}); err != nil {
				t.Fatal(err)
			}
			crit := noteNeeded(c.a, model.CellName(colValue, row), model.CellName(colNote, row))
			if crit == "" {
				t.Fatalf("no rule for target %s", c.a.Target.DisplayOr("qualitativo"))
			}
			if err := f.SetCellFormula(SheetEntry, model.CellName(colHint, row), "IF("+crit+",1,0)"); err != nil {
				t.Fatal(err)
			}
			probes = append(probes, probe{row, model.NeedsNote(c.a, v), fmt.Sprintf("%s against %s", raw, c.a.Target.DisplayOr("qualitativo"))})
			row++
		}
	}
	// a note written silences the rule
	if err := f.SetCellStr(SheetEntry, model.CellName(colNote, 1), "spiegato"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "note.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	recalculated := clienttest.Convert(t, path, "xlsx")
	out, err := excelize.OpenFile(recalculated)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	for _, p := range probes {
		got, err := out.GetCellValue(SheetEntry, model.CellName(colHint, p.row))
		if err != nil {
			t.Fatal(err)
		}
		want := p.want && p.row != 1
		if n, _ := strconv.Atoi(got); (n == 1) != want {
			t.Errorf("row %d, %s: LibreOffice says %q, model says note needed %v", p.row, p.what, got, want)
		}
	}
}
