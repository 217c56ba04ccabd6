package model

import (
	"strconv"
	"strings"
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
