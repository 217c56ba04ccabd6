package xlsxtest

import (
	"fmt"
	"strings"
)

// nativeBook builds two workbooks of the same plan: one as a person types
// it, every value text; one as Excel stores what a Controller typed and
// formatted in Excel (numbers with formats that carry their unit,
// escapes, rich text, booleans, cached formulas, the 1904 date system,
// cells without references, hidden sheets).
type nativeBook struct {
	typed, native Book
	styles        map[string]int // by format code, in native
	strings       map[string]int // by raw <si> content
	typedStrings  map[string]int
}

// nv is one cell: what a person types, and how Excel stores it.
type nv struct {
	typed  string
	native func(b *nativeBook, ref string) Cell
}

func newNativeBook() *nativeBook {
	b := &nativeBook{styles: map[string]int{}, strings: map[string]int{}, typedStrings: map[string]int{}}
	b.native.Formats = map[int]string{}
	b.native.Date1904 = true
	return b
}

// style returns the native style of a format: "#9" is built-in 9, "'"
// a text cell with Excel's apostrophe.
func (b *nativeBook) style(code string) int {
	if s, ok := b.styles[code]; ok {
		return s
	}
	st := Style{}
	switch {
	case code == "'":
		st.QuotePrefix = true
	case strings.HasPrefix(code, "#") && len(code) <= 3 && code != "#":
		fmt.Sscanf(code[1:], "%d", &st.NumFmt)
	default:
		st.NumFmt = 164 + len(b.native.Formats)
		b.native.Formats[st.NumFmt] = code
	}
	b.native.Styles = append(b.native.Styles, st)
	b.styles[code] = len(b.native.Styles)
	return b.styles[code]
}

func (b *nativeBook) sst(raw string) int {
	if i, ok := b.strings[raw]; ok {
		return i
	}
	b.native.Strings = append(b.native.Strings, raw)
	b.strings[raw] = len(b.native.Strings) - 1
	return b.strings[raw]
}

func (b *nativeBook) typedSST(text string) int {
	raw := `<t xml:space="preserve">` + Escape(text) + `</t>`
	if i, ok := b.typedStrings[raw]; ok {
		return i
	}
	b.typed.Strings = append(b.typed.Strings, raw)
	b.typedStrings[raw] = len(b.typed.Strings) - 1
	return b.typedStrings[raw]
}

func text(s string) nv {
	return nv{s, func(b *nativeBook, ref string) Cell {
		return SST(ref, b.sst(`<t xml:space="preserve">`+Escape(s)+`</t>`), 0)
	}}
}

// number is n formatted with code, typed as typed. Dates are written in
// the 1904 system the native book uses.
func number(typed string, n float64, code string) nv {
	return nv{typed, func(b *nativeBook, ref string) Cell { return Num(ref, n, b.style(code)) }}
}

func date1904(typed string, serial1900 float64, code string) nv {
	return number(typed, serial1900-1462, code)
}

// escaped is a shared string written with Excel's _xHHHH_ escapes.
func escaped(typed, raw string) nv {
	return nv{typed, func(b *nativeBook, ref string) Cell {
		return SST(ref, b.sst(`<t xml:space="preserve">`+raw+`</t>`), 0)
	}}
}

// rich is a shared string in rich-text runs with a phonetic hint.
func rich(runs ...string) nv {
	var x strings.Builder
	for i, r := range runs {
		fmt.Fprintf(&x, `<r><rPr><b val="%d"/><sz val="11"/></rPr><t xml:space="preserve">%s</t></r>`, i%2, Escape(r))
	}
	x.WriteString(`<rPh sb="0" eb="1"><t>ふりがな</t></rPh><phoneticPr fontId="1"/>`)
	return nv{strings.Join(runs, ""), func(b *nativeBook, ref string) Cell { return SST(ref, b.sst(x.String()), 0) }}
}

func boolean(typed string, v bool) nv {
	return nv{typed, func(b *nativeBook, ref string) Cell {
		x := "<v>0</v>"
		if v {
			x = "<v>1</v>"
		}
		return Cell{Ref: ref, Type: "b", XML: x}
	}}
}

// formula is a text formula with its cached result.
func formula(typed, f string) nv {
	return nv{typed, func(b *nativeBook, ref string) Cell {
		return Cell{Ref: ref, Type: "str", XML: "<f>" + Escape(f) + "</f><v>" + Escape(typed) + "</v>"}
	}}
}

// shared is a number computed by a shared formula, read by its cached
// value; the master holds the formula text.
func shared(typed string, n float64, code string, master bool) nv {
	return nv{typed, func(b *nativeBook, ref string) Cell {
		f := `<f t="shared" si="0"/>`
		if master {
			f = `<f t="shared" ref="J5:J6" si="0">1-J4</f>`
		}
		return Cell{Ref: ref, Style: b.style(code), XML: f + "<v>" + fmt.Sprint(n) + "</v>"}
	}}
}

func inline(s string) nv {
	return nv{s, func(b *nativeBook, ref string) Cell {
		return Cell{Ref: ref, Type: "inlineStr", XML: `<is><r><t xml:space="preserve">` + Escape(s) + `</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is>`}
	}}
}

// apostrophe is a number kept as text: the way Excel stores '8 (the text
// and a quotePrefix style), or with the apostrophe in the text as other
// programs write it.
func apostrophe(typed string, excel bool) nv {
	return nv{typed, func(b *nativeBook, ref string) Cell {
		if excel {
			return SST(ref, b.sst("<t>"+typed+"</t>"), b.style("'"))
		}
		return SST(ref, b.sst("<t>'"+typed+"</t>"), 0)
	}}
}

func errorValue(code string) nv {
	return nv{"", func(b *nativeBook, ref string) Cell {
		return Cell{Ref: ref, Type: "e", XML: "<f>VLOOKUP(A1,Z:Z,2,0)</f><v>" + code + "</v>"}
	}}
}

// sheet adds the same sheet to both books. Rows are 1-based from row 1;
// positional drops the cell references of the native rows from row
// positionalFrom on, and the row's own from the row after it.
func (b *nativeBook) sheet(name, state string, rows [][]nv, positionalFrom int) {
	ts := Sheet{Name: name, State: state}
	ns := Sheet{Name: name, State: state}
	for i, r := range rows {
		num := i + 1
		tr := Row{Num: num}
		nr := Row{Num: num}
		if positionalFrom > 0 && num > positionalFrom {
			nr.Num = 0 // the row after the previous one
		}
		for j, c := range r {
			ref := fmt.Sprintf("%c%d", 'A'+j, num)
			if c.native == nil {
				if positionalFrom > 0 && num >= positionalFrom {
					nr.Cells = append(nr.Cells, Cell{}) // an empty <c/> keeps the position
				}
				continue
			}
			if c.typed != "" {
				tr.Cells = append(tr.Cells, SST(ref, b.typedSST(c.typed), 0))
			}
			cell := c.native(b, ref)
			if positionalFrom > 0 && num >= positionalFrom {
				cell.Ref = ""
			}
			nr.Cells = append(nr.Cells, cell)
		}
		ts.Rows = append(ts.Rows, tr)
		ns.Rows = append(ns.Rows, nr)
	}
	b.typed.Sheets = append(b.typed.Sheets, ts)
	b.native.Sheets = append(b.native.Sheets, ns)
}

// NativePlan is a plan that uses every cell encoding the reader must
// understand, as Excel stores it (native) and as typed (typed): the two
// must import field for field the same.
func NativePlan() (typed, native []byte) {
	b := excelNativePlan()
	return b.typed.Bytes(), b.native.Bytes()
}

// excelNativePlan builds both books of NativePlan.
func excelNativePlan() *nativeBook {
	b := newNativeBook()
	h := func(s string) nv { return text(s) }
	var none nv
	header := []nv{h("Prospettiva"), h("Cod. strategico"), h("Descrizione strategica"), h("Target 2024"), h("Cod. operativo"), h("Titolo obiettivo operativo"),
		h("Peso obiettivo operativo"), h("Cod. azione"), h("Titolo azione"), h("Peso azione"), h("KPI azione"), h("Target azione"), h("Soglia 80%"), h("Soglia 60%"),
		h("Responsabile"), h("PIRA")}
	persp, so, sod := text("Processi interni"), number("1", 1, "0"), text("Efficienza dei servizi")
	rows := [][]nv{
		header,
		// units in number formats, two units on two lines (pasted from Word), PIRA as a boolean
		{persp, so, sod, number("80%", 0.8, "0%"), text("1.1"), rich("Tempi ", "dei ", "servizi"), number("60%", 0.6, "#9"),
			text("1.1.1"), rich("Pagamento ", "fatture"), shared("50%", 0.5, "0%", true), escaped("giorni medi_x0009_(tempestività)", "giorni medi_x0009_(tempestività)"),
			number("28 gg", 28, `0" gg"`), number("30 giorni", 30, `0 "giorni"`), number("35 gg", 35, `0" gg"`),
			escaped("Uo \"Registro Imprese\"\nU.O. \"Digitalizzazione e Marketing\"", `Uo "Registro Imprese"_x000D_`+"\n"+`U.O. "Digitalizzazione e Marketing"`), boolean("si", true)},
		{persp, so, sod, number("80%", 0.8, "0%"), text("1.1"), rich("Tempi ", "dei ", "servizi"), number("60%", 0.6, "#9"),
			text("1.1.2"), inline("Sportello in linea"), shared("30%", 0.3, "0%", false), text("costo per pratica"),
			number("85 €", 85, `#,##0 "€"`), number("€ 70,00", 70, `[$€-410] #,##0.00`), number("€ 60", 60, `€ #,##0`),
			text(`U.O. "Mediazione"`), boolean("no", false)},
		{persp, so, sod, number("80%", 0.8, "0%"), text("1.1"), rich("Tempi ", "dei ", "servizi"), number("60%", 0.6, "#9"),
			text("1.1.3"), text("Formazione del personale"), shared("20%", 0.2, "0%", false), escaped("ore _x005F_x000D_ per addetto", "ore _x005F_x000D_ per addetto"),
			number("24 ore", 24, `0" ore"`), number("20 ore", 20, `0" ore"`), formula("16 ore", `TEXT(16,"0")&" ore"`),
			escaped(`U.O. "Mediazione"`, `U.O. "Mediazione"`), none},
		// percentages, signs in formats, thousands
		{text("Tessuto economico locale"), number("2", 2, "0"), text("Sostegno alle imprese"), number("75,5%", 0.755, "0.0%"), text("2.1"), text("Contributi"), number("40%", 0.4, "#9"),
			text("2.1.1"), text("Bandi"), number("50%", 0.5, "0%"), text("pratiche liquidate"),
			number("≥ 90%", 0.9, `"≥ "0%`), number("80,00%", 0.8, "#10"), number("70,0%", 0.7, "0.0%"),
			text("SG"), number("1", 1, "0")},
		{text("Tessuto economico locale"), number("2", 2, "0"), text("Sostegno alle imprese"), number("75,5%", 0.755, "0.0%"), text("2.1"), text("Contributi"), number("40%", 0.4, "#9"),
			text("2.1.2"), text("Imprese raggiunte"), number("50%", 0.5, "0%"), text("numero di imprese"),
			number("1.200", 1200, "#,##0"), number("1.000", 1000, "#3"), number("800,00", 800, "#4"),
			text("SG"), none},
		// dates in the 1904 system, months shown by name
		{text("Tessuto economico locale"), number("2", 2, "0"), text("Sostegno alle imprese"), number("75,5%", 0.755, "0.0%"), text("2.2"), text("Scadenze"), number("60%", 0.6, "#9"),
			text("2.2.1"), text("Relazione annuale"), number("40%", 0.4, "0%"), text("data di invio"),
			date1904("30/06/2022", 44742, "dd/mm/yyyy"), date1904("31/07/2022", 44773, "#14"), date1904("entro il 31/08/2022", 44804, `"entro il "dd/mm/yyyy`),
			text("Controller"), none},
		{text("Tessuto economico locale"), number("2", 2, "0"), text("Sostegno alle imprese"), number("75,5%", 0.755, "0.0%"), text("2.2"), text("Scadenze"), number("60%", 0.6, "#9"),
			text("2.2.2"), text("Bilancio sociale"), number("30%", 0.3, "0%"), text("mese di pubblicazione"),
			date1904("giugno", 44742, "mmmm"), date1904("luglio", 44773, "[$-410]mmmm"), date1904("ago-22", 44804, "mmm-yy"),
			text("Controller"), none},
		// a count in months, numbers kept as text, an error value
		{text("Tessuto economico locale"), number("2", 2, "0"), text("Sostegno alle imprese"), number("75,5%", 0.755, "0.0%"), text("2.2"), text("Scadenze"), number("60%", 0.6, "#9"),
			text("2.2.3"), text("Report mensili"), number("30%", 0.3, "0%"), text("report inviati"),
			number("10 mesi", 10, `0" mesi"`), apostrophe("8", true), apostrophe("6", false),
			text("Controller"), none},
		{text("Tessuto economico locale"), number("2", 2, "0"), text("Sostegno alle imprese"), number("75,5%", 0.755, "0.0%"), text("2.3"), text("Qualità"), number("100%", 1, "0%"),
			text("2.3.1"), text("Indagine di soddisfazione"), number("100%", 1, "0%"), text("giudizio"),
			errorValue("#N/A"), none, none, text("SG"), none, errorValue("#REF!")},
	}
	b.sheet("Piano 2024", "", rows, 6)
	// a hidden sheet of last year's draft and a program's very hidden one
	b.sheet("Bozza 2023", "hidden", [][]nv{header, {persp, so, sod, number("80%", 0.8, "0%"), text("9.9"), text("Vecchio"), number("100%", 1, "0%"),
		text("9.9.9"), text("Vecchia azione"), number("100%", 1, "0%"), text("k"), number("1", 1, "0"), none, none, text("SG"), none}}, 0)
	b.sheet("Dati", "veryHidden", [][]nv{{text("chiave"), text("valore")}}, 0)
	return b
}
