package importer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cruscotto/exporter/planwriter"
	"cruscotto/importer/workbook"
	"cruscotto/importer/workbook/difftest"
	"cruscotto/importer/workbook/xlsxtest"
)

// differentialFiles are every workbook the tests know: the committed
// ones under testdata/, and those the tests generate.
func differentialFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir("../testdata", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".xlsx") {
			return err
		}
		data, err := os.ReadFile(path)
		files[path] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	typed, native := xlsxtest.NativePlan()
	files["generated: plan as Excel writes it"] = native
	files["generated: plan typed"] = typed
	next := nextYear(t)
	for name, l := range map[string]planwriter.Layout{"merged": {Merge: true}, "numbers": {Merge: true, Numbers: true}, "plain": {}} {
		var buf bytes.Buffer
		if err := planwriter.Write(&buf, next, l); err != nil {
			t.Fatal(err)
		}
		files["generated: next year's plan, "+name] = buf.Bytes()
	}
	return files
}

// TestReaderAgainstExcelize reads every known workbook with our reader and
// with excelize: sheets, visibility, every cell's raw value, type and
// formatted value, merged ranges and hidden columns agree, but for the
// differences difftest.Expected names.
func TestReaderAgainstExcelize(t *testing.T) {
	reasons := map[string]int{}
	for name, data := range differentialFiles(t) {
		res := difftest.Compare(data, workbook.DefaultLimits)
		switch {
		case res.Refused != nil:
			t.Errorf("%s: our reader refused it: %v", name, res.Refused)
			continue
		case res.TheirError != nil:
			t.Errorf("%s: excelize: %v", name, res.TheirError)
			continue
		}
		for _, d := range res.Differences {
			if d.Reason == "" {
				t.Errorf("%s: %s", name, d)
			} else {
				reasons[d.Reason]++
			}
		}
	}
	for r, n := range reasons {
		t.Logf("%d cells differ on purpose: %s", n, r)
	}
}
