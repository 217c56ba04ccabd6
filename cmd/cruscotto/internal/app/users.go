package app

import (
	"context"
	"strings"

	"cruscotto/model"
)

// GeneratePassword returns a new random password, for a user added or
// reset without one: 16 characters, shown once to the admin.
func GeneratePassword() string { return model.RandomSecret(12) }

// Users lists the users, never their passwords.
func (a *App) Users(ctx context.Context, who model.Principal) ([]model.User, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return nil, err
	}
	return a.accounts.Users(ctx)
}

// SetRole changes a user's role and unit; a unit user's unit must be one
// a plan knows, and the last admin stays one.
func (a *App) SetRole(ctx context.Context, who model.Principal, username string, role model.Role, unit string) (model.User, error) {
	if err := model.Authorize(who, model.OpManageUsers); err != nil {
		return model.User{}, err
	}
	if err := a.checkUnit(ctx, role, unit); err != nil {
		return model.User{}, err
	}
	return a.accounts.SetRole(ctx, username, role, unit)
}

// isSelf reports whether username is who's own user: resetting it would
// end the session the admin is using, before the new password is read.
func (a *App) isSelf(ctx context.Context, who model.Principal, username string) (bool, error) {
	if who.UserID == 0 {
		return false, nil // a token or the CLI: no session to lose
	}
	u, err := a.accounts.User(ctx, username)
	if err != nil {
		return false, err
	}
	return u.ID == who.UserID, nil
}

// KnownUnits lists the units of the stored plans as they are read (merged
// names resolved): the units a unit user or token may be bound to.
func (a *App) KnownUnits(ctx context.Context, who model.Principal) ([]string, error) {
	if !model.May(who, model.OpMergeUnits) {
		if err := model.Authorize(who, model.OpManageUsers); err != nil {
			return nil, err
		}
	}
	names, err := a.units.UnitNames(ctx)
	model.SortUnits(names) // the order every page lists units in
	return names, err
}

// UnitAliases lists the unit names merged into others.
func (a *App) UnitAliases(ctx context.Context, who model.Principal) ([]model.UnitAlias, error) {
	if err := model.Authorize(who, model.OpMergeUnits); err != nil {
		return nil, err
	}
	return a.units.UnitAliases(ctx)
}

// MergeUnit merges a unit's name as plans write it into another unit: from
// now on every plan is read with the two as one (workbooks, collection,
// tracker, scores), and the users and tokens of the merged name belong to
// the target. Measurements are kept by action, so none is touched.
func (a *App) MergeUnit(ctx context.Context, who model.Principal, name, target string) (model.AliasMoved, error) {
	if err := model.Authorize(who, model.OpMergeUnits); err != nil {
		return model.AliasMoved{}, err
	}
	return a.units.AddUnitAlias(ctx, model.UnitAlias{Name: strings.TrimSpace(name), Target: strings.TrimSpace(target), CreatedAt: a.now(), By: who.Username})
}

// MergeCheck is what merging a name into a unit would do: whether the
// imports found the two alike (a suggestion), and who would move.
type MergeCheck struct {
	Suggested bool
	Moves     model.AliasMoved
}

// CheckMerge tells what MergeUnit would do, doing nothing: a merge the
// imports did not suggest is confirmed first, naming what will move.
func (a *App) CheckMerge(ctx context.Context, who model.Principal, name, target string) (MergeCheck, error) {
	if err := model.Authorize(who, model.OpMergeUnits); err != nil {
		return MergeCheck{}, err
	}
	var c MergeCheck
	aliases, err := a.units.UnitAliases(ctx)
	if err != nil {
		return c, err
	}
	if err := model.CheckUnitAlias(strings.TrimSpace(name), strings.TrimSpace(target), model.AliasesOf(aliases)); err != nil {
		return c, err
	}
	suggestions, err := a.UnitSuggestions(ctx, who)
	if err != nil {
		return c, err
	}
	pair := [2]string{model.UnitKey(name), model.UnitKey(target)}
	for _, s := range suggestions {
		k := [2]string{model.UnitKey(s.A.Name), model.UnitKey(s.B.Name)}
		if k == pair || k == [2]string{pair[1], pair[0]} {
			c.Suggested = true
		}
	}
	c.Moves, err = a.units.WouldMove(ctx, name)
	return c, err
}

// UnmergeUnit undoes a merge: plans show the name as written again, and
// the users, tokens and uploads the merge moved go back to it.
func (a *App) UnmergeUnit(ctx context.Context, who model.Principal, name string) (model.AliasMoved, error) {
	if err := model.Authorize(who, model.OpMergeUnits); err != nil {
		return model.AliasMoved{}, err
	}
	return a.units.RemoveUnitAlias(ctx, name)
}

// UnitSuggestions lists, over the version in force of each year's plan,
// the pairs of units that look like one unit written two ways (what the
// import warned about) and are not merged yet; each pair once, from the
// newest year that has it.
func (a *App) UnitSuggestions(ctx context.Context, who model.Principal) ([]model.UnitSuggestion, error) {
	if err := model.Authorize(who, model.OpMergeUnits); err != nil {
		return nil, err
	}
	plans, err := a.store.Plans(ctx, model.PlanFilter{})
	if err != nil {
		return nil, err
	}
	seen := map[[2]string]bool{}
	out := []model.UnitSuggestion{}
	for _, s := range plans {
		if !s.Current {
			continue
		}
		p, err := a.store.Plan(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		for _, sg := range model.SuggestMerges(p) {
			pair := [2]string{model.UnitKey(sg.A.Name), model.UnitKey(sg.B.Name)}
			if pair[0] > pair[1] {
				pair[0], pair[1] = pair[1], pair[0]
			}
			if !seen[pair] {
				seen[pair] = true
				out = append(out, sg)
			}
		}
	}
	return out, nil
}
