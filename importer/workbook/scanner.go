package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"cruscotto/model"
)

// tokenKind is what the scanner found.
type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokStart
	tokEnd
	tokText
)

// xmlScanner is a minimal, allocation-free XML tokenizer for the parts of
// a workbook, which are simple (elements, attributes, text and entities)
// and, for sheets and shared strings, large. It is several times faster
// than encoding/xml, which allocates for every token. It checks that
// elements nest properly, refuses DOCTYPE declarations (no custom
// entities, no entity expansion) and nesting deeper than maxDepth, and
// calls check every so many tokens so that a deadline can stop it.
type xmlScanner struct {
	b        []byte
	i        int
	stack    [][]byte // open element names, to check nesting
	maxDepth int      // 0: unbounded (tests of the tokenizer alone)
	every    int      // call check after this many tokens (0: never)
	check    func() error
	count    int

	// the current token
	kind      tokenKind
	name      []byte // local name of a start or end tag
	attrs     []byte // raw attribute text of a start tag
	selfClose bool
	text      []byte // raw text (entities not yet decoded)
	cdata     bool
}

var errXML = errors.New("XML non valido")

// namespace returns the namespace a start tag's own attributes declare
// for it (xmlns, or xmlns:x for <x:name>): the root element of every part
// declares the one of its whole part.
func (s *xmlScanner) namespace() string {
	key := "xmlns"
	if top := s.stack[len(s.stack)-1]; bytes.IndexByte(top, ':') >= 0 {
		key += ":" + string(top[:bytes.IndexByte(top, ':')])
	}
	a := s.attrs
	for len(a) > 0 {
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return ""
		}
		k := string(bytes.TrimSpace(a[:eq]))
		a = bytes.TrimLeft(a[eq+1:], " \t\r\n")
		if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
			return ""
		}
		end := bytes.IndexByte(a[1:], a[0])
		if end < 0 {
			return ""
		}
		if k == key {
			return string(a[1 : 1+end])
		}
		a = a[end+2:]
	}
	return ""
}

func localName(n []byte) []byte {
	if i := bytes.IndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

// next advances to the next token.
func (s *xmlScanner) next() error {
	if s.every > 0 {
		if s.count++; s.count >= s.every {
			s.count = 0
			if err := s.check(); err != nil {
				return err
			}
		}
	}
	if s.kind == tokStart && s.selfClose {
		// report the implicit end of <x/> as its own token
		s.kind, s.selfClose = tokEnd, false
		s.stack = s.stack[:len(s.stack)-1]
		return nil
	}
	for {
		if s.i >= len(s.b) {
			if len(s.stack) > 0 {
				return fmt.Errorf("%w: elemento <%s> non chiuso", errXML, s.stack[len(s.stack)-1])
			}
			s.kind = tokEOF
			return nil
		}
		if s.b[s.i] != '<' {
			j := bytes.IndexByte(s.b[s.i:], '<')
			if j < 0 {
				j = len(s.b) - s.i
			}
			s.kind, s.text, s.cdata = tokText, s.b[s.i:s.i+j], false
			if !validChars(s.text) {
				return fmt.Errorf("%w: carattere non ammesso nel testo", errXML)
			}
			s.i += j
			return nil
		}
		rest := s.b[s.i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			j := bytes.Index(rest, []byte("?>"))
			if j < 0 {
				return errXML
			}
			s.i += j + 2
			continue
		case bytes.HasPrefix(rest, []byte("<!--")):
			j := bytes.Index(rest[4:], []byte("-->"))
			if j < 0 {
				return errXML
			}
			s.i += 4 + j + 3
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			j := bytes.Index(rest[9:], []byte("]]>"))
			if j < 0 {
				return errXML
			}
			s.kind, s.text, s.cdata = tokText, rest[9:9+j], true
			if !validChars(s.text) {
				return fmt.Errorf("%w: carattere non ammesso nel testo", errXML)
			}
			s.i += 9 + j + 3
			return nil
		case bytes.HasPrefix(rest, []byte("<!")):
			return fmt.Errorf("%w: dichiarazioni DOCTYPE non ammesse", errXML)
		case bytes.HasPrefix(rest, []byte("</")):
			j := bytes.IndexByte(rest, '>')
			if j < 0 {
				return errXML
			}
			name := bytes.TrimRight(rest[2:j], " \t\r\n")
			if len(s.stack) == 0 || !bytes.Equal(s.stack[len(s.stack)-1], name) {
				return fmt.Errorf("%w: </%s> inatteso", errXML, name)
			}
			s.stack = s.stack[:len(s.stack)-1]
			s.kind, s.name = tokEnd, localName(name)
			s.i += j + 1
			return nil
		}
		// a start tag: find its end outside quoted attribute values
		j, quote := 1, byte(0)
		for ; j < len(rest); j++ {
			c := rest[j]
			if quote != 0 {
				if c == quote {
					quote = 0
				}
				continue
			}
			if c == '"' || c == '\'' {
				quote = c
			} else if c == '>' {
				break
			}
		}
		if j >= len(rest) {
			return fmt.Errorf("%w: tag non chiuso", errXML)
		}
		tag := rest[1:j]
		s.selfClose = len(tag) > 0 && tag[len(tag)-1] == '/'
		if s.selfClose {
			tag = tag[:len(tag)-1]
		}
		k := 0
		for k < len(tag) && !isSpace(tag[k]) {
			k++
		}
		if k == 0 || !validName(tag[:k]) || !validAttrs(tag[k:]) {
			return fmt.Errorf("%w: tag <%.40s> non valido", errXML, tag)
		}
		if s.maxDepth > 0 && len(s.stack) >= s.maxDepth {
			return model.Errorf(model.EInvalid, "Il file contiene elementi annidati oltre %d livelli: non è un file salvato da Excel o LibreOffice. Salvarlo di nuovo come .xlsx e ricaricarlo.", s.maxDepth)
		}
		s.stack = append(s.stack, tag[:k])
		s.kind, s.name, s.attrs = tokStart, localName(tag[:k]), tag[k:]
		s.i += j + 1
		return nil
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// attr returns the raw value of the current start tag's attribute with
// the given local name.
func (s *xmlScanner) attr(name string) ([]byte, bool) {
	a := s.attrs
	for len(a) > 0 {
		for len(a) > 0 && isSpace(a[0]) {
			a = a[1:]
		}
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return nil, false
		}
		key := bytes.TrimSpace(a[:eq])
		a = a[eq+1:]
		for len(a) > 0 && isSpace(a[0]) {
			a = a[1:]
		}
		if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
			return nil, false
		}
		q := a[0]
		end := bytes.IndexByte(a[1:], q)
		if end < 0 {
			return nil, false
		}
		val := a[1 : 1+end]
		a = a[end+2:]
		if string(localName(key)) == name {
			return val, true
		}
	}
	return nil, false
}

// attrString returns the current start tag's attribute with the given
// local name, entities decoded; "" when absent or malformed.
func (s *xmlScanner) attrString(name string) string {
	v, ok := s.attr(name)
	if !ok {
		return ""
	}
	if bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	out, err := appendUnescaped(nil, v)
	if err != nil {
		return ""
	}
	return string(out)
}

// appendText appends the current text token to dst with entities decoded.
func (s *xmlScanner) appendText(dst []byte) ([]byte, error) {
	if s.cdata {
		return append(dst, s.text...), nil
	}
	return appendUnescaped(dst, s.text)
}

func appendUnescaped(dst, t []byte) ([]byte, error) {
	for {
		amp := bytes.IndexByte(t, '&')
		if amp < 0 {
			return appendNormalisedNewlines(dst, t), nil
		}
		dst = appendNormalisedNewlines(dst, t[:amp])
		t = t[amp:]
		semi := bytes.IndexByte(t, ';')
		if semi < 0 || semi > 12 {
			return nil, fmt.Errorf("%w: entità non valida", errXML)
		}
		ent := string(t[1:semi])
		t = t[semi+1:]
		switch ent {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return nil, fmt.Errorf("%w: entità &%s; sconosciuta", errXML, ent)
			}
			var n uint64
			var err error
			if ent[1] == 'x' || ent[1] == 'X' {
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			} else {
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			}
			if err != nil || !utf8.ValidRune(rune(n)) {
				return nil, fmt.Errorf("%w: entità &%s; non valida", errXML, ent)
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
	}
}

// appendNormalisedNewlines turns "\r\n" and lone "\r" into "\n", as XML
// parsers must.
func appendNormalisedNewlines(dst, t []byte) []byte {
	if bytes.IndexByte(t, '\r') < 0 {
		return append(dst, t...)
	}
	for i := 0; i < len(t); i++ {
		if t[i] == '\r' {
			dst = append(dst, '\n')
			if i+1 < len(t) && t[i+1] == '\n' {
				i++
			}
			continue
		}
		dst = append(dst, t[i])
	}
	return dst
}

// validName reports whether an element or attribute name is one
// SpreadsheetML writes: ASCII letters, digits, «_», «-», «.» and a prefix
// «x:». Stricter than XML, which also allows other letters: no workbook
// part uses them, and a reader that accepted what other readers refuse
// would read a file they call broken.
func validName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.' || c == ':'):
		default:
			return false
		}
	}
	return b[len(b)-1] != ':'
}

// validAttrs checks a start tag's attributes: name="value" or
// name='value' pairs separated by spaces, valid names, no «<» and no
// character XML forbids in the values.
func validAttrs(a []byte) bool {
	for {
		i := 0
		for i < len(a) && isSpace(a[i]) {
			i++
		}
		a = a[i:]
		if len(a) == 0 {
			return true
		}
		if i == 0 {
			return false // two attributes without a space between them
		}
		eq := bytes.IndexByte(a, '=')
		if eq <= 0 || !validName(bytes.TrimRight(a[:eq], " \t\r\n")) {
			return false
		}
		a = bytes.TrimLeft(a[eq+1:], " \t\r\n")
		if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
			return false
		}
		end := bytes.IndexByte(a[1:], a[0])
		if end < 0 {
			return false
		}
		value := a[1 : 1+end]
		if bytes.IndexByte(value, '<') >= 0 || !validChars(value) {
			return false
		}
		a = a[end+2:]
		if len(a) > 0 && !isSpace(a[0]) {
			return false
		}
	}
}

// validChars reports whether text holds only characters XML 1.0 allows:
// valid UTF-8, no control characters but tab and line breaks, no U+FFFE
// or U+FFFF.
func validChars(b []byte) bool {
	ascii := true
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
		ascii = ascii && c < 0x80
	}
	if ascii {
		return true
	}
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		b = b[size:]
	}
	return true
}
