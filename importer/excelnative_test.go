package importer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cruscotto/importer"
	"cruscotto/importer/workbook/xlsxtest"
	"cruscotto/model"
)

// TestExcelNativePlan imports the plan as Excel writes it and as typed:
// every field of every action, objective and perspective is the same.
func TestExcelNativePlan(t *testing.T) {
	typedBytes, nativeBytes := xlsxtest.NativePlan()
	typed, err := importer.ParsePlan(context.Background(), typedBytes, importer.Options{})
	if err != nil {
		t.Fatalf("typed plan: %v", err)
	}
	native, err := importer.ParsePlan(context.Background(), nativeBytes, importer.Options{})
	if err != nil {
		t.Fatalf("native plan: %v", err)
	}
	if len(typed.Actions()) != 9 {
		t.Fatalf("typed plan has %d actions, want 9", len(typed.Actions()))
	}
	strip := func(p *model.Plan) string {
		q := *p
		q.Warnings = nil
		out, _ := json.MarshalIndent(&q, "", " ")
		return string(out)
	}
	if got, want := strip(native), strip(typed); got != want {
		t.Errorf("the plan as Excel writes it differs from the plan typed:\n%s", lineDiff(want, got))
	}
	byCode := map[string]*model.Action{}
	for _, a := range native.Actions() {
		byCode[a.Code] = a
	}
	checks := []struct {
		code, field string
		got         any
		want        any
	}{
		{"1.1.1", "target kind", byCode["1.1.1"].Target.Kind, model.KindDays},
		{"1.1.1", "units", strings.Join(byCode["1.1.1"].Units, " | "), "Registro Imprese | Digitalizzazione e Marketing"},
		{"1.1.1", "PIRA", byCode["1.1.1"].PIRA, true},
		{"1.1.1", "KPI", byCode["1.1.1"].KPI, "giorni medi\t(tempestività)"},
		{"1.1.2", "target kind", byCode["1.1.2"].Target.Kind, model.KindEuro},
		{"1.1.2", "threshold kind", byCode["1.1.2"].Threshold80.Kind, model.KindEuro},
		{"1.1.3", "KPI", byCode["1.1.3"].KPI, "ore _x000D_ per addetto"},
		{"1.1.3", "target", byCode["1.1.3"].Target.Display(), "24 ore"},
		{"2.1.1", "op", byCode["2.1.1"].Target.Op, model.OpGE},
		{"2.1.2", "raw", byCode["2.1.2"].Target.Raw, "1.200"},
		{"2.2.1", "date", byCode["2.2.1"].Target.Float(), 44742.0},
		{"2.2.2", "month", byCode["2.2.2"].Target.Kind, model.KindMonth},
		{"2.2.3", "threshold", byCode["2.2.3"].Threshold60.Float(), 6.0},
		{"2.3.1", "qualitative", byCode["2.3.1"].Qualitative, true},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s %s = %v, want %v", c.code, c.field, c.got, c.want)
		}
	}
	var warned []string
	for _, w := range native.Warnings {
		warned = append(warned, w.Sheet+"!"+w.Cell+": "+w.Message)
	}
	all := strings.Join(warned, "\n")
	for _, want := range []string{"Piano 2024!L10: la cella contiene l'errore #N/D", "Bozza 2023!: il foglio «Bozza 2023» è nascosto", "Dati!: il foglio «Dati» è nascosto"} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q among:\n%s", want, all)
		}
	}
	if strings.Contains(all, "#RIF!") {
		t.Errorf("an error value in a column the importer does not read was reported:\n%s", all)
	}
}

// lineDiff shows the first lines where two texts differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 40; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, fmt.Sprintf("line %d\n  typed:  %s\n  native: %s", i+1, a, b))
		}
	}
	return strings.Join(out, "\n")
}

// TestErrorValueNamedInTheRefusal: an action whose weight is a formula
// that failed is refused with the cell and the error it holds, not only
// «manca il peso».
func TestErrorValueNamedInTheRefusal(t *testing.T) {
	heads := []string{"Prospettiva", "Cod. strategico", "Descrizione strategica", "Cod. operativo", "Titolo obiettivo operativo", "Peso obiettivo operativo",
		"Cod. azione", "Titolo azione", "Peso azione", "KPI azione", "Target azione", "Responsabile"}
	values := []string{"Processi interni", "1", "Qualità", "1.1", "Servizi", "100", "1.1.1", "Pagamenti", "", "giorni", "28 gg", "SG"}
	b := xlsxtest.Book{}
	var header, row xlsxtest.Row
	header.Num, row.Num = 1, 2
	for i, h := range heads {
		b.Strings = append(b.Strings, "<t>"+xlsxtest.Escape(h)+"</t>")
		header.Cells = append(header.Cells, xlsxtest.SST(fmt.Sprintf("%c1", 'A'+i), len(b.Strings)-1, 0))
		ref := fmt.Sprintf("%c2", 'A'+i)
		if values[i] == "" {
			row.Cells = append(row.Cells, xlsxtest.Cell{Ref: ref, Type: "e", XML: "<f>1/0</f><v>#DIV/0!</v>"})
			continue
		}
		b.Strings = append(b.Strings, "<t>"+xlsxtest.Escape(values[i])+"</t>")
		row.Cells = append(row.Cells, xlsxtest.SST(ref, len(b.Strings)-1, 0))
	}
	b.Sheets = []xlsxtest.Sheet{{Name: "Piano 2024", Rows: []xlsxtest.Row{header, row}}}
	_, err := importer.ParsePlan(context.Background(), b.Bytes(), importer.Options{})
	found := false
	for _, p := range model.ErrorProblems(err) {
		found = found || p.Cell == "I2" && strings.Contains(p.Message, "#DIV/0!")
	}
	if !found {
		t.Errorf("the refusal does not name I2 and its #DIV/0!: %v %+v", err, model.ErrorProblems(err))
	}
}
