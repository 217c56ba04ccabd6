package importer

import (
	"fmt"
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
		{"Ambito strategico", fieldPerspective, 0},
		{"Ambito", fieldPerspective, 0},
		{"Area strategica", fieldPerspective, 0},
		{"Obiettivo operativo", fieldTitle, 0},
		{"Peso obiettivo", fieldWeight, 0},
		{"Algoritmo di calcolo", fieldKPI, 0},
		{"Algoritmo", fieldKPI, 0},
		{"Baseline 2021", fieldBaseline, 0},
		{"Valore di partenza", fieldBaseline, 0},
		{"Valore iniziale", fieldBaseline, 0},
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

// TestBuildLayout maps header rows to columns: group titles, labels from
// the vocabulary, sub-labels, hidden columns, and the checks.
func TestBuildLayout(t *testing.T) {
	str := func(col int, s string) workbook.Cell { return workbook.Cell{Col: col, Type: workbook.String, Text: s} }
	num := func(col int, n float64) workbook.Cell { return workbook.Cell{Col: col, Type: workbook.Number, Num: n} }
	row := func(n int, cells ...workbook.Cell) workbook.Row { return workbook.Row{Num: n, Cells: cells} }
	type want struct {
		sCode, oCode, oWeight, aCode, aWeight, aTarget, thr80, thr60, resp int
		years                                                              []int
		missing                                                            bool
	}
	tests := []struct {
		name     string
		rows     []workbook.Row
		labelIdx int
		hidden   map[int]bool
		want     want
	}{
		{"2020: group row, labels, sub-labels", []workbook.Row{
			row(3, str(1, "Obiettivi strategici"), str(3, "Obiettivi operativi"), str(5, "Azioni")),
			row(4, str(1, "cod."), str(2, "Target"), str(3, "cod."), str(4, "peso"), str(5, "cod."), str(6, "peso"), str(7, "target"), str(8, "Soglie"), str(10, "Responsabile")),
			row(5, num(2, 2021), str(8, "80%"), str(9, "60%")),
		}, 1, nil, want{1, 3, 4, 5, 6, 7, 8, 9, 10, []int{2021}, false}},
		{"synonyms, Responsabile first, thresholds by their words", []workbook.Row{
			row(3, str(1, "Obiettivi strategici"), str(3, "Obiettivi operativi"), str(5, "Azioni")),
			row(4, str(1, "Codice"), str(2, "Target 2022"), str(3, "N."), str(4, "Peso %"), str(5, "Cod."), str(6, "Peso %"), str(7, "Risultato atteso"),
				str(8, "Struttura responsabile"), str(9, "Soglia minima"), str(10, "Soglia intermedia")),
		}, 1, nil, want{1, 3, 4, 5, 6, 7, 10, 9, 8, []int{2022}, false}},
		{"a hidden year is not read", []workbook.Row{
			row(3, str(1, "Obiettivi strategici"), str(4, "Obiettivi operativi"), str(6, "Azioni")),
			row(4, str(1, "cod."), str(2, "Target"), workbook.Cell{Col: 3, Type: workbook.String, Text: "Target", Origin: "B4"}, // merged B4:C4
				str(4, "cod."), str(5, "peso"), str(6, "cod."), str(7, "peso"), str(8, "target")),
			row(5, num(2, 2020), num(3, 2021)),
		}, 1, map[int]bool{2: true}, want{1, 4, 5, 6, 7, 8, 0, 0, 0, []int{2021}, false}},
		{"no action weight", []workbook.Row{
			row(4, str(1, "cod. strategico"), str(2, "cod. operativo"), str(3, "peso obiettivo operativo"), str(4, "cod. azione"), str(5, "target azione")),
		}, 0, nil, want{1, 2, 3, 4, 0, 5, 0, 0, 0, nil, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, problems := buildLayout("Piano", tt.rows, tt.labelIdx, tt.hidden)
			got := want{l.col(levelStrategic, fieldCode), l.col(levelOperational, fieldCode), l.col(levelOperational, fieldWeight),
				l.col(levelAction, fieldCode), l.col(levelAction, fieldWeight), l.col(levelAction, fieldTarget), l.thr80, l.thr60,
				l.col(levelAction, fieldResponsible), nil, len(problems) > 0}
			for _, c := range l.targets {
				got.years = append(got.years, c.year)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("layout %+v, want %+v (%v)", got, tt.want, problems)
			}
		})
	}
}
