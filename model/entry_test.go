package model_test

import (
	"strings"
	"testing"
	"time"

	"cruscotto/model"
)

// TestSignatureSurvivesReencoding: the identity a client re-encodes
// (escapes decoded, line breaks, accents decomposed, spaces around)
// still verifies; a real edit does not.
func TestSignatureSurvivesReencoding(t *testing.T) {
	key := []byte("chiave")
	unit := "Qualità & <Servizi> \"Ufficio\" 🚀 " + strings.Repeat("x", 200)
	id := model.EntryIdentity{PlanID: 1, PlanVersion: 2, PlanSHA: "abc", Year: 2024, Unit: unit,
		Period: model.Period{Year: 2024}, GeneratedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	sig := model.SignEntry(key, id)
	read := func(unit string) model.EntryIdentity {
		fields := map[string]string{}
		for _, f := range id.Fields() {
			fields[f[0]] = f[1]
		}
		fields["struttura"] = unit
		got, ok := model.ParseEntryIdentity(fields)
		if !ok {
			t.Fatalf("identity with unit %q does not parse", unit)
		}
		return got
	}
	for name, reencoded := range map[string]string{
		"as written":         unit,
		"spaces around":      " " + unit + "\n",
		"accent decomposed":  strings.Replace(unit, "à", "a\u0300", 1),
		"escape for the amp": strings.Replace(unit, "&", "_x0026_", 1),
	} {
		if !model.VerifyEntry(key, read(reencoded), sig) {
			t.Errorf("%s: the signature no longer verifies", name)
		}
	}
	for name, edited := range map[string]string{
		"another unit":   "Mediazione",
		"a letter less":  strings.Replace(unit, "Servizi", "Servizo", 1),
		"an emoji other": strings.Replace(unit, "🚀", "🛸", 1),
	} {
		if model.VerifyEntry(key, read(edited), sig) {
			t.Errorf("%s: an edited identity verifies", name)
		}
	}
	lines := model.NormaliseText("Registro Imprese_x000D_\nMarketing\r\n")
	if lines != "Registro Imprese\nMarketing" {
		t.Errorf("NormaliseText = %q", lines)
	}
}

func TestExcelEscapesRoundTrip(t *testing.T) {
	for _, s := range []string{"plain", "_x000D_", "a_x005F_b", "__x0041__", "_x12_", "_xZZZZ_", "fine _x0009_ e _x005F_x000D_ 🚀"} {
		if got := model.DecodeExcelEscapes(model.EncodeExcelEscapes(s)); got != s {
			t.Errorf("%q → %q → %q", s, model.EncodeExcelEscapes(s), got)
		}
	}
}
