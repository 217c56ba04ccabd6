// Package numfmt reads Excel number format codes and shows numbers the way
// a spreadsheet shows them in a given locale: «28 gg» for 28 formatted
// `0" gg"`, «1.200» for `#,##0`, «85%» for 0.85 formatted `0%`,
// «30/06/2022» for a date. The importer reads a typed number by what a
// person saw, so that a unit or a comparison sign written into the format
// means what it means when typed as text.
//
// A code is parsed once (Parse) into sections of tokens; Render picks the
// section for a value (positive; negative; zero; text, or the sections'
// own conditions) and writes its literals, digits and date parts.
// Fractions (`# ?/?`) are shown as decimals.
package numfmt

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Class is what a format's positive section shows.
type Class uint8

// The classes the importer tells apart.
const (
	General Class = iota // General, possibly with literals: `General" gg"`
	Number               // digit placeholders: `#,##0.00 "€"`
	Percent              // a percent sign outside quotes: `0.0%`
	Date                 // a day, possibly with a time: `dd/mm/yyyy`
	Month                // a month without its day: `mmmm`, `mmm-yy`
	Time                 // a time of day or a duration: `h:mm`
	Text                 // only the text placeholder: `@`
)

// Locale holds what a format shows differently by language.
type Locale struct {
	Decimal, Thousands string
	Months             [12]string // full names, January first
	MonthsShort        [12]string
	Days               [7]string // full names, Sunday first
	DaysShort          [7]string
	AM, PM             string
	True, False        string // how a boolean cell shows
	// Builtin are the codes of the built-in formats whose code depends
	// on the locale (the short date, 14).
	Builtin map[int]string
}

// Italian is how Excel shows numbers and dates in an Italian locale.
var Italian = &Locale{
	Decimal: ",", Thousands: ".",
	Months:      [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	MonthsShort: [12]string{"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"},
	Days:        [7]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"},
	DaysShort:   [7]string{"dom", "lun", "mar", "mer", "gio", "ven", "sab"},
	AM:          "AM", PM: "PM", True: "VERO", False: "FALSO",
	Builtin: map[int]string{14: "dd/mm/yyyy", 22: "dd/mm/yyyy h:mm"},
}

// English is how Excel shows them in a United States locale, as
// excelize does by default.
var English = &Locale{
	Decimal: ".", Thousands: ",",
	Months:      [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	MonthsShort: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	Days:        [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	DaysShort:   [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	AM:          "AM", PM: "PM", True: "TRUE", False: "FALSE",
	Builtin: map[int]string{14: "mm-dd-yy", 22: "m/d/yy hh:mm"},
}

// locales are the languages a `[$-LCID]` code can ask for by itself.
var locales = map[int]*Locale{0x410: Italian, 0x810: Italian, 0x409: English, 0x809: English}

// builtin are the codes of Excel's built-in formats that do not depend
// on the locale (ECMA-376 part 1, 18.8.30).
var builtin = map[int]string{
	0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
	9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
	18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "hh:mm", 21: "hh:mm:ss", 22: "m/d/yy hh:mm",
	37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

// Builtin returns the code of a built-in format in a locale, and whether
// the id is one.
func Builtin(id int, loc *Locale) (string, bool) {
	if loc != nil {
		if c, ok := loc.Builtin[id]; ok {
			return c, true
		}
	}
	c, ok := builtin[id]
	return c, ok
}

// BuiltinClass classifies the built-in ids that Excel reserves for dates
// in other languages (27–36, 50–58) without a code of their own.
func BuiltinClass(id int) (Class, bool) {
	switch {
	case id >= 27 && id <= 36, id >= 50 && id <= 58:
		return Date, true
	}
	return General, false
}

type tokKind uint8

const (
	tLit     tokKind = iota // text shown as is
	tZero                   // 0
	tHash                   // #
	tQuest                  // ?
	tPoint                  // the decimal point
	tComma                  // a thousands separator or a scale
	tPercent                // %
	tExp                    // E+ or E-: text holds the sign
	tGeneral                // General
	tText                   // @
	tYear                   // y…: n is the letters
	tMonth                  // m…
	tDay                    // d…
	tHour                   // h…
	tMinute                 // m… after an hour or before seconds
	tSecond                 // s…
	tSub                    // .0…: fractions of a second, n digits
	tAMPM                   // AM/PM or A/P
	tElapsed                // [h], [mm], [ss]: text holds the letter
)

type token struct {
	kind tokKind
	text string
	n    int
}

type condition struct {
	op  string
	num float64
}

type section struct {
	toks   []token
	cond   *condition
	loc    *Locale // from [$-410], nil when the code names none
	date   bool
	digits bool // has a digit placeholder
	text   bool // has @
}

// Format is a parsed number format code.
type Format struct {
	code     string
	sections []section
}

// Code returns the code the format was parsed from.
func (f *Format) Code() string { return f.code }

// Parse reads a format code. Any code parses: what is not a placeholder
// is shown as written.
func Parse(code string) *Format {
	f := &Format{code: code}
	for _, part := range splitSections(code) {
		f.sections = append(f.sections, parseSection(part))
	}
	if len(f.sections) == 0 {
		f.sections = []section{parseSection("General")}
	}
	return f
}

// splitSections cuts a code at the semicolons outside quotes, brackets
// and escapes.
func splitSections(code string) []string {
	var out []string
	start, inQuote, inBracket := 0, false, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			if i+1 < len(code) {
				_, size := utf8.DecodeRuneInString(code[i+1:])
				i += size
			}
		case c == ';':
			out = append(out, code[start:i])
			start = i + 1
		}
	}
	return append(out, code[start:])
}

func parseSection(s string) section {
	var sec section
	lit := func(t string) {
		if n := len(sec.toks); n > 0 && sec.toks[n-1].kind == tLit {
			sec.toks[n-1].text += t
			return
		}
		sec.toks = append(sec.toks, token{kind: tLit, text: t})
	}
	add := func(k tokKind, text string, n int) { sec.toks = append(sec.toks, token{kind: k, text: text, n: n}) }
	lower := strings.ToLower(s)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		c := lower[i]
		run := func(b byte) int { // letters b from i, case-insensitively
			j := i
			for j < len(lower) && lower[j] == b {
				j++
			}
			return j - i
		}
		switch {
		case r == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				lit(s[i+1:])
				i = len(s)
				continue
			}
			lit(s[i+1 : i+1+j])
			i += j + 2
		case r == '\\':
			if i+1 < len(s) {
				_, n := utf8.DecodeRuneInString(s[i+1:])
				lit(s[i+1 : i+1+n])
				i += 1 + n
			} else {
				i++
			}
		case r == '_':
			// a space as wide as the next character
			if i+1 < len(s) {
				_, n := utf8.DecodeRuneInString(s[i+1:])
				lit(" ")
				i += 1 + n
			} else {
				i++
			}
		case r == '*':
			// the next character repeated to fill the cell: nothing here
			if i+1 < len(s) {
				_, n := utf8.DecodeRuneInString(s[i+1:])
				i += 1 + n
			} else {
				i++
			}
		case r == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				lit(s[i:])
				i = len(s)
				continue
			}
			sec.bracket(s[i+1:i+j], lit, add)
			i += j + 1
		case c == '0':
			add(tZero, "", 0)
			sec.digits = true
			i++
		case c == '#':
			add(tHash, "", 0)
			sec.digits = true
			i++
		case c == '?':
			add(tQuest, "", 0)
			sec.digits = true
			i++
		case c == '.':
			// fractions of a second follow a second; elsewhere a point
			if n := len(sec.toks); sec.date && i+1 < len(s) && s[i+1] == '0' && n > 0 {
				j := i + 1
				for j < len(s) && s[j] == '0' {
					j++
				}
				add(tSub, "", j-i-1)
				i = j
				continue
			}
			add(tPoint, "", 0)
			i++
		case c == ',':
			add(tComma, "", 0)
			i++
		case c == '%':
			add(tPercent, "", 0)
			i++
		case c == '@':
			add(tText, "", 0)
			sec.text = true
			i++
		case strings.HasPrefix(lower[i:], "general"):
			add(tGeneral, "", 0)
			i += len("general")
		case strings.HasPrefix(lower[i:], "am/pm"):
			add(tAMPM, "", 5)
			sec.date = true
			i += 5
		case strings.HasPrefix(lower[i:], "a/p"):
			add(tAMPM, "", 3)
			sec.date = true
			i += 3
		case c == 'e' && i+1 < len(s) && (s[i+1] == '+' || s[i+1] == '-') && sec.digits:
			add(tExp, s[i+1:i+2], 0)
			i += 2
		case c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's' || (c == 'g' || c == 'a') && run(c) >= 2:
			// gg and aaaa are the day and year of codes typed in Italian
			// and stored untranslated by some programs
			n := run(c)
			kind := map[byte]tokKind{'y': tYear, 'm': tMonth, 'd': tDay, 'h': tHour, 's': tSecond, 'g': tDay, 'a': tYear}[c]
			add(kind, "", n)
			sec.date = true
			i += n
		default:
			lit(string(r))
			i += size
		}
	}
	sec.minutes()
	return sec
}

// bracket reads a [...] part: a colour, a condition, a currency or
// locale, or an elapsed time.
func (sec *section) bracket(in string, lit func(string), add func(tokKind, string, int)) {
	low := strings.ToLower(in)
	switch {
	case in == "":
	case in[0] == '$':
		cur, lcid, _ := strings.Cut(in[1:], "-")
		if cur != "" {
			lit(cur)
		}
		if id, err := strconv.ParseInt(lcid, 16, 64); err == nil {
			if l, ok := locales[int(id&0xFFFF)]; ok {
				sec.loc = l
			}
		}
	case in[0] == '<' || in[0] == '>' || in[0] == '=':
		rest := strings.TrimLeft(in, "<>=")
		op := in[:len(in)-len(rest)]
		if n, err := strconv.ParseFloat(strings.TrimSpace(rest), 64); err == nil {
			sec.cond = &condition{op: op, num: n}
		}
	case strings.Trim(low, "h") == "" || strings.Trim(low, "m") == "" || strings.Trim(low, "s") == "":
		add(tElapsed, low[:1], len(low))
		sec.date = true
	default:
		// a colour ([Red], [Color 10]) or a calendar: nothing to show
	}
}

// minutes turns the month tokens that stand beside an hour or a second
// into minutes, as Excel reads `h:mm` and `mm:ss`.
func (sec *section) minutes() {
	prev := -1 // the previous date token
	for i, t := range sec.toks {
		switch t.kind {
		case tYear, tMonth, tDay, tHour, tSecond, tElapsed, tMinute:
		default:
			continue
		}
		if t.kind == tMonth && t.n <= 2 {
			if prev >= 0 && (sec.toks[prev].kind == tHour || sec.toks[prev].kind == tElapsed && sec.toks[prev].text == "h") {
				sec.toks[i].kind = tMinute
			} else {
				for _, u := range sec.toks[i+1:] {
					if u.kind == tSecond || u.kind == tElapsed && u.text == "s" {
						sec.toks[i].kind = tMinute
						break
					}
					if u.kind == tYear || u.kind == tMonth || u.kind == tDay || u.kind == tHour {
						break
					}
				}
			}
		}
		prev = i
	}
}

// Class returns what the format's first section shows.
func (f *Format) Class() Class {
	sec := f.sections[0]
	if sec.date {
		day, month, clock := false, false, false
		for _, t := range sec.toks {
			switch t.kind {
			case tDay, tYear:
				day = day || t.kind == tDay
			case tMonth:
				month = true
			case tHour, tMinute, tSecond, tElapsed, tAMPM, tSub:
				clock = true
			}
		}
		switch {
		case day:
			return Date
		case month || !clock:
			return Month
		}
		return Time
	}
	for _, t := range sec.toks {
		if t.kind == tPercent {
			return Percent
		}
	}
	switch {
	case sec.digits:
		return Number
	case sec.text && len(f.sections) == 1:
		return Text
	}
	return General
}

// MonthFirst reports whether the first section shows a day with its
// month as a number before the day («m/d/yy»): the short date of an
// American locale, which a program saved as it showed it.
func (f *Format) MonthFirst() bool {
	for _, t := range f.sections[0].toks {
		switch {
		case t.kind == tMonth && t.n <= 2:
			return true
		case t.kind == tDay && t.n <= 2, t.kind == tMonth:
			return false
		}
	}
	return false
}

// Literals returns the text a number section writes around the number:
// `"≥ "0%` has the prefix «≥ ».
func (f *Format) Literals() (prefix, suffix string) {
	seen := false
	for _, t := range f.sections[0].toks {
		switch t.kind {
		case tLit:
			if seen {
				suffix += t.text
			} else {
				prefix += t.text
			}
		case tZero, tHash, tQuest, tGeneral:
			seen = true
		}
	}
	return prefix, suffix
}

// pick returns the section for a number, and whether its sign is
// shown by the section rather than by a minus.
func (f *Format) pick(n float64) (section, bool) {
	secs := f.sections
	numeric := secs
	if last := secs[len(secs)-1]; len(secs) == 4 || last.text && !last.digits && !last.date {
		numeric = secs[:len(secs)-1] // the last is for text
	}
	if len(numeric) == 0 {
		return section{toks: []token{{kind: tGeneral}}}, false
	}
	if numeric[0].cond != nil || len(numeric) > 1 && numeric[1].cond != nil {
		for i, s := range numeric {
			if s.cond == nil {
				// the section without a condition takes what is left;
				// a negative number shown there keeps its minus unless
				// conditions already picked it out
				return s, i > 0 && n < 0 && numeric[0].cond != nil && numeric[0].cond.holds(n)
			}
			if s.cond.holds(n) {
				return s, n < 0 && s.cond.op != "" && !(s.cond.num < 0 && s.cond.op[0] == '<')
			}
		}
		return numeric[len(numeric)-1], false
	}
	switch {
	case n < 0 && len(numeric) >= 2:
		return numeric[1], true
	case n == 0 && len(numeric) >= 3:
		return numeric[2], false
	}
	return numeric[0], false
}

func (c *condition) holds(n float64) bool {
	switch c.op {
	case "<":
		return n < c.num
	case "<=", "=<":
		return n <= c.num
	case ">":
		return n > c.num
	case ">=", "=>":
		return n >= c.num
	case "=":
		return n == c.num
	case "<>":
		return n != c.num
	}
	return false
}

// RenderText shows a text cell: through the text section when the code
// has one (`"Codice "@`), as it is otherwise.
func (f *Format) RenderText(s string) string {
	var sec *section
	for i := range f.sections {
		if f.sections[i].text {
			sec = &f.sections[i]
		}
	}
	if len(f.sections) == 4 {
		sec = &f.sections[3]
	}
	if sec == nil {
		return s
	}
	var b strings.Builder
	for _, t := range sec.toks {
		switch t.kind {
		case tText:
			b.WriteString(s)
		case tLit:
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// Render shows a number through the format in a locale. date1904 says
// the workbook counts days from 1904, as Excel for Mac once did.
func (f *Format) Render(n float64, date1904 bool, loc *Locale) string {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return ""
	}
	sec, signed := f.pick(n)
	if sec.loc != nil {
		loc = sec.loc.withNumbers(loc)
	}
	if sec.date {
		if s, ok := renderDate(sec, n, date1904, loc); ok {
			return s
		}
		return generalText(n, loc)
	}
	v := n
	if signed {
		v = math.Abs(n)
	}
	return renderNumber(sec, v, loc)
}

// withNumbers is l's names with loc's separators: `[$-410]` changes the
// names of months and days, not the decimal point.
func (l *Locale) withNumbers(loc *Locale) *Locale {
	if l == loc {
		return l
	}
	c := *l
	c.Decimal, c.Thousands = loc.Decimal, loc.Thousands
	return &c
}

// GeneralText shows a number as the General format does in a locale.
func GeneralText(n float64, loc *Locale) string { return generalText(n, loc) }

// generalText shows a number as the General format does: up to 15
// significant digits, no thousands separator.
func generalText(n float64, loc *Locale) string {
	s := strconv.FormatFloat(n, 'f', -1, 64)
	if a := math.Abs(n); a >= 1e15 || a != 0 && a < 1e-9 {
		s = strconv.FormatFloat(n, 'E', -1, 64)
	} else if len(strings.TrimLeft(strings.Replace(s, ".", "", 1), "-0")) > 15 {
		s = strconv.FormatFloat(n, 'g', 15, 64)
		if strings.ContainsAny(s, "e") {
			s = strconv.FormatFloat(n, 'E', 14, 64)
		} else if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
	}
	return strings.Replace(s, ".", loc.Decimal, 1)
}

// renderNumber writes v (already made positive when the section shows
// the sign) through a number section.
func renderNumber(sec section, v float64, loc *Locale) string {
	var (
		intPlaces, fracPlaces []tokKind
		expDigits             int
		inFrac, inExp         bool
		group                 bool
		scale                 int
		percents              int
		lastInt               = -1
	)
	for i, t := range sec.toks {
		switch t.kind {
		case tZero, tHash, tQuest:
			switch {
			case inExp:
				expDigits++
			case inFrac:
				fracPlaces = append(fracPlaces, t.kind)
			default:
				intPlaces = append(intPlaces, t.kind)
				lastInt = i
			}
		case tPoint:
			if !inExp {
				inFrac = true
			}
		case tExp:
			inExp = true
		case tPercent:
			percents++
		}
	}
	// commas right after the last integer placeholder divide by 1000;
	// one between placeholders groups thousands
	for i, t := range sec.toks {
		if t.kind != tComma {
			continue
		}
		if i > lastInt || inFracAt(sec.toks, i) {
			if i > lastInt && commasUntilPlaceholder(sec.toks, i) && lastInt >= 0 && !inFracAt(sec.toks, i) {
				scale++
			}
			continue
		}
		group = true
	}
	general := false
	for _, t := range sec.toks {
		general = general || t.kind == tGeneral
	}
	neg := v < 0
	a := math.Abs(v)
	for ; percents > 0; percents-- {
		a *= 100
	}
	for ; scale > 0; scale-- {
		a /= 1000
	}
	var intDigits, fracDigits, expText string
	if inExp && len(intPlaces)+len(fracPlaces) > 0 {
		exp := 0
		if a != 0 {
			exp = int(math.Floor(math.Log10(a)))
			if k := len(intPlaces); k > 1 && intPlaces[0] != tZero {
				exp = floorDiv(exp, k) * k // engineering: ##0.0E+0
			} else if k > 1 {
				exp -= k - 1
			}
		}
		m := a / math.Pow(10, float64(exp))
		intDigits, fracDigits = roundDecimal(m, len(fracPlaces))
		if len(intDigits) > max(len(intPlaces), 1) && intPlaces[0] != tZero {
			// 9.99 rounded to 10.0: one more in the exponent
			exp++
			intDigits, fracDigits = roundDecimal(a/math.Pow(10, float64(exp)), len(fracPlaces))
		}
		sign := ""
		if exp < 0 {
			sign = "-"
		} else if expSign(sec.toks) == "+" {
			sign = "+"
		}
		e := strconv.Itoa(absInt(exp))
		for len(e) < expDigits {
			e = "0" + e
		}
		expText = "E" + sign + e
	} else {
		intDigits, fracDigits = roundDecimal(a, len(fracPlaces))
	}
	intText := placeInteger(intDigits, intPlaces, group, loc)
	fracText := placeFraction(fracDigits, fracPlaces)
	var b strings.Builder
	if neg {
		b.WriteByte('-') // the minus of a section that does not show the sign
	}
	wroteInt, afterPoint, fi := false, false, 0
	inExp = false
	for _, t := range sec.toks {
		switch t.kind {
		case tLit:
			b.WriteString(t.text)
		case tGeneral:
			b.WriteString(generalText(a, loc))
		case tZero, tHash, tQuest:
			switch {
			case inExp: // written with the E
			case afterPoint:
				if fi < len(fracText) {
					b.WriteString(fracText[fi])
				}
				fi++
			case !wroteInt:
				b.WriteString(intText)
				wroteInt = true
			}
		case tPoint:
			if inExp {
				continue
			}
			if !wroteInt && len(intPlaces) == 0 && intDigits != "0" {
				b.WriteString(placeInteger(intDigits, nil, group, loc)) // `.00` still shows 12
			}
			b.WriteString(loc.Decimal)
			wroteInt, afterPoint = true, true
		case tExp:
			b.WriteString(expText)
			inExp = true
		case tPercent:
			b.WriteByte('%')
		}
	}
	return b.String()
}

func inFracAt(toks []token, i int) bool {
	for _, t := range toks[:i] {
		if t.kind == tPoint || t.kind == tExp {
			return true
		}
	}
	return false
}

// commasUntilPlaceholder reports whether only commas and literals
// follow position i up to the decimal point or the end: a scale.
func commasUntilPlaceholder(toks []token, i int) bool {
	for _, t := range toks[i+1:] {
		switch t.kind {
		case tZero, tHash, tQuest:
			return false
		case tPoint, tExp:
			return true
		}
	}
	return true
}

func expSign(toks []token) string {
	for _, t := range toks {
		if t.kind == tExp {
			return t.text
		}
	}
	return ""
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// roundDecimal rounds a ≥ 0 to places decimals the way Excel does — half
// away from zero on the number's 15 significant digits — and returns its
// integer and fraction digits.
func roundDecimal(a float64, places int) (string, string) {
	// the decimal digits of a to 15 significant figures
	s := strconv.FormatFloat(a, 'e', 14, 64) // d.dddddddddddddde±x
	mant, expPart, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expPart)
	digits := strings.Replace(mant, ".", "", 1) // 15 digits, the first before the point
	point := exp + 1                            // digits before the point
	if point < 0 {
		digits = strings.Repeat("0", -point) + digits
		point = 0
	}
	for len(digits) < point+places+1 {
		digits += "0"
	}
	keep := digits[:point+places]
	if digits[point+places] >= '5' {
		keep = incDigits(keep)
		if len(keep) > point+places {
			point++
		}
	}
	intPart, frac := keep[:point], keep[point:]
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	return intPart, frac
}

// incDigits adds one to a string of decimal digits.
func incDigits(s string) string {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// placeInteger writes the integer digits for the integer placeholders:
// zeros pad to the count of 0, question marks to spaces, a lone 0 under
// only # vanishes.
func placeInteger(digits string, places []tokKind, group bool, loc *Locale) string {
	zeros, quests := 0, 0
	for i, p := range places {
		switch p {
		case tZero:
			zeros = len(places) - i
		case tQuest:
			if zeros == 0 {
				quests = max(quests, len(places)-i)
			}
		}
		if zeros > 0 {
			break
		}
	}
	if digits == "0" && zeros == 0 {
		digits = ""
	}
	for len(digits) < zeros {
		digits = "0" + digits
	}
	if group && len(digits) > 3 {
		var b strings.Builder
		for i, d := range digits {
			if i > 0 && (len(digits)-i)%3 == 0 {
				b.WriteString(loc.Thousands)
			}
			b.WriteRune(d)
		}
		digits = b.String()
	}
	for len(digits) < quests {
		digits = " " + digits
	}
	return digits
}

// placeFraction returns, for each fraction placeholder, what it shows:
// trailing zeros vanish under # and turn to spaces under ?.
func placeFraction(digits string, places []tokKind) []string {
	out := make([]string, len(places))
	trailing := true
	for i := len(places) - 1; i >= 0; i-- {
		d := "0"
		if i < len(digits) {
			d = digits[i : i+1]
		}
		if trailing && d == "0" {
			switch places[i] {
			case tHash:
				out[i] = ""
				continue
			case tQuest:
				out[i] = " "
				continue
			}
		}
		trailing = false
		out[i] = d
	}
	return out
}

// renderDate writes a serial day through a date section.
func renderDate(sec section, n float64, date1904 bool, loc *Locale) (string, bool) {
	if n < 0 {
		return "", false
	}
	sub := 0
	for _, t := range sec.toks {
		if t.kind == tSub {
			sub = max(sub, t.n)
		}
	}
	t, ok := SerialTime(n, date1904, sub)
	if !ok {
		return "", false
	}
	twelve := false
	for _, tk := range sec.toks {
		twelve = twelve || tk.kind == tAMPM
	}
	year, month, day := t.Date()
	weekday := int(t.Weekday())
	if fl := math.Floor(n); !date1904 && fl < 61 {
		// Excel's calendar before March 1900, leap day and day 0 included
		weekday = (int(fl) + 6) % 7
		switch fl {
		case 0:
			year, month, day = 1900, 1, 0
		case 60:
			year, month, day = 1900, 2, 29
		}
	}
	var b strings.Builder
	for _, tk := range sec.toks {
		switch tk.kind {
		case tLit:
			b.WriteString(tk.text)
		case tYear:
			if tk.n <= 2 {
				b.WriteString(pad2(year % 100))
			} else {
				b.WriteString(strconv.Itoa(year))
			}
		case tMonth:
			m := int(month) - 1
			switch {
			case tk.n == 1:
				b.WriteString(strconv.Itoa(m + 1))
			case tk.n == 2:
				b.WriteString(pad2(m + 1))
			case tk.n == 3:
				b.WriteString(loc.MonthsShort[m])
			case tk.n == 5:
				r, _ := utf8.DecodeRuneInString(loc.Months[m])
				b.WriteRune(unicode.ToUpper(r))
			default:
				b.WriteString(loc.Months[m])
			}
		case tDay:
			switch {
			case tk.n == 1:
				b.WriteString(strconv.Itoa(day))
			case tk.n == 2:
				b.WriteString(pad2(day))
			case tk.n == 3:
				b.WriteString(loc.DaysShort[weekday])
			default:
				b.WriteString(loc.Days[weekday])
			}
		case tHour:
			h := t.Hour()
			if twelve {
				h %= 12
				if h == 0 {
					h = 12
				}
			}
			if tk.n >= 2 {
				b.WriteString(pad2(h))
			} else {
				b.WriteString(strconv.Itoa(h))
			}
		case tMinute:
			if tk.n >= 2 {
				b.WriteString(pad2(t.Minute()))
			} else {
				b.WriteString(strconv.Itoa(t.Minute()))
			}
		case tSecond:
			if tk.n >= 2 {
				b.WriteString(pad2(t.Second()))
			} else {
				b.WriteString(strconv.Itoa(t.Second()))
			}
		case tSub:
			frac := strconv.Itoa(t.Nanosecond() / 1e6)
			for len(frac) < 3 {
				frac = "0" + frac
			}
			b.WriteString(loc.Decimal + frac[:min(tk.n, 3)])
		case tAMPM:
			switch {
			case tk.n == 3 && t.Hour() < 12:
				b.WriteString("A")
			case tk.n == 3:
				b.WriteString("P")
			case t.Hour() < 12:
				b.WriteString(loc.AM)
			default:
				b.WriteString(loc.PM)
			}
		case tElapsed:
			var v float64
			switch tk.text {
			case "h":
				v = n * 24
			case "m":
				v = n * 24 * 60
			default:
				v = n * 24 * 60 * 60
			}
			e := strconv.FormatInt(int64(math.Floor(v+1e-9)), 10)
			for len(e) < tk.n {
				e = "0" + e
			}
			b.WriteString(e)
		case tPoint:
			b.WriteString(loc.Decimal)
		case tPercent:
			b.WriteByte('%')
		case tComma:
			b.WriteByte(',')
		case tZero:
			b.WriteByte('0')
		}
	}
	return b.String(), true
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// SerialTime returns the moment an Excel serial number stands for, its
// seconds rounded to sub decimals. In the 1900 system Excel believes
// 1900 was a leap year: serial 60 is a 29 February that never was, shown
// here as 1 March, and serial 0 is «0 January 1900», shown as 31
// December 1899 (Render writes Excel's own text for both).
func SerialTime(n float64, date1904 bool, sub int) (time.Time, bool) {
	if n < 0 || n >= 2958466 {
		return time.Time{}, false
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	switch {
	case date1904:
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case n < 61:
		epoch = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	unit := time.Second
	for i := 0; i < sub && i < 3; i++ {
		unit /= 10
	}
	days := math.Floor(n)
	ticks := math.Round((n - days) * float64(24*time.Hour) / float64(unit))
	return epoch.AddDate(0, 0, int(days)).Add(time.Duration(ticks) * unit), true
}
