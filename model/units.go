package model

import (
	"strings"
)

// unitAliases maps folded spellings of the catch-all "several units" to
// its canonical name.
var unitAliases = map[string]string{
	"uo diverse": "Diverse", "diverse uo": "Diverse", "u.o. diverse": "Diverse",
	"u.o.diverse": "Diverse", "diverse": "Diverse", "diverse u.o.": "Diverse",
	"uu.oo. diverse": "Diverse", "varie uo": "Diverse", "uo varie": "Diverse",
}

// unitPrefixes are the ways plans abbreviate "Unità Organizzativa".
var unitPrefixes = []string{"u.o.", "u. o.", "uo.", "uo", "u.o", "unita organizzativa"}

// SplitUnits turns a Responsabile cell into canonical unit names:
//
//	U.O. "ASL" - U.O. "Progetti incentivazione e sostegno" → ASL, Progetti incentivazione e sostegno
//	Uo "Registro Imprese" e U.O. "Digitalizzazione e Marketing" → Registro Imprese, Digitalizzazione e Marketing
//	SG → SG;  UO diverse → Diverse
//	Registro Imprese⏎Digitalizzazione e Marketing → Registro Imprese, Digitalizzazione e Marketing
//
// Quoted names are kept whole, so " e " inside quotes does not split.
func SplitUnits(responsible string) []string {
	s := strings.TrimSpace(normaliseQuotes(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(responsible)))
	if s == "" {
		return nil
	}
	if strings.Count(s, `"`) >= 2 {
		var out []string
		parts := strings.Split(s, `"`)
		for i := 1; i < len(parts); i += 2 {
			if name := cleanUnit(parts[i]); name != "" {
				out = appendUnique(out, name)
			}
		}
		// text outside the quotes other than prefixes and separators is a
		// unit too: `SG e U.O. "Mediazione"`
		for i := 0; i < len(parts); i += 2 {
			for _, piece := range splitOutside(parts[i]) {
				if name := cleanUnit(piece); name != "" {
					out = appendUnique(out, name)
				}
			}
		}
		return out
	}
	var out []string
	for _, piece := range splitOutside(s) {
		if name := cleanUnit(piece); name != "" {
			out = appendUnique(out, name)
		}
	}
	return out
}

// splitOutside splits unquoted text on the separators plans use between
// units: " - ", ",", ";", "/", a line break, and a lone " e " between
// names that are plainly units (see splitAnd) when the units are not
// written one a line.
func splitOutside(s string) []string {
	lines := strings.Contains(s, "\n")
	s = " " + s + " "
	for _, sep := range []string{" - ", ",", ";", " / ", "\n"} {
		s = strings.ReplaceAll(s, sep, "\x00")
	}
	var out []string
	for _, piece := range strings.Split(s, "\x00") {
		if lines {
			out = append(out, piece) // one unit a line: «e» stays in the name
			continue
		}
		out = append(out, splitAnd(piece)...)
	}
	return out
}

// splitAnd splits on «e» only between names that are plainly units — a
// single word (SG, RUO) or one marked «U.O.» — since «e» also stands
// inside a unit's name: «Area Anagrafe e Registri», «Ufficio SUAP e
// Ambiente».
func splitAnd(s string) []string {
	parts := strings.Split(strings.ReplaceAll(s, " E ", " e "), " e ")
	if len(parts) == 1 {
		return parts
	}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if len(strings.Fields(p)) > 1 && !hasUnitPrefix(p) {
			return []string{s}
		}
	}
	return parts
}

// hasUnitPrefix reports whether a name opens with «U.O.» or «UO».
func hasUnitPrefix(s string) bool {
	f := strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(f, "u.o.") || strings.HasPrefix(f, "uo ") || f == "uo" || strings.HasPrefix(f, "u.o ")
}

// cleanUnit strips the U.O. prefix and punctuation from one unit name and
// maps aliases to their canonical form; it returns "" for a bare prefix.
func cleanUnit(s string) string {
	s = strings.Trim(strings.TrimSpace(s), `-–,;:/ `)
	if s == "" {
		return ""
	}
	if alias, ok := unitAliases[Fold(s)]; ok {
		return alias
	}
	lower := strings.ToLower(s)
	for _, p := range unitPrefixes {
		if lower == p {
			return ""
		}
		if strings.HasPrefix(lower, p+" ") || (strings.HasSuffix(p, ".") && strings.HasPrefix(lower, p)) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	s = NormaliseText(strings.Join(strings.Fields(strings.Trim(s, `"'“”«» `)), " ")) // a name wrapped on two lines
	if alias, ok := unitAliases[Fold(s)]; ok {
		return alias
	}
	return s
}

func normaliseQuotes(s string) string {
	return strings.NewReplacer("“", `"`, "”", `"`, "«", `"`, "»", `"`, "„", `"`).Replace(s)
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// UnitKey is the form under which two unit names count as the same unit:
// case, accents and spacing do not matter.
func UnitKey(name string) string { return Fold(name) }

// SimilarUnits reports whether two different unit names are probably the
// same unit written two ways ("Progetti di incentivazione e sostegno" and
// "Progetti incentivazione e sostegno"): a small edit distance relative to
// their length, or the same words once connectives are dropped.
func SimilarUnits(a, b string) bool {
	fa, fb := Fold(a), Fold(b)
	if fa == fb {
		return false
	}
	if contentWords(fa) == contentWords(fb) {
		return true
	}
	short := min(len(fa), len(fb))
	if short < 6 {
		return false
	}
	return levenshtein(fa, fb) <= max(1, short/8)
}

var connectives = map[string]bool{"di": true, "e": true, "del": true, "della": true, "dei": true,
	"delle": true, "degli": true, "per": true, "la": true, "il": true, "lo": true, "le": true, "i": true, "gli": true, "ed": true}

func contentWords(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		if !connectives[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// NotAUnit reports whether a responsible «unit» names no office a person
// can be asked for values: the Controller's own actions (NoUnit), actions
// shared among several offices («Diverse») or assigned to each employee
// («individuale»). The tracker marks them so and offers no reminder.
func NotAUnit(name string) bool {
	switch Fold(name) {
	case Fold(NoUnit), "diverse", "individuale", "individuali", "tutte le uo", "tutti":
		return true
	}
	return false
}
