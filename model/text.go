package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func DecodeExcelEscapes(s string) string {
	i := strings.Index(s, "_x")
	if i < 0 {
		return lineBreaks(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i:]
		if len(s) >= 7 && s[6] == '_' {
			if u, err := strconv.ParseUint(s[2:6], 16, 16); err == nil {
				r := rune(u)
				if utf16.IsSurrogate(r) && len(s) >= 14 && s[7:9] == "_x" && s[13] == '_' {
					if lo, err := strconv.ParseUint(s[9:13], 16, 16); err == nil {
						if pair := utf16.DecodeRune(r, rune(lo)); pair != utf8.RuneError {
							b.WriteRune(pair)
							s = s[14:]
							i = strings.Index(s, "_x")
							continue
						}
					}
				}
				b.WriteRune(r)
				s = s[7:]
				i = strings.Index(s, "_x")
				continue
			}
		}
		b.WriteString("_x")
		s = s[2:]
		i = strings.Index(s, "_x")
	}
	b.WriteString(s)
	return lineBreaks(b.String())
}

// lineBreaks turns the carriage returns of text pasted from Word
// (_x000D_ before a line feed) into plain line breaks.
func lineBreaks(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// EncodeExcelEscapes writes text as Excel writes it into a workbook's
// shared strings: the underscore that opens a sequence that looks like
// an escape («_x000D_» typed as such) is itself escaped (_x005F_), so
// that a reader decoding the escapes (DecodeExcelEscapes) reads the text
// typed.
func EncodeExcelEscapes(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && isEscapeAt(s, i) {
			b.WriteString("_x005F")
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isEscapeAt reports whether an escape _xHHHH_ starts at s[i].
func isEscapeAt(s string, i int) bool {
	if i+7 > len(s) || s[i+1] != 'x' || s[i+6] != '_' {
		return false
	}
	_, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
	return err == nil
}

// NormaliseText is the form of a text that every spreadsheet client
// keeps: Excel's escapes decoded, line breaks as line feeds, Unicode in
// its composed form (NFC), no surrounding spaces. A workbook's signed
// identity is signed and checked in this form, so that a client's
// legitimate re-encoding of the same text never breaks the signature,
// while a real edit still does.
func NormaliseText(s string) string {
	return strings.TrimSpace(norm.NFC.String(DecodeExcelEscapes(s)))
}

// foldAccents removes diacritics: "qualità" → "qualita". Italian
// letters are mapped directly; anything rarer goes through Unicode
// decomposition.
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < 0x80 {
			b.WriteByte(byte(r))
			continue
		}
		if base, ok := latinBase(r); ok {
			b.WriteRune(base)
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				b.WriteRune(d)
			}
		}
	}
	return b.String()
}

// latinBase maps the accented letters of Italian (and its neighbours) to
// their base letter.
func latinBase(r rune) (rune, bool) {
	switch r {
	case 'à', 'á', 'â', 'ä', 'ã':
		return 'a', true
	case 'À', 'Á', 'Â', 'Ä', 'Ã':
		return 'A', true
	case 'è', 'é', 'ê', 'ë':
		return 'e', true
	case 'È', 'É', 'Ê', 'Ë':
		return 'E', true
	case 'ì', 'í', 'î', 'ï':
		return 'i', true
	case 'Ì', 'Í', 'Î', 'Ï':
		return 'I', true
	case 'ò', 'ó', 'ô', 'ö', 'õ':
		return 'o', true
	case 'Ò', 'Ó', 'Ô', 'Ö', 'Õ':
		return 'O', true
	case 'ù', 'ú', 'û', 'ü':
		return 'u', true
	case 'Ù', 'Ú', 'Û', 'Ü':
		return 'U', true
	case 'ç':
		return 'c', true
	case 'ñ':
		return 'n', true
	}
	return 0, false
}

// Fold normalises a label for comparison: lower case, no accents, spacing
// collapsed, spaces around slashes and dots removed.
func Fold(s string) string {
	s = foldAccents(strings.ToLower(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' {
			space = true
			continue
		}
		if space && b.Len() > 0 && r != '/' && !strings.HasSuffix(b.String(), "/") {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
