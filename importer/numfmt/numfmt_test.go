package numfmt_test

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/importer/numfmt"
)

func TestRenderItalian(t *testing.T) {
	tests := []struct {
		code string
		n    float64
		want string
		cls  numfmt.Class
	}{
		{`0" gg"`, 28, "28 gg", numfmt.Number},
		{`0 "giorni"`, 30, "30 giorni", numfmt.Number},
		{`0" ore"`, 24, "24 ore", numfmt.Number},
		{`0" mesi"`, 10, "10 mesi", numfmt.Number},
		{`#,##0 "€"`, 85, "85 €", numfmt.Number},
		{`#,##0 "€"`, 1200, "1.200 €", numfmt.Number},
		{`[$€-410] #,##0.00`, 1234.5, "€ 1.234,50", numfmt.Number},
		{`€ #,##0`, 85, "€ 85", numfmt.Number},
		{`0%`, 0.85, "85%", numfmt.Percent},
		{`0.0%`, 0.855, "85,5%", numfmt.Percent},
		{`"≥ "0%`, 0.9, "≥ 90%", numfmt.Percent},
		{`#,##0`, 1200, "1.200", numfmt.Number},
		{`#,##0.00`, 1234.565, "1.234,57", numfmt.Number},
		{`0`, 2.5, "3", numfmt.Number},
		{`0.00`, 1.005, "1,01", numfmt.Number},
		{`dd/mm/yyyy`, 44742, "30/06/2022", numfmt.Date},
		{`d/m/yy`, 44742, "30/6/22", numfmt.Date},
		{`"entro il "dd/mm/yyyy`, 44742, "entro il 30/06/2022", numfmt.Date},
		{`mmmm`, 44742, "giugno", numfmt.Month},
		{`[$-410]mmmm`, 44742, "giugno", numfmt.Month},
		{`mmm-yy`, 44742, "giu-22", numfmt.Month},
		{`mmmm yyyy`, 44742, "giugno 2022", numfmt.Month},
		{`dddd d mmmm yyyy`, 44742, "giovedì 30 giugno 2022", numfmt.Date},
		{`h:mm`, 0.75, "18:00", numfmt.Time},
		{`[h]:mm`, 1.5, "36:00", numfmt.Time},
		{`General`, 4.5, "4,5", numfmt.General},
		{`General" gg"`, 28, "28 gg", numfmt.General},
		{`#,##0;[Red]-#,##0`, -1200, "-1.200", numfmt.Number},
		{`#,##0 ;(#,##0)`, -1200, "(1.200)", numfmt.Number},
		{`0;-0;"nessuno"`, 0, "nessuno", numfmt.Number},
		{`[<=30]0" gg";0`, 28, "28 gg", numfmt.Number},
		{`#,##0,`, 1234567, "1.235", numfmt.Number},
		{`0.00E+00`, 12345, "1,23E+04", numfmt.Number},
		{`@`, 5, "5", numfmt.Text},
		{`0\ \k\g`, 5, "5 kg", numfmt.Number},
		{`#,##0_);(#,##0)`, 5, "5 ", numfmt.Number},
	}
	for _, tt := range tests {
		f := numfmt.Parse(tt.code)
		if got := f.Render(tt.n, false, numfmt.Italian); got != tt.want {
			t.Errorf("%q with %v = %q, want %q", tt.code, tt.n, got, tt.want)
		}
		if got := f.Class(); got != tt.cls {
			t.Errorf("%q is class %v, want %v", tt.code, got, tt.cls)
		}
	}
}

func TestRenderText(t *testing.T) {
	for _, tt := range []struct{ code, in, want string }{
		{`@`, "x", "x"},
		{`"Cod. "@`, "1.1", "Cod. 1.1"},
		{`0;-0;0;"<"@">"`, "a", "<a>"},
		{`0.00`, "testo", "testo"},
	} {
		if got := numfmt.Parse(tt.code).RenderText(tt.in); got != tt.want {
			t.Errorf("%q with %q = %q, want %q", tt.code, tt.in, got, tt.want)
		}
	}
}

func TestDate1904(t *testing.T) {
	f := numfmt.Parse("dd/mm/yyyy")
	if got := f.Render(43280, true, numfmt.Italian); got != "30/06/2022" {
		t.Errorf("1904 serial 43280 = %q, want 30/06/2022", got)
	}
	if got := f.Render(60, false, numfmt.Italian); got != "29/02/1900" {
		t.Errorf("serial 60 = %q, want Excel's 29/02/1900", got)
	}
}

func TestLiterals(t *testing.T) {
	for _, tt := range []struct{ code, prefix, suffix string }{
		{`"≥ "0%`, "≥ ", ""},
		{`0" gg"`, "", " gg"},
		{`[$€-410] #,##0.00`, "€ ", ""},
	} {
		p, s := numfmt.Parse(tt.code).Literals()
		if p != tt.prefix || s != tt.suffix {
			t.Errorf("%q: %q %q, want %q %q", tt.code, p, s, tt.prefix, tt.suffix)
		}
	}
}

// excelizeDiffers are the codes where excelize's GetCellValue does not
// show what Excel shows, so that our English rendering differs from it
// on purpose.
var excelizeDiffers = map[string]string{
	`##0.0E+0`:           "excelize leaves engineering notation unformatted",
	`General" gg"`:       "excelize drops the literals around General",
	`[>=100]"big "0;0.0`: "excelize ignores section conditions",
	`#.##`:               "Excel keeps the decimal point of a number without decimals («1.»); excelize writes «1»",
	`.00`:                "Excel shows no integer digit for .00 («.86»); excelize writes «0.86»",
	`0;-0;"zero"`:        "excelize shows zero through the first section, Excel through the third",
	`?0.0?`:              "excelize drops the trailing ? placeholder, which Excel shows as a space",
	`mm:ss.0`:            "excelize writes the tenths of a second as 0",
}

// TestAgainstExcelize renders numbers through codes Excel writes and
// compares each with excelize's GetCellValue of the same cell, in the
// United States locale excelize uses.
func TestAgainstExcelize(t *testing.T) {
	codes := []string{`0" gg"`, `0 "giorni"`, `0" ore"`, `#,##0 "€"`, `[$€-410] #,##0.00`, `€ #,##0`, `0%`, `0.0%`, `0.00%`,
		`#,##0`, `#,##0.00`, `0`, `0.00`, `dd/mm/yyyy`, `d/m/yy`, `"entro il "dd/mm/yyyy`, `mmmm`, `[$-410]mmmm`, `mmm-yy`,
		`mmmm yyyy`, `"≥ "0%`, `0.00E+00`, `#,##0,`, `#,##0 ;(#,##0)`, `#,##0.00;[Red]-#,##0.00`, `h:mm AM/PM`, `h:mm:ss`,
		`[h]:mm:ss`, `mm:ss.0`, `dddd d mmmm yyyy`, `00000`, `#,##0_);(#,##0)`, `0\ \k\g`, `yyyy`, `d-mmm-yy`,
		`##0.0E+0`, `General" gg"`, `[>=100]"big "0;0.0`, `#.##`, `.00`, `0;-0;"zero"`, `?0.0?`}
	vals := []float64{0, 1, 28, 0.855, 1234.5, -1234.5, 44742, 44742.75, 0.001, 2.5, -0.4, 100, 12345.678}
	f := excelize.NewFile()
	defer f.Close()
	for i, code := range codes {
		st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			t.Fatal(err)
		}
		nf := numfmt.Parse(code)
		for j, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, j+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle("Sheet1", cell, cell, st); err != nil {
				t.Fatal(err)
			}
			want, err := f.GetCellValue("Sheet1", cell)
			if err != nil {
				t.Fatal(err)
			}
			got := nf.Render(v, false, numfmt.English)
			if reason, ok := excelizeDiffers[code]; ok {
				if got == want && j == 0 {
					t.Logf("%q agrees with excelize for %v although listed: %s", code, v, reason)
				}
				continue
			}
			if got != want {
				t.Errorf("%q with %v: ours %q, excelize %q", code, v, got, want)
			}
		}
	}
}
