// Package workbook reads .xlsx files for the importer: sheet names, cell
// values with their display format, and merged ranges, in one streaming pass
// over each sheet's XML.
//
// It exists beside excelize (which Cruscotto uses to write workbooks) for
// speed and bounded memory on uploads: excelize's Rows iterator decodes
// every row by reflection and GetMergeCells parses the whole sheet a second
// time, which together took longer than the import's budget (see the
// importer benchmarks). Here a single encoding/xml token pass collects the
// cells and the <mergeCells> that follow <sheetData>.
package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf16"

	"cruscotto/model"
)

// Limits bound what a workbook may make the reader hold in memory: a small
// file can unzip to gigabytes (a zip bomb), so sizes are checked before
// anything is inflated.
type Limits struct {
	MaxUncompressed int64 // all parts together, bytes
	MaxCells        int   // cells with a value, all sheets together
	MaxMerges       int   // merged ranges in one sheet
	MaxColumns      int   // columns beyond this are ignored
}

// DefaultLimits suit a plan or data-entry workbook with room to spare: a
// 10,000-action plan unzips to about 10 MB.
var DefaultLimits = Limits{MaxUncompressed: 128 << 20, MaxCells: 2_000_000, MaxMerges: 200_000, MaxColumns: 256}

// Workbook is an opened .xlsx file.
type Workbook struct {
	zr      *zip.Reader
	limits  Limits
	sheets  []sheetRef
	strings []string
	formats []model.NumberFormat // by cell style index
	cells   int
}

type sheetRef struct {
	name, path string
}

// Open reads the workbook structure, shared strings and styles of an .xlsx
// file held in data. A file that is not an .xlsx gets an *model.Error whose
// Italian message says what to do.
func Open(data []byte, limits Limits) (*Workbook, error) {
	if err := sniff(data); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, model.Errorf(model.EInvalid, "Il file è danneggiato o incompleto (non è un archivio .xlsx leggibile): salvarlo di nuovo da Excel o LibreOffice come .xlsx e ricaricarlo.")
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(limits.MaxUncompressed) {
			return nil, model.Errorf(model.EInvalid, "Il file, decompresso, supera %d MB: non sembra un piano della performance. Controllare il file e ricaricarlo.", limits.MaxUncompressed>>20)
		}
	}
	w := &Workbook{zr: zr, limits: limits}
	if find(zr, "mimetype") != nil {
		return nil, model.Errorf(model.EInvalid, "Il file è in formato OpenDocument (.ods): aprirlo con LibreOffice, salvarlo come Excel 2007-365 (.xlsx) e ricaricarlo.")
	}
	if find(zr, "xl/workbook.bin") != nil {
		return nil, model.Errorf(model.EInvalid, "Il file è in formato Excel binario (.xlsb): salvarlo come cartella di lavoro Excel (.xlsx) e ricaricarlo.")
	}
	if find(zr, "xl/workbook.xml") == nil {
		return nil, model.Errorf(model.EInvalid, "Il file è un archivio zip ma non una cartella di lavoro Excel (.xlsx): caricare il piano salvato come .xlsx.")
	}
	if err := w.readWorkbook(); err != nil {
		return nil, corrupt(err)
	}
	if err := w.readSharedStrings(); err != nil {
		return nil, corrupt(err)
	}
	if err := w.readStyles(); err != nil {
		return nil, corrupt(err)
	}
	return w, nil
}

func corrupt(err error) error {
	var me *model.Error
	if errors.As(err, &me) {
		return err
	}
	return &model.Error{Code: model.EInvalid, Message: "Il file .xlsx è danneggiato e non si può leggere: aprirlo con Excel o LibreOffice, salvarlo di nuovo come .xlsx e ricaricarlo.",
		Problems: []model.Problem{{Message: err.Error()}}}
}

// sniff recognises the files people upload by mistake from their first bytes.
func sniff(data []byte) error {
	switch {
	case len(data) == 0:
		return model.Errorf(model.EInvalid, "Il file è vuoto: caricare il piano in formato .xlsx.")
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		if bytes.Contains(data, utf16le("EncryptionInfo")) {
			return model.Errorf(model.EInvalid, "Il file è protetto da password: aprirlo in Excel, togliere la password (File > Informazioni > Proteggi cartella di lavoro) e ricaricarlo.")
		}
		return model.Errorf(model.EInvalid, "Il file è nel vecchio formato Excel 97-2003 (.xls): aprirlo e salvarlo come cartella di lavoro Excel (.xlsx), poi ricaricarlo.")
	case bytes.HasPrefix(data, []byte("PK")):
		return nil
	case bytes.HasPrefix(data, []byte("%PDF")):
		return model.Errorf(model.EInvalid, "Il file è un PDF: caricare il piano come cartella di lavoro Excel (.xlsx).")
	default:
		return model.Errorf(model.EInvalid, "Il file non è una cartella di lavoro Excel (.xlsx): salvare il piano come .xlsx e ricaricarlo.")
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func find(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			return f
		}
	}
	return nil
}

// open returns a reader over one part that fails rather than inflate more
// than the part declared (archive/zip checks) or than the limits allow.
func (w *Workbook) open(name string) (io.ReadCloser, error) {
	f := find(w.zr, name)
	if f == nil {
		return nil, fmt.Errorf("part %s is missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open part %s: %w", name, err)
	}
	return rc, nil
}

// SheetNames returns the worksheets in workbook order.
func (w *Workbook) SheetNames() []string {
	out := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		out[i] = s.name
	}
	return out
}

func (w *Workbook) readWorkbook() error {
	rels := map[string]string{}
	if rc, err := w.open("xl/_rels/workbook.xml.rels"); err == nil {
		defer rc.Close()
		d := xml.NewDecoder(rc)
		for {
			tok, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("read workbook relationships: %w", err)
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
				if strings.HasSuffix(attr(se, "Type"), "/worksheet") {
					rels[attr(se, "Id")] = attr(se, "Target")
				}
			}
		}
	}
	rc, err := w.open("xl/workbook.xml")
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read workbook: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "sheet" {
			continue
		}
		target, ok := rels[attr(se, "id")]
		if !ok {
			continue // a chart sheet or a dangling reference
		}
		p := target
		if strings.HasPrefix(p, "/") {
			p = strings.TrimPrefix(p, "/")
		} else {
			p = path.Join("xl", p)
		}
		w.sheets = append(w.sheets, sheetRef{name: attr(se, "name"), path: p})
	}
	return nil
}

func (w *Workbook) readSharedStrings() error {
	var name string
	for _, f := range w.zr.File {
		if strings.EqualFold(path.Base(f.Name), "sharedStrings.xml") {
			name = f.Name
		}
	}
	if name == "" {
		return nil
	}
	rc, err := w.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var (
		b       strings.Builder
		inT     bool
		skipPh  int
		inSI    bool
		current int
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read shared strings: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				b.Reset()
			case "t":
				inT = true
			case "rPh":
				skipPh++ // phonetic hints are not part of the text
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				w.strings = append(w.strings, b.String())
				current++
			case "t":
				inT = false
			case "rPh":
				skipPh--
			}
		case xml.CharData:
			if inSI && inT && skipPh == 0 {
				b.Write(t)
			}
		}
	}
}

func (w *Workbook) readStyles() error {
	rc, err := w.open("xl/styles.xml")
	if err != nil {
		return nil // no styles: every number is General
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	custom := map[int]string{}
	inXfs := false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read styles: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				id, _ := strconv.Atoi(attr(t, "numFmtId"))
				custom[id] = attr(t, "formatCode")
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					w.formats = append(w.formats, classifyFormat(id, custom[id]))
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
}

// classifyFormat tells percentages and dates from other number formats, by
// built-in id or by the custom format code.
func classifyFormat(id int, code string) model.NumberFormat {
	switch {
	case id == 9 || id == 10:
		return model.FormatPercent
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return model.FormatDate
	case code == "":
		return model.FormatGeneral
	}
	// drop quoted literals, escapes and [colour]/[locale] sections first
	var b strings.Builder
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			inBracket = true
		case c == ']':
			inBracket = false
		case inBracket:
		default:
			b.WriteByte(c)
		}
	}
	plain := strings.ToLower(b.String())
	if i := strings.IndexByte(plain, ';'); i >= 0 {
		plain = plain[:i] // the positive section decides
	}
	switch {
	case strings.Contains(plain, "%"):
		return model.FormatPercent
	case strings.ContainsAny(plain, "dy") || (strings.Contains(plain, "m") && !strings.ContainsAny(plain, "0#?")):
		return model.FormatDate
	}
	return model.FormatGeneral
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
