package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/exporter/planwriter"
	"cruscotto/model"
)

// TestEveryPageEveryRole asks every page as each role — the admin,
// management, a unit, another unit, nobody logged in — and pins what
// each gets: the page (200), a redirect (303: to the log-in, or to the
// role's home), «not yours» and «not there» alike (404), not allowed
// (403), or a sentence for a request that cannot be (4xx). Every page
// served is whole: the layout, its main, no template error.
func TestEveryPageEveryRole(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	ctrl := model.Principal{Username: "test", Role: model.RoleAdmin}
	// a receipt of each unit, and a plan to map
	receipt := map[string]string{}
	for who, unit := range map[string]string{"unit": "mediazione", "other": "sg"} {
		books, err := f.a.EntryWorkbooks(ctx, ctrl, 1, "", []string{map[string]string{"mediazione": "Mediazione", "sg": "SG"}[unit]})
		if err != nil {
			t.Fatal(err)
		}
		rec := f.post(t, who, "/piani/1/strutture", books[0].Content)
		receipt[who] = rec.Header().Get("Location")
		if !strings.HasPrefix(receipt[who], "/ricevute/") {
			t.Fatalf("%s's upload: %d %q", who, rec.Code, receipt[who])
		}
	}
	plan, err := os.ReadFile("../../../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	renamed, err := planwriter.RenameHeaders(plan, planwriter.UnknownLabels)
	if err != nil {
		t.Fatal(err)
	}
	up, err := f.a.UploadPlan(ctx, ctrl, "piano-2021.xlsx", renamed, app.ImportOptions{Year: 2021})
	if err != nil || up.Proposal == nil {
		t.Fatalf("a plan to map: %v", err)
	}
	mapping := fmt.Sprintf("/piani/mappatura?caricamento=%d&anno=2021", up.Proposal.UploadID)

	sessions := map[string]*browser{"anon": {f: f}}
	sessions["admin"], _ = loggedIn(t, f, "p-admin", model.RoleAdmin, "")
	sessions["viewer"], _ = loggedIn(t, f, "p-viewer", model.RoleViewer, "")
	sessions["unit"], _ = loggedIn(t, f, "p-unit", model.RoleUnit, "Mediazione")
	sessions["other"], _ = loggedIn(t, f, "p-other", model.RoleUnit, "SG")
	roles := []string{"anon", "admin", "viewer", "unit", "other"}
	pages := []struct {
		path string
		want [5]int // anon, admin, viewer, unit, other
	}{
		{"/accesso", [5]int{200, 200, 200, 200, 200}},
		{"/", [5]int{303, 303, 303, 303, 303}},
		{"/piani", [5]int{303, 200, 200, 200, 200}},
		{"/piani/1", [5]int{303, 200, 200, 200, 200}},
		{"/piani/1?period=2020-06", [5]int{303, 200, 200, 200, 200}},
		{"/piani/1?vista=obiettivi&nota=mancante", [5]int{303, 200, 200, 200, 200}},
		{"/piani/1/azioni/1.4.1", [5]int{303, 200, 200, 200, 404}},
		{"/piani/1/azioni/9.9.9", [5]int{303, 404, 404, 404, 404}},
		{"/piani/1/avvisi", [5]int{303, 200, 200, 403, 403}},
		{"/piani/1/strutture", [5]int{303, 200, 200, 200, 200}},
		{"/piani/1/strutture/mediazione", [5]int{303, 200, 200, 200, 404}},
		{"/piani/1/strutture.xlsx", [5]int{303, 200, 200, 403, 403}},
		{"/piani/1/strutture/cartelle.zip", [5]int{303, 200, 403, 200, 200}}, // a unit's zip holds its own workbook
		{"/piani/1/solleciti", [5]int{303, 200, 403, 403, 403}},
		{"/piani/1/periodo/chiudi?period=2020", [5]int{303, 200, 403, 403, 403}},
		{"/piani/1/compila?period=2020", [5]int{303, 422, 403, 200, 200}},
		{"/piani/1/elimina", [5]int{303, 409, 403, 403, 403}},
		{"/piani/99", [5]int{303, 404, 404, 404, 404}},
		{mapping, [5]int{303, 200, 403, 403, 403}},
		{"/struttura", [5]int{303, 303, 303, 200, 200}},
		{"/strutture", [5]int{303, 303, 303, 303, 303}},
		{"/strutture/alias", [5]int{303, 200, 403, 403, 403}},
		{"/utenti", [5]int{303, 200, 403, 403, 403}},
		{"/utenti/modifica?utente=p-unit", [5]int{303, 200, 403, 403, 403}},
		{"/password", [5]int{303, 200, 200, 200, 200}},
		{receipt["unit"], [5]int{303, 200, 403, 200, 404}},
	}
	var got []string
	for _, pg := range pages {
		for i, role := range roles {
			rec := sessions[role].do(t, "GET", pg.path, nil)
			if rec.Code != pg.want[i] {
				t.Errorf("%s as %s: %d, want %d", pg.path, role, rec.Code, pg.want[i])
			}
			got = append(got, fmt.Sprintf("%s %s %d", pg.path, role, rec.Code))
			body := rec.Body.String()
			if rec.Code == http.StatusOK && strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") &&
				(!strings.Contains(body, `<main id="contenuto"`) || !strings.Contains(body, "</html>") || strings.Contains(body, "ZgotmplZ")) {
				t.Errorf("%s as %s: the page is not whole", pg.path, role)
			}
		}
	}
	if testing.Verbose() {
		t.Log("\n" + strings.Join(got, "\n"))
	}
}
