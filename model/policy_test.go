package model_test

import (
	"testing"
	"time"

	"cruscotto/model"
)

// TestPolicy is the access policy written out in full: every role ×
// operation, on the principal's own unit, on another unit's data and on
// data of no unit. A change to the policy must change this table.
func TestPolicy(t *testing.T) {
	admin := model.Principal{Role: model.RoleAdmin, Username: "ctrl"}
	viewer := model.Principal{Role: model.RoleViewer, Username: "sg"}
	unit := model.Principal{Role: model.RoleUnit, Username: "anna", Unit: "Mediazione"}
	unbound := model.Principal{Role: model.RoleUnit, Username: "nessuno"}
	stranger := model.Principal{Role: "", Username: "?"}

	// y: allowed on any unit; o: only on its own unit; n: never
	table := map[model.Operation]struct{ admin, viewer, unit string }{
		model.OpImportPlan:    {"y", "n", "n"},
		model.OpReadPlan:      {"y", "y", "o"},
		model.OpReadScores:    {"y", "y", "o"},
		model.OpEntryWorkbook: {"y", "n", "o"},
		model.OpSendValues:    {"y", "n", "o"},
		model.OpReadUpload:    {"y", "n", "o"},
		model.OpResults:       {"y", "y", "n"},
		model.OpReadPeriod:    {"y", "y", "o"},
		model.OpSetPeriod:     {"y", "n", "n"},
		model.OpManageUsers:   {"y", "n", "n"},
		model.OpReadWarnings:  {"y", "y", "n"},
		model.OpMergeUnits:    {"y", "n", "n"},
		model.OpTrack:         {"y", "y", "o"},
		model.OpRemind:        {"y", "n", "n"},
		model.OpReview:        {"y", "n", "n"},
		model.OpWriteClosed:   {"y", "n", "n"},
	}
	if len(table) != len(model.Operations) {
		t.Fatalf("the table covers %d operations, the model has %d", len(table), len(model.Operations))
	}
	for _, op := range model.Operations {
		row, ok := table[op]
		if !ok {
			t.Fatalf("operation %s missing from the table", op)
		}
		for _, c := range []struct {
			who  model.Principal
			rule string
		}{{admin, row.admin}, {viewer, row.viewer}, {unit, row.unit}} {
			t.Run(string(op)+"/"+string(c.who.Role), func(t *testing.T) {
				wantAny := c.rule != "n"
				wantOther := c.rule == "y"
				if got := model.May(c.who, op); got != wantAny {
					t.Errorf("May = %v, want %v", got, wantAny)
				}
				if got := model.MayOn(c.who, op, "Mediazione"); got != wantAny {
					t.Errorf("MayOn(own) = %v, want %v", got, wantAny)
				}
				if got := model.MayOn(c.who, op, "Ragioneria"); got != wantOther {
					t.Errorf("MayOn(other) = %v, want %v", got, wantOther)
				}
				if got := model.MayOn(c.who, op, ""); got != wantOther {
					t.Errorf("MayOn(no unit) = %v, want %v", got, wantOther)
				}
				if err := model.AuthorizeOn(c.who, op, "Ragioneria"); (err == nil) != wantOther ||
					(err != nil && model.ErrorCode(err) != model.EForbidden) {
					t.Errorf("AuthorizeOn(other) = %v", err)
				}
			})
		}
		for _, who := range []model.Principal{unbound, stranger} {
			if model.May(who, op) || model.MayOn(who, op, "") {
				t.Errorf("%s: %+v may, should not", op, who)
			}
		}
	}
}

func TestConfined(t *testing.T) {
	tests := []struct {
		name string
		who  model.Principal
		want string
	}{
		{"admin", model.Principal{Role: model.RoleAdmin}, ""},
		{"viewer", model.Principal{Role: model.RoleViewer, Unit: "Mediazione"}, ""},
		{"unit", model.Principal{Role: model.RoleUnit, Unit: "Mediazione"}, "Mediazione"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.who.Confined(); got != tt.want {
				t.Errorf("Confined = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAuthorizeOnSaysWhichUnit(t *testing.T) {
	unit := model.Principal{Role: model.RoleUnit, Unit: "Mediazione"}
	err := model.AuthorizeOn(unit, model.OpEntryWorkbook, "Ragioneria")
	if want := "Si può scaricare solo la cartella della propria struttura («Mediazione»)."; model.ErrorMessage(err) != want {
		t.Errorf("message = %q, want %q", model.ErrorMessage(err), want)
	}
	err = model.Authorize(model.Principal{Role: model.RoleViewer}, model.OpSendValues)
	if want := "Operazione non consentita al ruolo «direzione»."; model.ErrorMessage(err) != want {
		t.Errorf("message = %q, want %q", model.ErrorMessage(err), want)
	}
}

func TestCheckRoleUnit(t *testing.T) {
	tests := []struct {
		role model.Role
		unit string
		ok   bool
	}{
		{model.RoleUnit, "Mediazione", true},
		{model.RoleUnit, "", false},
		{model.RoleUnit, "   ", false},
		{model.RoleAdmin, "", true},
		{model.RoleAdmin, "Mediazione", false},
		{model.RoleViewer, "", true},
		{model.RoleViewer, "SG", false},
		{model.Role("root"), "", false},
	}
	for _, tt := range tests {
		err := model.CheckRoleUnit(tt.role, tt.unit)
		if (err == nil) != tt.ok || err != nil && model.ErrorCode(err) != model.EInvalid {
			t.Errorf("CheckRoleUnit(%q, %q) = %v, want ok %v", tt.role, tt.unit, err, tt.ok)
		}
	}
}

// TestRulesTheStoreApplies: the rules a write must check inside its own
// transaction are the model's; the store only gathers the facts.
func TestRulesTheStoreApplies(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Hour), now.Add(time.Hour)
	admin := model.User{Username: "ctrl", Role: model.RoleAdmin}
	viewer := model.User{Username: "sg", Role: model.RoleViewer}
	tests := []struct {
		name string
		err  error
		code model.Code // "" for allowed
	}{
		{"LastAdminStays", model.CheckRoleChange(admin, model.RoleViewer, 1), model.EConflict},
		{"AnotherAdminLeft", model.CheckRoleChange(admin, model.RoleViewer, 2), ""},
		{"AdminStaysAdmin", model.CheckRoleChange(admin, model.RoleAdmin, 1), ""},
		{"ViewerPromoted", model.CheckRoleChange(viewer, model.RoleAdmin, 1), ""},
		{"TokenExpiredAlready", model.CheckTokenExpiry(&past, now), model.EInvalid},
		{"TokenExpiringNow", model.CheckTokenExpiry(&now, now), model.EInvalid},
		{"TokenExpiringLater", model.CheckTokenExpiry(&future, now), ""},
		{"TokenNeverExpiring", model.CheckTokenExpiry(nil, now), ""},
		{"DraftDeleted", model.CheckDeletable(2020, false), ""},
		{"OpenedKept", model.CheckDeletable(2020, true), model.EConflict},
	}
	for _, tt := range tests {
		if got := model.ErrorCode(tt.err); tt.code == "" && tt.err != nil || tt.code != "" && got != tt.code {
			t.Errorf("%s: %v, want code %q", tt.name, tt.err, tt.code)
		}
	}
}
