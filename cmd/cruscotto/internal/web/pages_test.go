package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// browser is a cookie-keeping client of the fixture's handler.
type browser struct {
	f       *fixture
	cookies []*http.Cookie
}

func (b *browser) do(t *testing.T, method, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	return b.send(t, method, path, form, nil)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func TestLoginAndPages(t *testing.T) {
	f := setup(t)
	if _, err := f.db.AddUser(context.Background(), "anna", "password-anna", model.RoleUnit, "Mediazione"); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f}
	if rec := b.do(t, "GET", "/piani", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/accesso?dopo=%2Fpiani" {
		t.Errorf("anonymous /piani: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"anna"}, "password": {"sbagliata"}}); rec.Code != 401 || !strings.Contains(rec.Body.String(), "non corretti") {
		t.Errorf("wrong password: %d", rec.Code)
	}
	rec := b.do(t, "POST", "/accesso", url.Values{"username": {"anna"}, "password": {"password-anna"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d %s", rec.Code, rec.Body.String())
	}
	ck := rec.Result().Cookies()[0]
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Name != "cruscotto_session" {
		t.Errorf("cookie %+v", ck)
	}
	page := b.do(t, "GET", "/piani/1", nil)
	if page.Code != 200 || !strings.Contains(page.Body.String(), "1.4.1") || strings.Contains(page.Body.String(), "1.1.1") {
		t.Errorf("unit's plan page: %d", page.Code)
	}
	if h := page.Header().Get("Content-Security-Policy"); !strings.Contains(h, "default-src 'self'") {
		t.Errorf("CSP %q", h)
	}
	// forms need the session's CSRF token
	if rec := b.do(t, "POST", "/uscita", url.Values{}); rec.Code != 403 {
		t.Errorf("logout without CSRF: %d", rec.Code)
	}
	m := csrfField.FindStringSubmatch(page.Body.String())
	if m == nil {
		t.Fatal("no CSRF field on the page")
	}
	// a unit cannot upload a plan
	if rec := b.do(t, "POST", "/piani", url.Values{"csrf": {m[1]}}); rec.Code != 403 || !strings.Contains(rec.Body.String(), "<html") {
		t.Errorf("unit uploading a plan: %d, want 403 as a page", rec.Code)
	}
	if rec := b.do(t, "POST", "/uscita", url.Values{"csrf": {m[1]}}); rec.Code != http.StatusSeeOther {
		t.Errorf("logout: %d", rec.Code)
	}
	if rec := b.do(t, "GET", "/piani", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("after logout: %d", rec.Code)
	}
	// a missing page is an Italian page for browsers, JSON for the API
	if rec := b.do(t, "GET", "/nulla", nil); rec.Code != 404 || !strings.Contains(rec.Body.String(), "inesistente") || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("404 page: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}

func TestPeriodFormAndPanic(t *testing.T) {
	f := setup(t)
	if _, err := f.db.AddUser(context.Background(), "ctrl", "password-ctrl", model.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f}
	b.do(t, "POST", "/accesso", url.Values{"username": {"ctrl"}, "password": {"password-ctrl"}})
	page := b.do(t, "GET", "/piani/1/strutture", nil).Body.String()
	m := csrfField.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "Chiudi ora la raccolta") {
		t.Fatalf("no period form:\n%.500s", page)
	}
	if rec := b.do(t, "POST", "/piani/1/periodo?period=2020", url.Values{"csrf": {m[1]}, "closed": {"true"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("close: %d %s", rec.Code, rec.Body.String())
	}
	if page := b.do(t, "GET", "/piani/1/strutture", nil).Body.String(); !regexp.MustCompile(`Raccolta chiusa il \d\d/\d\d/\d{4} da ctrl\.`).MatchString(page) {
		t.Error("the page does not show the period closed, and by whom")
	}
	if rec := f.do(t, "unit", "PUT", "/api/plans/1/measurements", strings.NewReader(`{"1.4.1":"1"}`), "application/json"); rec.Code != 409 {
		t.Errorf("unit after closing from the page: %d", rec.Code)
	}
	// a panic in a handler is a 500 sentence, and the service goes on
	f.e.GET("/api/guasto", func(echo.Context) error { panic("guasto di prova") })
	rec := f.do(t, "admin", "GET", "/api/guasto", nil, "")
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "guasto di prova") || !strings.Contains(rec.Body.String(), "Errore interno") {
		t.Errorf("panic: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do(t, "admin", "GET", "/healthz", nil, ""); rec.Code != 200 {
		t.Errorf("after a panic: %d", rec.Code)
	}
}

// TestNextYearPlanPage: next year's plan shows its notes and its targets
// as written, signs included, to the admin and to a unit.
func TestNextYearPlanPage(t *testing.T) {
	f := setup(t)
	data, err := os.ReadFile("../../../../testdata/drift/all.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	plan, _, err := f.a.ImportPlan(context.Background(), model.Principal{Username: "test", Role: model.RoleAdmin}, "piano-2021.xlsx", data, app.ImportOptions{State: model.StateCollecting})
	if err != nil {
		t.Fatal(err)
	}
	// values in the new forms through the API: SI, a date, a plain value
	// for a signed target
	put := fmt.Sprintf("/api/plans/%d/measurements", plan.ID)
	if rec := f.do(t, "admin", "PUT", put, strings.NewReader(`{"1.5.1":"SI","3.4.1":"31/03/2021","6.1.1":"95%","5.1.1":"no"}`), "application/json"); rec.Code != 200 {
		t.Fatalf("PUT values: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do(t, "admin", "PUT", put, strings.NewReader(`{"1.5.1":"forse","3.4.1":"marzo"}`), "application/json"); rec.Code != 422 || !strings.Contains(rec.Body.String(), "SI o NO") || !strings.Contains(rec.Body.String(), "non è una data") {
		t.Errorf("PUT wrong values: %d %s", rec.Code, rec.Body.String())
	}
	for _, u := range []struct{ name, role, unit string }{{"carla", "admin", ""}, {"sara", "unit", "Segreteria"}} {
		if _, err := f.db.AddUser(context.Background(), u.name, "password-"+u.name, model.Role(u.role), u.unit); err != nil {
			t.Fatal(err)
		}
		b := &browser{f: f}
		if rec := b.do(t, "POST", "/accesso", url.Values{"username": {u.name}, "password": {"password-" + u.name}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("login %s: %d", u.name, rec.Code)
		}
		page := b.do(t, "GET", fmt.Sprintf("/piani/%d", plan.ID), nil).Body.String()
		for _, want := range []string{"Note del piano", "I target 2021", "≥ 90%"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s's plan page lacks %q", u.name, want)
			}
		}
	}
}
