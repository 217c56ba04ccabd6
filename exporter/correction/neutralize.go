package correction

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"cruscotto/model"
)

// A unit's file is written back to the admin who opens it: any formula in
// it (=WEBSERVICE(…) with a forged cached value, say) would run on the
// admin's machine. neutralize keeps every cell's value and drops every
// cell formula, with the calculation chain that lists them, so that only
// our own formulas ever reach a reader.
var (
	// formulaElem is a cell's formula element, empty or with its text;
	// nothing else in a worksheet part is named f (fills, fonts and
	// data validations' formulas are named otherwise).
	formulaElem       = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?f(?:\s[^>]*)?/>|<((?:[A-Za-z_][\w.-]*:)?f)(?:\s[^>]*)?>[^<]*</(?:[A-Za-z_][\w.-]*:)?f>`)
	calcChainOverride = regexp.MustCompile(`<Override[^>]*calcChain[^>]*/>`)
	calcChainRel      = regexp.MustCompile(`<Relationship[^>]*calcChain[^>]*/>`)
)

func neutralize(original []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(original), int64(len(original)))
	if err != nil {
		return nil, fmt.Errorf("neutralize formulas: %w", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	var total int64
	for _, f := range zr.File {
		name := f.Name
		if strings.EqualFold(name, "xl/calcChain.xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("neutralize formulas: %s: %w", name, err)
		}
		// the same bounds as the reader's: a part, and all of them
		data, err := io.ReadAll(io.LimitReader(rc, model.MaxWorkbookPart+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("neutralize formulas: %s: %w", name, err)
		}
		if total += int64(len(data)); len(data) > model.MaxWorkbookPart || total > model.MaxWorkbookInflated {
			return nil, model.Errorf(model.EInvalid, "Il file è troppo grande una volta decompresso: non si può preparare la cartella di correzione.")
		}
		switch {
		case strings.HasPrefix(name, "xl/worksheets/") && path.Ext(name) == ".xml":
			data = formulaElem.ReplaceAll(data, nil)
		case name == "[Content_Types].xml":
			data = calcChainOverride.ReplaceAll(data, nil)
		case name == "xl/_rels/workbook.xml.rels":
			data = calcChainRel.ReplaceAll(data, nil)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
