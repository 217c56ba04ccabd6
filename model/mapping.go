package model

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Field is what a plan column holds, as a mapping names it:
// "operational.code", "strategic.target.2022", "ignore".
type Field string

// The fields a mapping may give a column. Strategic targets carry their
// year: FieldStrategicTargetPrefix + "2022".
const (
	FieldPerspective       Field = "perspective"
	FieldStrategicCode     Field = "strategic.code"
	FieldStrategicTitle    Field = "strategic.title"
	FieldStrategicKPI      Field = "strategic.kpi"
	FieldOperationalCode   Field = "operational.code"
	FieldOperationalTitle  Field = "operational.title"
	FieldOperationalWeight Field = "operational.weight"
	FieldOperationalKPI    Field = "operational.kpi"
	FieldActionCode        Field = "action.code"
	FieldActionTitle       Field = "action.title"
	FieldActionWeight      Field = "action.weight"
	FieldActionKPI         Field = "action.kpi"
	FieldActionTarget      Field = "action.target"
	FieldThreshold80       Field = "action.threshold80"
	FieldThreshold60       Field = "action.threshold60"
	FieldPIRA              Field = "action.pira"
	FieldResponsible       Field = "action.responsible"
	FieldBaseline          Field = "action.baseline"
	FieldActionNote        Field = "action.note"
	FieldIgnore            Field = "ignore"

	FieldStrategicTargetPrefix = "strategic.target."
)

// Fields lists the fields a mapping may use, in the order a person reads
// a plan; strategic targets stand for every year.
var Fields = []Field{FieldPerspective, FieldStrategicCode, FieldStrategicTitle, FieldStrategicKPI, FieldStrategicTargetPrefix + "YYYY",
	FieldOperationalCode, FieldOperationalTitle, FieldOperationalWeight, FieldOperationalKPI,
	FieldActionCode, FieldActionTitle, FieldActionWeight, FieldActionKPI, FieldActionTarget, FieldThreshold80, FieldThreshold60,
	FieldPIRA, FieldResponsible, FieldBaseline, FieldActionNote, FieldIgnore}

// FieldLabels are the fields in Italian, for people choosing them.
var FieldLabels = map[Field]string{
	FieldPerspective: "Prospettiva / ambito", FieldStrategicCode: "Obiettivo strategico: codice", FieldStrategicTitle: "Obiettivo strategico: titolo",
	FieldStrategicKPI: "Obiettivo strategico: indicatore", FieldStrategicTargetPrefix + "YYYY": "Obiettivo strategico: target dell'anno",
	FieldOperationalCode: "Obiettivo operativo: codice", FieldOperationalTitle: "Obiettivo operativo: titolo",
	FieldOperationalWeight: "Obiettivo operativo: peso", FieldOperationalKPI: "Obiettivo operativo: indicatore",
	FieldActionCode: "Azione / indicatore: codice", FieldActionTitle: "Azione / indicatore: titolo", FieldActionWeight: "Azione / indicatore: peso",
	FieldActionKPI: "Azione / indicatore: KPI o algoritmo", FieldActionTarget: "Azione / indicatore: target", FieldThreshold80: "Soglia 80%",
	FieldThreshold60: "Soglia 60%", FieldPIRA: "PIRA", FieldResponsible: "Struttura responsabile", FieldBaseline: "Valore di partenza (baseline)",
	FieldActionNote: "Note", FieldIgnore: "da ignorare",
}

// RequiredFields are the fields without which a plan cannot be read: the
// codes that make its tree, the titles, the weights and the targets.
var RequiredFields = []Field{FieldStrategicCode, FieldStrategicTitle, FieldOperationalCode, FieldOperationalTitle, FieldOperationalWeight,
	FieldActionCode, FieldActionTitle, FieldActionWeight, FieldActionTarget}

var targetYear = regexp.MustCompile(`^strategic\.target\.(\d{4})$`)

// TargetYear returns the year of a strategic target field, 0 for others.
func (f Field) TargetYear() int {
	m := targetYear.FindStringSubmatch(string(f))
	if m == nil {
		return 0
	}
	y, _ := strconv.Atoi(m[1])
	return y
}

// Valid reports whether f is a field a mapping may use.
func (f Field) Valid() bool {
	return f.TargetYear() >= 2000 && f.TargetYear() <= 2100 || f != FieldStrategicTargetPrefix+"YYYY" && slices.Contains(Fields, f)
}

// Mapping says which plan field each column of a workbook's sheets holds:
// the importer's guess, edited by a person where the guess was wrong, and
// kept to read the next year's file. It is written as JSON in the format
// of issue 11, so that it can be written by hand and exchanged.
type Mapping struct {
	Sheets []SheetMapping `json:"sheets"`
}

// clone returns a copy of m that shares nothing with it; nil for nil.
func (m *Mapping) clone() *Mapping {
	if m == nil {
		return nil
	}
	c := &Mapping{Sheets: slices.Clone(m.Sheets)}
	for i := range c.Sheets {
		c.Sheets[i].Columns = slices.Clone(c.Sheets[i].Columns)
	}
	return c
}

// SheetMapping maps the columns of the sheets whose name matches Sheet,
// where "*" stands for any characters.
type SheetMapping struct {
	Sheet      string          `json:"sheet"`
	HeaderRows [2]int          `json:"header_rows"` // first and last, 1-based
	Columns    []ColumnMapping `json:"columns"`
}

// ColumnMapping maps one column, found by its label (the header rows'
// texts joined by one space) first and by its letter when no label
// matches, so that it survives reordered columns.
type ColumnMapping struct {
	Column string `json:"column"`
	Label  string `json:"label"`
	Field  Field  `json:"field"`
	// Guessed marks a field proposed from the column's content, not
	// from its label: the mapping page asks a person to confirm it.
	Guessed bool `json:"-"`
}

// SheetFor returns the first sheet mapping whose pattern matches the
// sheet name, nil when none does.
func (m *Mapping) SheetFor(name string) *SheetMapping {
	for k := range m.Sheets {
		if m.Sheets[k].Matches(name) {
			return &m.Sheets[k]
		}
	}
	return nil
}

// Matches reports whether a sheet name matches the pattern, "*" standing
// for any characters; letters are compared ignoring case and spacing.
func (s SheetMapping) Matches(name string) bool {
	parts := strings.Split(Fold(s.Sheet), "*")
	name = Fold(name)
	if len(parts) == 1 {
		return name == parts[0]
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		switch {
		case last:
			return strings.HasSuffix(name, p)
		default:
			j := strings.Index(name, p)
			if j < 0 {
				return false
			}
			name = name[j+len(p):]
		}
	}
	return true
}

// ParseMapping reads a mapping from JSON and checks it.
func ParseMapping(data []byte) (*Mapping, error) {
	var m Mapping
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, Errorf(EInvalid, "La mappatura non è un JSON valido nel formato {\"sheets\": [{\"sheet\", \"header_rows\", \"columns\": [{\"column\", \"label\", \"field\"}]}]}: %s.", Clip(err.Error()))
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Check refuses a mapping that cannot read a plan: a field unknown, a
// required field unmapped, or one field given to two columns of a sheet.
func (m *Mapping) Check() error {
	if len(m.Sheets) == 0 {
		return Errorf(EInvalid, "La mappatura non ha fogli: indicare almeno un foglio con le sue colonne.")
	}
	mapped := map[Field]bool{}
	for _, s := range m.Sheets {
		if strings.TrimSpace(s.Sheet) == "" {
			return Errorf(EInvalid, "Un foglio della mappatura non ha nome («sheet»).")
		}
		if s.HeaderRows[0] < 1 || s.HeaderRows[1] < s.HeaderRows[0] {
			return Errorf(EInvalid, "Foglio «%s»: «header_rows» deve dare la prima e l'ultima riga dell'intestazione, per esempio [5, 5].", s.Sheet)
		}
		seen := map[Field]string{}
		for _, c := range s.Columns {
			if !c.Field.Valid() {
				return Errorf(EInvalid, "Foglio «%s», colonna %s: il campo «%s» non esiste (vedi «cruscotto mapping suggest»).", s.Sheet, c.Column, Clip(string(c.Field)))
			}
			if c.Field == FieldIgnore {
				continue
			}
			if prev, dup := seen[c.Field]; dup {
				return Errorf(EInvalid, "Foglio «%s»: il campo «%s» è assegnato a due colonne (%s e %s): lasciarlo a una sola.", s.Sheet, c.Field, prev, c.Column)
			}
			seen[c.Field] = c.Column
			mapped[c.Field] = true
		}
	}
	for _, f := range RequiredFields {
		if !mapped[f] {
			return Errorf(EInvalid, "Nella mappatura manca il campo «%s» (%s): assegnarlo alla colonna che lo contiene.", f, FieldLabels[f])
		}
	}
	return nil
}

// JSON returns the mapping as indented JSON, for people to edit.
func (m *Mapping) JSON() []byte {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("mapping: %v", err)) // plain structs always marshal
	}
	return append(b, '\n')
}
