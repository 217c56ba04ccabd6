// Package workbook reads .xlsx files for the importer: sheet names, cell
// values with their display format, and merged ranges.
//
// It exists beside excelize (which Cruscotto uses to write workbooks) for
// speed and bounded memory on uploads: excelize's Rows iterator decodes
// every row by reflection and GetMergeCells parses the whole sheet a second
// time, which together took longer than the import's budget (see the
// importer benchmarks). Here each part is inflated whole, once, within
// Limits, and tokenised by a small allocation-free scanner (scanner.go)
// that also bounds nesting. A sheet is read whole (ReadSheet): one pass
// over its XML collects its cells, hidden columns and merged ranges, then
// the ranges are checked and their values copied into the cells they
// cover.
package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf16"

	"cruscotto/importer/numfmt"
	"cruscotto/model"
)

// Limits bound the work and memory a workbook may cost: a file of a few
// hundred kilobytes can inflate to gigabytes (a zip bomb), declare
// millions of strings, nest elements millions deep or merge one range
// over a whole sheet. Every count the reader keeps is bounded here, and
// checked before the memory is taken.
type Limits struct {
	MaxUncompressed int64 // all parts together, as the archive declares them, bytes
	MaxPartBytes    int64 // one XML part (a sheet, the shared strings) inflated, bytes
	MaxStrings      int   // entries of the shared strings table
	MaxStringBytes  int64 // the shared strings' text together, bytes
	MaxDepth        int   // nesting of XML elements
	MaxCells        int   // cells with a value, copies into merged ranges included, all sheets together
	MaxMerges       int   // merged ranges in one sheet
	MaxRows         int   // rows with a value in one sheet; 0 leaves rows to MaxCells
	MaxColumns      int   // columns beyond this are ignored
	MaxParts        int   // files in the archive
	MaxSheets       int   // worksheets in the workbook
	MaxCellElements int   // <c> elements, empty or not, all sheets together: what other readers (excelize) hold
	// MaxStyles bounds the cell formats (cellXfs, cellStyleXfs) and
	// MaxStyleParts each list they draw on (fonts, fills, borders,
	// number formats, conditional formats). excelize compares a new
	// style with every entry of these lists, so that a file padded with
	// millions of them costs minutes for each style it adds (a correction
	// workbook); Excel itself allows 64,000 cell formats.
	MaxStyles     int
	MaxStyleParts int
}

// DefaultLimits suit a plan or data-entry workbook with room to spare: a
// 10,000-action plan inflates to about 5 MB of sheets and 193,000 cells
// once its merged ranges are expanded. A workbook at these limits costs
// the reader well under 100 MB.
var DefaultLimits = Limits{
	MaxUncompressed: 256 << 20,
	MaxPartBytes:    32 << 20,
	MaxStrings:      400_000,
	MaxStringBytes:  16 << 20,
	MaxDepth:        64,
	MaxCells:        400_000,
	MaxMerges:       100_000,
	MaxColumns:      256,
	MaxParts:        1_000,
	MaxSheets:       255,
	MaxCellElements: 300_000, // excelize holds about 600 bytes a cell when a filled plan is written
	MaxStyles:       65_000,
	MaxStyleParts:   4_096,
}

// checkEvery is how many XML tokens the reader handles between two looks
// at its context's deadline.
const checkEvery = 1 << 14

// Work is what the readers of this process have done since it started:
// the bytes they inflated and the XML tokens they scanned (counted in
// steps of 16,384). What a hostile file costs is measured by it, on any
// machine, where wall time depends on the machine.
type Work struct {
	Inflated, Tokens int64
}

// done is the readers' Work.
var done struct{ inflated, tokens atomic.Int64 }

// WorkDone returns the readers' Work so far.
func WorkDone() Work {
	return Work{Inflated: done.inflated.Load(), Tokens: done.tokens.Load()}
}

// Workbook is an opened .xlsx file.
type Workbook struct {
	ctx     context.Context
	zr      *zip.Reader
	parts   map[string]*zip.File // by lower-case name, without a leading slash
	limits  Limits
	sheets  []sheetRef
	strings []string
	formats []cellFormat // by cell style index
	// date1904: serial days count from 1904 (workbookPr date1904)
	date1904 bool
	macros   bool // a macro-enabled workbook (.xlsm)
	cells    int
	// cellElements counts every <c>, with a value or not
	cellElements int
}

type sheetRef struct {
	name, path string
	state      string // "", "hidden" or "veryHidden"
}

// cellFormat is a cell style's number format: what it makes a number
// mean, and how it shows it.
type cellFormat struct {
	class model.NumberFormat
	code  *numfmt.Format // nil for General
}

// Open reads the workbook structure, shared strings and styles of an .xlsx
// file held in data. A file that is not an .xlsx, or that exceeds limits,
// gets an *model.Error whose Italian message says what to do. When ctx is
// done, reading stops with an ETimeout error; ctx also bounds every
// ReadSheet.
func Open(ctx context.Context, data []byte, limits Limits) (*Workbook, error) {
	if err := sniff(data); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, model.Errorf(model.EInvalid, "Il file è danneggiato o incompleto (non è un archivio .xlsx leggibile): salvarlo di nuovo da Excel o LibreOffice come .xlsx e ricaricarlo.")
	}
	if len(zr.File) > limits.MaxParts {
		return nil, model.Errorf(model.EInvalid, "Il file contiene più di %d parti: non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", limits.MaxParts)
	}
	var total uint64
	parts := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(limits.MaxUncompressed) {
			return nil, model.Errorf(model.EInvalid, "Il file, decompresso, supera %d MB: non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", limits.MaxUncompressed>>20)
		}
		parts[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	w := &Workbook{ctx: ctx, zr: zr, parts: parts, limits: limits}
	if w.find("mimetype") != nil {
		return nil, model.Errorf(model.EInvalid, "Il file è in formato OpenDocument (.ods): aprirlo con LibreOffice, salvarlo come Excel 2007-365 (.xlsx) e ricaricarlo.")
	}
	if w.find("xl/workbook.bin") != nil {
		return nil, model.Errorf(model.EInvalid, "Il file è in formato Excel binario (.xlsb): salvarlo come cartella di lavoro Excel (.xlsx) e ricaricarlo.")
	}
	if w.find("xl/workbook.xml") == nil {
		return nil, model.Errorf(model.EInvalid, "Il file è un archivio zip ma non una cartella di lavoro Excel (.xlsx): caricare il piano salvato come .xlsx.")
	}
	// a macro-enabled workbook (.xlsm) reads as any other; its macros
	// never run here
	w.macros = w.find("xl/vbaProject.bin") != nil
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

// checkContext turns a done context into the error people see.
func (w *Workbook) checkContext() error {
	done.tokens.Add(checkEvery)
	if w.ctx.Err() != nil {
		return model.Errorf(model.ETimeout, "La lettura del file ha superato il tempo massimo consentito: il file è troppo grande o complesso per un piano o una cartella di rilevazione; controllarlo e ricaricarlo.")
	}
	return nil
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
		return model.Errorf(model.EInvalid, "Il file è vuoto: caricare il file in formato .xlsx.")
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		if bytes.Contains(data, utf16le("EncryptionInfo")) {
			return model.Errorf(model.EInvalid, "Il file è una cartella di lavoro protetta da password (cifrata), che il Cruscotto non può aprire: aprirla in Excel, togliere la password (File > Informazioni > Proteggi cartella di lavoro > Crittografa con password, lasciandola vuota), salvarla come «Cartella di lavoro di Excel (.xlsx)» e ricaricarla.")
		}
		return model.Errorf(model.EInvalid, "Il file è nel vecchio formato Excel 97-2003 (.xls): aprirlo e salvarlo come cartella di lavoro Excel (.xlsx), poi ricaricarlo.")
	case bytes.HasPrefix(data, []byte("PK")):
		return nil
	case bytes.HasPrefix(data, []byte("%PDF")):
		return model.Errorf(model.EInvalid, "Il file è un PDF: caricare il piano come cartella di lavoro Excel (.xlsx).")
	case looksLikeHTML(data):
		return model.Errorf(model.EInvalid, "Il file è una pagina web (HTML) salvata con l'estensione di Excel: aprirlo con Excel o LibreOffice, salvarlo come cartella di lavoro Excel (.xlsx) e ricaricarlo.")
	case looksLikeCSV(data):
		return model.Errorf(model.EInvalid, "Il file è in formato CSV (testo con valori separati da virgole o punti e virgola), che perde unioni di celle e formati: aprirlo con Excel o LibreOffice, salvarlo come cartella di lavoro Excel (.xlsx) e ricaricarlo.")
	default:
		return model.Errorf(model.EInvalid, "Il file non è una cartella di lavoro Excel (.xlsx): salvare il piano come .xlsx e ricaricarlo.")
	}
}

// looksLikeCSV reports whether data starts as text split into fields:
// no control characters but line breaks and tabs, and a separator.
func looksLikeCSV(data []byte) bool {
	head := data[:min(len(data), 4096)]
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return bytes.ContainsAny(head, ";,\t") && (bytes.ContainsAny(head, "\n") || len(data) < 4096)
}

// looksLikeHTML reports whether data is a web page, as some programs
// export «Excel» files.
func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 1024)]))
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) || bytes.HasPrefix(head, []byte("<table"))
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// find returns a part by name, ignoring case and a leading slash.
func (w *Workbook) find(name string) *zip.File {
	return w.parts[strings.ToLower(strings.TrimPrefix(name, "/"))]
}

// readPart inflates one part whole. The archive checks that a part does
// not inflate beyond the size it declares, so the declared size bounds the
// memory taken here, and it is checked before anything is inflated.
func (w *Workbook) readPart(name string) ([]byte, error) {
	f := w.find(name)
	if f == nil {
		return nil, fmt.Errorf("part %s is missing", name)
	}
	if f.UncompressedSize64 > uint64(w.limits.MaxPartBytes) {
		return nil, model.Errorf(model.EInvalid, "Il file, decompresso, supera i limiti (la parte %s supera %d MB): non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", path.Base(f.Name), w.limits.MaxPartBytes>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open part %s: %w", name, err)
	}
	defer rc.Close()
	buf := bytes.NewBuffer(make([]byte, 0, int(f.UncompressedSize64)+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(rc, w.limits.MaxPartBytes+1)); err != nil {
		return nil, fmt.Errorf("read part %s: %w", name, err)
	}
	done.inflated.Add(int64(buf.Len()))
	if int64(buf.Len()) > w.limits.MaxPartBytes {
		return nil, model.Errorf(model.EInvalid, "Il file, decompresso, supera i limiti (la parte %s supera %d MB): non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", path.Base(f.Name), w.limits.MaxPartBytes>>20)
	}
	return buf.Bytes(), nil
}

// scanner returns a bounded XML scanner over a part's bytes.
func (w *Workbook) scanner(data []byte) *xmlScanner {
	return &xmlScanner{b: data, maxDepth: w.limits.MaxDepth, every: checkEvery, check: w.checkContext}
}

// SheetNames returns the worksheets in workbook order, hidden ones
// included.
func (w *Workbook) SheetNames() []string {
	out := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		out[i] = s.name
	}
	return out
}

// SheetHidden reports whether a person hid the sheet (Excel's «Nascondi»,
// state hidden) or a program did (veryHidden, which Excel's menus cannot
// show again).
func (w *Workbook) SheetHidden(name string) bool {
	for _, s := range w.sheets {
		if s.name == name {
			return s.state == "hidden" || s.state == "veryHidden"
		}
	}
	return false
}

// VisibleSheetNames returns the worksheets a person sees, in workbook
// order.
func (w *Workbook) VisibleSheetNames() []string {
	var out []string
	for _, s := range w.sheets {
		if !w.SheetHidden(s.name) {
			out = append(out, s.name)
		}
	}
	return out
}

// HasMacros reports whether the workbook carries macros (.xlsm), which
// the reader ignores.
func (w *Workbook) HasMacros() bool { return w.macros }

// SheetState returns a sheet's visibility as the workbook writes it: "",
// "hidden" or "veryHidden" (hidden by a program: Excel's menus cannot
// show it again).
func (w *Workbook) SheetState(name string) string {
	for _, s := range w.sheets {
		if s.name == name && (s.state == "hidden" || s.state == "veryHidden") {
			return s.state
		}
	}
	return ""
}

// Date1904 reports whether the workbook counts serial days from 1904.
func (w *Workbook) Date1904() bool { return w.date1904 }

// tokens runs fn on every token of a part, with the part's limits.
// A missing part is not an error when optional.
func (w *Workbook) tokens(name string, optional bool, fn func(s *xmlScanner) error) error {
	if optional && w.find(name) == nil {
		return nil
	}
	data, err := w.readPart(name)
	if err != nil {
		return err
	}
	s := w.scanner(data)
	root := true
	for {
		if err := s.next(); err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if s.kind == tokEOF {
			return nil
		}
		if root && s.kind == tokStart && !strings.HasSuffix(name, ".rels") {
			root = false
			if err := checkNamespace(s, name); err != nil {
				return err
			}
		}
		if err := fn(s); err != nil {
			return err
		}
	}
}

// Namespaces of SpreadsheetML: Excel's usual one, and that of the
// Strict Open XML format, which Excel writes only on request.
const (
	transitionalNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	strictNS       = "http://purl.oclc.org/ooxml/spreadsheetml/main"
)

// errStrict is the refusal of a Strict Open XML workbook.
var errStrict = model.Errorf(model.EInvalid, "Il file è in formato «Foglio di calcolo Open XML Strict», che il Cruscotto non legge: aprirlo in Excel e salvarlo come «Cartella di lavoro di Excel (.xlsx)», poi ricaricarlo.")

// checkNamespace refuses a part whose root element is not SpreadsheetML,
// as Excel and excelize do.
func checkNamespace(s *xmlScanner, part string) error {
	switch s.namespace() {
	case transitionalNS:
		return nil
	case strictNS:
		return errStrict
	}
	return fmt.Errorf("%s: the root element <%s> is not in the SpreadsheetML namespace", part, s.name)
}

func (w *Workbook) readWorkbook() error {
	rels := map[string]string{}
	err := w.tokens("xl/_rels/workbook.xml.rels", true, func(s *xmlScanner) error {
		if s.kind == tokStart && string(s.name) == "Relationship" && strings.HasSuffix(s.attrString("Type"), "/worksheet") {
			rels[s.attrString("Id")] = s.attrString("Target")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return w.tokens("xl/workbook.xml", false, func(s *xmlScanner) error {
		if s.kind == tokStart && string(s.name) == "workbookPr" {
			v := s.attrString("date1904")
			w.date1904 = v == "1" || v == "true"
		}
		if s.kind != tokStart || string(s.name) != "sheet" {
			return nil
		}
		target, ok := rels[s.attrString("id")]
		if !ok {
			return nil // a chart sheet or a dangling reference
		}
		p := target
		if strings.HasPrefix(p, "/") {
			p = strings.TrimPrefix(p, "/")
		} else {
			p = path.Join("xl", p)
		}
		if len(w.sheets) >= w.limits.MaxSheets {
			return model.Errorf(model.EInvalid, "Il file ha più di %d fogli: non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", w.limits.MaxSheets)
		}
		w.sheets = append(w.sheets, sheetRef{name: s.attrString("name"), path: p, state: s.attrString("state")})
		return nil
	})
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
	var (
		text   []byte
		inT    bool
		skipPh int
		inSI   bool
		bytes  int64
	)
	return w.tokens(name, false, func(s *xmlScanner) error {
		switch s.kind {
		case tokStart:
			switch string(s.name) {
			case "si":
				if len(w.strings) >= w.limits.MaxStrings {
					return model.Errorf(model.EInvalid, "Il file ha più di %d testi distinti: non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", w.limits.MaxStrings)
				}
				inSI, text = true, text[:0]
			case "t":
				inT = true
			case "rPh":
				skipPh++ // phonetic hints are not part of the text
			}
		case tokEnd:
			switch string(s.name) {
			case "si":
				inSI = false
				bytes += int64(len(text))
				if bytes > w.limits.MaxStringBytes {
					return model.Errorf(model.EInvalid, "I testi del file superano %d MB: non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", w.limits.MaxStringBytes>>20)
				}
				w.strings = append(w.strings, model.DecodeExcelEscapes(string(text)))
			case "t":
				inT = false
			case "rPh":
				skipPh--
			}
		case tokText:
			if inSI && inT && skipPh == 0 {
				var err error
				text, err = s.appendText(text)
				return err
			}
		}
		return nil
	})
}

// styleLists are the lists of styles.xml the reader bounds: each
// container, the element it lists, and what people call them.
var styleLists = map[string]struct{ item, what string }{
	"fonts":        {"font", "tipi di carattere"},
	"fills":        {"fill", "riempimenti"},
	"borders":      {"border", "bordi"},
	"numFmts":      {"numFmt", "formati numerici"},
	"dxfs":         {"dxf", "formati condizionali"},
	"cellStyleXfs": {"xf", "stili di cella"},
	"cellXfs":      {"xf", "stili di cella"},
}

func (w *Workbook) readStyles() error {
	custom := map[int]string{}
	parsed := map[int]cellFormat{} // by number format id: most styles share one
	container, count := "", 0
	return w.tokens("xl/styles.xml", true, func(s *xmlScanner) error {
		switch s.kind {
		case tokStart:
			name := string(s.name)
			if _, ok := styleLists[name]; ok && container == "" {
				container, count = name, 0
				return nil
			}
			list, ok := styleLists[container]
			if !ok || name != list.item {
				return nil
			}
			max := w.limits.MaxStyleParts
			if container == "cellXfs" || container == "cellStyleXfs" {
				max = w.limits.MaxStyles
			}
			if count++; max > 0 && count > max {
				return model.Errorf(model.EInvalid, "Il file ha più di %d %s: non sembra un piano della performance né una cartella di rilevazione. Controllare il file e ricaricarlo.", max, list.what)
			}
			switch container {
			case "numFmts":
				id, _ := strconv.Atoi(s.attrString("numFmtId"))
				custom[id] = s.attrString("formatCode")
			case "cellXfs":
				id, _ := strconv.Atoi(s.attrString("numFmtId"))
				cf, ok := parsed[id]
				if !ok {
					cf = formatOf(id, custom)
					parsed[id] = cf
				}
				w.formats = append(w.formats, cf)
			}
		case tokEnd:
			if string(s.name) == container {
				container = ""
			}
		}
		return nil
	})
}

// formatOf reads a number format by id: a custom code of the workbook,
// or one of Excel's built-in formats as an Italian Excel shows it.
func formatOf(id int, custom map[int]string) cellFormat {
	code, ok := custom[id]
	if !ok {
		if code, ok = numfmt.Builtin(id, numfmt.Italian); !ok {
			if c, ok := numfmt.BuiltinClass(id); ok && c == numfmt.Date {
				code = "dd/mm/yyyy" // a date in another language's calendar
			}
		}
	}
	if code == "" || strings.EqualFold(code, "general") {
		return cellFormat{class: model.FormatGeneral}
	}
	f := numfmt.Parse(code)
	cf := cellFormat{code: f}
	switch f.Class() {
	case numfmt.Percent:
		cf.class = model.FormatPercent
	case numfmt.Date, numfmt.Time:
		// a time format on a day («12:00 AM» for 30/09/2020) still holds
		// the day: a time alone, under 1, reads as a number
		cf.class = model.FormatDate
	case numfmt.Month:
		cf.class = model.FormatMonth
	}
	return cf
}
