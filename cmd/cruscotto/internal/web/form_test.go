package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cruscotto/model"
)

var formCode = regexp.MustCompile(`<input type="hidden" name="code" value="([^"]+)">`)

// TestBrowserForm: a unit with a handful of actions fills them in the
// browser. The form shows each action's KPI and target; the band a value
// falls in is answered while typing; a value its action cannot read, or
// a red value without its note, refuses the whole form with each reason
// on its row and nothing stored; corrected, the values are stored with a
// receipt like a workbook's. Management and a plan not in collection get
// no form.
func TestBrowserForm(t *testing.T) {
	f := setup(t)
	unit, csrf := loggedIn(t, f, "anna", model.RoleUnit, "Mediazione")
	page := unit.do(t, "GET", "/piani/1/compila?period=2020", nil)
	body := page.Body.String()
	codes := formCode.FindAllStringSubmatch(body, -1)
	if page.Code != http.StatusOK || len(codes) == 0 || !strings.Contains(body, "KPI:") || !strings.Contains(body, "Target:") {
		t.Fatalf("form: %d, %d actions\n%.600s", page.Code, len(codes), body)
	}
	// the band while typing: 1.4.1's target is 160, its 80% threshold 140
	rec := unit.do(t, "GET", "/piani/1/compila/fascia?code=1.4.1&value=50", nil)
	var band struct {
		Band      string `json:"band"`
		NeedsNote bool   `json:"needs_note"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &band) != nil || band.Band != "red" || !band.NeedsNote {
		t.Errorf("band of 50 for 1.4.1: %d %s", rec.Code, rec.Body.String())
	}
	form := func(values map[string][2]string) url.Values {
		v := url.Values{"csrf": {csrf}}
		for _, c := range codes {
			e := values[c[1]]
			v.Add("code", c[1])
			v.Add("value", e[0])
			v.Add("note", e[1])
		}
		return v
	}
	refused := unit.do(t, "POST", "/piani/1/compila?period=2020", form(map[string][2]string{"1.4.1": {"50", ""}, "1.4.2": {"tanto", ""}}))
	body = refused.Body.String()
	if refused.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "2 valori da correggere") ||
		!strings.Contains(body, "scostamenti. Nota obbligatoria se sotto") || strings.Count(body, "has-error") != 2 ||
		!strings.Contains(body, `value="tanto"`) {
		t.Fatalf("refused form: %d, %d rows marked\n%s", refused.Code, strings.Count(body, "has-error"), body[strings.Index(body, "<form"):])
	}
	stored, err := model.MeasurementsByCode(f.db.Measurements(context.Background(), model.CurrentIn(1, model.Period{Year: 2020})))
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 0 {
		t.Fatalf("a refused form stored %d values", len(stored))
	}
	sent := unit.do(t, "POST", "/piani/1/compila?period=2020", form(map[string][2]string{"1.4.1": {"50", "Meno istanze per la chiusura degli uffici."}, "1.4.2": {"45%", ""}}))
	if sent.Code != http.StatusSeeOther || !strings.HasPrefix(sent.Header().Get("Location"), "/ricevute/") {
		t.Fatalf("form sent: %d %s", sent.Code, sent.Body.String())
	}
	if stored, _ := model.MeasurementsByCode(f.db.Measurements(context.Background(), model.CurrentIn(1, model.Period{Year: 2020}))); len(stored) != 2 || stored["1.4.1"].Note == "" {
		t.Errorf("stored after the form: %v", stored)
	}
	receipt := unit.follow(t, sent).Body.String()
	for _, want := range []string{"1.4.1", "Meno istanze", "il modulo compilato nel browser", "Valori di «Mediazione» ricevuti"} {
		if !strings.Contains(receipt, want) {
			t.Errorf("the receipt lacks %q", want)
		}
	}
	// management has no form
	viewer, _ := loggedIn(t, f, "sg", model.RoleViewer, "")
	if rec := viewer.do(t, "GET", "/piani/1/compila", nil); rec.Code == http.StatusOK {
		t.Error("a viewer got the form")
	}
	admin, _ := loggedIn(t, f, "carla", model.RoleAdmin, "")
	if rec := admin.do(t, "GET", "/piani/1/compila", nil); rec.Code == http.StatusOK {
		t.Error("an admin got the unit form")
	}
}
