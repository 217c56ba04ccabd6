package sqlite_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

const (
	shortName = "Progetti incentivazione e sostegno"
	longName  = "Progetti di incentivazione e sostegno"
)

func unitNamed(p *model.Plan, name string) (model.Unit, bool) {
	for _, u := range p.Units {
		if u.Name == name {
			return u, true
		}
	}
	return model.Unit{}, false
}

// unitOf reads a user's unit the way the user's sessions do.
func unitOf(t *testing.T, db *sqlite.DB, username string) string {
	t.Helper()
	p, err := db.Authenticate(context.Background(), username, "password-"+username)
	if err != nil {
		t.Fatal(err)
	}
	return p.Unit
}

func TestUnitAliases(t *testing.T) {
	ctx := context.Background()
	db, saved := mustSavedPlan(t)
	short, ok1 := unitNamed(saved, shortName)
	long, ok2 := unitNamed(saved, longName)
	if !ok1 || !ok2 {
		t.Fatalf("the 2020 plan lacks the two spellings: %+v", saved.Units)
	}
	if _, err := db.Plan(ctx, saved.ID); err != nil { // cached before the merge
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, "paola", "password-paola", model.RoleUnit, shortName); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.NewToken(ctx, model.RoleUnit, shortName, "script", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, "marco", "password-marco", model.RoleUnit, "Mediazione"); err != nil {
		t.Fatal(err)
	}

	t.Run("OK", func(t *testing.T) {
		moved, err := db.AddUnitAlias(ctx, model.UnitAlias{Name: shortName, Target: longName, CreatedAt: time.Now(), By: "ctrl"})
		if err != nil {
			t.Fatal(err)
		}
		if moved != (model.AliasMoved{Users: 1, Tokens: 1}) {
			t.Errorf("moved %+v", moved)
		}
		p, err := db.Plan(ctx, saved.ID)
		if err != nil {
			t.Fatal(err)
		}
		merged, ok := unitNamed(p, longName)
		if _, still := unitNamed(p, shortName); still || !ok || merged.Actions != short.Actions+long.Actions {
			t.Errorf("merged %+v (%v); before: %+v and %+v", merged, ok, short, long)
		}
		if len(p.Units) != len(saved.Units)-1 {
			t.Errorf("%d units, want %d", len(p.Units), len(saved.Units)-1)
		}
		plans, err := db.Plans(ctx, model.PlanFilter{})
		if err != nil || plans[0].Units != len(p.Units) {
			t.Errorf("plans list %d units, the plan %d (%v)", plans[0].Units, len(p.Units), err)
		}
		for name, unit := range map[string]string{"paola": longName, "marco": "Mediazione"} {
			if got := unitOf(t, db, name); got != unit {
				t.Errorf("%s's unit: %q, want %q", name, got, unit)
			}
		}
		for name, want := range map[string]bool{longName: true, shortName: false, "Mediazione": true, model.NoUnit: true} {
			if known, err := db.UnitKnown(ctx, name); err != nil || known != want {
				t.Errorf("UnitKnown(%q) = %v, %v", name, known, err)
			}
		}
		names, err := db.UnitNames(ctx)
		if err != nil || !slices.Contains(names, longName) || slices.Contains(names, shortName) {
			t.Errorf("unit names %v, %v", names, err)
		}
	})
	t.Run("ErrUnknownName", func(t *testing.T) {
		_, err := db.AddUnitAlias(ctx, model.UnitAlias{Name: "Ufficio inesistente", Target: longName, CreatedAt: time.Now()})
		if model.ErrorCode(err) != model.EInvalid {
			t.Errorf("merging a name no plan has: %v", err)
		}
	})
	t.Run("ErrChain", func(t *testing.T) {
		_, err := db.AddUnitAlias(ctx, model.UnitAlias{Name: "Mediazione", Target: shortName, CreatedAt: time.Now()})
		if model.ErrorCode(err) != model.EInvalid {
			t.Errorf("merging into a merged name: %v", err)
		}
	})
	t.Run("TargetFollows", func(t *testing.T) {
		// the merged unit is merged in turn: the first alias follows it
		if _, err := db.AddUnitAlias(ctx, model.UnitAlias{Name: longName, Target: "Promozione", CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		list, err := db.UnitAliases(ctx)
		if err != nil || len(list) != 2 {
			t.Fatalf("aliases %+v, %v", list, err)
		}
		for _, a := range list {
			if a.Target != "Promozione" {
				t.Errorf("alias %+v does not point at the last target", a)
			}
		}
		p, _ := db.Plan(ctx, saved.ID)
		if u, ok := unitNamed(p, "Promozione"); !ok || u.Actions != short.Actions+long.Actions {
			t.Errorf("Promozione: %+v", u)
		}
	})
	t.Run("Remove", func(t *testing.T) {
		if _, err := db.RemoveUnitAlias(ctx, longName); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RemoveUnitAlias(ctx, longName); model.ErrorCode(err) != model.ENotFound {
			t.Errorf("removing twice: %v", err)
		}
		if _, err := db.RemoveUnitAlias(ctx, shortName); err != nil {
			t.Fatal(err)
		}
		p, _ := db.Plan(ctx, saved.ID)
		if len(p.Units) != len(saved.Units) {
			t.Errorf("after removing the aliases: %d units, want %d", len(p.Units), len(saved.Units))
		}
	})
}

// TestSavePlanMerged: a plan imported after a merge is returned, as it is
// later read, with the units merged.
func TestSavePlanMerged(t *testing.T) {
	ctx := context.Background()
	db, _ := mustSavedPlan(t)
	if _, err := db.AddUnitAlias(ctx, model.UnitAlias{Name: shortName, Target: longName, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	p, data := mustPlan(t)
	// the next version: other bytes, the same plan
	saved, _, err := db.SavePlan(ctx, p, model.NewUpload(model.UploadPlan, "piano-v2.xlsx", append(data, 0), "test"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := unitNamed(saved, shortName); ok {
		t.Error("the saved plan has the merged name")
	}
	if _, ok := unitNamed(p, shortName); !ok {
		t.Error("saving changed the parsed plan")
	}
	loaded, err := db.Plan(ctx, saved.ID)
	if err != nil || tree(t, loaded) != tree(t, saved) {
		t.Errorf("loaded and saved differ (%v)", err)
	}
}

// TestUndoneMergeLeavesNoAccess: undoing a merge puts back every user,
// token and upload the merge moved, so that the merged name's people keep
// no access to the target's data; one given another unit since stays
// where it was put.
func TestUndoneMergeLeavesNoAccess(t *testing.T) {
	ctx := context.Background()
	db, _ := mustSavedPlan(t)
	if _, err := db.AddUser(ctx, "paola", "password-paola", model.RoleUnit, shortName); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddUser(ctx, "rita", "password-rita", model.RoleUnit, shortName); err != nil {
		t.Fatal(err)
	}
	_, token, err := db.NewToken(ctx, model.RoleUnit, shortName, "gestionale", nil)
	if err != nil {
		t.Fatal(err)
	}
	u := model.NewUpload(model.UploadSubmission, "rifiutata.xlsx", []byte("x"), "paola")
	u.Unit, u.Outcome = shortName, model.OutcomeRejected
	uploadID, err := db.RecordUpload(ctx, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := db.AddUnitAlias(ctx, model.UnitAlias{Name: shortName, Target: longName})
	if err != nil || moved.Users != 2 || moved.Tokens != 1 || moved.Uploads != 1 {
		t.Fatalf("merge moved %+v, %v", moved, err)
	}
	// rita is given another unit meanwhile: that stands
	if _, err := db.SetRole(ctx, "rita", model.RoleUnit, "Mediazione"); err != nil {
		t.Fatal(err)
	}
	back, err := db.RemoveUnitAlias(ctx, shortName)
	if err != nil || back.Users != 1 || back.Tokens != 1 || back.Uploads != 1 {
		t.Fatalf("undo put back %+v, %v", back, err)
	}
	users, _ := db.Users(ctx)
	for _, us := range users {
		if want := map[string]string{"paola": shortName, "rita": "Mediazione"}[us.Username]; want != "" && us.Unit != want {
			t.Errorf("%s is in %q, want %q", us.Username, us.Unit, want)
		}
	}
	if p, err := db.TokenPrincipal(ctx, token); err != nil || p.Unit != shortName {
		t.Errorf("the token reads %q (%v), want %q", p.Unit, err, shortName)
	}
	if rec, err := db.Upload(ctx, uploadID); err != nil || rec.Unit != shortName {
		t.Errorf("the refused upload is %q's (%v), want %q's", rec.Unit, err, shortName)
	}
}
