package model_test

import (
	"reflect"
	"strings"
	"testing"

	"cruscotto/model"
)

func TestSplitUnits(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`U.O. "ASL" - U.O. "Progetti incentivazione e sostegno"`, []string{"ASL", "Progetti incentivazione e sostegno"}},
		{`UO "Progetti di incentivazione e sostegno"`, []string{"Progetti di incentivazione e sostegno"}},
		{`Uo "Registro Imprese" e U.O. "Digitalizzazione e Marketing"`, []string{"Registro Imprese", "Digitalizzazione e Marketing"}},
		{`U.O. "Mediazione"`, []string{"Mediazione"}},
		{`UO “Ragioneria”`, []string{"Ragioneria"}},
		{"SG", []string{"SG"}},
		{"Controller", []string{"Controller"}},
		{"RUO", []string{"RUO"}},
		{"individuale", []string{"individuale"}},
		{"UO diverse", []string{"Diverse"}},
		{"diverse UO", []string{"Diverse"}},
		{"U.O. Diverse", []string{"Diverse"}},
		{"SG - Controller", []string{"SG", "Controller"}},
		{`SG e U.O. "Mediazione"`, []string{"Mediazione", "SG"}},
		{"SG e Controller", []string{"SG", "Controller"}},
		{"Area Anagrafe e Registri", []string{"Area Anagrafe e Registri"}},
		{"Ufficio SUAP e Ambiente", []string{"Ufficio SUAP e Ambiente"}},
		{"Servizio Promozione - Area Anagrafe e Registri", []string{"Servizio Promozione", "Area Anagrafe e Registri"}},
		{"Registro Imprese\nDigitalizzazione e Marketing", []string{"Registro Imprese", "Digitalizzazione e Marketing"}},
		{"Uo \"Registro Imprese\"\r\nU.O. \"Digitalizzazione e Marketing\"", []string{"Registro Imprese", "Digitalizzazione e Marketing"}},
		{"U.O. \"Progetti incentivazione\ne sostegno\"", []string{"Progetti incentivazione e sostegno"}},
		{"", nil},
		{"  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := model.SplitUnits(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitUnits(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSimilarUnits(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Progetti di incentivazione e sostegno", "Progetti incentivazione e sostegno", true},
		{"Registro Imprese", "Registro imprese", false}, // same unit, not a near-duplicate
		{"Ragioneria", "Ragionería", false},
		{"Personale", "Personal", true},
		{"ASL", "RUO", false},
		{"SG", "Controller", false},
		{"Segreteria", "Provveditorato", false},
		{"Digitalizzazione e Marketing", "Digitalizzazione Marketing", true},
	}
	for _, tt := range tests {
		if got := model.SimilarUnits(tt.a, tt.b); got != tt.want {
			t.Errorf("SimilarUnits(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestSortUnits: one order for units everywhere, by name ignoring case
// and accents, the names that are no unit last.
func TestSortUnits(t *testing.T) {
	got := []string{"senza responsabile", "Ufficio stampa", "Diverse", "Mediazione", "ASL", "individuale", "ambiente"}
	model.SortUnits(got)
	want := []string{"ambiente", "ASL", "Mediazione", "Ufficio stampa", "Diverse", "individuale", "senza responsabile"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%v, want %v", got, want)
	}
}
