package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/exporter/planwriter"
	"cruscotto/importer"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// emptyFixture is a service with one admin, carla, and no plan.
func emptyFixture(t *testing.T) (*browser, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := app.New(db)
	f := &fixture{a: a, db: db, tokens: map[string]string{}, e: web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)))}
	if _, err := db.AddUser(context.Background(), "carla", "password-carla", model.RoleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	b := &browser{f: f}
	if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"carla"}, "password": {"password-carla"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d", rec.Code)
	}
	return b, db
}

var (
	selectBlock    = regexp.MustCompile(`(?s)<select name="(field-[0-9]+-[0-9]+)"[^>]*>(.*?)</select>`)
	selectedOption = regexp.MustCompile(`<option value="([^"]+)" selected>`)
)

// proposedForm is the mapping page's form as the page proposes it: every
// input's value and every menu's selected option, the box «applica a
// tutti i fogli» ticked.
func proposedForm(body string) url.Values {
	form := url.Values{"stessa-intestazione": {"1"}}
	for _, m := range formInput.FindAllStringSubmatch(body, -1) {
		form.Set(m[1], m[2])
	}
	for _, m := range selectBlock.FindAllStringSubmatch(body, -1) {
		if s := selectedOption.FindStringSubmatch(m[2]); s != nil {
			form.Set(m[1], s[1])
		}
	}
	return form
}

// TestMappingPageReadsRenamedPlan: the 2020 plan with its header labels
// and group titles renamed gets a mapping page that finds its header on
// rows 3–5, proposes every column (those guessed from content marked
// «proposto»), offers a strategic target field per year; confirmed as
// proposed, the plan imported equals the original field for field.
func TestMappingPageReadsRenamedPlan(t *testing.T) {
	b, db := emptyFixture(t)
	orig, err := os.ReadFile("../../../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	renamed, err := planwriter.RenameHeaders(orig, planwriter.UnknownLabels, planwriter.UnknownGroups)
	if err != nil {
		t.Fatal(err)
	}
	csrf := csrfField.FindStringSubmatch(b.do(t, "GET", "/piani", nil).Body.String())[1]
	page := b.follow(t, b.upload(t, "/piani", csrf, "piano-rinominato.xlsx", renamed))
	body := page.Body.String()
	for _, want := range []string{`name="from-0" value="3"`, `name="to-0" value="5"`, `proposto</span>`, "Obiettivo strategico: target 2021",
		`name="stessa-intestazione"`, `role="tab"`, "<caption>", `scope="row"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the mapping page lacks %s", want)
		}
	}
	form := proposedForm(body)
	ignored := 0
	for k, v := range form {
		if strings.HasPrefix(k, "field-") && v[0] == string(model.FieldIgnore) {
			ignored++
		}
	}
	if ignored > 8 { // the PIRA and responsible columns a sheet leaves empty, at most
		t.Errorf("%d columns proposed «da ignorare»", ignored)
	}
	done := b.follow(t, b.do(t, "POST", "/piani/mappatura", form))
	if !strings.Contains(done.Body.String(), "Piano 2020 importato") {
		t.Fatalf("confirm: %d\n%.1500s", done.Code, done.Body.String())
	}
	if strings.Contains(done.Body.String(), "nessun obiettivo strategico ha un target") {
		t.Error("the strategic targets were not read")
	}
	got, err := db.Plan(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	want, err := importer.ParsePlan(context.Background(), orig, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := planTree(t, got), planTree(t, want); g != w {
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Errorf("the renamed plan mapped through the page differs from the original at:\n got …%.300s\nwant …%.300s", g[max(0, i-200):], w[max(0, i-200):])
	}
}

// planTree is a plan's tree as JSON, without where each item was read.
func planTree(t *testing.T, p *model.Plan) string {
	t.Helper()
	for _, a := range p.Actions() {
		a.Cell = model.CellRef{}
	}
	for _, ps := range p.Perspectives {
		for _, s := range ps.Strategic {
			s.Cell = model.CellRef{}
			for _, o := range s.Operational {
				o.Cell = model.CellRef{}
			}
		}
	}
	js, err := json.Marshal(p.Perspectives)
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

// TestMappingAppliesToSameHeaders: with «applica a tutti i fogli con la
// stessa intestazione», a choice made on the first sheet holds for every
// sheet with the same header; without it, each sheet keeps its own.
func TestMappingAppliesToSameHeaders(t *testing.T) {
	b, db := emptyFixture(t)
	orig, err := os.ReadFile("../../../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	renamed, err := planwriter.RenameHeaders(orig, planwriter.UnknownLabels)
	if err != nil {
		t.Fatal(err)
	}
	csrf := csrfField.FindStringSubmatch(b.do(t, "GET", "/piani", nil).Body.String())[1]
	body := b.follow(t, b.upload(t, "/piani", csrf, "piano-rinominato.xlsx", renamed)).Body.String()
	form := proposedForm(body)
	// the first sheet's KPI column of the actions (O) is set to «Note»;
	// the other sheets, told to follow it, read their KPIs as notes too
	key := ""
	for k := 0; k < 30; k++ {
		if form.Get("col-0-"+strconv.Itoa(k)) == "O" {
			key = "field-0-" + strconv.Itoa(k)
		}
	}
	if key == "" {
		t.Fatal("no column O on the first sheet")
	}
	form.Set(key, string(model.FieldActionNote))
	for k := 0; k < 30; k++ {
		if form.Get("col-1-"+strconv.Itoa(k)) == "O" {
			form.Set("field-1-"+strconv.Itoa(k), string(model.FieldActionKPI))
		}
	}
	done := b.follow(t, b.do(t, "POST", "/piani/mappatura", form))
	if !strings.Contains(done.Body.String(), "Piano 2020 importato") {
		t.Fatalf("confirm: %d\n%.1500s", done.Code, done.Body.String())
	}
	p, err := db.Plan(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range p.Actions() {
		if a.Code == "3.1.1" && a.KPI != "" { // on the second sheet
			t.Errorf("action %s kept its KPI %q: the first sheet's choice did not hold for the others", a.Code, a.KPI)
		}
	}
}
