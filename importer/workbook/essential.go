package workbook

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
)

// Essential returns a workbook of only the parts a workbook is read by —
// the package's and workbook's relationships and content types, the
// workbook, its worksheets, shared strings and styles — copied still
// compressed, in their order. What else a file carries (an unused part of
// megabytes, images, printer settings) is not kept: the same values sent
// twice, padded differently, keep the same bytes. The result opens in
// this reader and in excelize as the original does.
func Essential(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("essential parts: %w", err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if !essentialPart(f.Name) {
			continue
		}
		hdr := f.FileHeader
		hdr.Extra, hdr.Comment = nil, ""
		w, err := zw.CreateRaw(&hdr)
		if err != nil {
			return nil, fmt.Errorf("essential parts: %w", err)
		}
		r, err := f.OpenRaw()
		if err != nil {
			return nil, fmt.Errorf("essential parts: %s: %w", f.Name, err)
		}
		if _, err := io.Copy(w, r); err != nil {
			return nil, fmt.Errorf("essential parts: %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func essentialPart(name string) bool {
	n := strings.ToLower(strings.TrimPrefix(name, "/"))
	switch n {
	case "[content_types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedstrings.xml", "xl/styles.xml":
		return true
	}
	return path.Dir(n) == "xl/worksheets" && path.Ext(n) == ".xml"
}
