package scorecard_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/exporter/clienttest"
	"cruscotto/exporter/scorecard"
	"cruscotto/model"
)

// TestPrintSetup: every sheet prints landscape on A4, one page wide, with
// its header row on every page and the page number at the foot.
func TestPrintSetup(t *testing.T) {
	p := plan2020(t)
	f := write(t, p, measurements(t, p))
	titles := map[string]string{
		scorecard.SheetSummary:  "'Sintesi'!$5:$5",
		scorecard.SheetDetail:   "'Dettaglio'!$4:$4",
		scorecard.SheetUnits:    "'Per unità'!$4:$4",
		scorecard.SheetWarnings: "", // two tables, no one header
	}
	names := map[string]string{}
	for _, n := range f.GetDefinedName() {
		names[n.Scope+" "+n.Name] = n.RefersTo
	}
	for _, sheet := range f.GetSheetList() {
		if v, _ := f.GetSheetVisible(sheet); !v {
			continue
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil {
			t.Fatal(err)
		}
		layout, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fits, wide, tall := props.FitToPage != nil && *props.FitToPage, deref(layout.FitToWidth), deref(layout.FitToHeight)
		if !fits || wide != 1 || tall != 0 || deref(layout.Orientation) != "landscape" || deref(layout.Size) != 9 {
			t.Errorf("%s: fit to page %v, %d wide × %d tall, %q, paper %d", sheet, fits, wide, tall, deref(layout.Orientation), deref(layout.Size))
		}
		if h := deref(hf); !strings.Contains(h.OddFooter, "Pagina &P di &N") || !strings.Contains(h.OddHeader, "Piano della Performance 2020") {
			t.Errorf("%s: header %q, footer %q", sheet, h.OddHeader, h.OddFooter)
		}
		if got := names[sheet+" _xlnm.Print_Titles"]; got != titles[sheet] {
			t.Errorf("%s: print titles %q, want %q", sheet, got, titles[sheet])
		}
	}
	// the chart is inside Sintesi's print area, and Dettaglio prints up to
	// the notes: the columns the formulas compute from stay on screen
	if got := names["Sintesi _xlnm.Print_Area"]; got != "'Sintesi'!$A$1:$I$55" {
		t.Errorf("Sintesi's print area %q", got)
	}
	if got := names["Dettaglio _xlnm.Print_Area"]; got != "'Dettaglio'!$A$1:$O$89" {
		t.Errorf("Dettaglio's print area %q", got)
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// printedPage is one page of the PDF LibreOffice prints.
type printedPage struct {
	sheet string   // by the footer
	lines []string // pdftotext -layout
}

// printPDF writes the 2020 scored workbook, has LibreOffice print it to
// PDF and reads its pages back with pdftotext.
func printPDF(t *testing.T, sc *model.Scorecard, p *model.Plan) []printedPage {
	t.Helper()
	clienttest.SkipShort(t)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install Debian's poppler-utils (.ci/install)")
	}
	path := filepath.Join(t.TempDir(), "risultati.xlsx")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := scorecard.Write(fh, scorecard.Data{Plan: p, Score: sc, GeneratedAt: time.Date(2021, 1, 15, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	pdf := clienttest.Convert(t, path, "pdf")
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	footer := regexp.MustCompile(`Risultati — (Sintesi|Dettaglio|Per unità|Avvisi)\s+Pagina (\d+) di (\d+)`)
	var pages []printedPage
	texts := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	for i, text := range texts {
		m := footer.FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("page %d has no footer:\n%s", i+1, text)
		}
		if m[2] != strconv.Itoa(i+1) || m[3] != strconv.Itoa(len(texts)) {
			t.Errorf("page %d says «Pagina %s di %s»", i+1, m[2], m[3])
		}
		pages = append(pages, printedPage{sheet: m[1], lines: strings.Split(text, "\n")})
	}
	return pages
}

// TestPrintedPages: LibreOffice prints every sheet one page wide, with its
// header row on each page and each row whole on one page; Sintesi's chart on
// a page of its own with its data.
func TestPrintedPages(t *testing.T) {
	p := plan2020(t)
	sc := model.Score(p, model.Period{Year: 2020}, measurements(t, p), model.MethodStep)
	pages := printPDF(t, sc, p)
	var all strings.Builder
	for _, pg := range pages {
		all.WriteString(strings.Join(pg.lines, "\n"))
	}
	// months print in Italian from a LibreOffice in another language
	if m := regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December)\b`).FindString(all.String()); m != "" {
		t.Errorf("a month prints as «%s»", m)
	}
	if !regexp.MustCompile(`\b(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\b`).MatchString(all.String()) {
		t.Error("no month value printed in Italian")
	}
	count := map[string]int{}
	for _, pg := range pages {
		count[pg.sheet]++
	}
	t.Logf("pages per sheet: %v", count)
	// Sintesi: the table and its legend, then the chart after a break;
	// Dettaglio's 85 rows and «Per unità»'s 70 take a few pages, not the
	// 12 and 6 they took when the columns ran onto pages of their own
	if count["Sintesi"] != 2 || count["Avvisi"] != 1 || count["Dettaglio"] < 1 || count["Dettaglio"] > 3 || count["Per unità"] < 1 || count["Per unità"] > 3 {
		t.Errorf("pages per sheet %v, want Sintesi 2, Dettaglio 1–3, Per unità 1–3, Avvisi 1", count)
	}
	// a header row is a line with its first and last printed headings
	header := map[string][2]string{"Sintesi": {"Livello", "Esito"}, "Dettaglio": {"Livello", "Verifica del Controller"}, "Per unità": {"Struttura", "Raggiungimento"}}
	for i, pg := range pages {
		if h, ok := header[pg.sheet]; ok && !hasLine(pg.lines, h[0], h[1]) {
			t.Errorf("page %d (%s) has no header row with %q … %q", i+1, pg.sheet, h[0], h[1])
		}
	}
	// every action once on Dettaglio, its code, attainment, note and
	// review on one line: the score columns print beside their rows
	seen := map[string]int{}
	action := regexp.MustCompile(`^\s*Azione\s+(\d+(?:\.\d+)*)\s`)
	for _, pg := range pages {
		if pg.sheet != "Dettaglio" {
			continue
		}
		for _, l := range pg.lines {
			m := action.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			seen[m[1]]++
			as := sc.Action(m[1])
			if as.Attainment != nil && !strings.Contains(l, fmt.Sprintf("%.2f%%", *as.Attainment)) {
				t.Errorf("action %s's line lacks its attainment %.2f%%: %q", m[1], *as.Attainment, l)
			}
			if as.Measured != nil && (!strings.Contains(l, "nota "+m[1]) || !strings.HasSuffix(strings.TrimSpace(l), "da validare")) {
				t.Errorf("action %s's line lacks its note or its review: %q", m[1], l)
			}
		}
	}
	for _, a := range p.Actions() {
		if seen[a.Code] != 1 {
			t.Errorf("action %s printed %d times on Dettaglio", a.Code, seen[a.Code])
		}
	}
	// Sintesi: every strategic objective's score on the first page, the
	// chart with all its bars on the second, the legend's heading on a line
	// of its own above its first entry
	first, chart := pages[0], pages[1]
	for _, ps := range p.Perspectives {
		for _, s := range ps.Strategic {
			score := sc.StrategicScoreOf(s.Code)
			if score.Score != nil && !hasLine(first.lines, s.Description, fmt.Sprintf("%.2f%%", *score.Score)) {
				t.Errorf("Sintesi's first page lacks objective %s with its score", s.Code)
			}
			// recalculated, the score shows in its band's column of the
			// chart's data
			if score.Score != nil && !hasLine(chart.lines, "Obiettivo "+s.Code+" ", fmt.Sprintf("%.2f%%", *score.Score)) {
				t.Errorf("the chart's page lacks objective %s with its score", s.Code)
			}
		}
	}
	if !hasLine(chart.lines, "Obiettivi strategici: punteggio") {
		t.Errorf("Sintesi's second page has no chart:\n%s", strings.Join(chart.lines, "\n"))
	}
	for i, l := range first.lines {
		if strings.Contains(l, "Legenda") {
			if strings.TrimSpace(l) != "Legenda delle fasce" || i+1 == len(first.lines) || !strings.HasPrefix(strings.TrimSpace(first.lines[i+1]), model.AllBands()[0].ColorName) {
				t.Errorf("legend's heading %q over %q", l, first.lines[min(i+1, len(first.lines)-1)])
			}
		}
	}
}

// hasLine reports whether a line holds all of words.
func hasLine(lines []string, words ...string) bool {
	for _, l := range lines {
		all := true
		for _, w := range words {
			all = all && strings.Contains(l, w)
		}
		if all {
			return true
		}
	}
	return false
}

// TestPrintAreaWithEarlierPeriod: beside an earlier period Dettaglio prints
// its value and attainment too.
func TestPrintAreaWithEarlierPeriod(t *testing.T) {
	p := plan2020(t)
	m := measurements(t, p)
	sc := model.Score(p, model.Period{Year: 2020}, m, model.MethodStep)
	prev := model.Score(p, model.Period{Year: 2020, Month: 6}, m, model.MethodStep)
	var buf bytes.Buffer
	if err := scorecard.Write(&buf, scorecard.Data{Plan: p, Score: sc, Previous: prev, GeneratedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	area := ""
	for _, n := range f.GetDefinedName() {
		if n.Scope == scorecard.SheetDetail && n.Name == "_xlnm.Print_Area" {
			area = n.RefersTo
		}
	}
	if area != "'Dettaglio'!$A$1:$Q$89" {
		t.Errorf("Dettaglio's print area %q, want up to Q", area)
	}
}
