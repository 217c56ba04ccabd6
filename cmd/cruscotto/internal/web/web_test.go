package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

type fixture struct {
	e      *echo.Echo
	a      *app.App
	db     *sqlite.DB        // the app's store, read and set up directly by the tests
	dbPath string            // where db is
	tokens map[string]string // role name → bearer token
	plan   []byte
	sheet  []byte // Mediazione's blank data-entry workbook
}

func setup(t testing.TB, opts ...app.Options) *fixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := app.New(db, opts...)
	f := &fixture{a: a, db: db, dbPath: path, tokens: map[string]string{}, e: web.New(a, slog.New(slog.NewTextHandler(testLog(), nil)))}
	if f.plan, err = os.ReadFile("../../../../testdata/piano-performance-2020.xlsx"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := a.ImportPlan(ctx, model.Principal{Username: "test", Role: model.RoleAdmin}, "piano.xlsx", f.plan, app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	for name, spec := range map[string][2]string{"admin": {"admin", ""}, "viewer": {"viewer", ""}, "unit": {"unit", "Mediazione"}, "other": {"unit", "SG"}} {
		_, tok, err := db.NewToken(ctx, model.Role(spec[0]), spec[1], name, nil)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[name] = tok
	}
	books, err := a.EntryWorkbooks(ctx, model.Principal{Username: "test", Role: model.RoleAdmin}, 1, "", []string{"Mediazione"})
	if err != nil {
		t.Fatal(err)
	}
	f.sheet = books[0].Content
	return f
}

func multipartBody(t *testing.T, name string, content []byte) (io.Reader, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	w.Close()
	return &buf, w.FormDataContentType()
}

func (f *fixture) do(t *testing.T, who, method, path string, body io.Reader, contentType string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok := f.tokens[who]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	f.e.ServeHTTP(rec, req)
	return rec
}

// TestAccessMatrix walks every role, and anonymous, against every
// endpoint and asserts the exact status.
func TestAccessMatrix(t *testing.T) {
	f := setup(t)
	type call struct {
		method, path string
		body         func() (io.Reader, string)
		want         map[string]int // anon, admin, viewer, unit (Mediazione), other (SG)
	}
	none := func() (io.Reader, string) { return nil, "" }
	plan := func() (io.Reader, string) { return multipartBody(t, "piano.xlsx", f.plan) }
	sheet := func() (io.Reader, string) { return multipartBody(t, "mediazione.xlsx", f.sheet) }
	values := func() (io.Reader, string) { return strings.NewReader(`{"1.4.1":"160"}`), "application/json" }
	period := func() (io.Reader, string) { return strings.NewReader(`{"closed":false}`), "application/json" }
	m := func(anon, admin, viewer, unit, other int) map[string]int {
		return map[string]int{"anon": anon, "admin": admin, "viewer": viewer, "unit": unit, "other": other}
	}
	calls := []call{
		{"GET", "/healthz", none, m(200, 200, 200, 200, 200)},
		{"GET", "/api/plans", none, m(401, 200, 200, 200, 200)},
		{"POST", "/api/plans", plan, m(401, 200, 403, 403, 403)}, // 200: the same file again
		{"GET", "/api/plans/1", none, m(401, 200, 200, 200, 200)},
		{"GET", "/api/plans/1/units", none, m(401, 200, 200, 200, 200)},
		// another unit's data answer as data that are not there (404/422)
		{"GET", "/api/plans/1/units/mediazione/sheet.xlsx", none, m(401, 200, 403, 200, 404)},
		{"POST", "/api/plans/1/submissions", sheet, m(401, 200, 403, 200, 403)},
		{"PUT", "/api/plans/1/measurements", values, m(401, 200, 403, 200, 422)},
		{"GET", "/api/plans/1/scores", none, m(401, 200, 200, 200, 200)},
		{"GET", "/api/plans/1/scores?unit=mediazione", none, m(401, 200, 200, 200, 404)},
		{"GET", "/api/plans/1/scorecard.xlsx", none, m(401, 200, 200, 403, 403)},
		{"GET", "/api/plans/1/filled-plan.xlsx", none, m(401, 200, 200, 403, 403)},
		{"GET", "/api/plans/1/periods/2020", none, m(401, 200, 200, 200, 200)},
		{"PUT", "/api/plans/1/periods/2020", period, m(401, 200, 403, 403, 403)},
		{"GET", "/api/uploads/999/correction.xlsx", none, m(401, 404, 403, 404, 404)},
	}
	for _, c := range calls {
		for _, who := range []string{"anon", "admin", "viewer", "unit", "other"} {
			body, ct := c.body()
			rec := f.do(t, who, c.method, c.path, body, ct)
			if rec.Code != c.want[who] {
				t.Errorf("%s %s as %s: %d, want %d: %.200s", c.method, c.path, who, rec.Code, c.want[who], rec.Body.String())
			}
			if rec.Code >= 400 && !strings.Contains(rec.Body.String(), `"error":`) {
				t.Errorf("%s %s as %s: error without a sentence: %s", c.method, c.path, who, rec.Body.String())
			}
		}
	}
}

func TestUnitSeesOnlyItsOwn(t *testing.T) {
	f := setup(t)
	var units []struct{ Name, Slug string }
	json.Unmarshal(f.do(t, "unit", "GET", "/api/plans/1/units", nil, "").Body.Bytes(), &units)
	if len(units) != 1 || units[0].Slug != "mediazione" {
		t.Errorf("units = %+v", units)
	}
	var plan model.Plan
	json.Unmarshal(f.do(t, "unit", "GET", "/api/plans/1", nil, "").Body.Bytes(), &plan)
	for _, a := range plan.Actions() {
		if !strings.Contains(strings.Join(a.Units, ","), "Mediazione") {
			t.Errorf("unit sees action %s of %v", a.Code, a.Units)
		}
	}
	if n := len(plan.Actions()); n != 5 {
		t.Errorf("unit sees %d actions, want 5", n)
	}
	// another unit's values: refused as for an action that is not there,
	// and nothing stored
	rec := f.do(t, "other", "PUT", "/api/plans/1/measurements", strings.NewReader(`{"1.4.1":"160"}`), "application/json")
	cur, _ := model.MeasurementsByCode(f.db.Measurements(context.Background(), model.CurrentIn(1, model.Period{Year: 2020})))
	if rec.Code != 422 || len(cur) != 0 {
		t.Errorf("%d, stored %v", rec.Code, cur)
	}
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/periods/2020-06", strings.NewReader(`{"closes_on":"2020-07-15"}`), "application/json"); rec.Code != 200 {
		t.Fatalf("closing date: %d %s", rec.Code, rec.Body.String())
	}
	rec = f.do(t, "unit", "GET", "/api/plans/1/units/mediazione/sheet.xlsx?period=2020-06", nil, "")
	if wb, err := excelize.OpenReader(rec.Body); err != nil {
		t.Error(err)
	} else if v, _ := wb.GetCellValue("Rilevazione", "A3"); !strings.Contains(v, "da restituire entro il 15/07/2020") {
		t.Errorf("A3 = %q, want the closing date", v)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="piano-2020-mediazione-2020-06.xlsx"`) ||
		rec.Header().Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("headers %v", rec.Header())
	}
}

func TestBadInputs(t *testing.T) {
	f := setup(t)
	text := func(s string) func() (io.Reader, string) {
		return func() (io.Reader, string) { return multipartBody(t, "x.xlsx", []byte(s)) }
	}
	tests := []struct {
		name, who, method, path string
		body                    func() (io.Reader, string)
		status                  int
		frag                    string
	}{
		{"not an xlsx", "admin", "POST", "/api/plans", text("ciao"), 422, "non è una cartella di lavoro Excel"},
		{"no file", "admin", "POST", "/api/plans", func() (io.Reader, string) { return strings.NewReader(""), "multipart/form-data; boundary=x" }, 422, "Nessun file"},
		{"plan with errors", "admin", "POST", "/api/plans", text("PK"), 422, "danneggiato"},
		{"unknown plan", "admin", "GET", "/api/plans/42", nil, 404, "non esiste"},
		{"bad plan id", "admin", "GET", "/api/plans/abc", nil, 404, "non esiste"},
		{"bad period", "admin", "GET", "/api/plans/1/scores?period=2020-13", nil, 422, "Periodo"},
		{"bad method", "admin", "GET", "/api/plans/1/scores?method=media", nil, 422, "Metodo"},
		{"bad JSON", "admin", "PUT", "/api/plans/1/measurements", func() (io.Reader, string) { return strings.NewReader("{"), "application/json" }, 422, "JSON"},
		{"wrong value", "admin", "PUT", "/api/plans/1/measurements", func() (io.Reader, string) { return strings.NewReader(`{"1.4.1":"tanti"}`), "application/json" }, 422, "azione 1.4.1"},
		{"plan as submission", "admin", "POST", "/api/plans/1/submissions", func() (io.Reader, string) { return multipartBody(t, "p.xlsx", f.plan) }, 422, "non è una cartella di rilevazione"},
		{"duplicate codes", "admin", "PUT", "/api/plans/1/measurements", func() (io.Reader, string) { return strings.NewReader(`{"1.4.1":"1","1.4.1":"2"}`), "application/json" }, 422, "compare due volte"},
		{"text after the object", "admin", "PUT", "/api/plans/1/measurements", func() (io.Reader, string) { return strings.NewReader(`{"1.4.1":"5"} {"x":1}`), "application/json" }, 422, "altro testo"},
		{"a long value is not echoed whole", "admin", "PUT", "/api/plans/1/measurements", func() (io.Reader, string) {
			return strings.NewReader(`{"1.4.1":"` + strings.Repeat("x", 100_000) + `"}`), "application/json"
		}, 422, "xxx…"},
		{"unknown route", "admin", "GET", "/api/nope", nil, 404, "inesistente"},
		{"bad token", "nobody", "GET", "/api/plans", nil, 401, ""},
	}
	f.tokens["nobody"] = "cru_not-a-token"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			ct := ""
			if tt.body != nil {
				body, ct = tt.body()
			}
			rec := f.do(t, tt.who, tt.method, tt.path, body, ct)
			var doc struct {
				Error   string
				Details []struct{ Cell, Message string }
			}
			json.Unmarshal(rec.Body.Bytes(), &doc)
			if rec.Code != tt.status || !strings.Contains(doc.Error+rec.Body.String(), tt.frag) || doc.Error == "" || rec.Body.Len() > 10_000 {
				t.Errorf("%d %s, want %d with %q", rec.Code, rec.Body.String(), tt.status, tt.frag)
			}
		})
	}
	// a body over 20 MB: 413, and the service still answers
	big := bytes.Repeat([]byte("x"), 21<<20)
	body, ct := multipartBody(t, "grande.xlsx", big)
	if rec := f.do(t, "admin", "POST", "/api/plans", body, ct); rec.Code != 413 || !strings.Contains(rec.Body.String(), "20 MB") {
		t.Errorf("oversized: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do(t, "admin", "GET", "/healthz", nil, ""); rec.Code != 200 {
		t.Errorf("service not answering after bad inputs: %d", rec.Code)
	}
}

// TestClosedPeriod: once closed, units get 409 and nothing changes, while
// admins can still correct, each correction kept in the history.
func TestClosedPeriod(t *testing.T) {
	f := setup(t)
	put := func(who, values string) int {
		return f.do(t, who, "PUT", "/api/plans/1/measurements", strings.NewReader(values), "application/json").Code
	}
	if code := put("unit", `{"1.4.1":"160"}`); code != 200 {
		t.Fatalf("open period: %d", code)
	}
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/periods/2020", strings.NewReader(`{"closed":true}`), "application/json"); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"closed":true`) {
		t.Fatalf("close: %d %s", rec.Code, rec.Body.String())
	}
	rec := f.do(t, "unit", "PUT", "/api/plans/1/measurements", strings.NewReader(`{"1.4.1":"170"}`), "application/json")
	if rec.Code != 409 || !strings.Contains(rec.Body.String(), "è chiusa") {
		t.Errorf("unit in a closed period: %d %s", rec.Code, rec.Body.String())
	}
	body, ct := multipartBody(t, "m.xlsx", f.sheet)
	if rec := f.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct); rec.Code != 409 {
		t.Errorf("upload in a closed period: %d %s", rec.Code, rec.Body.String())
	}
	if code := put("admin", `{"1.4.1":"165"}`); code != 200 {
		t.Errorf("admin correction: %d", code)
	}
	hist, _ := f.db.Measurements(context.Background(), model.MeasurementFilter{PlanID: 1, Code: "1.4.1", ByPeriod: true})
	if len(hist) != 2 || hist[1].Value.Raw != "165" || hist[1].Previous.Raw != "160" {
		t.Errorf("history %+v", hist)
	}
}

func TestRefusedSubmissionOffersCorrection(t *testing.T) {
	f := setup(t)
	// a value in the wrong place: edit the workbook so 1.4.1 says "abc"
	filled := fillCell(t, f.sheet, "H7", "abc")
	body, ct := multipartBody(t, "m.xlsx", filled)
	rec := f.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct)
	var doc struct {
		Error      string
		Details    []struct{ Cell, Message string }
		Correction string
	}
	json.Unmarshal(rec.Body.Bytes(), &doc)
	if rec.Code != 422 || len(doc.Details) != 1 || doc.Details[0].Cell != "Rilevazione!H7" || doc.Correction == "" {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do(t, "unit", "GET", doc.Correction, nil, ""); rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), "correzioni") {
		t.Errorf("correction download: %d %v", rec.Code, rec.Header())
	}
	if rec := f.do(t, "other", "GET", doc.Correction, nil, ""); rec.Code != 404 {
		t.Errorf("another unit read the correction: %d", rec.Code)
	}
}

// TestOldVersion: once a new version of the plan is imported, a workbook
// for the old one goes to the version in force when its actions carry
// there (same code, same form), else it is refused by cell; API values
// sent through the old plan id are checked against the version in force
// and stored there; nothing lands in the old version.
func TestOldVersion(t *testing.T) {
	tests := []struct {
		name   string
		target any // 1.4.1's target in version 2 (Tessuto economico!P12)
		code   int // the workbook's answer
		put    int // the API's, whose value is checked against version 2
		says   string
		cell   string
	}{
		{"OKTargetChanged", 160, 200, 200, "", ""},
		{"ErrFormChanged", "luglio", 409, 422, "azione 1.4.1: «161» non è un mese", "Rilevazione!A7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			v2, err := excelize.OpenReader(bytes.NewReader(f.plan))
			if err != nil {
				t.Fatal(err)
			}
			v2.SetCellValue("Tessuto economico", "P12", tt.target)
			var buf bytes.Buffer
			if err := v2.Write(&buf); err != nil {
				t.Fatal(err)
			}
			body, ct := multipartBody(t, "piano-v2.xlsx", buf.Bytes())
			if rec := f.do(t, "admin", "POST", "/api/plans", body, ct); rec.Code != 201 {
				t.Fatalf("import v2: %d %s", rec.Code, rec.Body.String())
			}
			var doc [2]struct {
				Error    string
				Details  []struct{ Cell, Message string }
				Revised  *model.ReceiptRevision
				Workbook string
			}
			body, ct = multipartBody(t, "m.xlsx", fillCell(t, f.sheet, "H7", "160"))
			collect := f.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct)
			put := f.do(t, "unit", "PUT", "/api/plans/1/measurements?period=2020-06", strings.NewReader(`{"1.4.1":"161"}`), "application/json")
			json.Unmarshal(collect.Body.Bytes(), &doc[0])
			json.Unmarshal(put.Body.Bytes(), &doc[1])
			if collect.Code != tt.code || put.Code != tt.put {
				t.Fatalf("collect %d %s\nput %d %s", collect.Code, collect.Body, put.Code, put.Body)
			}
			ctx := context.Background()
			if cur, _ := model.MeasurementsByCode(f.db.Measurements(ctx, model.CurrentIn(1, model.Period{Year: 2020}))); len(cur) != 0 {
				t.Errorf("stored on the old version: %v", cur)
			}
			year, _ := model.MeasurementsByCode(f.db.Measurements(ctx, model.CurrentIn(2, model.Period{Year: 2020})))
			june, _ := model.MeasurementsByCode(f.db.Measurements(ctx, model.CurrentIn(2, model.Period{Year: 2020, Month: 6})))
			if tt.code == 200 {
				if doc[0].Revised == nil || strings.Join(doc[0].Revised.Changes, "|") != "1.4.1: target 170 → 160" {
					t.Errorf("the receipt's revision: %+v", doc[0].Revised)
				}
				if year["1.4.1"] == nil || year["1.4.1"].Value.Raw != "160" || june["1.4.1"] == nil || june["1.4.1"].Value.Raw != "161" {
					t.Errorf("version 2 holds %v and %v, want 160 and 161", year["1.4.1"], june["1.4.1"])
				}
				return
			}
			if len(year)+len(june) != 0 {
				t.Errorf("stored on version 2: %v %v", year, june)
			}
			if doc[0].Workbook != "/api/plans/2/units/mediazione/sheet.xlsx?period=2020" {
				t.Errorf("fresh workbook offered: %q", doc[0].Workbook)
			}
			if !strings.Contains(doc[1].Details[0].Message, tt.says) || len(doc[0].Details) != 1 || doc[0].Details[0].Cell != tt.cell ||
				!strings.Contains(doc[0].Details[0].Message, "si misura in un'altra forma") {
				t.Errorf("collect %+v\nput %+v", doc[0], doc[1])
			}
		})
	}
}

// TestCorrectionByUnitNotName: tokens made without a label all share the
// display name "token:"; reading a refused workbook back is decided by the
// sender's unit, so another unit's token learns nothing, not even that
// the upload exists.
func TestCorrectionByUnitNotName(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	for name, unit := range map[string]string{"med1": "Mediazione", "med2": "Mediazione", "sg": "SG"} {
		_, tok, err := f.db.NewToken(ctx, model.RoleUnit, unit, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[name] = tok
	}
	body, ct := multipartBody(t, "mediazione-segreta.xlsx", fillCell(t, f.sheet, "H7", "valore-riservato"))
	rec := f.do(t, "med1", "POST", "/api/plans/1/submissions", body, ct)
	var doc struct{ Correction string }
	json.Unmarshal(rec.Body.Bytes(), &doc)
	if rec.Code != 422 || doc.Correction == "" {
		t.Fatalf("refusal: %d %s", rec.Code, rec.Body.String())
	}
	tests := []struct {
		who    string
		status int
	}{
		{"med1", 200},  // the sender
		{"med2", 200},  // its own unit, another token
		{"admin", 200}, // the Controller
		{"sg", 404},    // another unit, with the same display name
		{"other", 404},
		{"viewer", 403},
	}
	missing := f.do(t, "sg", "GET", "/api/uploads/999/correction.xlsx", nil, "")
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			rec := f.do(t, tt.who, "GET", doc.Correction, nil, "")
			if rec.Code != tt.status {
				t.Fatalf("%d, want %d: %.200s", rec.Code, tt.status, rec.Body.String())
			}
			if tt.status == 404 && (strings.Contains(rec.Body.String(), "segreta") || strings.Contains(rec.Body.String(), "riservato") ||
				strings.Replace(rec.Body.String(), strings.TrimPrefix(strings.TrimSuffix(doc.Correction, "/correction.xlsx"), "/api/uploads/"), "999", 1) != missing.Body.String()) {
				t.Errorf("revealed: %s (a missing upload: %s)", rec.Body.String(), missing.Body.String())
			}
		})
	}
}

// TestPeriodClosingDate: the API takes and gives the closing date as a
// day, "2099-12-31", and refuses anything else.
func TestPeriodClosingDate(t *testing.T) {
	f := setup(t)
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{"Future", `{"closes_on":"2099-12-31"}`, 200, `"closes_on":"2099-12-31","closed":false`},
		{"Past", `{"closes_on":"2021-01-31"}`, 200, `"closes_on":"2021-01-31","closed":true`},
		{"Cleared", `{}`, 200, `{"period":"2020","closed":false}`},
		{"NotADate", `{"closes_on":"31/01/2021"}`, 422, "AAAA-MM-GG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do(t, "admin", "PUT", "/api/plans/1/periods/2020", strings.NewReader(tt.body), "application/json")
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("%d %s, want %d with %s", rec.Code, rec.Body.String(), tt.status, tt.want)
			}
		})
	}
}

// testLog is where the served pages log: nowhere, or stderr with
// CRUSCOTTO_TEST_LOG set, to see why a request failed.
func testLog() io.Writer {
	if os.Getenv("CRUSCOTTO_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}
