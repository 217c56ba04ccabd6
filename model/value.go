package model

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Kind is what a value measures: it decides how a value is parsed, compared
// and validated.
type Kind string

// The kinds of values found in plans and measurements.
const (
	KindNumber      Kind = "number"      // a count or a plain quantity
	KindPercent     Kind = "percent"     // 80 means 80%
	KindDays        Kind = "days"        // "28 gg"
	KindHours       Kind = "hours"       // "20 ore"
	KindEuro        Kind = "euro"        // "80 €"
	KindMonth       Kind = "month"       // a deadline month: 7 is luglio
	KindDate        Kind = "date"        // a deadline day, as its Excel serial number
	KindYesNo       Kind = "yesno"       // SI is 1, NO is 0
	KindQualitative Kind = "qualitative" // assessed, not computed
)

// Op is the comparison sign written before a target or threshold ("≥ 90%"):
// it fixes the direction and whether meeting the value exactly counts.
type Op string

// The comparison signs, as the plan JSON writes them; "" is unsigned.
const (
	OpGE Op = ">="
	OpGT Op = ">"
	OpLE Op = "<="
	OpLT Op = "<"
)

// Direction returns the way a signed value improves; ok is false for an
// unsigned one.
func (o Op) Direction() (d Direction, ok bool) {
	switch o {
	case OpGE, OpGT:
		return HigherIsBetter, true
	case OpLE, OpLT:
		return LowerIsBetter, true
	}
	return "", false
}

// Strict reports whether the value itself does not meet the sign (> and <).
func (o Op) Strict() bool { return o == OpGT || o == OpLT }

// Value is a target, threshold or measurement as typed, with the number it
// stands for, its kind, and the comparison sign typed before it. Number is
// nil for qualitative values.
type Value struct {
	Raw    string   `json:"raw"`
	Number *float64 `json:"value"`
	Kind   Kind     `json:"kind"`
	Op     Op       `json:"op,omitempty"`
}

// clone returns a copy of v that shares nothing with it; nil for nil.
func (v *Value) clone() *Value {
	if v == nil {
		return nil
	}
	c := *v
	if v.Number != nil {
		n := *v.Number
		c.Number = &n
	}
	return &c
}

// Numeric reports whether v carries a number usable in comparisons.
func (v *Value) Numeric() bool { return v != nil && v.Number != nil }

// Float returns v's number, or 0 when there is none.
func (v *Value) Float() float64 {
	if !v.Numeric() {
		return 0
	}
	return *v.Number
}

// NumberFormat says how a numeric spreadsheet cell is displayed, which
// decides what its raw number means (0.8 shown as 80%, 43952 shown as a date).
type NumberFormat int

// The number formats that change a cell's meaning.
const (
	FormatGeneral NumberFormat = iota
	FormatPercent
	FormatDate  // a day: 30/06/2021
	FormatMonth // a date shown without its day ("luglio 2021"): the month
)

// MonthNames are the Italian month names, January first.
var MonthNames = [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
	"luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

// monthWords maps full and abbreviated Italian month names to 1–12.
var monthWords = func() map[string]int {
	m := map[string]int{}
	for i, n := range MonthNames {
		m[n] = i + 1
		m[n[:3]] = i + 1
	}
	m["sett"] = 9
	return m
}()

// unitWords maps the unit words and symbols people type after a number.
var unitWords = map[string]Kind{
	"%": KindPercent, "percento": KindPercent, "per cento": KindPercent,
	"gg": KindDays, "g": KindDays, "giorni": KindDays, "giorno": KindDays, "gg lavorativi": KindDays,
	"ore": KindHours, "ora": KindHours, "h": KindHours,
	"€": KindEuro, "euro": KindEuro, "eur": KindEuro,
	// "10 mesi" in a plan is a count of monthly reports, not a deadline.
	"mesi": KindNumber, "mese": KindNumber, "n": KindNumber, "nr": KindNumber, "num": KindNumber,
}

// fillerWords may stand beside a lone number without making it words.
var fillerWords = map[string]bool{
	"almeno": true, "circa": true, "entro": true, "non": true, "oltre": true, "max": true,
	"massimo": true, "min": true, "minimo": true, "numero": true, "pari": true, "a": true,
	"di": true, "il": true, "al": true, "frequenza": true, "valore": true, "target": true,
	"fine": true, "mese": true,
}

// ParseNumber turns a numeric cell into a Value, using the cell's display
// format to tell percentages and dates from plain numbers.
func ParseNumber(n float64, format NumberFormat) Value {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return Value{Raw: "", Kind: KindQualitative}
	}
	switch format {
	case FormatPercent:
		p := round9(n * 100)
		return Value{Raw: FormatItalian(p) + "%", Number: &p, Kind: KindPercent}
	case FormatDate:
		t, ok := excelDate(n)
		if !ok {
			break
		}
		d := math.Floor(n)
		return Value{Raw: t.Format("02/01/2006"), Number: &d, Kind: KindDate}
	case FormatMonth:
		t, ok := excelDate(n)
		if !ok {
			break
		}
		m := float64(t.Month())
		return Value{Raw: MonthNames[t.Month()-1] + " " + t.Format("2006"), Number: &m, Kind: KindMonth}
	}
	v := round9(n)
	return Value{Raw: FormatItalian(v), Number: &v, Kind: KindNumber}
}

// ParseShown turns a numeric cell into a Value from its number and the
// text its format shows, so that a number typed and formatted means what
// the same text typed means: 28 shown «28 gg» is days, 85 shown «85 €»
// euros, 0.9 shown «≥ 90%» a signed percentage. The number is the cell's
// own, not the rounded one shown; Raw is the text shown. An empty shown
// text (a General cell, or a day the reader would not show as Excel does
// in Italy) is ParseNumber.
func ParseShown(n float64, format NumberFormat, shown string) Value {
	v := ParseNumber(n, format)
	shown = strings.TrimSpace(shown)
	if shown == "" || !v.Numeric() {
		return v
	}
	t := ParseText(shown)
	if format == FormatMonth && !(t.Kind == v.Kind && t.Numeric() && *t.Number == *v.Number) {
		return v // a month shown otherwise than by its name
	}
	if t.Numeric() {
		v.Op = t.Op
		if v.Op == "" {
			v.Op = suffixSign(shown) // «28 ≤» from 0" ≤"
		}
		if format == FormatGeneral {
			switch t.Kind {
			case KindNumber, KindPercent, KindDays, KindHours, KindEuro:
				// the unit the format writes: «85 %» is 85 percent
				v.Kind = t.Kind
			}
		}
	}
	v.Raw = shown
	return v
}

// suffixSign returns the comparison sign a format writes after the
// number («28 ≤»), "" when there is none.
func suffixSign(shown string) Op {
	for _, sg := range signs {
		if strings.HasSuffix(shown, sg.text) {
			return sg.op
		}
	}
	return ""
}

// ParseYesNo is the value of a boolean cell: TRUE is SI, FALSE is NO.
// raw is how the cell shows («VERO»).
func ParseYesNo(yes bool, raw string) Value {
	n := 0.0
	if yes {
		n = 1
	}
	return Value{Raw: raw, Number: &n, Kind: KindYesNo}
}

// opSymbols are the signs a value is shown with, whichever was typed.
var opSymbols = map[Op]string{OpGE: "≥", OpGT: ">", OpLE: "≤", OpLT: "<"}

// Display returns the value as people read it, on the pages, in receipts
// and in the workbooks' text cells, whoever typed it and however: one way
// of writing each sign («>= 8», «=> 8» and «≥8» all read «≥ 8») and each
// answer (SI, NO); a quantity written from its number, the Italian way
// (FormatNumber: «1.400», «4,5»), followed by the unit of its kind
// («80%», «27 gg», «20 ore», «1.400 €»). A measured value takes its
// action's kind (CheckMeasured), so it reads in the unit of its target:
// «27 gg» typed for a target of «28» reads «27». Deadlines and
// qualitative values read as written.
func (v Value) Display() string {
	switch {
	case v.Kind == KindYesNo && v.Number != nil && *v.Number == 1:
		return "SI"
	case v.Kind == KindYesNo && v.Number != nil:
		return "NO"
	}
	sign := ""
	if v.Op != "" {
		sign = opSymbols[v.Op] + " "
	}
	if unit, ok := quantityUnits[v.Kind]; ok && v.Number != nil {
		if v.Kind == KindHours && *v.Number == 1 {
			unit = " ora"
		}
		return sign + FormatNumber(*v.Number) + unit
	}
	if v.Op != "" {
		_, rest := cutSign(strings.TrimSpace(v.Raw))
		return sign + rest
	}
	return v.Raw
}

// quantityUnits are the kinds Display writes from their number, with the
// unit written after it.
var quantityUnits = map[Kind]string{KindNumber: "", KindPercent: "%", KindDays: " gg", KindHours: " ore", KindEuro: " €"}

// FormatNumber writes n the Italian way: thousands grouped by a dot, a
// decimal comma, no more decimals than n has («1.400», «4,5»,
// «12.345,67»). ParseText reads it back to n.
func FormatNumber(n float64) string {
	s := strconv.FormatFloat(round9(n), 'f', -1, 64)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(d)
	}
	if frac != "" {
		b.WriteString("," + frac)
	}
	return b.String()
}

// RawOr returns the value as the plan wrote it, or text when there is no
// value: a threshold written in words has only its text (Threshold80Text).
func (v *Value) RawOr(text string) string {
	if v == nil {
		return text
	}
	return v.Raw
}

// DisplayOr is Display, or text when there is no value.
func (v *Value) DisplayOr(text string) string {
	if v == nil {
		return text
	}
	return v.Display()
}

// signs are the comparison signs people type before a value, longest
// first so that ">=" is not read as ">".
var signs = []struct {
	text string
	op   Op
}{{">=", OpGE}, {"=>", OpGE}, {"<=", OpLE}, {"=<", OpLE}, {"≥", OpGE}, {"≤", OpLE}, {">", OpGT}, {"<", OpLT}}

// cutSign splits a leading comparison sign off s.
func cutSign(s string) (Op, string) {
	for _, sg := range signs {
		if rest, ok := strings.CutPrefix(s, sg.text); ok {
			return sg.op, strings.TrimSpace(rest)
		}
	}
	return "", s
}

// yesNo reads the answers of a yes/no KPI: SI, Sì, si, NO, no.
func yesNo(s string) (float64, bool) {
	switch strings.TrimRight(Fold(s), "'.") {
	case "si":
		return 1, true
	case "no":
		return 0, true
	}
	return 0, false
}

// ParseText turns text as a person typed it into a Value: "4", "4,5",
// "1.400", "28 gg", "20 ore", "80 €", "80%", "Frequenza 80 %", "luglio",
// "15/10/2020", "entro il 30/06/2022", "SI", "qualitativo", each possibly
// after a comparison sign ("≥ 90%", "<= 30 gg"). Text that is not one of
// these is qualitative.
func ParseText(raw string) Value {
	op, rest := cutSign(strings.TrimSpace(raw))
	v := parseUnsigned(rest)
	v.Raw = strings.TrimSpace(raw)
	if v.Numeric() && v.Kind != KindYesNo {
		v.Op = op
	}
	return v
}

func parseUnsigned(raw string) Value {
	v := Value{Raw: raw, Kind: KindQualitative}
	if n, ok := yesNo(raw); ok {
		v.Number, v.Kind = &n, KindYesNo
		return v
	}
	toks := tokenize(v.Raw)
	if serial, ok := dateSerial(toks); ok {
		v.Number, v.Kind = &serial, KindDate
		return v
	}
	var (
		nums   []float64
		kind   = KindNumber
		units  int
		month  int
		others int
	)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.num:
			nums = append(nums, t.value)
		case i+1 < len(toks) && unitWords[t.text+" "+toks[i+1].text] != "":
			kind = unitWords[t.text+" "+toks[i+1].text]
			units++
			i++
		case unitWords[t.text] != "":
			kind = unitWords[t.text]
			units++
		case monthWords[t.text] != 0:
			month = monthWords[t.text]
		case fillerWords[t.text]:
		default:
			others++
		}
	}
	switch {
	case month != 0 && units == 0 && others == 0 && monthNumbersOK(nums):
		f := float64(month)
		v.Number, v.Kind = &f, KindMonth
	case month != 0 || len(nums) != 1 || units > 1:
		// words, several numbers or contradicting units: not a value
	case others > 0 && kind != KindPercent:
		// "attivazione di 5 ambiti": a description, not a value. A percentage
		// keeps its words ("Frequenza 80 %") because the sign makes it one.
	default:
		n := round9(nums[0])
		v.Number, v.Kind = &n, kind
	}
	return v
}

// monthNumbersOK accepts the numbers that may stand beside a month name: a
// day ("31 luglio") and a year ("luglio 2020").
func monthNumbersOK(nums []float64) bool {
	for _, n := range nums {
		if !(n >= 1 && n <= 31 && n == math.Trunc(n)) && !(n >= 1900 && n <= 2200 && n == math.Trunc(n)) {
			return false
		}
	}
	return len(nums) <= 2
}

type token struct {
	text  string
	num   bool
	value float64
}

// tokenize splits s into numbers (with their Italian or English separators
// resolved), words (lower case, accents removed) and symbols.
func tokenize(s string) []token {
	s = foldAccents(strings.ToLower(s))
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsDigit(r) || ((r == '-' || r == '+') && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && (i == 0 || !unicode.IsLetter(rs[i-1]) && !unicode.IsDigit(rs[i-1]))):
			j := i + 1
			for j < len(rs) && (isASCIIDigit(rs[j]) || ((rs[j] == '.' || rs[j] == ',') && j+1 < len(rs) && isASCIIDigit(rs[j+1]))) {
				j++
			}
			text := string(rs[i:j])
			if n, ok := parseNumber(text); ok {
				toks = append(toks, token{text: text, num: true, value: n})
			} else {
				toks = append(toks, token{text: text})
			}
			i = j
		case unicode.IsLetter(r):
			j := i + 1
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			toks = append(toks, token{text: string(rs[i:j])})
			// "gg." and "n." are abbreviations: the dot belongs to the word
			if j < len(rs) && rs[j] == '.' {
				j++
			}
			i = j
		case r == '%' || r == '€' || r == '/':
			toks = append(toks, token{text: string(r)})
			i++
		case unicode.IsSpace(r) || r == '.' || r == ',' || r == ':' || r == ';' || r == '(' || r == ')' || r == '"' || r == '\'' || r == '°' || r == '=' || r == '>' || r == '<' || r == '≥' || r == '≤' || r == '~' || r == '-':
			i++
		default:
			toks = append(toks, token{text: string(r)})
			i++
		}
	}
	return toks
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// parseNumber reads a number with Italian ("1.400,5") or English ("1,400.5")
// separators. A lone comma is a decimal comma; a lone dot is a thousands
// separator only when every group after it has three digits ("1.400").
// Only digits, one sign and the separators reach strconv, which would
// otherwise accept "NaN", "Inf", hex floats and underscores.
func parseNumber(s string) (float64, bool) {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	if s == "" {
		return 0, false
	}
	for _, r := range s {
		if !isASCIIDigit(r) && r != '.' && r != ',' {
			return 0, false
		}
	}
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	var intPart, frac string
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec := max(lastDot, lastComma)
		intPart, frac = s[:dec], s[dec+1:]
		thousands := byte('.')
		if dec == lastDot {
			thousands = ','
		}
		if !validGroups(intPart, thousands) {
			return 0, false
		}
		intPart = strings.ReplaceAll(intPart, string(thousands), "")
	case lastComma >= 0:
		if strings.Count(s, ",") > 1 {
			if !validGroups(s, ',') {
				return 0, false
			}
			intPart = strings.ReplaceAll(s, ",", "")
		} else {
			intPart, frac = s[:lastComma], s[lastComma+1:]
		}
	case lastDot >= 0:
		if validGroups(s, '.') && len(s)-lastDot == 4 {
			intPart = strings.ReplaceAll(s, ".", "")
		} else if strings.Count(s, ".") == 1 {
			intPart, frac = s[:lastDot], s[lastDot+1:]
		} else {
			return 0, false
		}
	default:
		intPart = s
	}
	if strings.ContainsAny(frac, ".,") || strings.ContainsAny(intPart, ".,") {
		return 0, false
	}
	if intPart == "" {
		intPart = "0"
	}
	text := sign + intPart
	if frac != "" {
		text += "." + frac
	}
	n, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, false
	}
	return n, true
}

// validGroups reports whether s is digits grouped by sep in threes after the
// first group ("1.400.000").
func validGroups(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return len(parts) == 1 && len(parts[0]) > 0
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// dateWords may stand around a date typed as text: "entro il 30/06/2022",
// "scadenza: 31/03/2021".
var dateWords = map[string]bool{"entro": true, "il": true, "al": true, "del": true, "data": true, "scadenza": true, "termine": true, "fine": true}

// dateSerial recognises a date typed as text (15/10/2020, 15-10-2020,
// 2020-10-15, 31/7/20, "entro il 30/06/2022") and returns its Excel
// serial day.
func dateSerial(toks []token) (float64, bool) {
	var nums []token
	for _, t := range toks {
		switch {
		case t.text == "/":
		case t.num:
			nums = append(nums, t)
		case dateWords[t.text]:
		default:
			return 0, false
		}
	}
	// tokenize reads "15-10-2020" as 15, -10, -2020: undo the signs.
	if len(nums) != 3 {
		return 0, false
	}
	a, b, c := math.Abs(nums[0].value), math.Abs(nums[1].value), math.Abs(nums[2].value)
	for _, n := range []float64{a, b, c} {
		if n != math.Trunc(n) {
			return 0, false
		}
	}
	switch {
	case a >= 1900 && b >= 1 && b <= 12 && c >= 1 && c <= 31:
		return serialOf(int(a), int(b), int(c))
	case c >= 1900 && b >= 1 && b <= 12 && a >= 1 && a <= 31:
		return serialOf(int(c), int(b), int(a))
	case c < 100 && len(nums[2].text) == 2 && b >= 1 && b <= 12 && a >= 1 && a <= 31:
		return serialOf(2000+int(c), int(b), int(a)) // 31/7/20, as d/m/yy shows it
	}
	return 0, false
}

// excelEpoch is day 0 of Excel's 1900 date system as it counts from March
// 1900 on (it believes 1900 was a leap year).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serialOf returns the Excel serial day number of a calendar day, refusing
// days that do not exist (31/06).
func serialOf(year, month, day int) (float64, bool) {
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || year > 9999 {
		return 0, false
	}
	return math.Round(t.Sub(excelEpoch).Hours() / 24), true
}

// DateOfSerial returns the day of an Excel serial day number.
func DateOfSerial(serial float64) time.Time {
	return excelEpoch.AddDate(0, 0, int(math.Floor(serial)))
}

// MonthOf returns the month (1–12) of a date value, for a date measured
// against a month target.
func MonthOf(v Value) (float64, bool) {
	if v.Kind != KindDate || !v.Numeric() {
		return 0, false
	}
	return float64(DateOfSerial(*v.Number).Month()), true
}

// excelDate converts an Excel serial date (1900 system) to a time.
func excelDate(n float64) (time.Time, bool) {
	if n < 1 || n > 2958465 { // 9999-12-31
		return time.Time{}, false
	}
	return excelEpoch.Add(time.Duration(math.Round(n*86400)) * time.Second), true
}

// FormatScore renders a score or coverage in percent as people read it,
// to one decimal with a decimal comma («93,8%»), or «—» when there is none.
func FormatScore(v *float64) string {
	if v == nil {
		return "—"
	}
	return FormatItalian(float64(int64(*v*10+0.5))/10) + "%"
}

// FormatItalian renders n with a decimal comma and no thousands separator,
// as an Italian spreadsheet would show it in a General cell.
func FormatItalian(n float64) string {
	return strings.Replace(strconv.FormatFloat(n, 'f', -1, 64), ".", ",", 1)
}

func round9(n float64) float64 {
	r := math.Round(n*1e9)/1e9 + 0 // + 0 turns -0 into 0
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return n
	}
	return r
}
