package app_test

import (
	"context"
	"testing"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

func TestRequestsValidate(t *testing.T) {
	mapping := &model.Mapping{}
	tests := []struct {
		name string
		req  interface{ Validate() error }
		ok   bool
	}{
		{"PasswordOK", app.PasswordChange{Current: "vecchia-password", New: "nuova-password", Confirm: "nuova-password"}, true},
		{"PasswordNotConfirmed", app.PasswordChange{Current: "vecchia-password", New: "nuova-password", Confirm: "nuova-pasword"}, false},
		{"PasswordSame", app.PasswordChange{Current: "stessa-password", New: "stessa-password", Confirm: "stessa-password"}, false},
		{"PasswordTooShort", app.PasswordChange{Current: "vecchia-password", New: "corta", Confirm: "corta"}, false},
		{"ScoresDefaults", app.ScoreQuery{}, true},
		{"ScoresJune", app.ScoreQuery{Period: "2020-06", Method: "linear"}, true},
		{"ScoresBadPeriod", app.ScoreQuery{Period: "giugno"}, false},
		{"ScoresBadMethod", app.ScoreQuery{Method: "media"}, false},
		{"TrackerOK", app.TrackerQuery{Sort: app.SortStatus, Period: "2020"}, true},
		{"TrackerBadSort", app.TrackerQuery{Sort: "colore"}, false},
		{"TrackerBadPeriod", app.TrackerQuery{Period: "2020-13"}, false},
		{"RemindOK", app.RemindOptions{PlanID: 1, Units: []string{"SG"}}, true},
		{"RemindNoPlan", app.RemindOptions{}, false},
		{"RemindBlankUnit", app.RemindOptions{PlanID: 1, Units: []string{" "}}, false},
		{"ImportDefaults", app.ImportOptions{}, true},
		{"ImportYearState", app.ImportOptions{Year: 2021, State: model.StateCollecting}, true},
		{"ImportBadYear", app.ImportOptions{Year: 21}, false},
		{"ImportBadState", app.ImportOptions{State: "chiuso"}, false},
		{"ImportEmptyMapping", app.ImportOptions{Mapping: mapping}, false},
		{"FileEntry", app.FileRequest{Kind: app.FileEntry, PlanID: 1, Unit: "sg"}, true},
		{"FileScored", app.FileRequest{Kind: app.FileScored, PlanID: 1, Period: "2020-06", Method: "linear"}, true},
		{"FileUnknownKind", app.FileRequest{Kind: "pdf", PlanID: 1}, false},
		{"FileNoPlan", app.FileRequest{Kind: app.FileScored}, false},
		{"FileEntryNoUnit", app.FileRequest{Kind: app.FileEntry, PlanID: 1}, false},
		{"FileBadMethod", app.FileRequest{Kind: app.FileFilled, PlanID: 1, Method: "x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			if (err == nil) != tt.ok || err != nil && model.ErrorCode(err) != model.EInvalid {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

// TestFirstAdminPassword: the first admin's password is held to the
// length every other password is, counted in characters, not bytes.
func TestFirstAdminPassword(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, password string
		ok             bool
	}{
		{"OK", "una-password-lunga", true},
		{"ErrTooShort", "corta", false},
		{"ErrFourAccentedLetters", "èèèè", false}, // 8 bytes, 4 characters
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := openApp(t)
			created, err := a.AddFirstAdmin(ctx, "admin", tc.password)
			if tc.ok && (err != nil || !created) {
				t.Errorf("created %v, %v", created, err)
			}
			if !tc.ok && (model.ErrorCode(err) != model.EInvalid || created) {
				t.Errorf("password %q: created %v, %v; want it refused", tc.password, created, err)
			}
		})
	}
}
