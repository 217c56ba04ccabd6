package workbook

import (
	"context"
	"testing"

	"cruscotto/model"
)

func TestScannerText(t *testing.T) {
	tests := []struct {
		name, xml, want string
	}{
		{"entities", `<t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</t>`, `a & b <c> "d" 'e'`},
		{"numeric entities", `<t>&#34;Unità&#x20;08&#34;</t>`, `"Unità 08"`},
		{"cdata", `<t><![CDATA[<not a tag> & co]]></t>`, `<not a tag> & co`},
		{"newlines", "<t>a\r\nb\rc</t>", "a\nb\nc"},
		{"prefixed", `<x:t xml:space="preserve"> spazio </x:t>`, ` spazio `},
		{"comment and pi", `<?xml version="1.0"?><!-- c --><t>x</t>`, `x`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := xmlScanner{b: []byte(tt.xml)}
			var got []byte
			for {
				if err := s.next(); err != nil {
					t.Fatal(err)
				}
				if s.kind == tokEOF {
					break
				}
				if s.kind == tokText {
					var err error
					if got, err = s.appendText(got); err != nil {
						t.Fatal(err)
					}
				}
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestScannerRejects(t *testing.T) {
	for _, x := range []string{
		`<a><b></a></b>`,
		`<a>`,
		`<!DOCTYPE x [<!ENTITY e "boom">]><a>&e;</a>`,
		`<a>&unknown;</a>`,
		`<a b="unterminated></a>`,
		`<a>&#xFFFFFFFF;</a>`,
	} {
		s := xmlScanner{b: []byte(x)}
		var err error
		for err == nil {
			if err = s.next(); err == nil && s.kind == tokText {
				_, err = s.appendText(nil)
			}
			if err == nil && s.kind == tokEOF {
				break
			}
		}
		if err == nil {
			t.Errorf("%s: accepted", x)
		}
	}
}

func TestScannerAttributes(t *testing.T) {
	s := xmlScanner{b: []byte(`<c r="B7" s='3' x:t="s"/>`)}
	if err := s.next(); err != nil || s.kind != tokStart || string(s.name) != "c" || !s.selfClose {
		t.Fatalf("kind %v name %q err %v", s.kind, s.name, err)
	}
	for name, want := range map[string]string{"r": "B7", "s": "3", "t": "s"} {
		if v, ok := s.attr(name); !ok || string(v) != want {
			t.Errorf("attr %s = %q, %v", name, v, ok)
		}
	}
	if _, ok := s.attr("missing"); ok {
		t.Error("found a missing attribute")
	}
	if err := s.next(); err != nil || s.kind != tokEnd {
		t.Errorf("self-closing tag has no end: %v", s.kind)
	}
}

func TestClassifyFormat(t *testing.T) {
	tests := []struct {
		id   int
		code string
		want model.NumberFormat
	}{
		{0, "", model.FormatGeneral},
		{9, "", model.FormatPercent},
		{10, "", model.FormatPercent},
		{14, "", model.FormatDate},
		{164, "0.0%", model.FormatPercent},
		{165, `dd/mm/yyyy`, model.FormatDate},
		{166, `[$-410]mmmm yyyy`, model.FormatMonth},
		{171, `gg/mm/aaaa`, model.FormatDate},
		{172, `mmm-aa`, model.FormatMonth},
		{17, "", model.FormatMonth},
		{167, `#,##0.00 "€"`, model.FormatGeneral},
		{168, `0 "gg"`, model.FormatGeneral},
		{169, `"%" 0`, model.FormatGeneral},
		{170, `#,##0;[Red]-#,##0`, model.FormatGeneral},
	}
	for _, tt := range tests {
		if got := formatOf(tt.id, map[int]string{tt.id: tt.code}).class; tt.code != "" && got != tt.want {
			t.Errorf("formatOf(%d, %q) = %v, want %v", tt.id, tt.code, got, tt.want)
		}
		if got := formatOf(tt.id, nil).class; tt.code == "" && got != tt.want {
			t.Errorf("built-in %d = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestExpand(t *testing.T) {
	str := func(col int, s string) Cell { return Cell{Col: col, Type: String, Text: s} }
	rows := []rawRow{
		{num: 3, cells: []Cell{str(1, "P"), str(2, "1"), str(3, "1.1.1")}},
		{num: 4, cells: []Cell{str(2, "stale"), str(3, "1.1.2")}}, // B4 is under B3:B5
		{num: 6, cells: []Cell{str(3, "2.1.1")}},
	}
	w := &Workbook{ctx: context.Background(), limits: DefaultLimits}
	got, err := w.expand(rows, []Range{{R1: 3, C1: 1, R2: 6, C2: 1}, {R1: 3, C1: 2, R2: 5, C2: 2}}, "Piano")
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]map[int]string{
		3: {1: "P", 2: "1", 3: "1.1.1"},
		4: {1: "P", 2: "1", 3: "1.1.2"},
		6: {1: "P", 3: "2.1.1"},
	}
	if len(got) != 3 {
		t.Fatalf("%d rows", len(got))
	}
	for _, r := range got {
		for col, text := range want[r.Num] {
			if c := r.Get(col); c.Text != text {
				t.Errorf("row %d col %d = %q, want %q", r.Num, col, c.Text, text)
			}
		}
		if r.Num == 6 && r.Get(2).Type != Empty {
			t.Errorf("B6 is outside the merge but got %q", r.Get(2).Text)
		}
	}
	if o := got[1].Get(1).Origin; o != "A3" {
		t.Errorf("origin of A4 = %q, want A3", o)
	}
}
