package model_test

import (
	"math"
	"testing"

	"cruscotto/model"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind model.Kind
		want float64 // NaN: no number
	}{
		{"integer", "4", model.KindNumber, 4},
		{"italian decimal", "4,5", model.KindNumber, 4.5},
		{"thousands dot", "1.400", model.KindNumber, 1400},
		{"thousands and decimal", "1.400,50", model.KindNumber, 1400.5},
		{"english thousands and decimal", "1,400.50", model.KindNumber, 1400.5},
		{"english decimal", "1.5", model.KindNumber, 1.5},
		{"many thousands", "12.345.678", model.KindNumber, 12345678},
		{"negative", "-3", model.KindNumber, -3},
		{"negative zero", "-0", model.KindNumber, 0},
		{"days", "28 gg", model.KindDays, 28},
		{"days dotted", "28 gg.", model.KindDays, 28},
		{"days word", "30 giorni", model.KindDays, 30},
		{"days glued", "28gg", model.KindDays, 28},
		{"hours", "20 ore", model.KindHours, 20},
		{"euro after", "80 €", model.KindEuro, 80},
		{"euro before", "€ 1.400,50", model.KindEuro, 1400.5},
		{"euro word", "80 euro", model.KindEuro, 80},
		{"percent", "80%", model.KindPercent, 80},
		{"percent spaced", "80 %", model.KindPercent, 80},
		{"percent decimal", "4,5%", model.KindPercent, 4.5},
		{"percent with words", "Frequenza 80 %", model.KindPercent, 80},
		{"months count", "10 mesi", model.KindNumber, 10},
		{"month", "luglio", model.KindMonth, 7},
		{"month capital", "Dicembre", model.KindMonth, 12},
		{"month with day", "31 luglio", model.KindMonth, 7},
		{"month with year", "ottobre 2020", model.KindMonth, 10},
		{"month entro", "entro settembre", model.KindMonth, 9},
		{"month abbreviation", "ott", model.KindMonth, 10},
		{"date slashes", "15/10/2020", model.KindDate, 44119},
		{"date two-digit year", "31/7/20", model.KindDate, 44043},
		{"date dashes", "15-10-2020", model.KindDate, 44119},
		{"date iso", "2020-10-15", model.KindDate, 44119},
		{"date entro", "entro il 30/06/2022", model.KindDate, 44742},
		{"date leap day", "29/02/2024", model.KindDate, 45351},
		{"no such date", "31/06/2022", model.KindQualitative, math.NaN()},
		{"yes", "SI", model.KindYesNo, 1},
		{"yes accented", "Sì", model.KindYesNo, 1},
		{"yes lower", "si", model.KindYesNo, 1},
		{"no", "NO", model.KindYesNo, 0},
		{"almeno", "almeno 5", model.KindNumber, 5},
		{"qualitativo", "qualitativo", model.KindQualitative, math.NaN()},
		{"qualitativa", "qualitativa", model.KindQualitative, math.NaN()},
		{"words", "frequenza minima prevista", model.KindQualitative, math.NaN()},
		{"description with number", "attivazione di 5 ambiti", model.KindQualitative, math.NaN()},
		{"two numbers", "tra 5 e 10", model.KindQualitative, math.NaN()},
		{"NaN is not a number", "NaN", model.KindQualitative, math.NaN()},
		{"Inf is not a number", "Inf", model.KindQualitative, math.NaN()},
		{"hex is not a number", "0x1p4", model.KindQualitative, math.NaN()},
		{"underscore is not a number", "1_000", model.KindQualitative, math.NaN()},
		{"bad groups", "1.40.0", model.KindQualitative, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := model.ParseText(tt.in)
			if v.Kind != tt.kind {
				t.Errorf("ParseText(%q).Kind = %q, want %q", tt.in, v.Kind, tt.kind)
			}
			if v.Raw != tt.in {
				t.Errorf("raw = %q, want %q", v.Raw, tt.in)
			}
			switch {
			case math.IsNaN(tt.want) && v.Number != nil:
				t.Errorf("ParseText(%q) = %v, want no number", tt.in, *v.Number)
			case !math.IsNaN(tt.want) && (v.Number == nil || *v.Number != tt.want):
				t.Errorf("ParseText(%q) = %v, want %v", tt.in, v.Number, tt.want)
			}
		})
	}
}

// TestParseSigned: a comparison sign before a value is kept as its Op,
// and the value parses as without it.
func TestParseSigned(t *testing.T) {
	tests := []struct {
		in   string
		op   model.Op
		kind model.Kind
		want float64
	}{
		{"≥ 90%", model.OpGE, model.KindPercent, 90},
		{">= 24", model.OpGE, model.KindNumber, 24},
		{"=> 5", model.OpGE, model.KindNumber, 5},
		{"> 3", model.OpGT, model.KindNumber, 3},
		{"≤ 30 gg", model.OpLE, model.KindDays, 30},
		{"<= 30", model.OpLE, model.KindNumber, 30},
		{"=< 4", model.OpLE, model.KindNumber, 4},
		{"< 5", model.OpLT, model.KindNumber, 5},
		{"≥4.500", model.OpGE, model.KindNumber, 4500},
		{"≤ 30/06/2022", model.OpLE, model.KindDate, 44742},
		{"< qualcosa", "", model.KindQualitative, math.NaN()},
		{"> SI", "", model.KindYesNo, 1},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v := model.ParseText(tt.in)
			if v.Op != tt.op || v.Kind != tt.kind || v.Raw != tt.in {
				t.Errorf("ParseText(%q) = %+v, want op %q kind %q", tt.in, v, tt.op, tt.kind)
			}
			if !math.IsNaN(tt.want) && v.Float() != tt.want {
				t.Errorf("value %v, want %v", v.Float(), tt.want)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name   string
		n      float64
		format model.NumberFormat
		raw    string
		kind   model.Kind
		want   float64
	}{
		{"plain", 4, model.FormatGeneral, "4", model.KindNumber, 4},
		{"decimal", 4.5, model.FormatGeneral, "4,5", model.KindNumber, 4.5},
		{"percent", 0.8, model.FormatPercent, "80%", model.KindPercent, 80},
		{"percent without float noise", 0.15, model.FormatPercent, "15%", model.KindPercent, 15},
		{"percent fraction", 0.075, model.FormatPercent, "7,5%", model.KindPercent, 7.5},
		{"date", 44119, model.FormatDate, "15/10/2020", model.KindDate, 44119},
		{"date with a time", 44119.75, model.FormatDate, "15/10/2020", model.KindDate, 44119},
		{"month of a date", 44119, model.FormatMonth, "ottobre 2020", model.KindMonth, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := model.ParseNumber(tt.n, tt.format)
			if v.Kind != tt.kind || v.Raw != tt.raw || v.Number == nil || *v.Number != tt.want {
				t.Errorf("ParseNumber(%v) = %+v (%v), want %s %q %v", tt.n, v, v.Float(), tt.kind, tt.raw, tt.want)
			}
		})
	}
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{"4", "4,5", "1.400", "28 gg", "80%", "Frequenza 80 %", "luglio", "15/10/2020",
		"entro il 30/06/2022", "≥ 90%", "=< 4", "Sì", "qualitativo", "€ 1.400,50", "NaN", "1e308", "9999999999999999999999999", "-", "+-1", "1,,2", ".5", "5.", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := model.ParseText(s)
		if v.Number != nil && (math.IsNaN(*v.Number) || math.IsInf(*v.Number, 0)) {
			t.Fatalf("ParseText(%q) = %v", s, *v.Number)
		}
		if v.Number == nil && v.Kind != model.KindQualitative {
			t.Fatalf("ParseText(%q): kind %q without a number", s, v.Kind)
		}
		if v.Kind == model.KindMonth && (*v.Number < 1 || *v.Number > 12) {
			t.Fatalf("ParseText(%q): month %v", s, *v.Number)
		}
		if v.Kind == model.KindYesNo && *v.Number != 0 && *v.Number != 1 {
			t.Fatalf("ParseText(%q): yes/no %v", s, *v.Number)
		}
		if v.Kind == model.KindDate && (*v.Number != math.Trunc(*v.Number) || *v.Number < 1) {
			t.Fatalf("ParseText(%q): date serial %v", s, *v.Number)
		}
		if v.Op != "" && v.Number == nil {
			t.Fatalf("ParseText(%q): a sign on no value", s)
		}
	})
}

// TestNoNegativeZero: "-0" is stored and shown as 0, not -0.
func TestNoNegativeZero(t *testing.T) {
	for _, v := range []model.Value{model.ParseText("-0"), model.ParseText("-0,0"), model.ParseNumber(math.Copysign(0, -1), model.FormatGeneral)} {
		if v.Number == nil || math.Signbit(*v.Number) || v.Raw == "-0" && model.FormatItalian(*v.Number) != "0" {
			t.Errorf("%+v: negative zero", v)
		}
	}
}

// TestDisplay: one way of writing each value, whatever was typed.
func TestDisplay(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"sign >=", ">= 8", "≥ 8"},
		{"sign =>", "=> 5", "≥ 5"},
		{"sign glued", "≥90%", "≥ 90%"},
		{"sign =<", "=< 4", "≤ 4"},
		{"sign with unit", "<= 30 gg", "≤ 30 gg"},
		{"strict", "> 3", "> 3"},
		{"strict days", "< 45 gg", "< 45 gg"},
		{"yes", "Sì", "SI"},
		{"no", "no", "NO"},
		{"days", "28 gg", "28 gg"},
		{"days in words", "28 giorni", "28 gg"},
		{"days without space", "27gg", "27 gg"},
		{"count", "1400", "1.400"},
		{"count grouped", "1.400", "1.400"},
		{"count English", "1,400.5", "1.400,5"},
		{"million", "1250000", "1.250.000"},
		{"signed count", ">= 1400", "≥ 1.400"},
		{"decimal", "4,5", "4,5"},
		{"decimal dot", "4.5", "4,5"},
		{"small", "999", "999"},
		{"negative", "-1500", "-1.500"},
		{"percent", "80 %", "80%"},
		{"percent in words", "Frequenza 80 %", "80%"},
		{"percent decimal", "45,5%", "45,5%"},
		{"euro", "1400 euro", "1.400 €"},
		{"euro sign", "€ 80", "80 €"},
		{"hours", "20 ore", "20 ore"},
		{"one hour", "1 ora", "1 ora"},
		{"count word dropped", "10 mesi", "10"},
		{"date as written", "entro il 31/03/2021", "entro il 31/03/2021"},
		{"month as written", "luglio 2021", "luglio 2021"},
		{"signed month", "<= ottobre", "≤ ottobre"},
		{"qualitative", "qualitativo", "qualitativo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := model.ParseText(tc.in).Display(); got != tc.want {
				t.Errorf("Display(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestDisplayMeasured: a measured value reads in its action's unit, the
// one CheckMeasured gives it: «27 gg» typed for a target of «28» reads
// «27», «27» typed for a target of «28 gg» reads «27 gg».
func TestDisplayMeasured(t *testing.T) {
	act := func(target string) *model.Action {
		v := model.ParseText(target)
		return &model.Action{Code: "1.1.1", Target: &v, Direction: model.LowerIsBetter}
	}
	for _, tc := range []struct{ name, target, typed, want string }{
		{"unit typed, none in plan", "28", "27 gg", "27"},
		{"unit in plan, none typed", "28 gg", "27", "27 gg"},
		{"grouped count", "1400", "1200", "1.200"},
		{"count typed grouped", "1400", "1.200", "1.200"},
		{"euro", "80 €", "75", "75 €"},
		{"percent", "90%", "85", "85%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := model.CheckMeasured(act(tc.target), model.ParseText(tc.typed))
			if err != nil {
				t.Fatal(err)
			}
			if got := v.Display(); got != tc.want {
				t.Errorf("Display = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestFormatNumberReadsBack: whatever FormatNumber writes, ParseText reads
// back to the same number.
func TestFormatNumberReadsBack(t *testing.T) {
	for _, n := range []float64{0, 1, 7, 12, 999, 1000, 1400, 12345.67, 1250000, 0.5, 4.75, -1500, -0.25, 1e9, 123456789.125} {
		s := model.FormatNumber(n)
		v := model.ParseText(s)
		if !v.Numeric() || *v.Number != n || v.Kind != model.KindNumber {
			t.Errorf("FormatNumber(%v) = %q, read back as %+v", n, s, v)
		}
	}
}

// TestValueOr: a threshold written in words has no value, only its text;
// a value is shown as written (RawOr) or with its sign normalised
// (DisplayOr).
func TestValueOr(t *testing.T) {
	v := model.ParseText(">= 8")
	for _, tc := range []struct {
		name      string
		v         *model.Value
		raw, disp string
	}{
		{"Value", &v, ">= 8", "≥ 8"},
		{"Text", nil, "qualitativa", "qualitativa"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v.RawOr("qualitativa"); got != tc.raw {
				t.Errorf("RawOr = %q, want %q", got, tc.raw)
			}
			if got := tc.v.DisplayOr("qualitativa"); got != tc.disp {
				t.Errorf("DisplayOr = %q, want %q", got, tc.disp)
			}
		})
	}
}

func TestSameMeasured(t *testing.T) {
	days := func(raw string) model.Value {
		v := model.ParseText(raw)
		v.Kind = model.KindDays
		return v
	}
	tests := []struct {
		name string
		a, b model.Value
		want bool
	}{
		{"SameText", model.ParseText("5"), model.ParseText("5"), true},
		{"UnitTypedOrNot", days("9 gg"), days("9"), true},
		{"ItalianDecimal", model.ParseText("4,5"), model.ParseText("4.5"), true},
		{"OtherNumber", days("9"), days("10"), false},
		{"OtherKind", model.ParseText("50%"), model.ParseText("50"), false},
		{"Words", model.ParseText("buono"), model.ParseText("ottimo"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := model.SameMeasured(tt.a, tt.b); got != tt.want {
				t.Errorf("SameMeasured(%q, %q) = %v", tt.a.Raw, tt.b.Raw, got)
			}
		})
	}
}

// TestParseShown: a number reads as the text its format shows, with the
// cell's own number.
func TestParseShown(t *testing.T) {
	tests := []struct {
		n      float64
		format model.NumberFormat
		shown  string
		raw    string
		kind   model.Kind
		op     model.Op
		value  float64
	}{
		{28, model.FormatGeneral, "28 gg", "28 gg", model.KindDays, "", 28},
		{4.5, model.FormatGeneral, "5 gg", "5 gg", model.KindDays, "", 4.5},
		{85, model.FormatGeneral, "85 %", "85 %", model.KindPercent, "", 85},
		{85, model.FormatGeneral, "€ 85,00", "€ 85,00", model.KindEuro, "", 85},
		{0.9, model.FormatPercent, "≥ 90%", "≥ 90%", model.KindPercent, model.OpGE, 90},
		{28, model.FormatGeneral, "28 ≤", "28 ≤", model.KindNumber, model.OpLE, 28},
		{5, model.FormatGeneral, "5 ambiti", "5 ambiti", model.KindNumber, "", 5},
		{1200, model.FormatGeneral, "", "1200", model.KindNumber, "", 1200},
		{44742, model.FormatMonth, "giugno", "giugno", model.KindMonth, "", 6},
	}
	for _, tt := range tests {
		v := model.ParseShown(tt.n, tt.format, tt.shown)
		if v.Raw != tt.raw || v.Kind != tt.kind || v.Op != tt.op || v.Float() != tt.value {
			t.Errorf("ParseShown(%v, %q) = %q %s %q %v; want %q %s %q %v", tt.n, tt.shown, v.Raw, v.Kind, v.Op, v.Float(), tt.raw, tt.kind, tt.op, tt.value)
		}
	}
}
