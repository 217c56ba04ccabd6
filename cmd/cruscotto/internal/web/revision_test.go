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

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// revised is the fixture's plan with 1.4.1's target corrected to 160 and
// 1.4.2 (a percentage) turned into a count.
func revised(t *testing.T, plan []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(plan))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.SetCellValue("Tessuto economico", "P12", 160)
	f.SetCellValue("Tessuto economico", "P13", 12)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var formAction = regexp.MustCompile(`<form method="post" action="(/piani/revisione/[0-9]+)"`)

// TestRevisionConfirmedInPages: a new version of the plan in force sent
// from the plans page is not imported at once: the admin sees what it
// changes and which values would stay behind, confirms, and is sent to
// the result (303), which lists the same changes; the plan page of the
// new version links to them. Values carry and are scored against the new
// targets; the history says where they came from.
func TestRevisionConfirmedInPages(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	if _, err := f.db.AddUser(ctx, "carla", "password-carla", model.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	put := f.do(t, "unit", "PUT", "/api/plans/1/measurements?period=2020-06", strings.NewReader(`{"1.4.1":"155","1.4.2":"45%"}`), "application/json")
	if put.Code != 200 {
		t.Fatalf("values: %d %s", put.Code, put.Body)
	}
	b := &browser{f: f}
	if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"carla"}, "password": {"password-carla"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d", rec.Code)
	}
	csrf := csrfField.FindStringSubmatch(b.do(t, "GET", "/piani", nil).Body.String())[1]
	sent := b.upload(t, "/piani", csrf, "piano-v2.xlsx", revised(t, f.plan))
	if sent.Code != http.StatusSeeOther || !strings.HasPrefix(sent.Header().Get("Location"), "/piani/revisione/") {
		t.Fatalf("upload: %d %q %.300s", sent.Code, sent.Header().Get("Location"), sent.Body)
	}
	ask := b.follow(t, sent)
	body := ask.Body.String()
	for _, want := range []string{"Nuova versione del piano 2020: cosa cambia", "1.4.1", "170", "160", "1 valore non è riportato", "<strong>1.4.2</strong>, giugno 2020: 45%",
		"Conferma: importa la versione 2", "Annulla", "Avvisi dell'importazione ("} {
		if !strings.Contains(body, want) {
			t.Errorf("the confirmation page lacks %q", want)
		}
	}
	if plans, _ := f.db.Plans(ctx, model.PlanFilter{}); len(plans) != 1 {
		t.Fatalf("imported before the confirmation: %d versions", len(plans))
	}
	action := formAction.FindStringSubmatch(body)
	if action == nil {
		t.Fatalf("no confirmation form:\n%s", body)
	}
	confirm := url.Values{}
	for _, m := range formInput.FindAllStringSubmatch(body, -1) {
		confirm.Set(m[1], m[2])
	}
	done := b.do(t, "POST", action[1], confirm)
	if done.Code != http.StatusSeeOther || done.Header().Get("Location") != "/piani" {
		t.Fatalf("confirm: %d %q %.300s", done.Code, done.Header().Get("Location"), done.Body)
	}
	result := b.follow(t, done).Body.String()
	for _, want := range []string{"Piano 2020 importato (versione 2)", "Cosa è cambiato rispetto alla versione 1", "1.4.2", "1 valore riportato dalla versione 1"} {
		if !strings.Contains(result, want) {
			t.Errorf("the result lacks %q", want)
		}
	}
	if again := b.do(t, "POST", action[1], confirm); again.Code == http.StatusSeeOther && strings.Contains(b.follow(t, again).Body.String(), "versione 3") {
		t.Error("a second confirmation imported a third version")
	}
	if v1 := b.do(t, "GET", "/piani/1", nil).Body.String(); !strings.Contains(v1, "Versione sostituita") || !strings.Contains(v1, `<a href="/piani/2">versione 2</a>`) {
		t.Error("version 1's page does not say it was replaced")
	}
	plan := b.do(t, "GET", "/piani/2", nil).Body.String()
	if strings.Contains(plan, "Versione sostituita") {
		t.Error("the version in force says it was replaced")
	}
	if !strings.Contains(plan, `href="/piani/2/modifiche">Cosa è cambiato rispetto alla versione 1`) {
		t.Error("the plan page of version 2 does not link to its changes")
	}
	changes := b.do(t, "GET", "/piani/2/modifiche", nil)
	if changes.Code != 200 || !strings.Contains(changes.Body.String(), "Cosa è cambiato rispetto alla versione 1") || !strings.Contains(changes.Body.String(), "160") {
		t.Errorf("changes page: %d", changes.Code)
	}
	if rec := b.do(t, "GET", "/piani/1/modifiche", nil); rec.Code != http.StatusNotFound {
		t.Errorf("changes of a first version: %d", rec.Code)
	}
	api := f.do(t, "viewer", "GET", "/api/plans/2/changes", nil, "")
	var diff model.PlanDiff
	if err := json.Unmarshal(api.Body.Bytes(), &diff); err != nil || api.Code != 200 || len(diff.Changed) == 0 || len(diff.NotCarried) != 1 {
		t.Errorf("API changes: %d %s", api.Code, api.Body)
	}
	// a unit reads what changed in its own actions only
	other := f.do(t, "other", "GET", "/api/plans/2/changes?since=1", nil, "")
	if other.Code != 200 || strings.Contains(other.Body.String(), "1.4.1") {
		t.Errorf("another unit's changes: %d %s", other.Code, other.Body)
	}
	// 155 against the new target 160 (thresholds 150, 120): 80%
	history := b.do(t, "GET", "/piani/2/azioni/1.4.1?period=2020-06", nil).Body.String()
	if !strings.Contains(history, "riportato dalla versione 1") {
		t.Error("the history does not say the value was carried")
	}
	cur, err := model.MeasurementsByCode(f.db.Measurements(ctx, model.CurrentIn(2, model.Period{Year: 2020, Month: 6})))
	if err != nil || cur["1.4.1"] == nil || cur["1.4.1"].Value.Raw != "155" || cur["1.4.2"] != nil {
		t.Errorf("version 2 holds %v (%v)", cur, err)
	}
	var scores struct {
		Actions []struct {
			Code       string
			Attainment *float64
		}
	}
	rec := f.do(t, "admin", "GET", "/api/plans/2/scores?period=2020-06", nil, "")
	if err := json.Unmarshal(rec.Body.Bytes(), &scores); err != nil {
		t.Fatal(err)
	}
	for _, a := range scores.Actions {
		if a.Code == "1.4.1" && (a.Attainment == nil || *a.Attainment != 80) {
			t.Errorf("1.4.1 scored %v against the new target, want 80", a.Attainment)
		}
	}
}

// TestOutputsFollowRevision: after a revision the tracker, the unit's
// workbook, the scored workbook and the filled plan of the version in
// force show the carried values, scored against the new target, and the
// uploads sent to the old version; cached files of the old version do not
// stand in for them.
func TestOutputsFollowRevision(t *testing.T) {
	f := setup(t)
	body, ct := multipartBody(t, "m.xlsx", fillCell(t, f.sheet, "H7", "140"))
	if rec := f.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct); rec.Code != 200 {
		t.Fatalf("collect: %d %s", rec.Code, rec.Body)
	}
	old := f.get(t, "unit", "/api/plans/1/units/mediazione/sheet.xlsx", "")
	body, ct = multipartBody(t, "piano-v2.xlsx", revised(t, f.plan))
	imported := f.do(t, "admin", "POST", "/api/plans", body, ct)
	var doc struct {
		Version int
		Changes *model.PlanDiff
	}
	if err := json.Unmarshal(imported.Body.Bytes(), &doc); err != nil || imported.Code != 201 || doc.Version != 2 || doc.Changes == nil ||
		len(doc.Changes.Changed) == 0 || len(doc.Changes.NotCarried) != 0 {
		t.Fatalf("import v2: %d %s", imported.Code, imported.Body)
	}
	// the tracker of either version is the year's
	for _, id := range []string{"1", "2"} {
		var units []struct {
			Slug       string
			Measured   int
			LastUpload *struct{ Accepted bool } `json:"last_upload"`
		}
		rec := f.do(t, "admin", "GET", "/api/plans/"+id+"/units?period=2020", nil, "")
		if err := json.Unmarshal(rec.Body.Bytes(), &units); err != nil {
			t.Fatal(err, rec.Body.String())
		}
		for _, u := range units {
			if u.Slug == "mediazione" && (u.Measured != 1 || u.LastUpload == nil || !u.LastUpload.Accepted) {
				t.Errorf("tracker of plan %s: Mediazione %+v", id, u)
			}
		}
	}
	// the unit's workbook, asked of either version, is version 2's
	sheet := f.get(t, "unit", "/api/plans/1/units/mediazione/sheet.xlsx", old.Header().Get("ETag"))
	if sheet.Code != 200 {
		t.Fatalf("the old workbook's ETag still matches: %d", sheet.Code)
	}
	wb := openBook(t, sheet.Body.Bytes())
	if v, _ := wb.GetCellValue(model.EntrySheet, "H7"); v != "140" {
		t.Errorf("1.4.1 in the new workbook: %q", v)
	}
	if v, _ := wb.GetCellValue(model.EntryIdentitySheet, "B3"); v != "2" {
		t.Errorf("the workbook is of version %q", v)
	}
	// scored against 160 (thresholds 150 and 120): 140 is 60%
	scored := f.get(t, "viewer", "/api/plans/2/scorecard.xlsx", "")
	row := workbookRow(t, openBook(t, scored.Body.Bytes()), "Dettaglio", 2, "1.4.1")
	if scored.Code != 200 || row == nil || !strings.Contains(strings.Join(row, "|"), "|140|") || !strings.Contains(strings.Join(row, "|"), "|160|") {
		t.Errorf("Dettaglio's 1.4.1 of version 2: %q", row)
	}
	if filled := f.get(t, "viewer", "/api/plans/2/filled-plan.xlsx", ""); filled.Code != 200 {
		t.Errorf("filled plan of version 2: %d", filled.Code)
	}
	// a value sent for version 1 changes version 2's files
	etag := scored.Header().Get("ETag")
	if rec := f.do(t, "unit", "PUT", "/api/plans/1/measurements?period=2020", strings.NewReader(`{"1.4.1":"155"}`), "application/json"); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	if again := f.get(t, "viewer", "/api/plans/2/scorecard.xlsx", etag); again.Code != 200 {
		t.Errorf("the scored workbook after a new value: %d", again.Code)
	}
}

func openBook(t *testing.T, content []byte) *excelize.File {
	t.Helper()
	wb, err := excelize.OpenReader(bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wb.Close() })
	return wb
}

// TestRevisionConfirmedAgainstAnother: a revision confirmed after another
// version came into force is not imported: the admin is told to look
// again at what it changes now.
func TestRevisionConfirmedAgainstAnother(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	if _, err := f.db.AddUser(ctx, "carla", "password-carla", model.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f}
	if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"carla"}, "password": {"password-carla"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d", rec.Code)
	}
	csrf := csrfField.FindStringSubmatch(b.do(t, "GET", "/piani", nil).Body.String())[1]
	ask := b.follow(t, b.upload(t, "/piani", csrf, "piano-v2.xlsx", revised(t, f.plan))).Body.String()
	form := url.Values{"csrf": {csrf}}
	for _, m := range formInput.FindAllStringSubmatch(ask, -1) {
		if m[1] != "csrf" {
			form.Set(m[1], m[2])
		}
	}
	// a confirmation that does not say what it replaces imports nothing
	bare := url.Values{"csrf": {csrf}}
	if rec := b.do(t, "POST", formAction.FindStringSubmatch(ask)[1], bare); rec.Code != http.StatusConflict {
		t.Errorf("a confirmation without «replaces»: %d", rec.Code)
	}
	// meanwhile someone imports another version from the command line
	other := append(append([]byte{}, f.plan...), 0)
	if _, _, err := f.a.ImportPlan(ctx, model.Principal{Username: "cli", Role: model.RoleAdmin}, "altro.xlsx", other, app.ImportOptions{State: model.StateCollecting}); err != nil {
		t.Fatal(err)
	}
	done := b.do(t, "POST", formAction.FindStringSubmatch(ask)[1], form)
	page := done.Body.String()
	if done.Code != http.StatusConflict || !strings.Contains(page, "Nel frattempo è entrata in vigore un&#39;altra versione") ||
		!strings.Contains(page, "Conferma: importa la versione 3") || !strings.Contains(page, `name="replaces" value="2"`) {
		t.Errorf("the confirmation against version 1: %d\n%.3000s", done.Code, page)
	}
	if plans, _ := f.db.Plans(ctx, model.PlanFilter{}); len(plans) != 2 {
		t.Errorf("%d versions, want 2", len(plans))
	}
}

// TestOldIDFollowsVersionInForce: after a revision, closing or reopening
// a period and sending values through the old plan id act on the version
// in force, and values are checked against its actions.
func TestOldIDFollowsVersionInForce(t *testing.T) {
	f := setup(t)
	body, ct := multipartBody(t, "piano-v2.xlsx", revised(t, f.plan))
	if rec := f.do(t, "admin", "POST", "/api/plans", body, ct); rec.Code != 201 {
		t.Fatalf("import v2: %d %s", rec.Code, rec.Body)
	}
	put := func(who, path, body string) *httptest.ResponseRecorder {
		return f.do(t, who, "PUT", path, strings.NewReader(body), "application/json")
	}
	if rec := put("admin", "/api/plans/1/periods/2020", `{"closed":true}`); rec.Code != 200 {
		t.Fatalf("close through plan 1: %d %s", rec.Code, rec.Body)
	}
	if rec := f.do(t, "unit", "GET", "/api/plans/2/periods/2020", nil, ""); !strings.Contains(rec.Body.String(), `"closed":true`) {
		t.Errorf("version 2's period after closing it through plan 1: %s", rec.Body)
	}
	if rec := put("unit", "/api/plans/1/measurements?period=2020", `{"1.4.1":"150"}`); rec.Code != http.StatusConflict {
		t.Errorf("a value for the closed period: %d %s", rec.Code, rec.Body)
	}
	if rec := put("admin", "/api/plans/2/periods/2020", `{"closed":false}`); rec.Code != 200 {
		t.Fatal(rec.Body.String())
	}
	// 1.4.2 is a count in version 2: «12» is taken, «45%» is not
	if rec := put("unit", "/api/plans/1/measurements?period=2020", `{"1.4.1":"150","1.4.2":"12"}`); rec.Code != 200 {
		t.Errorf("values through plan 1 after reopening: %d %s", rec.Code, rec.Body)
	}
	if rec := put("unit", "/api/plans/1/measurements?period=2020", `{"1.4.2":"45%"}`); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "1.4.2") {
		t.Errorf("a percentage for 1.4.2, now a count: %d %s", rec.Code, rec.Body)
	}
	cur, _ := model.MeasurementsByCode(f.db.Measurements(context.Background(), model.CurrentIn(2, model.Period{Year: 2020})))
	if cur["1.4.1"] == nil || cur["1.4.2"] == nil || cur["1.4.2"].Value.Raw != "12" {
		t.Errorf("version 2 holds %v", cur)
	}
}
