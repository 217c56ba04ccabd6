package model_test

import (
	"strings"
	"testing"

	"cruscotto/model"
)

const goodMapping = `{"sheets": [
 {"sheet": "Obiettivi strategici", "header_rows": [4, 5], "columns": [
  {"column": "A", "label": "Ambito strategico", "field": "perspective"},
  {"column": "B", "label": "Codice", "field": "strategic.code"},
  {"column": "C", "label": "Obiettivo strategico", "field": "strategic.title"},
  {"column": "F", "label": "Target 2022", "field": "strategic.target.2022"},
  {"column": "G", "label": "Target 2023", "field": "strategic.target.2023"}]},
 {"sheet": "Obiettivi operativi*", "header_rows": [5, 5], "columns": [
  {"column": "A", "label": "Obiettivo strategico", "field": "strategic.code"},
  {"column": "B", "label": "Codice", "field": "operational.code"},
  {"column": "C", "label": "Obiettivo operativo", "field": "operational.title"},
  {"column": "D", "label": "Peso obiettivo", "field": "operational.weight"},
  {"column": "E", "label": "Cod. ind.", "field": "action.code"},
  {"column": "F", "label": "Indicatore", "field": "action.title"},
  {"column": "G", "label": "Algoritmo di calcolo", "field": "action.kpi"},
  {"column": "H", "label": "Tipologia", "field": "ignore"},
  {"column": "I", "label": "Unità di misura", "field": "ignore"},
  {"column": "J", "label": "Peso indicatore", "field": "action.weight"},
  {"column": "K", "label": "Baseline 2021", "field": "action.baseline"},
  {"column": "L", "label": "Target 2022", "field": "action.target"},
  {"column": "M", "label": "Unità organizzativa responsabile", "field": "action.responsible"}]}]}`

func TestParseMapping(t *testing.T) {
	tests := []struct {
		name string
		edit func(string) string
		frag string // "" for accepted
	}{
		{"OK", func(s string) string { return s }, ""},
		{"ErrNotJSON", func(s string) string { return s[:40] }, "non è un JSON valido"},
		{"ErrUnknownKey", func(s string) string { return strings.Replace(s, `"label"`, `"etichetta"`, 1) }, "non è un JSON valido"},
		{"ErrUnknownField", func(s string) string { return strings.Replace(s, `"action.kpi"`, `"action.algoritmo"`, 1) }, "«action.algoritmo» non esiste"},
		{"ErrBadTargetYear", func(s string) string { return strings.Replace(s, `strategic.target.2022`, `strategic.target.YYYY`, 1) }, "non esiste"},
		{"ErrNoTarget", func(s string) string { return strings.Replace(s, `"action.target"`, `"ignore"`, 1) }, "manca il campo «action.target»"},
		{"ErrNoOperationalCode", func(s string) string { return strings.Replace(s, `"operational.code"`, `"ignore"`, 1) }, "manca il campo «operational.code»"},
		{"ErrTwoColumnsOneField", func(s string) string { return strings.Replace(s, `"field": "ignore"}`, `"field": "action.weight"}`, 1) }, "«action.weight» è assegnato a due colonne (H e J)"},
		{"ErrHeaderRows", func(s string) string { return strings.Replace(s, `[5, 5]`, `[5, 4]`, 1) }, "header_rows"},
		{"ErrNoSheets", func(string) string { return `{"sheets": []}` }, "non ha fogli"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := model.ParseMapping([]byte(tt.edit(goodMapping)))
			if tt.frag == "" {
				if err != nil || len(m.Sheets) != 2 {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if model.ErrorCode(err) != model.EInvalid || !strings.Contains(model.ErrorMessage(err), tt.frag) {
				t.Errorf("err = %v, want one mentioning %q", err, tt.frag)
			}
		})
	}
}

func TestMappingRoundTrip(t *testing.T) {
	m, err := model.ParseMapping([]byte(goodMapping))
	if err != nil {
		t.Fatal(err)
	}
	again, err := model.ParseMapping(m.JSON())
	if err != nil || string(again.JSON()) != string(m.JSON()) {
		t.Errorf("the written mapping does not read back: %v\n%s", err, m.JSON())
	}
}

func TestSheetPattern(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"Obiettivi operativi*", "Obiettivi operativi 2022", true},
		{"Obiettivi operativi*", "obiettivi  operativi anno 2023", true},
		{"Obiettivi operativi*", "Obiettivi strategici", false},
		{"*operativi*", "Piano - obiettivi operativi 2022", true},
		{"Piano*2022", "Piano della performance 2022", true},
		{"Piano*2022", "Piano della performance 2023", false},
		{"Obiettivi strategici", "Obiettivi Strategici", true},
		{"Obiettivi strategici", "Obiettivi strategici 2022", false},
		{"*", "qualsiasi", true},
	}
	for _, tt := range tests {
		if got := (model.SheetMapping{Sheet: tt.pattern}).Matches(tt.name); got != tt.want {
			t.Errorf("%q matches %q = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}
