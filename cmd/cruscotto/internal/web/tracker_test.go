package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/exporter/tracker"
	"cruscotto/model"
)

// july10 is the fixture's clock in these tests: 12:00 in Rome.
var july10 = time.Date(2020, 7, 10, 10, 0, 0, 0, time.UTC)

func trackerFixture(t *testing.T) *fixture {
	return setup(t, app.Options{Now: func() time.Time { return july10 }})
}

// mediazioneAll are values for all five of Mediazione's actions.
const mediazioneAll = `{"1.4.1":"160","1.4.2":"45%","3.3.2":"11 gg","3.3.7":"20 gg","6.1.3":"80%"}`

type unitRow struct {
	Name, Slug, Status string
	Actions, Measured  int
	LastUpload         *struct {
		At       time.Time
		By       string
		Accepted bool
	} `json:"last_upload"`
	Refused    int
	Correction string
}

func (f *fixture) units(t *testing.T, who, query string) map[string]unitRow {
	t.Helper()
	rec := f.do(t, who, "GET", "/api/plans/1/units"+query, nil, "")
	if rec.Code != 200 {
		t.Fatalf("units as %s: %d %s", who, rec.Code, rec.Body.String())
	}
	var rows []unitRow
	if err := json.Unmarshal(rec.Body.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]unitRow{}
	for _, r := range rows {
		out[r.Name] = r
	}
	return out
}

func (f *fixture) post(t *testing.T, who, path string, content []byte) *httptest.ResponseRecorder {
	t.Helper()
	body, ct := multipartBody(t, "cartella.xlsx", content)
	return f.do(t, who, "POST", path, body, ct)
}

// TestTrackerAPI: for the period asked, each unit's status follows its
// current values, and its last upload says when, who and whether it was
// taken; a unit sees only its own row.
func TestTrackerAPI(t *testing.T) {
	f := trackerFixture(t)
	raw := f.do(t, "admin", "GET", "/api/plans/1/units", nil, "").Body.String()
	if !strings.Contains(raw, `"last_upload":null`) || !strings.Contains(raw, `"status":"missing"`) || !strings.Contains(raw, `"measured":0`) {
		t.Errorf("before any upload: %.300s", raw)
	}
	if rec := f.post(t, "unit", "/api/plans/1/submissions", fillCell(t, f.sheet, "H7", "160")); rec.Code != 200 {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.post(t, "other", "/api/plans/1/submissions", f.sheet); rec.Code != 403 {
		t.Fatalf("SG sending Mediazione's workbook: %d", rec.Code)
	}
	units := f.units(t, "admin", "")
	if len(units) != 16 {
		t.Errorf("%d units, want 16", len(units))
	}
	med, sg := units["Mediazione"], units["SG"]
	if med.Status != "partial" || med.Actions != 5 || med.Measured != 1 || med.LastUpload == nil || !med.LastUpload.Accepted ||
		!med.LastUpload.At.Equal(july10) || !strings.Contains(med.LastUpload.By, "unit") || med.Refused != 0 {
		t.Errorf("Mediazione %+v", med)
	}
	if sg.Status != "missing" || sg.LastUpload == nil || sg.LastUpload.Accepted || sg.Refused != 1 || sg.Correction != "" {
		t.Errorf("SG %+v", sg)
	}
	// a refusal for a cell: the correction workbook is offered
	if rec := f.post(t, "unit", "/api/plans/1/submissions", fillCell(t, f.sheet, "H7", "abc")); rec.Code != 422 {
		t.Fatalf("refused upload: %d", rec.Code)
	}
	med = f.units(t, "admin", "")["Mediazione"]
	if med.Status != "partial" || med.LastUpload.Accepted || med.Refused != 1 || !strings.HasSuffix(med.Correction, "/correction.xlsx") {
		t.Errorf("Mediazione after a refusal %+v", med)
	}
	if rec := f.do(t, "unit", "GET", med.Correction, nil, ""); rec.Code != 200 {
		t.Errorf("the correction link: %d", rec.Code)
	}
	// all values through the API: complete, whoever sent them
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements", strings.NewReader(mediazioneAll), "application/json"); rec.Code != 200 {
		t.Fatalf("PUT: %d %s", rec.Code, rec.Body.String())
	}
	if med := f.units(t, "viewer", "?period=2020")["Mediazione"]; med.Status != "complete" || med.Measured != 5 {
		t.Errorf("Mediazione with every value %+v", med)
	}
	// another period has its own figures
	if med := f.units(t, "admin", "?period=2020-06")["Mediazione"]; med.Status != "missing" || med.LastUpload != nil || med.Refused != 0 {
		t.Errorf("Mediazione in June %+v", med)
	}
	if own := f.units(t, "unit", ""); len(own) != 1 || own["Mediazione"].Status != "complete" {
		t.Errorf("the unit sees %+v", own)
	}
	if rec := f.do(t, "admin", "GET", "/api/plans/1/units?period=2019", nil, ""); rec.Code != 422 {
		t.Errorf("a period outside the plan: %d", rec.Code)
	}
}

// positions returns where each name first appears in page, -1 if not.
func positions(page string, names ...string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = strings.Index(page, ">"+n+"</a>")
	}
	return out
}

// TestTrackerPage: the Controller's page for a period — closing date and
// days left, the counts, sorting and «solo mancanti» as links, the
// export; management reads it without the forms; a unit sees its row.
func TestTrackerPage(t *testing.T) {
	f := trackerFixture(t)
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/periods/2020-06", strings.NewReader(`{"closes_on":"2020-07-15"}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	june := func(who, extra string) string {
		t.Helper()
		rec := f.do(t, who, "GET", "/piani/1/strutture?period=2020-06"+extra, nil, "")
		if rec.Code != 200 {
			t.Fatalf("%s%s: %d %.300s", who, extra, rec.Code, rec.Body.String())
		}
		return rec.Body.String()
	}
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements?period=2020-06", strings.NewReader(mediazioneAll), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements?period=2020-06", strings.NewReader(`{"1.1.1":"5"}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	page := june("admin", "")
	for _, want := range []string{"Chiusura il 15/07/2020: mancano 5 giorni.", "16 strutture", "1 completa", "2 parziali", "13 senza valori",
		`href="/piani/1/strutture.xlsx?period=2020-06"`, `name="solo" value="mancanti"`, "Chiudi ora la raccolta",
		`href="/api/plans/1/units/mediazione/sheet.xlsx?period=2020-06"`, `action="/piani/1/strutture?period=2020-06"`, `<progress value="5" max="5">`} {
		if !strings.Contains(page, want) {
			t.Errorf("admin's page lacks %q", want)
		}
	}
	// by name by default; by status, the units with no value first
	if p := positions(page, "ASL", "Mediazione", "SG"); !(p[0] >= 0 && p[0] < p[1] && p[1] < p[2]) {
		t.Errorf("by name: %v", p)
	}
	byStatus := june("admin", "&ordine=stato&verso=desc")
	if p := positions(byStatus, "Mediazione", "ASL"); !(p[0] >= 0 && p[0] < p[1]) {
		t.Errorf("complete first: %v", p)
	}
	if !strings.Contains(byStatus, `aria-sort="descending"`) || !strings.Contains(byStatus, `href="?ordine=stato&amp;period=2020-06"`) {
		t.Error("the active heading does not offer the other order")
	}
	missing := june("admin", "&solo=mancanti")
	if strings.Contains(missing, ">Mediazione</a>") || !strings.Contains(missing, ">ASL</a>") || !strings.Contains(missing, "checked") {
		t.Error("«solo mancanti» still lists Mediazione")
	}
	if rec := f.do(t, "admin", "GET", "/piani/1/strutture?ordine=colore", nil, ""); rec.Code != 422 || !strings.Contains(rec.Body.String(), "Ordine") {
		t.Errorf("unknown order: %d", rec.Code)
	}
	viewer := june("viewer", "")
	if strings.Contains(viewer, "sheet.xlsx") || strings.Contains(viewer, `enctype="multipart/form-data"`) || strings.Contains(viewer, "Chiudi ora") ||
		!strings.Contains(viewer, "strutture.xlsx") {
		t.Error("management's page offers the forms, or not the export")
	}
	unit := june("unit", "")
	if strings.Contains(unit, ">ASL</a>") || !strings.Contains(unit, ">Mediazione</a>") || strings.Contains(unit, "strutture.xlsx") ||
		strings.Contains(unit, "Solo mancanti") || !strings.Contains(unit, `enctype="multipart/form-data"`) {
		t.Error("the unit's page shows other units, the export or the filter, or no upload form")
	}
	// closed: the units lose the form, the Controller keeps it
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/periods/2020-06", strings.NewReader(`{"closed":true}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	if unit := june("unit", ""); strings.Contains(unit, `enctype="multipart/form-data"`) || !strings.Contains(unit, "è chiusa") {
		t.Error("a closed period still offers the unit the upload form")
	}
	if admin := june("admin", ""); !strings.Contains(admin, `enctype="multipart/form-data"`) || !strings.Contains(admin, "Raccolta chiusa il 10/07/2020") {
		t.Error("a closed period hides the form from the Controller")
	}
}

// TestTrackerExport re-reads the exported workbook: the headings and one
// row per unit shown, in the page's order and filter.
func TestTrackerExport(t *testing.T) {
	f := trackerFixture(t)
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements", strings.NewReader(`{"1.4.1":"160"}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	for who, status := range map[string]int{"admin": 200, "viewer": 200, "unit": 403, "other": 403} {
		if rec := f.do(t, who, "GET", "/piani/1/strutture.xlsx", nil, ""); rec.Code != status {
			t.Errorf("export as %s: %d, want %d", who, rec.Code, status)
		}
	}
	rec := f.do(t, "viewer", "GET", "/piani/1/strutture.xlsx?period=2020&ordine=stato&verso=desc&solo=mancanti", nil, "")
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "stato-invii-2020-2020.xlsx") {
		t.Errorf("file name: %s", cd)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.GetRows(tracker.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != tracker.HeaderRow+16 || strings.Join(rows[tracker.HeaderRow-1], "|") != strings.Join(tracker.Headings, "|") {
		t.Fatalf("%d rows; headings %q", len(rows), rows[tracker.HeaderRow-1])
	}
	if first := rows[tracker.HeaderRow]; first[0] != "Mediazione" || first[1] != "parziale" || first[3] != "1" || first[5] != "nessun invio" {
		t.Errorf("first row %q", first)
	}
	if !strings.Contains(rows[1][0], "consuntivo 2020") || !strings.Contains(rows[2][0], "10/07/2020") {
		t.Errorf("heading lines %q %q", rows[1], rows[2])
	}
}

var receiptPath = regexp.MustCompile(`^/ricevute/(\d+)$`)

// TestUploadPageRedirects: a workbook sent from a page answers 303 to its
// receipt, which shows for each value stored its action, the value it
// replaced and its band; a refusal shows the cells and the correction
// workbook; a receipt is its sender's unit's and the Controller's only.
func TestUploadPageRedirects(t *testing.T) {
	f := trackerFixture(t)
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements", strings.NewReader(`{"1.4.1":"100"}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	rec := f.post(t, "unit", "/piani/1/strutture", fillCell(t, f.sheet, "H7", "170"))
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !receiptPath.MatchString(loc) {
		t.Fatalf("upload: %d %q", rec.Code, loc)
	}
	page := f.do(t, "unit", "GET", loc, nil, "").Body.String()
	for _, want := range []string{"Cartella di «Mediazione» accettata (consuntivo 2020): 1 valore registrato, 4 azioni lasciate vuote.",
		"Ancora da misurare: le azioni <strong>1.4.2</strong>, <strong>3.3.2</strong>, <strong>3.3.7</strong>, <strong>6.1.3</strong>",
		"<strong>1.4.1</strong> Servizio di conciliazione", "<td data-label=\"Valore registrato\"><strong>170</strong></td>", "<td data-label=\"Target\">170</td>", "<td data-label=\"Valore sostituito\">100</td>",
		`class="band band-green"`, "raggiunto", `href="/struttura"`} {
		if !strings.Contains(page, want) {
			t.Errorf("receipt lacks %q:\n%s", want, page)
		}
	}
	for who, status := range map[string]int{"admin": 200, "unit": 200, "other": 404, "viewer": 403} {
		if rec := f.do(t, who, "GET", loc, nil, ""); rec.Code != status {
			t.Errorf("receipt as %s: %d, want %d", who, rec.Code, status)
		}
	}
	if rec := f.do(t, "admin", "GET", loc, nil, ""); !strings.Contains(rec.Body.String(), `href="/piani/1/strutture?period=2020"`) {
		t.Error("the Controller's receipt does not lead back to the tracker")
	}
	// refused: the cells, the correction workbook, the form to try again
	rec = f.post(t, "unit", "/piani/1/strutture", fillCell(t, f.sheet, "H7", "abc"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("refused upload: %d", rec.Code)
	}
	page = f.do(t, "unit", "GET", rec.Header().Get("Location"), nil, "").Body.String()
	for _, want := range []string{"cartella rifiutata", "<code>Rilevazione!H7</code>", "/correction.xlsx", "Carica la cartella corretta", "Nessun valore"} {
		if !strings.Contains(page, want) {
			t.Errorf("refusal receipt lacks %q", want)
		}
	}
	// not a workbook at all: refused, recorded, and the form to try again
	rec = f.post(t, "unit", "/piani/1/strutture", []byte("non è una cartella"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("not a workbook: %d", rec.Code)
	}
	page = f.do(t, "unit", "GET", rec.Header().Get("Location"), nil, "").Body.String()
	if !strings.Contains(page, "non è una cartella di lavoro Excel") || !strings.Contains(page, "Carica la cartella corretta") || strings.Contains(page, "correction.xlsx") {
		t.Errorf("receipt of a file that is no workbook:\n%s", page)
	}
	// nothing recorded (no file): the tracker page with the sentence
	rec = f.do(t, "unit", "POST", "/piani/1/strutture", strings.NewReader(""), "multipart/form-data; boundary=x")
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Nessun file ricevuto") || !strings.Contains(rec.Body.String(), "Stato degli invii") {
		t.Errorf("no file: %d %.300s", rec.Code, rec.Body.String())
	}
	if rec := f.do(t, "unit", "GET", "/ricevute/abc", nil, ""); rec.Code != 404 {
		t.Errorf("a receipt that is no number: %d", rec.Code)
	}
	// a value in the red band without a deviation note: stored, and the
	// receipt names the note cell to fill; with the note, no warning
	rec = f.post(t, "unit", "/piani/1/strutture", fillCell(t, f.sheet, "H7", "0"))
	page = f.do(t, "unit", "GET", rec.Header().Get("Location"), nil, "").Body.String()
	if !strings.Contains(page, "Manca 1 nota per l'analisi degli scostamenti") || !strings.Contains(page, "<code>Rilevazione!J7</code>") || !strings.Contains(page, "accettata") {
		t.Errorf("receipt of a red value without a note:\n%s", page)
	}
	rec = f.post(t, "unit", "/piani/1/strutture", fillCell(t, fillCell(t, f.sheet, "H7", "1"), "J7", "sportello chiuso per lavori"))
	if page = f.do(t, "unit", "GET", rec.Header().Get("Location"), nil, "").Body.String(); strings.Contains(page, "scostamenti") {
		t.Errorf("a note written still warned:\n%s", page)
	}
}

// TestUploadLogPage: a unit's log lists what it sent, with receipts and
// corrections for whoever may read them.
func TestUploadLogPage(t *testing.T) {
	f := trackerFixture(t)
	f.post(t, "unit", "/piani/1/strutture", fillCell(t, f.sheet, "H7", "160"))
	f.post(t, "unit", "/piani/1/strutture", fillCell(t, f.sheet, "H7", "abc"))
	page := f.do(t, "admin", "GET", "/piani/1/strutture/mediazione?period=2020", nil, "").Body.String()
	for _, want := range []string{"Invii di «Mediazione»", "rifiutata", "accettata", "1 valore registrato", "cartella con le correzioni", `href="/ricevute/`,
		`href="/piani/1/strutture?period=2020"`, "consuntivo 2020", "Nessun valore registrato: 1 cella da correggere"} {
		if !strings.Contains(page, want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if strings.Contains(page, "non è un valore") {
		t.Error("the log lists a refusal's problems, not its sentence")
	}
	if p := page; strings.Index(p, "rifiutata") > strings.Index(p, ">accettata<") {
		t.Error("the log is not newest first")
	}
	viewer := f.do(t, "viewer", "GET", "/piani/1/strutture/mediazione", nil, "").Body.String()
	if strings.Contains(viewer, "/ricevute/") || strings.Contains(viewer, "correction.xlsx") || !strings.Contains(viewer, "rifiutata") {
		t.Error("management reads the receipts, or not the log")
	}
	for who, status := range map[string]int{"unit": 200, "other": 404, "anon": 303} {
		if rec := f.do(t, who, "GET", "/piani/1/strutture/mediazione", nil, ""); rec.Code != status {
			t.Errorf("log as %s: %d, want %d", who, rec.Code, status)
		}
	}
	if rec := f.do(t, "admin", "GET", "/piani/1/strutture/nessuna", nil, ""); rec.Code != 404 {
		t.Errorf("unknown unit: %d", rec.Code)
	}
}

// TestUnitHome: a unit lands on its home after logging in; the home shows
// its open periods with their deadline, the workbook, the upload form and
// its last uploads; a unit without actions reads a sentence.
func TestUnitHome(t *testing.T) {
	f := trackerFixture(t)
	ctx := context.Background()
	for _, u := range []struct{ name, role, unit string }{{"anna", "unit", "Mediazione"}, {"ctrl", "admin", ""}} {
		if _, err := f.db.AddUser(ctx, u.name, "password-"+u.name, model.Role(u.role), u.unit); err != nil {
			t.Fatal(err)
		}
	}
	for user, home := range map[string]string{"anna": "/struttura", "ctrl": "/piani"} {
		b := &browser{f: f}
		rec := b.do(t, "POST", "/accesso", url.Values{"username": {user}, "password": {"password-" + user}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != home {
			t.Errorf("%s logs in to %q, want %s", user, rec.Header().Get("Location"), home)
		}
		if rec := b.do(t, "GET", "/", nil); rec.Header().Get("Location") != home {
			t.Errorf("%s's / leads to %q", user, rec.Header().Get("Location"))
		}
	}
	if rec := f.do(t, "admin", "GET", "/struttura", nil, ""); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/piani" {
		t.Errorf("an admin's /struttura: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	home := func(who string) string {
		t.Helper()
		rec := f.do(t, who, "GET", "/struttura", nil, "")
		if rec.Code != 200 {
			t.Fatalf("home of %s: %d %.300s", who, rec.Code, rec.Body.String())
		}
		return rec.Body.String()
	}
	page := home("unit")
	for _, want := range []string{"Mediazione", "Piano della Performance 2020", "consuntivo 2020", "Raccolta aperta, senza data di chiusura.",
		`href="/api/plans/1/units/mediazione/sheet.xlsx?period=2020"`, `action="/struttura"`, "Nessuna cartella inviata finora",
		`<strong>Piano 2020</strong> · consuntivo · <span class="deadline">senza scadenza</span>`, "5 valori mancanti", `href="/piani/1?period=2020"`, "La mia struttura"} {
		if !strings.Contains(page, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	// a red value without its note stays on the list until the note comes
	anna := model.Principal{Username: "anna", Role: model.RoleUnit, Unit: "Mediazione"}
	if _, err := f.a.Measure(ctx, anna, 1, "2020", map[string]any{"1.4.1": "50"}, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	if page := home("unit"); !strings.Contains(page, "4 valori e 1 nota mancanti") || !strings.Contains(page, "· manca la nota di 1.4.1</p>") ||
		!strings.Contains(page, "mancano i valori di 1.4.2, ") {
		t.Error("the to-do list does not flag the missing note")
	}
	// the Controller opens June with a deadline: the home asks for June
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/periods/2020-06", strings.NewReader(`{"closes_on":"2020-07-11"}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	f.post(t, "unit", "/struttura", fillCell(t, f.sheet, "H7", "abc")) // the home's one form: the workbook names its plan
	page = home("unit")
	for _, want := range []string{"giugno 2020", "· giugno · <span class=\"deadline\">entro il 11/07/2020</span>", "Chiusura il 11/07/2020: manca 1 giorno.", "is-urgent", "sheet.xlsx?period=2020-06",
		"rifiutata", "cartella con le correzioni", `href="/piani/1/strutture/mediazione"`} {
		if !strings.Contains(page, want) {
			t.Errorf("home with June open lacks %q", want)
		}
	}
	if strings.Contains(page, "consuntivo 2020") && strings.Contains(page, "sheet.xlsx?period=2020\"") {
		t.Error("the year end is still asked for while June is open")
	}
	// every period closed: no form, a sentence
	for _, p := range []string{"2020-06", "2020"} {
		if rec := f.do(t, "admin", "PUT", "/api/plans/1/periods/"+p, strings.NewReader(`{"closed":true}`), "application/json"); rec.Code != 200 {
			t.Fatal(rec.Body.String())
		}
	}
	if page := home("unit"); strings.Contains(page, `enctype="multipart/form-data"`) || !strings.Contains(page, "La raccolta è chiusa") {
		t.Error("a closed home still offers the upload form")
	}
	_, tok, err := f.db.NewToken(ctx, model.RoleUnit, "Ufficio stampa", "stampa", nil)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["press"] = tok
	if page := home("press"); !strings.Contains(page, "La struttura «Ufficio stampa» non ha azioni nel piano 2020") || strings.Contains(page, "<table") {
		t.Error("a unit without actions does not read the sentence")
	}
	page = f.do(t, "press", "GET", "/piani/1/strutture", nil, "").Body.String()
	if !strings.Contains(page, "La struttura «Ufficio stampa» non ha azioni nel piano 2020") || strings.Contains(page, "<table") || strings.Contains(page, `type="file"`) {
		t.Error("the tracker of a unit without actions is not a sentence")
	}
}
