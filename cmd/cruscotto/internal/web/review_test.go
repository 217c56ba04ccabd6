package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// TestReviewValues: the Controller marks a unit's value «da rivedere»
// with a comment from the action's page; the unit reads the comment on
// its to-do list and in its next workbook, the plan page and the tracker
// show it; the value sent again is «da validare» again; validated through
// the API, the tracker counts it and the scored workbook says which
// values are still to validate. A review without a comment for «da
// rivedere», or by management, is refused.
func TestReviewValues(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	anna := model.Principal{Username: "anna", Role: model.RoleUnit, Unit: "Mediazione"}
	if _, err := f.a.Measure(ctx, anna, 1, "2020", map[string]any{"1.4.1": "150", "1.4.2": "45%"}, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	admin, csrf := loggedIn(t, f, "carla", model.RoleAdmin, "")
	page := admin.do(t, "GET", "/piani/1/azioni/1.4.1?period=2020", nil).Body.String()
	if !strings.Contains(page, "review-da-validare") || !strings.Contains(page, `action="/piani/1/azioni/1.4.1/verifica?period=2020"`) {
		t.Fatalf("the action page offers no review:\n%.1500s", page)
	}
	if rec := admin.do(t, "POST", "/piani/1/azioni/1.4.1/verifica?period=2020", url.Values{"csrf": {csrf}, "status": {"da rivedere"}}); rec.Code == http.StatusSeeOther {
		t.Error("«da rivedere» without a comment was taken")
	}
	rec := admin.do(t, "POST", "/piani/1/azioni/1.4.1/verifica?period=2020", url.Values{"csrf": {csrf}, "status": {"da rivedere"}, "comment": {"Il dato non torna con il registro delle istanze."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("review: %d %s", rec.Code, rec.Body.String())
	}
	if page := admin.do(t, "GET", "/piani/1/azioni/1.4.1?period=2020", nil).Body.String(); !strings.Contains(page, "review-da-rivedere") || !strings.Contains(page, "registro delle istanze") {
		t.Error("the action page does not show the review")
	}
	if page := admin.do(t, "GET", "/piani/1?period=2020", nil).Body.String(); !strings.Contains(page, `review-da-rivedere`) || !strings.Contains(page, "Commento del Controller:") {
		t.Error("the plan page does not show the review")
	}
	home := f.do(t, "unit", "GET", "/struttura", nil, "").Body.String()
	if !strings.Contains(home, "Da rivedere, su richiesta del Controller") || !strings.Contains(home, "registro delle istanze") {
		t.Error("the unit's to-do list does not show the comment")
	}
	sheet := f.do(t, "unit", "GET", "/api/plans/1/units/mediazione/sheet.xlsx?period=2020", nil, "")
	wb, err := excelize.OpenReader(bytes.NewReader(sheet.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(workbookRow(t, wb, "Rilevazione", 1, "1.4.1"), "|"), "DA RIVEDERE — il Controller chiede: Il dato non torna") {
		t.Error("the unit's next workbook does not carry the comment")
	}
	wb.Close()
	tracker := admin.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String()
	if !strings.Contains(tracker, "1 da rivedere") || !strings.Contains(tracker, "0 di 2") {
		t.Error("the tracker does not count the review")
	}
	// sent again: «da validare»; validated through the API
	if _, err := f.a.Measure(ctx, anna, 1, "2020", map[string]any{"1.4.1": "152"}, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	if page := admin.do(t, "GET", "/piani/1/azioni/1.4.1?period=2020", nil).Body.String(); strings.Contains(page, "review-da-rivedere") {
		t.Error("a value sent again kept the review of the one before")
	}
	if rec := f.do(t, "admin", "PUT", "/api/plans/1/reviews/1.4.1?period=2020", strings.NewReader(`{"status":"validato"}`), "application/json"); rec.Code != http.StatusOK {
		t.Fatalf("PUT review: %d %s", rec.Code, rec.Body.String())
	}
	if rec := f.do(t, "viewer", "PUT", "/api/plans/1/reviews/1.4.2?period=2020", strings.NewReader(`{"status":"validato"}`), "application/json"); rec.Code != http.StatusForbidden && rec.Code != http.StatusNotFound {
		t.Errorf("a viewer reviewed: %d", rec.Code)
	}
	if tracker := admin.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String(); !strings.Contains(tracker, "1 di 2") {
		t.Error("the tracker does not count the validated value")
	}
	scored := f.do(t, "viewer", "GET", "/api/plans/1/scorecard.xlsx?period=2020", nil, "")
	wb, err = excelize.OpenReader(bytes.NewReader(scored.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got := strings.Join(workbookRow(t, wb, "Dettaglio", 2, "1.4.1"), "|"); !strings.Contains(got, "|validato|") {
		t.Errorf("Dettaglio's 1.4.1 does not say validated: %s", got)
	}
	if got := strings.Join(workbookRow(t, wb, "Dettaglio", 2, "1.4.2"), "|"); !strings.Contains(got, "|da validare|") {
		t.Errorf("Dettaglio's 1.4.2 does not say to validate: %s", got)
	}
	// the rest of the unit's values validated at once, from the tracker
	tracker = admin.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String()
	if !strings.Contains(tracker, "Valida il valore completo") {
		t.Fatalf("the tracker offers no «Valida»:\n%.300s", tracker)
	}
	if rec := admin.do(t, "POST", "/piani/1/strutture/mediazione/valida?period=2020", url.Values{"csrf": {csrf}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("validate all: %d %s", rec.Code, rec.Body.String())
	}
	if tracker := admin.do(t, "GET", "/piani/1/strutture?period=2020", nil).Body.String(); !strings.Contains(tracker, "2 di 2") || strings.Contains(tracker, "da validare</button>") {
		t.Error("the unit's values are not all validated")
	}
}
