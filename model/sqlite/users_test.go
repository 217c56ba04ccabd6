package sqlite_test

import (
	"context"
	"testing"
	"time"

	"cruscotto/model"
)

func TestUsersAndRoles(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	for _, u := range []struct {
		name string
		role model.Role
		unit string
	}{{"Zeno", model.RoleAdmin, ""}, {"anna", model.RoleUnit, "Mediazione"}, {"bruno", model.RoleViewer, ""}} {
		if _, err := db.AddUser(ctx, u.name, "password-"+u.name, u.role, u.unit); err != nil {
			t.Fatal(err)
		}
	}
	users, err := db.Users(ctx)
	if err != nil || len(users) != 3 || users[0].Username != "anna" || users[2].Username != "Zeno" || users[0].Unit != "Mediazione" || users[0].CreatedAt.IsZero() {
		t.Fatalf("users %+v, %v", users, err)
	}
	t.Run("ErrLastAdmin", func(t *testing.T) {
		if _, err := db.SetRole(ctx, "zeno", model.RoleViewer, ""); model.ErrorCode(err) != model.EConflict {
			t.Errorf("demoting the last admin: %v", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := db.SetRole(ctx, "nessuno", model.RoleViewer, ""); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("unknown user: %v", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if _, err := db.SetRole(ctx, "bruno", model.RoleAdmin, ""); err != nil {
			t.Fatal(err)
		}
		u, err := db.SetRole(ctx, "Zeno", model.RoleUnit, "SG")
		if err != nil || u.Role != model.RoleUnit || u.Unit != "SG" {
			t.Fatalf("%+v, %v", u, err)
		}
		p, err := db.Authenticate(ctx, "zeno", "password-Zeno")
		if err != nil || p.Role != model.RoleUnit || p.Unit != "SG" {
			t.Errorf("principal after the change: %+v, %v", p, err)
		}
	})
}

func TestReopenPeriod(t *testing.T) {
	ctx := context.Background()
	db, saved := mustSavedPlan(t)
	year := model.Period{Year: 2020}
	now := time.Date(2021, 1, 10, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name        string
		closesOn    string
		wantClosing string
		cleared     bool
	}{
		{"KeepsDateToCome", "2021-01-31", "2021-01-31", false},
		{"ClearsDatePassed", "2021-01-05", "", true},
		{"NoDate", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var date *model.Date
			if tc.closesOn != "" {
				d, _ := model.ParseDate(tc.closesOn)
				date = &d
			}
			if err := db.SetPeriod(ctx, saved.ID, year, true, date, ""); err != nil {
				t.Fatal(err)
			}
			cleared, err := db.SetClosed(ctx, saved.ID, year, false, "", now)
			if err != nil || cleared != tc.cleared {
				t.Fatalf("cleared %v, %v", cleared, err)
			}
			st, err := periodOf(db, saved.ID, year)
			got := ""
			if st.ClosesOn != nil {
				got = st.ClosesOn.String()
			}
			if err != nil || st.ClosedAt != nil || got != tc.wantClosing || st.Closed(now) {
				t.Errorf("state %+v (closes %q), %v", st, got, err)
			}
		})
	}
}
