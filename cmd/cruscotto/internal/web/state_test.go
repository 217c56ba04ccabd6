package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// draftFixture is a service whose admin, carla, has imported the 2020
// plan as a draft; it returns her session, her principal and the file.
func draftFixture(t *testing.T) (*browser, model.Principal, []byte) {
	t.Helper()
	admin, _ := emptyFixture(t)
	plan, err := os.ReadFile("../../../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	ctrl := model.Principal{Username: "carla", Role: model.RoleAdmin}
	if _, _, err := admin.f.a.ImportPlan(context.Background(), ctrl, "piano.xlsx", plan, app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return admin, ctrl, plan
}

// TestPlanStatePages: a plan imported as a draft is seen by the admin
// and management, with its state on its page and in the list, and by no
// unit (404 as for a plan that is not there, an empty list, no
// workbook); opened from its page with the year end's closing date, the
// unit sees it and the period closes on that date; archived, it leaves
// the unit's pages and refuses values, to the admin too, until reopened.
// Every change is listed with who made it.
func TestPlanStatePages(t *testing.T) {
	admin, ctrl, _ := draftFixture(t)
	f := admin.f
	unit, _ := loggedIn(t, f, "mediazione", model.RoleUnit, "Mediazione")
	viewer, _ := loggedIn(t, f, "sg", model.RoleViewer, "")
	csrf := csrfField.FindStringSubmatch(admin.do(t, "GET", "/piani/1", nil).Body.String())[1]

	for _, who := range []*browser{admin, viewer} {
		if page := who.do(t, "GET", "/piani/1", nil); page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `state-bozza">bozza</span>`) {
			t.Errorf("a draft on its page: %d", page.Code)
		}
	}
	unitSees := func() bool {
		t.Helper()
		page, list := unit.do(t, "GET", "/piani/1", nil), unit.do(t, "GET", "/piani", nil).Body.String()
		sheet := unit.do(t, "GET", "/api/plans/1/units/mediazione/sheet.xlsx", nil)
		seen, listed := page.Code == http.StatusOK, strings.Contains(list, `href="/piani/1"`)
		if seen != listed || seen != (sheet.Code == http.StatusOK) {
			t.Fatalf("the unit sees the page %v, the list %v, the workbook %d", seen, listed, sheet.Code)
		}
		return seen
	}
	if unitSees() {
		t.Fatal("a unit sees a draft")
	}
	// opened with the year end's closing date
	rec := admin.do(t, "POST", "/piani/1/stato", url.Values{"csrf": {csrf}, "state": {"raccolta"}, "chiusura": {"2021-01-31"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("open: %d %s", rec.Code, rec.Body.String())
	}
	if !unitSees() {
		t.Fatal("the unit does not see the plan in collection")
	}
	st, err := f.a.PeriodStatus(context.Background(), ctrl, 1, model.Period{Year: 2020})
	if err != nil || st.ClosesOn == nil || st.ClosesOn.String() != "2021-01-31" {
		t.Errorf("the year end closes on %v, %v", st.ClosesOn, err)
	}
	// archived: off the unit's pages, no values from anyone
	rec = admin.do(t, "POST", "/piani/1/stato", url.Values{"csrf": {csrf}, "state": {"archiviato"}})
	if rec.Code != http.StatusSeeOther || unitSees() {
		t.Fatalf("archive: %d, or the unit still sees it", rec.Code)
	}
	if _, err := f.a.Measure(context.Background(), ctrl, 1, "2020", map[string]any{"1.4.1": "150"}, model.SourceAPI); model.ErrorCode(err) != model.EConflict {
		t.Errorf("a value for an archived plan: %v", err)
	}
	page := admin.do(t, "GET", "/piani/1", nil).Body.String()
	for _, want := range []string{"Archiviato:", "Cambi di stato", "bozza (carla)", "in raccolta (carla)", "archiviato (carla)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the plan page lacks %q", want)
		}
	}
	// a state the service does not know
	if rec := admin.do(t, "POST", "/piani/1/stato", url.Values{"csrf": {csrf}, "state": {"pubblicato"}}); rec.Code != http.StatusBadRequest && rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown state: %d", rec.Code)
	}
	// management may not change it
	if rec := viewer.do(t, "POST", "/piani/1/stato", url.Values{"csrf": {csrf}, "state": {"raccolta"}}); rec.Code == http.StatusSeeOther {
		t.Error("a viewer changed the state")
	}
}

// TestDeleteNeverOpenedPlan: a draft's page offers its deletion, which is
// confirmed on a page saying what goes and what stays, and then the plan
// is gone and the plans page says so; a plan once opened offers none and
// the API refuses it (409).
func TestDeleteNeverOpenedPlan(t *testing.T) {
	admin, ctrl, plan := draftFixture(t)
	f := admin.f
	if page := admin.do(t, "GET", "/piani/1", nil).Body.String(); !strings.Contains(page, `href="/piani/1/elimina"`) {
		t.Fatal("a draft's page offers no deletion")
	}
	confirm := admin.do(t, "GET", "/piani/1/elimina", nil)
	if confirm.Code != http.StatusOK || !strings.Contains(confirm.Body.String(), "Restano nel registro dei caricamenti") {
		t.Fatalf("confirmation: %d %.400s", confirm.Code, confirm.Body.String())
	}
	csrf := csrfField.FindStringSubmatch(confirm.Body.String())[1]
	done := admin.follow(t, admin.do(t, "POST", "/piani/1/elimina", url.Values{"csrf": {csrf}}))
	if !strings.Contains(done.Body.String(), "Piano 2020 eliminato (1 versione)") {
		t.Errorf("after the deletion: %.600s", done.Body.String())
	}
	if rec := admin.do(t, "GET", "/piani/1", nil); rec.Code != http.StatusNotFound {
		t.Errorf("the deleted plan's page: %d", rec.Code)
	}
	// imported again and opened: no deletion
	if _, _, err := f.a.ImportPlan(context.Background(), ctrl, "piano.xlsx", plan, app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	plans, _ := f.a.Plans(context.Background(), ctrl)
	id := strconv.FormatInt(plans[0].ID, 10)
	if page := admin.do(t, "GET", "/piani/"+id, nil).Body.String(); strings.Contains(page, "/elimina") {
		t.Error("an opened plan's page offers its deletion")
	}
	_, token, err := f.db.NewToken(context.Background(), model.RoleAdmin, "", "api", nil)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["api"] = token
	if rec := f.do(t, "api", "DELETE", "/api/plans/"+id, nil, ""); rec.Code != http.StatusConflict {
		t.Errorf("DELETE of an opened plan: %d %s", rec.Code, rec.Body.String())
	}
}

// TestFirstSteps: the first page of an empty database is a checklist —
// import the plan, one user per unit, open the plan with its deadline —
// each step ticked as it is done, and gone once all are.
func TestFirstSteps(t *testing.T) {
	admin, _ := emptyFixture(t)
	f := admin.f
	page := admin.do(t, "GET", "/piani", nil).Body.String()
	if !strings.Contains(page, "Per avviare la raccolta") || !strings.Contains(page, "Caricare il piano della performance") {
		t.Fatalf("an empty database's first page:\n%.1500s", page)
	}
	plan, err := os.ReadFile("../../../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	ctrl := model.Principal{Username: "carla", Role: model.RoleAdmin}
	if _, _, err := f.a.ImportPlan(context.Background(), ctrl, "piano.xlsx", plan, app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	page = admin.do(t, "GET", "/piani", nil).Body.String()
	if !strings.Contains(page, "✓</span> Piano 2020 caricato") || !strings.Contains(page, "Creare un utente per ogni struttura</a></strong>: 0 su") ||
		!strings.Contains(page, "Aprire il piano 2020 alla raccolta") {
		t.Errorf("after the import:\n%.2000s", page)
	}
	steps, err := f.a.FirstSteps(context.Background(), ctrl)
	if err != nil {
		t.Fatal(err)
	}
	plans, _ := f.a.Plans(context.Background(), ctrl)
	units := map[string]bool{}
	for _, u := range mustPlanUnits(t, f, plans[0].ID) {
		if !model.NotAUnit(u) && !units[u] {
			units[u] = true
			if _, err := f.a.AddUser(context.Background(), ctrl, "u-"+model.Slug(u), "password-"+model.Slug(u), model.RoleUnit, u); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(units) != steps.Units {
		t.Errorf("%d units to give a user, the checklist counts %d", len(units), steps.Units)
	}
	if _, err := f.a.SetPlanState(context.Background(), ctrl, plans[0].ID, model.StateCollecting, map[string]string{"2020": "2021-01-31"}); err != nil {
		t.Fatal(err)
	}
	if page := admin.do(t, "GET", "/piani", nil).Body.String(); strings.Contains(page, "Per avviare la raccolta") {
		t.Error("the checklist stays once every step is done")
	}
}

func mustPlanUnits(t *testing.T, f *fixture, id int64) []string {
	t.Helper()
	p, err := f.db.Plan(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p.EntryUnits()
}
