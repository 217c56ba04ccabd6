package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"cruscotto/model"
)

// UnitAliases lists the merged unit names, by name.
func (db *DB) UnitAliases(ctx context.Context) ([]model.UnitAlias, error) {
	out, err := unitAliases(ctx, db.db)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list unit aliases: %w", err)
	}
	return out, nil
}

// querier is what both *sql.DB and *sql.Tx offer for reading rows.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func unitAliases(ctx context.Context, q querier) ([]model.UnitAlias, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, target, created_at, created_by FROM unit_aliases ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.UnitAlias{}
	for rows.Next() {
		var a model.UnitAlias
		var at dbTime
		if err := rows.Scan(&a.Name, &a.Target, &at, &a.By); err != nil {
			return nil, err
		}
		a.CreatedAt = at.Time
		out = append(out, a)
	}
	return out, rows.Err()
}

func (db *DB) aliasMap(ctx context.Context) (model.UnitAliases, error) {
	list, err := unitAliases(ctx, db.db)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read unit aliases: %w", err)
	}
	return model.AliasesOf(list), nil
}

// AddUnitAlias merges a unit name into another (model.CheckUnitAlias).
// Names already merged into a.Name follow it into a.Target, so no alias
// points at another. Users and tokens of the merged name, and the uploads
// recorded as its, move to the target in the same transaction: they would
// otherwise be bound to a unit no plan has. Plans read from now on have
// the units merged.
func (db *DB) AddUnitAlias(ctx context.Context, a model.UnitAlias) (model.AliasMoved, error) {
	var moved model.AliasMoved
	a.Name, a.Target = strings.TrimSpace(a.Name), strings.TrimSpace(a.Target)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		list, err := unitAliases(ctx, tx)
		if err != nil {
			return err
		}
		if err := model.CheckUnitAlias(a.Name, a.Target, model.AliasesOf(list)); err != nil {
			return err
		}
		key := model.UnitKey(a.Name)
		if n, err := countUnit(ctx, tx, `SELECT DISTINCT name FROM units`, key); err != nil || n == 0 {
			if err == nil {
				err = model.Errorf(model.EInvalid, "La struttura «%s» non compare in nessun piano importato: scriverla come nel piano.", a.Name)
			}
			return err
		}
		for _, old := range list {
			if model.UnitKey(old.Target) == key {
				if _, err := tx.ExecContext(ctx, `UPDATE unit_aliases SET target = ? WHERE key = ?`, a.Target, model.UnitKey(old.Name)); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_aliases (key, name, target, created_at, created_by) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name = excluded.name, target = excluded.target, created_at = excluded.created_at, created_by = excluded.created_by`,
			key, a.Name, a.Target, formatTime(a.CreatedAt), a.By); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM unit_alias_moves WHERE alias_key = ?`, key); err != nil {
			return err
		}
		for _, m := range []struct {
			table, cond string
			n           *int
		}{{"users", "role = 'unit'", &moved.Users}, {"tokens", "role = 'unit'", &moved.Tokens}, {"uploads", "unit != ''", &moved.Uploads}} {
			if *m.n, err = moveUnit(ctx, tx, m.table, m.cond, key, a.Target); err != nil {
				return err
			}
		}
		return nil
	})
	if model.ErrorCode(err) == model.EInvalid {
		return moved, err
	}
	if err != nil {
		return moved, fmt.Errorf("store: unable to merge unit %s: %w", a.Name, err)
	}
	db.plans.clear()
	return moved, nil
}

// namesOf returns the names a query lists (one column) whose UnitKey is
// key. Names are compared in Go: SQLite folds neither accents nor
// non-ASCII case.
func namesOf(ctx context.Context, tx *sql.Tx, query, key string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		if model.UnitKey(u) == key {
			names = append(names, u)
		}
	}
	return names, rows.Err()
}

func countUnit(ctx context.Context, tx *sql.Tx, query, key string) (int, error) {
	names, err := namesOf(ctx, tx, query, key)
	return len(names), err
}

// moveUnit sets the unit of a table's rows whose unit is, once folded,
// key, and records each move under the alias key so that undoing the
// merge puts it back; it returns how many moved.
func moveUnit(ctx context.Context, tx *sql.Tx, table, cond, key, target string) (int, error) {
	names, err := namesOf(ctx, tx, `SELECT DISTINCT unit FROM `+table+` WHERE `+cond, key)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range names {
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_alias_moves (alias_key, tbl, row_id, from_unit, to_unit)
			SELECT ?, ?, id, unit, ? FROM `+table+` WHERE unit = ? AND `+cond, key, table, target, u); err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET unit = ? WHERE unit = ? AND `+cond, target, u)
		if err != nil {
			return 0, err
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}

// RemoveUnitAlias undoes a merge: plans read from now on show the name
// as their file writes it again, and every user, token and upload the
// merge moved goes back to the name it had — unless it was given another
// unit since, which stands. It returns what went back.
func (db *DB) RemoveUnitAlias(ctx context.Context, name string) (model.AliasMoved, error) {
	var back model.AliasMoved
	key := model.UnitKey(name)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM unit_aliases WHERE key = ?`, key)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.Errorf(model.ENotFound, "La struttura «%s» non è unita a un'altra.", name)
		}
		for _, m := range []struct {
			table string
			n     *int
		}{{"users", &back.Users}, {"tokens", &back.Tokens}, {"uploads", &back.Uploads}} {
			res, err := tx.ExecContext(ctx, `UPDATE `+m.table+` SET unit = (SELECT mv.from_unit FROM unit_alias_moves mv
				WHERE mv.alias_key = ? AND mv.tbl = ? AND mv.row_id = `+m.table+`.id)
				WHERE id IN (SELECT mv.row_id FROM unit_alias_moves mv WHERE mv.alias_key = ? AND mv.tbl = ? AND mv.to_unit = `+m.table+`.unit)`,
				key, m.table, key, m.table)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			*m.n = int(k)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM unit_alias_moves WHERE alias_key = ?`, key)
		return err
	})
	if model.ErrorCode(err) == model.ENotFound {
		return back, err
	}
	if err != nil {
		return back, fmt.Errorf("store: unable to remove unit alias %s: %w", name, err)
	}
	db.plans.clear()
	return back, nil
}

// UnitNames lists the units of every stored plan as they are read, merged
// names resolved, in alphabetical order; model.NoUnit is not among them.
func (db *DB) UnitNames(ctx context.Context) ([]string, error) {
	aliases, err := db.aliasMap(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	out := []string{}
	err = db.each(ctx, `SELECT DISTINCT name FROM units`, nil, func(rows *sql.Rows) error {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		name = aliases.Resolve(name)
		if k := model.UnitKey(name); !seen[k] {
			seen[k] = true
			out = append(out, name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to list units: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return model.Fold(out[i]) < model.Fold(out[j]) })
	return out, nil
}

// ResolveUnit returns the unit a name is read as now: its alias's target,
// or the name itself.
func (db *DB) ResolveUnit(ctx context.Context, name string) (string, error) {
	aliases, err := db.aliasMap(ctx)
	if err != nil {
		return "", err
	}
	return aliases.Resolve(name), nil
}

// WouldMove counts the users, tokens and uploads that merging name into
// another unit would move, without moving them: what the admin is asked
// to confirm.
func (db *DB) WouldMove(ctx context.Context, name string) (model.AliasMoved, error) {
	var n model.AliasMoved
	key := model.UnitKey(strings.TrimSpace(name))
	err := db.each(ctx, `SELECT 'users', unit FROM users WHERE role = 'unit' UNION ALL SELECT 'tokens', unit FROM tokens WHERE role = 'unit'
		UNION ALL SELECT 'uploads', unit FROM uploads WHERE unit != ''`, nil, func(rows *sql.Rows) error {
		var table, unit string
		if err := rows.Scan(&table, &unit); err != nil {
			return err
		}
		if model.UnitKey(unit) != key {
			return nil
		}
		switch table {
		case "users":
			n.Users++
		case "tokens":
			n.Tokens++
		default:
			n.Uploads++
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("store: unable to count what %s would move: %w", name, err)
	}
	return n, nil
}
