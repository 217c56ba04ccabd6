package importer

import (
	"testing"

	"cruscotto/importer/workbook"
)

// TestVocabulary reads one real label per synonym: every term of the
// vocabulary table is covered, and labels that merely contain a word are
// not mistaken.
func TestVocabulary(t *testing.T) {
	tests := []struct {
		label string
		field field
		pct   int
	}{
		{"cod.", fieldCode, 0},
		{"Codice azione", fieldCode, 0},
		{"N.", fieldCode, 0},
		{"Nr", fieldCode, 0},
		{"Num.", fieldCode, 0},
		{"ID", fieldCode, 0},
		{"Prospettiva", fieldPerspective, 0},
		{"Prospettive", fieldPerspective, 0},
		{"titolo / descrizione", fieldTitle, 0},
		{"Descrizione", fieldTitle, 0},
		{"Denominazione", fieldTitle, 0},
		{"kpi", fieldKPI, 0},
		{"Indicatore", fieldKPI, 0},
		{"Indicatori di risultato", fieldKPI, 0},
		{"peso", fieldWeight, 0},
		{"Peso %", fieldWeight, 0},
		{"Pesi", fieldWeight, 0},
		{"Ponderazione azioni", fieldWeight, 0},
		{"ponderazione", fieldNone, 0},
		{"Risultato atteso", fieldTarget, 0},
		{"Risultati attesi", fieldTarget, 0},
		{"Valore atteso", fieldTarget, 0},
		{"Valore obiettivo", fieldTarget, 0},
		{"Target 2021", fieldTarget, 0},
		{"Soglia intermedia", fieldThreshold, 80},
		{"Soglia minima", fieldThreshold, 60},
		{"Soglia 80%", fieldThreshold, 0},
		{"Soglie", fieldThreshold, 0},
		{"PIRA Az.", fieldPIRA, 0},
		{"Struttura responsabile", fieldResponsible, 0},
		{"Unità organizzativa", fieldResponsible, 0},
		{"Unità organizzativa responsabile", fieldResponsible, 0},
		{"Responsabile", fieldResponsible, 0},
		{"Responsabili", fieldResponsible, 0},
		{"Struttura", fieldResponsible, 0},
		{"Note interne", fieldNone, 0},
		{"Annotazioni del numero", fieldNone, 0},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			term, _ := lookup(words(tt.label))
			if term.field != tt.field || term.pct != tt.pct {
				t.Errorf("lookup(%q) = field %d pct %d, want %d %d", tt.label, term.field, term.pct, tt.field, tt.pct)
			}
			covered[term.words] = true
		})
	}
	for _, term := range vocabulary {
		if !covered[term.words] {
			t.Errorf("no test reads the synonym %q", term.words)
		}
	}
}

// TestClassify tells each kind of row under a header from the others.
func TestClassify(t *testing.T) {
	// columns: A strategic code, B operational code, C action code,
	// D title, E weight, F target
	l := &layout{cols: map[level]map[field]int{
		levelStrategic:   {fieldCode: 1},
		levelOperational: {fieldCode: 2, fieldWeight: 5},
		levelAction:      {fieldCode: 3, fieldTitle: 4, fieldWeight: 5, fieldTarget: 6},
	}}
	str := func(col int, s string) workbook.Cell { return workbook.Cell{Col: col, Type: workbook.String, Text: s} }
	num := func(col int, n float64) workbook.Cell { return workbook.Cell{Col: col, Type: workbook.Number, Num: n} }
	across := func(text string) workbook.Row { // merged A:F from this row's A
		var cs []workbook.Cell
		for c := 1; c <= 6; c++ {
			cell := str(c, text)
			if c > 1 {
				cell.Origin = "A10"
			}
			cs = append(cs, cell)
		}
		return workbook.Row{Num: 10, Cells: cs}
	}
	row := func(cells ...workbook.Cell) workbook.Row { return workbook.Row{Num: 10, Cells: cells} }
	tests := []struct {
		name string
		r    workbook.Row
		mode readingMode
		want rowKind
		text string
	}{
		{"action", row(str(3, "1.1.1"), str(4, "Titolo"), num(5, 1), num(6, 4)), readingPlan, rowPlan, ""},
		{"objectives", row(num(1, 1), str(2, "1.1")), readingPlan, rowPlan, ""},
		{"action after notes", row(str(3, "2.1.1"), num(6, 4)), readingNotes, rowPlan, ""},
		{"section across the table", across("PROSPETTIVA 2 – Processi interni"), readingPlan, rowSection, "Processi interni"},
		{"section in the first column", row(str(1, "Tessuto economico locale")), readingPlan, rowSection, "Tessuto economico locale"},
		{"totals", row(str(4, "Totale"), num(5, 1)), readingPlan, rowTotals, ""},
		{"totals in capitals under merged codes", row(workbook.Cell{Col: 1, Type: workbook.Number, Num: 1, Origin: "A5"}, str(4, "TOTALE PESI"), num(5, 1)), readingPlan, rowTotals, ""},
		{"note marker across", across("Note:"), readingPlan, rowNote, "Note:"},
		{"numbered note in the code column", row(str(1, "1. I target 2021 sono stati rivisti")), readingPlan, rowNote, "1. I target 2021 sono stati rivisti"},
		{"legend", across("Legenda"), readingPlan, rowNote, "Legenda"},
		{"a legend line after the legend", row(str(1, "SG"), str(2, "= Segretario Generale")), readingNotes, rowNote, "SG = Segretario Generale"},
		{"signature", row(str(3, "IL SEGRETARIO GENERALE"), str(12, "LA PRESIDENTE")), readingNotes, rowSignature, ""},
		{"a name under a signature", row(str(3, "Marco Rossi")), readingSignatures, rowSignature, ""},
		{"an action without its code", row(str(4, "Nuova azione"), num(5, 0.5), num(6, 3)), readingPlan, rowPlan, ""},
		{"a stray description", row(str(4, "seguito della descrizione")), readingPlan, rowPlan, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, text := classify(tt.r, l, tt.mode, 1)
			if kind != tt.want || text != tt.text {
				t.Errorf("classify = %d %q, want %d %q", kind, text, tt.want, tt.text)
			}
		})
	}
}
