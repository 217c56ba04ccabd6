package importer

import "testing"

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
