package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cruscotto/exporter/planwriter"
	"cruscotto/model"
)

// upload posts a file from the plans page as the browser does.
func (b *browser) upload(t *testing.T, path, csrf, name string, data []byte) *httptest.ResponseRecorder {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("csrf", csrf)
	part, _ := w.CreateFormFile("file", name)
	part.Write(data)
	w.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.f.e.ServeHTTP(rec, req)
	return rec
}

// follow is the page a redirect leads to, in the same session.
func (b *browser) follow(t *testing.T, rec *httptest.ResponseRecorder) *httptest.ResponseRecorder {
	t.Helper()
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("not a redirect: %d %.300s", rec.Code, rec.Body.String())
	}
	return b.do(t, "GET", rec.Header().Get("Location"), nil)
}

var formInput = regexp.MustCompile(`<input (?:type="hidden" )?name="([^"]+)" value="([^"]*)"`)
var selectedField = regexp.MustCompile(`<select name="(field-[0-9]+-[0-9]+)"`)

// TestMappingPage: a plan whose headers the importer does not know gets
// the mapping page; the admin's choices import it and are kept; next
// year's file is read with them by itself, and the result says so.
func TestMappingPage(t *testing.T) {
	f := setup(t)
	if _, err := f.db.AddUser(context.Background(), "carla", "password-carla", model.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f}
	if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"carla"}, "password": {"password-carla"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d", rec.Code)
	}
	csrf := csrfField.FindStringSubmatch(b.do(t, "GET", "/piani", nil).Body.String())[1]
	data, err := planwriter.Foreign(2023)
	if err != nil {
		t.Fatal(err)
	}
	sent := b.upload(t, "/piani", csrf, "piano-2023.xlsx", data)
	if sent.Code != http.StatusSeeOther || !strings.HasPrefix(sent.Header().Get("Location"), "/piani/mappatura?caricamento=") {
		t.Fatalf("upload: %d %q", sent.Code, sent.Header().Get("Location"))
	}
	b.do(t, "GET", sent.Header().Get("Location"), nil)
	page := b.do(t, "GET", sent.Header().Get("Location"), nil) // a reload shows it again, from the kept file
	body := page.Body.String()
	if page.Code != http.StatusOK || !strings.Contains(body, "Quali colonne leggere") || !strings.Contains(body, "Imprese assistite") {
		t.Fatalf("mapping page: %d\n%.600s", page.Code, body)
	}
	// the admin picks each column's field
	form := url.Values{}
	labels := map[string]string{}
	for _, m := range formInput.FindAllStringSubmatch(body, -1) {
		form.Set(m[1], m[2])
		if strings.HasPrefix(m[1], "label-") {
			labels[strings.TrimPrefix(m[1], "label-")] = m[2]
		}
	}
	fields := planwriter.ForeignFields()
	for _, m := range selectedField.FindAllStringSubmatch(body, -1) {
		label := labels[strings.TrimPrefix(m[1], "field-")]
		form.Set(m[1], fields[strings.TrimSuffix(label, " 2023")])
	}
	done := b.follow(t, b.do(t, "POST", "/piani/mappatura", form))
	if done.Code != http.StatusOK || !strings.Contains(done.Body.String(), "Piano 2023 importato") || !strings.Contains(done.Body.String(), "mappatura confermata per «piano-2023.xlsx»") {
		t.Fatalf("confirm: %d\n%.800s", done.Code, done.Body.String())
	}
	next, err := planwriter.Foreign(2024)
	if err != nil {
		t.Fatal(err)
	}
	again := b.follow(t, b.upload(t, "/piani", csrf, "piano-2024.xlsx", next))
	if again.Code != http.StatusOK || !strings.Contains(again.Body.String(), "Piano 2024 importato") || !strings.Contains(again.Body.String(), "mappatura confermata per «piano-2023.xlsx»") {
		t.Errorf("next year's file: %d\n%.800s", again.Code, again.Body.String())
	}
	// a choice that leaves out a required field is refused with its name
	form.Set("field-0-9", "ignore")
	rec := b.do(t, "POST", "/piani/mappatura", form)
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/piani/mappatura?caricamento=") {
		t.Fatalf("incomplete mapping: %d %q", rec.Code, loc)
	}
	if rec := b.follow(t, rec); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "La mappatura scelta non si può applicare") || !strings.Contains(rec.Body.String(), "action.target") {
		t.Errorf("incomplete mapping: %d %.400s", rec.Code, rec.Body.String())
	}
	// the outcome shows once: a reload of the plans page does not repeat it
	if rec := b.do(t, "GET", "/piani", nil); strings.Contains(rec.Body.String(), "importato") {
		t.Error("the import's outcome is shown again on a reload")
	}
}

// TestMappingOverTheAPI: the API answers a plan it cannot read with the
// proposed mapping, and reads it when the mapping comes back with it.
func TestMappingOverTheAPI(t *testing.T) {
	f := setup(t)
	data, err := planwriter.Foreign(2023)
	if err != nil {
		t.Fatal(err)
	}
	body, ct := multipartBody(t, "piano-2023.xlsx", data)
	rec := f.do(t, "admin", "POST", "/api/plans", body, ct)
	var doc struct {
		Error   string
		Upload  int64
		Mapping *model.Mapping
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != 422 || doc.Mapping == nil || doc.Upload == 0 {
		t.Fatalf("%d %.400s", rec.Code, rec.Body.String())
	}
	planwriter.ChooseForeignFields(doc.Mapping)
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, _ := w.CreateFormFile("file", "piano-2023.xlsx")
	part.Write(data)
	w.WriteField("mapping", string(doc.Mapping.JSON()))
	w.Close()
	if rec := f.do(t, "admin", "POST", "/api/plans", &buf, w.FormDataContentType()); rec.Code != 201 || !strings.Contains(rec.Body.String(), `"year":2023`) {
		t.Errorf("with the mapping: %d %.400s", rec.Code, rec.Body.String())
	}
}
