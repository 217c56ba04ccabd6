package app_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

	"cruscotto/model"
)

// exoticPlan is a plan whose headers the importer does not know: «Rif.»
// for codes, «Incidenza» for weights, «Valore programmato» for targets.
func exoticPlan(t *testing.T, year int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := fmt.Sprintf("Piano %d", year)
	f.SetSheetName("Sheet1", sheet)
	rows := [][]any{
		{fmt.Sprintf("Camera di Commercio — programma %d", year)},
		{},
		{"Area", "Rif. OS", "Descrizione OS", "Rif. OO", "Descrizione OO", "Incidenza OO", "Rif. misura", "Misura", "Incidenza misura", fmt.Sprintf("Valore programmato %d", year), "Ufficio"},
		{"Imprese", "1", "Sostenere le imprese", "1.1", "Digitale", "100%", "1.1.1", "Imprese assistite", "60%", ">= 300", "Promozione"},
		{"Imprese", "1", "Sostenere le imprese", "1.1", "Digitale", "100%", "1.1.2", "Eventi", "40%", "12", "Promozione"},
		{"Ente", "2", "Efficienza", "2.1", "Tempi", "100%", "2.1.1", "Tempo medio di pagamento", "100%", "<= 30 gg", "Ragioneria"},
	}
	for i, r := range rows {
		f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+1), &r)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exoticFields is what the admin picks on the mapping page.
var exoticFields = map[string]model.Field{
	"Area": model.FieldPerspective, "Rif. OS": model.FieldStrategicCode, "Descrizione OS": model.FieldStrategicTitle,
	"Rif. OO": model.FieldOperationalCode, "Descrizione OO": model.FieldOperationalTitle, "Incidenza OO": model.FieldOperationalWeight,
	"Rif. misura": model.FieldActionCode, "Misura": model.FieldActionTitle, "Incidenza misura": model.FieldActionWeight,
	"Valore programmato 2023": model.FieldActionTarget, "Ufficio": model.FieldResponsible,
}

// TestConfirmedMappingIsReused: a header the importer does not understand
// gets a proposal instead of an error; the admin's confirmed mapping reads
// the plan and is kept; next year's file is read with it by itself.
func TestConfirmedMappingIsReused(t *testing.T) {
	a := openApp(t)
	ctx := context.Background()
	admin := model.Principal{Username: "carla", Role: model.RoleAdmin, UserID: 1}
	res, err := a.UploadPlan(ctx, "piano-2023.xlsx", exoticPlan(t, 2023), 0, admin)
	if err != nil {
		t.Fatal(err)
	}
	if res.Proposal == nil || res.Proposal.UploadID == 0 || len(res.Proposal.Mapping.Sheets) != 1 || len(res.Proposal.Previews[0].Rows) != 3 {
		t.Fatalf("no proposal: %+v", res)
	}
	m := res.Proposal.Mapping
	for i, c := range m.Sheets[0].Columns {
		m.Sheets[0].Columns[i].Field = exoticFields[c.Label]
	}
	done, err := a.ConfirmMapping(ctx, res.Proposal.UploadID, m, 0, admin)
	if err != nil {
		t.Fatal(err)
	}
	if done.Plan == nil || len(done.Plan.Actions()) != 3 || done.Plan.Year != 2023 || done.MappingName != "piano-2023.xlsx" {
		t.Fatalf("confirmed: %+v", done)
	}
	if a := done.Plan.Actions()[0]; a.Target.Op != model.OpGE || a.Units[0] != "Promozione" {
		t.Errorf("1.1.1 read as %+v", a)
	}
	next, err := a.UploadPlan(ctx, "piano-2024.xlsx", exoticPlan(t, 2024), 0, admin)
	if err != nil {
		t.Fatal(err)
	}
	if next.Proposal != nil || next.Plan == nil || next.Plan.Year != 2024 || next.MappingName != "piano-2023.xlsx" {
		t.Fatalf("next year's file: %+v", next)
	}
	// a mapping that misses a required field is refused with its name
	bad := *m
	bad.Sheets = []model.SheetMapping{m.Sheets[0]}
	bad.Sheets[0].Columns = bad.Sheets[0].Columns[:5]
	if _, err := a.ConfirmMapping(ctx, res.Proposal.UploadID, &bad, 0, admin); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("incomplete mapping: %v", err)
	}
}
