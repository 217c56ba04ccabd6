// Package clienttest runs the real spreadsheet clients the tests check
// Cruscotto's workbooks against: openpyxl (Debian's python3-openpyxl, seen
// by /usr/bin/python3) and headless LibreOffice. It is imported by tests
// only. The clients are required, not optional: .ci/install installs them.
package clienttest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Python is the interpreter that sees Debian's python3-openpyxl.
const Python = "/usr/bin/python3"

// Script returns the path of a script in testdata/clients.
func Script(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "clients", name)
}

// SkipShort skips a test that drives the real clients when the tests run
// with -short: `go test -short ./...` checks Cruscotto's own code in
// seconds, `make test` checks it against the clients too.
func SkipShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("drives LibreOffice, openpyxl or Chromium: run without -short")
	}
}

// RunPython runs a script from testdata/clients and returns its stdout.
func RunPython(t testing.TB, script string, args ...string) []byte {
	t.Helper()
	SkipShort(t)
	cmd := exec.Command(Python, append([]string{Script(script)}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s\n(openpyxl is Debian's python3-openpyxl: run .ci/install)", script, strings.Join(args, " "), err, errOut.String())
	}
	return out.Bytes()
}

// Workbook is what openpyxl_inspect.py reports.
type Workbook struct {
	Sheets []struct {
		Title     string
		State     string
		Protected bool
	}
	LockStructure      bool                `json:"lock_structure"`
	Charts             map[string]int      `json:"charts"`
	ConditionalFormats map[string][]string `json:"conditional_formats"`
	FullCalcOnLoad     bool                `json:"full_calc_on_load"`
	Cells              map[string]struct {
		Value   any
		Locked  bool
		Format  string
		Fill    *string
		Comment *string
	}
	Layout map[string]struct {
		FreezePanes    *string `json:"freeze_panes"`
		PrintTitleRows *string `json:"print_title_rows"`
		Orientation    *string
		FitToWidth     *int    `json:"fit_to_width"`
		FitToPage      bool    `json:"fit_to_page"`
		AutoFilter     *string `json:"auto_filter"`
	}
	Validations []struct {
		Sheet, Type, Operator, Formula1, Formula2, Sqref, Prompt, Error string
		AllowBlank                                                      bool `json:"allow_blank"`
	}
}

// Inspect opens a workbook with openpyxl and returns what it sees; cells
// with formulas show the formula text ("=…").
func Inspect(t testing.TB, path string) Workbook {
	t.Helper()
	return inspect(t, path, "formulas")
}

// InspectValues is Inspect with the values the formulas last computed.
func InspectValues(t testing.TB, path string) Workbook {
	t.Helper()
	return inspect(t, path, "values")
}

func inspect(t testing.TB, path, mode string) Workbook {
	t.Helper()
	var wb Workbook
	if err := json.Unmarshal(RunPython(t, "openpyxl_inspect.py", path, mode), &wb); err != nil {
		t.Fatalf("inspect %s: %v", path, err)
	}
	return wb
}

var loMu sync.Mutex // one LibreOffice at a time: they share nothing, but the machine is small

// profile makes a private LibreOffice profile that recalculates every
// formula on load (LibreOffice otherwise keeps the cached values of .xlsx
// files).
func profile(t testing.TB) string {
	dir := filepath.Join(t.TempDir(), "lo-profile")
	xcu := `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`
	if err := os.MkdirAll(filepath.Join(dir, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "user", "registrymodifications.xcu"), []byte(xcu), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Soffice returns LibreOffice's command.
func Soffice(t testing.TB) string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("LibreOffice not found: install Debian's libreoffice-calc (.ci/install)")
	return ""
}

// Convert opens path in headless LibreOffice, recalculating every formula,
// and saves it as format ("xlsx", "pdf", "csv:…") in a new folder; it
// returns the new file's path.
func Convert(t testing.TB, path, format string) string {
	t.Helper()
	SkipShort(t)
	loMu.Lock()
	defer loMu.Unlock()
	out := t.TempDir()
	cmd := exec.Command(Soffice(t), "--headless", "--norestore", "-env:UserInstallation=file://"+profile(t),
		"--convert-to", format, "--outdir", out, path)
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &errOut, &errOut
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatalf("soffice: %v", err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("soffice --convert-to %s %s: %v\n%s", format, path, err, errOut.String())
		}
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("soffice --convert-to %s %s: timed out", format, path)
	}
	ext := strings.SplitN(format, ":", 2)[0]
	converted := filepath.Join(out, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+"."+ext)
	if _, err := os.Stat(converted); err != nil {
		t.Fatalf("soffice wrote no %s: %s", converted, errOut.String())
	}
	return converted
}
