package model

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// NoUnit names the workbook of the actions whose Responsabile is empty:
// the Controller's staff measure them.
const NoUnit = "senza responsabile"

// The contract of a data-entry workbook, written by exporter/entry and
// read back by importer.OpenFilled: its sheets, the headings the collector
// finds its columns by (so a column the unit inserts does not matter), and
// the very hidden sheet holding its signed identity, one field a row
// (EntryIdentity.Fields, then EntrySignatureField).
const (
	EntrySheet             = "Rilevazione"
	EntryInstructionsSheet = "Istruzioni"
	EntryIdentitySheet     = "_cruscotto"
	EntryHeadCode          = "Codice azione"
	EntryHeadValue         = "Valore rilevato"
	EntryHeadNote          = "Note"
	EntrySignatureField    = "firma"
)

// EntryRowLimit is how many rows holding a value a returned data-entry
// workbook's sheets may have for a unit with the given number of actions:
// one per action, the title and heading rows, and room for notes a person
// adds. Anything beyond is refused unread: a unit's file must not make the
// service list thousands of problems.
func EntryRowLimit(actions int) int { return 2*actions + 100 }

// EntryIdentity is what a data-entry workbook is for. It travels inside
// the workbook, signed, so that a collected file can be traced to its
// plan version, unit and period, and an edited identity is detected.
type EntryIdentity struct {
	PlanID      int64
	PlanVersion int
	PlanSHA     string
	Year        int
	Unit        string // a unit name, or NoUnit
	Period      Period
	GeneratedAt time.Time
}

// Fields returns the identity as ordered name/value pairs, the form in
// which it is written into the workbook and signed.
func (id EntryIdentity) Fields() [][2]string {
	return [][2]string{
		{"formato", "cruscotto-rilevazione/1"},
		{"piano", strconv.FormatInt(id.PlanID, 10)},
		{"versione", strconv.Itoa(id.PlanVersion)},
		{"sha256", id.PlanSHA},
		{"anno", strconv.Itoa(id.Year)},
		{"struttura", id.Unit},
		{"periodo", id.Period.String()},
		{"generato", id.GeneratedAt.UTC().Format(time.RFC3339)},
	}
}

// ParseEntryIdentity reads the fields written by Fields.
func ParseEntryIdentity(fields map[string]string) (EntryIdentity, bool) {
	var id EntryIdentity
	if fields["formato"] != "cruscotto-rilevazione/1" {
		return id, false
	}
	var err error
	ok := true
	if id.PlanID, err = strconv.ParseInt(fields["piano"], 10, 64); err != nil {
		ok = false
	}
	if id.PlanVersion, err = strconv.Atoi(fields["versione"]); err != nil {
		ok = false
	}
	if id.Year, err = strconv.Atoi(fields["anno"]); err != nil {
		ok = false
	}
	if id.Period, err = ParsePeriod(fields["periodo"]); err != nil {
		ok = false
	}
	if id.GeneratedAt, err = time.Parse(time.RFC3339, fields["generato"]); err != nil {
		ok = false
	}
	id.PlanSHA, id.Unit = NormaliseText(fields["sha256"]), NormaliseText(fields["struttura"])
	return id, ok && id.Unit != ""
}

// SignEntry returns the HMAC-SHA256 of the identity under key, in hex.
// Each field is signed in its normalised form (NormaliseText), as it is
// checked: a client that re-encodes a unit's name (a line break, an
// escape, an accent composed differently) keeps the signature valid.
func SignEntry(key []byte, id EntryIdentity) string {
	m := hmac.New(sha256.New, key)
	for _, f := range id.Fields() {
		m.Write([]byte(f[0]))
		m.Write([]byte{0})
		m.Write([]byte(NormaliseText(f[1])))
		m.Write([]byte{0})
	}
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyEntry reports whether signature is the identity's signature.
func VerifyEntry(key []byte, id EntryIdentity, signature string) bool {
	want, err := hex.DecodeString(SignEntry(key, id))
	if err != nil {
		return false
	}
	got, err := hex.DecodeString(strings.TrimSpace(signature))
	return err == nil && hmac.Equal(want, got)
}

// Slug turns a unit name into a readable file-name part:
// "Progetti incentivazione e sostegno" → "progetti-incentivazione-e-sostegno".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range foldAccents(strings.ToLower(name)) {
		if unicode.IsLetter(r) && r < 0x80 || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "struttura"
	}
	return b.String()
}

// EntryUnits returns the units that get a data-entry workbook: every unit,
// and NoUnit when some action has no Responsabile. They come in the one
// order every page lists units in: by name, the names that are no unit
// (NotAUnit: «Diverse», «individuale», NoUnit) last.
func (p *Plan) EntryUnits() []string {
	var out []string
	for _, u := range p.Units {
		out = append(out, u.Name)
	}
	for _, a := range p.Actions() {
		if len(a.Units) == 0 {
			out = append(out, NoUnit)
			break
		}
	}
	SortUnits(out)
	return out
}

// SortUnits sorts unit names in the order the pages list them: by name,
// ignoring case and accents, the names that are no unit last.
func SortUnits(names []string) {
	slices.SortStableFunc(names, func(a, b string) int {
		if na, nb := NotAUnit(a), NotAUnit(b); na != nb {
			if na {
				return 1
			}
			return -1
		}
		return strings.Compare(Fold(a), Fold(b))
	})
}
