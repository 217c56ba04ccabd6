package app_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/exporter/entry"
	"cruscotto/model"
)

const (
	shortName = "Progetti incentivazione e sostegno"
	longName  = "Progetti di incentivazione e sostegno"
)

func TestUsers(t *testing.T) {
	a, _, _ := mustApp(t)
	ctx := context.Background()
	me, err := a.AddUser(ctx, admin, "ctrl", "password-ctrl", model.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	ctrl := model.Principal{Username: "ctrl", UserID: me.ID, Role: model.RoleAdmin}
	if _, err := a.AddUser(ctx, ctrl, "anna", app.GeneratePassword(), model.RoleUnit, "Mediazione"); err != nil {
		t.Fatal(err)
	}
	t.Run("List", func(t *testing.T) {
		users, err := a.Users(ctx, ctrl)
		if err != nil || len(users) != 2 || users[0].Username != "anna" || users[0].Unit != "Mediazione" || users[1].Role != model.RoleAdmin {
			t.Errorf("users %+v, %v", users, err)
		}
	})
	t.Run("GeneratedPassword", func(t *testing.T) {
		p := app.GeneratePassword()
		if model.CheckPassword(p) != nil || p == app.GeneratePassword() {
			t.Errorf("generated %q", p)
		}
	})
	t.Run("ErrUnknownUnit", func(t *testing.T) {
		if _, err := a.SetRole(ctx, ctrl, "anna", model.RoleUnit, "Ufficio inesistente"); model.ErrorCode(err) != model.EInvalid {
			t.Errorf("a unit no plan has: %v", err)
		}
	})
	t.Run("ErrLastAdmin", func(t *testing.T) {
		if _, err := a.SetRole(ctx, ctrl, "ctrl", model.RoleViewer, ""); model.ErrorCode(err) != model.EConflict {
			t.Errorf("the last admin demoted: %v", err)
		}
	})
	t.Run("ErrResetOwnPassword", func(t *testing.T) {
		if _, err := a.ResetPassword(ctx, ctrl, "CTRL", "password-nuova"); model.ErrorCode(err) != model.EInvalid {
			t.Errorf("own password reset: %v", err)
		}
	})
	t.Run("SetRole", func(t *testing.T) {
		u, err := a.SetRole(ctx, ctrl, "anna", model.RoleUnit, "SG")
		if err != nil || u.Unit != "SG" {
			t.Fatalf("%+v, %v", u, err)
		}
		p, _, err := a.Login(ctx, "anna", "x")
		if model.ErrorCode(err) != model.EUnauthorized {
			t.Errorf("login with a wrong password: %+v, %v", p, err)
		}
	})
	t.Run("ResetPassword", func(t *testing.T) {
		_, cookie, err := a.Login(ctx, "ctrl", "password-ctrl")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.ResetPassword(ctx, ctrl, "anna", "password-anna"); err != nil {
			t.Fatal(err)
		}
		if p, _, err := a.Login(ctx, "anna", "password-anna"); err != nil || p.Unit != "SG" {
			t.Errorf("anna after the reset: %+v, %v", p, err)
		}
		if _, _, err := a.Session(ctx, cookie); err != nil {
			t.Errorf("resetting another's password ended the admin's session: %v", err)
		}
	})
}

// codesOf lists the action codes of a data-entry workbook.
func codesOf(t *testing.T, book []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(entry.SheetEntry)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range rows[entry.FirstRow-1:] {
		if len(r) > 0 && r[0] != "" {
			codes = append(codes, r[0])
		}
	}
	return codes
}

// TestMergeUnit: after «Progetti incentivazione e sostegno» is merged into
// «Progetti di incentivazione e sostegno» the plan has one unit with both
// names' actions, its workbook holds them all, its user sees them, and a
// workbook made under the old name is still collected.
func TestMergeUnit(t *testing.T) {
	a, _, _ := mustApp(t)
	ctx := context.Background()
	before, err := a.VisiblePlan(ctx, admin, 1)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, act := range before.Actions() {
		if slices.Contains(act.Units, shortName) || slices.Contains(act.Units, longName) {
			want = append(want, act.Code)
		}
	}
	if len(want) < 3 {
		t.Fatalf("the 2020 plan's two spellings have %d actions", len(want))
	}
	short, err := a.EntryWorkbooks(ctx, admin, 1, "", []string{shortName})
	if err != nil {
		t.Fatal(err)
	}
	oldBook := edit(t, short[0].Content, func(f *excelize.File) error { return f.SetCellStr(entry.SheetEntry, "H7", "3") })
	oldUser, err := a.AddUser(ctx, admin, "paola", "password-paola", model.RoleUnit, shortName)
	if err != nil {
		t.Fatal(err)
	}
	sugg, err := a.UnitSuggestions(ctx, admin)
	if err != nil || len(sugg) != 1 || sugg[0].Year != 2020 || len(sugg[0].Warnings) != 1 {
		t.Fatalf("suggestions before: %+v, %v", sugg, err)
	}

	moved, err := a.MergeUnit(ctx, admin, shortName, longName)
	if err != nil || moved.Users != 1 {
		t.Fatalf("merge: %+v, %v", moved, err)
	}
	plan, err := a.VisiblePlan(ctx, admin, 1)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, u := range plan.Units {
		switch u.Name {
		case shortName:
			t.Errorf("the merged name is still a unit")
		case longName:
			n = u.Actions
		}
	}
	if n != len(want) {
		t.Errorf("the merged unit has %d actions, want %d", n, len(want))
	}
	books, err := a.EntryWorkbooks(ctx, admin, 1, "", []string{longName})
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(t, books[0].Content); !slices.Equal(got, want) {
		t.Errorf("the merged unit's workbook holds %v, want %v", got, want)
	}
	tr, err := a.Tracker(ctx, admin, 1, app.TrackerQuery{})
	if err != nil || slices.ContainsFunc(tr.Units, func(u app.UnitSummary) bool { return u.Name == shortName }) {
		t.Errorf("units %+v, %v", tr, err)
	}
	user := model.Principal{Username: "paola", UserID: oldUser.ID, Role: model.RoleUnit, Unit: longName}
	seen, err := a.VisiblePlan(ctx, user, 1)
	if err != nil || len(seen.Actions()) != len(want) {
		t.Errorf("the merged unit's user sees %d actions, want %d (%v)", len(seen.Actions()), len(want), err)
	}
	if users, _ := a.Users(ctx, admin); !slices.ContainsFunc(users, func(u model.User) bool { return u.Username == "paola" && u.Unit == longName }) {
		t.Errorf("paola was not moved: %+v", users)
	}
	col, err := a.Collect(ctx, user, 1, "vecchia.xlsx", oldBook)
	if err != nil || col.Identity.Unit != longName || len(col.Stored) != 1 {
		t.Errorf("a workbook made before the merge: %+v, %v", col, err)
	}
	if sugg, err := a.UnitSuggestions(ctx, admin); err != nil || len(sugg) != 0 {
		t.Errorf("suggestions after: %+v, %v", sugg, err)
	}
	if _, err := a.AddUser(ctx, admin, "piero", "password-piero", model.RoleUnit, shortName); model.ErrorCode(err) != model.EInvalid {
		t.Errorf("a user of the merged name: %v", err)
	}
	back, err := a.UnmergeUnit(ctx, admin, shortName)
	if err != nil {
		t.Fatal(err)
	}
	// undone, the merge leaves no access behind: paola is the merged
	// name's again, and sees none of the other unit's actions
	if back.Users != 1 {
		t.Errorf("%d users went back, want 1", back.Users)
	}
	if users, _ := a.Users(ctx, admin); !slices.ContainsFunc(users, func(u model.User) bool { return u.Username == "paola" && u.Unit == shortName }) {
		t.Errorf("paola did not go back: %+v", users)
	}
	if tr, err := a.Tracker(ctx, admin, 1, app.TrackerQuery{}); err != nil || !slices.ContainsFunc(tr.Units, func(u app.UnitSummary) bool { return u.Name == shortName }) {
		t.Errorf("after undoing the merge: %+v, %v", tr, err)
	}
}

// TestCloseAndReopenKeepDate: closing now and reopening keep a closing
// date still to come.
func TestCloseAndReopenKeepDate(t *testing.T) {
	now := time.Date(2021, 1, 10, 9, 0, 0, 0, time.UTC)
	a, _, _ := mustApp(t, app.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	year := model.Period{Year: 2020}
	if _, err := a.SetPeriod(ctx, admin, 1, year, false, "2021-01-31"); err != nil {
		t.Fatal(err)
	}
	st, err := a.ClosePeriod(ctx, admin, 1, year)
	if err != nil || !st.Closed || st.ClosesOn == nil || st.ClosesOn.String() != "2021-01-31" {
		t.Errorf("closed: %+v, %v", st, err)
	}
	st, cleared, err := a.ReopenPeriod(ctx, admin, 1, year)
	if err != nil || cleared || st.Closed || st.ClosesOn == nil || st.ClosesOn.String() != "2021-01-31" {
		t.Errorf("reopened: %+v, cleared %v, %v", st, cleared, err)
	}
}
