package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"cruscotto/model"
)

// SavePlan stores an imported plan together with the uploaded bytes, in one
// transaction. The same bytes imported again return the plan already
// stored (created is false); a different file for a year that already has a
// plan becomes that year's next version, and takes in the same transaction
// every value of the version it replaces that carries (carryValues). An
// upload with an ID is one kept earlier (a revision the admin confirmed):
// its record becomes the import's.
func (db *DB) SavePlan(ctx context.Context, plan *model.Plan, u model.Upload) (saved *model.Plan, created bool, err error) {
	return db.SaveRevision(ctx, plan, u, 0)
}

// SaveRevision is SavePlan for a new version the admin confirmed as the
// replacement of version replaces (a plan id): if another version came
// into force meanwhile, nothing is stored and the admin is asked to look
// again. replaces 0 accepts whichever version is in force.
func (db *DB) SaveRevision(ctx context.Context, plan *model.Plan, u model.Upload, replaces int64) (saved *model.Plan, created bool, err error) {
	var (
		id      int64
		version int
	)
	err = db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM plans WHERE sha256 = ?`, u.SHA256).Scan(&id)
		if err == nil {
			u.Outcome, u.Message = model.OutcomeDuplicate, model.DuplicatePlanMessage(id)
			_, err = db.insertUpload(ctx, tx, &u)
			return err
		}
		if err != sql.ErrNoRows {
			return err
		}
		u.Outcome = model.OutcomeAccepted
		uploadID, err := db.acceptUpload(ctx, tx, &u)
		if err != nil {
			return err
		}
		// the version in force until now, whose values the new one takes
		var inForce int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM plans WHERE year = ? ORDER BY version DESC LIMIT 1`, plan.Year).Scan(&inForce)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if replaces != 0 && inForce != replaces {
			return model.ErrReplaced
		}
		var actions map[string]carryTarget
		id, version, actions, err = insertPlan(ctx, tx, plan, u, uploadID)
		if err != nil {
			return err
		}
		created = true
		if err := initState(ctx, tx, plan, u, db.Now()); err != nil {
			return err
		}
		if inForce != 0 {
			_, err = carryValues(ctx, tx, inForce, id, actions)
		}
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to save plan %s: %w", u.FileName, err)
	}
	if !created {
		saved, err = db.Plan(ctx, id)
		return saved, false, err
	}
	// what was stored is what was given: no need to read it back, but
	// its units are read merged, as a load would
	aliases, err := db.aliasMap(ctx)
	if err != nil {
		return nil, false, err
	}
	stored := plan.Clone()
	if stored.State, err = db.yearState(ctx, plan.Year); err != nil {
		return nil, false, err
	}
	stored.ID, stored.Version, stored.SHA256, stored.FileName, stored.ImportedAt = id, version, u.SHA256, u.FileName, u.ReceivedAt.UTC()
	stored.MergeUnits(aliases)
	return stored, true, nil
}

// acceptUpload records an accepted plan upload: a new record, or the kept
// record u.ID of the same file turned accepted.
func (db *DB) acceptUpload(ctx context.Context, tx *sql.Tx, u *model.Upload) (int64, error) {
	if u.ID == 0 {
		return db.insertUpload(ctx, tx, u)
	}
	if u.ReceivedAt.IsZero() {
		u.ReceivedAt = db.Now() // the plan is imported now, when confirmed
	}
	res, err := tx.ExecContext(ctx, `UPDATE uploads SET outcome = ?, message = '', dropped_at = NULL WHERE id = ? AND kind = 'plan' AND sha256 = ?`,
		model.OutcomeAccepted, u.ID, u.SHA256)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return 0, fmt.Errorf("upload %d is not a kept plan upload of this file (%d rows): %v", u.ID, n, err)
	}
	return u.ID, nil
}

// insertPlan stores a new version of a plan and returns its id, its
// version and its actions by code.
func insertPlan(ctx context.Context, tx *sql.Tx, p *model.Plan, u model.Upload, uploadID int64) (int64, int, map[string]carryTarget, error) {
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE year = ?`, p.Year).Scan(&version); err != nil {
		return 0, 0, nil, err
	}
	mapping := ""
	if p.Mapping != nil {
		mapping = string(p.Mapping.JSON())
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO plans (year, version, title, file_name, sha256, upload_id, imported_at, mapping) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Year, version, p.Title, u.FileName, u.SHA256, uploadID, formatTime(u.ReceivedAt), mapping)
	if err != nil {
		return 0, 0, nil, err
	}
	planID, err := res.LastInsertId()
	if err != nil {
		return 0, 0, nil, err
	}
	ids, err := newRowIDs(ctx, tx)
	if err != nil {
		return 0, 0, nil, err
	}
	rows, err := planRowsOf(p, planID, ids)
	if err != nil {
		return 0, 0, nil, err
	}
	for _, t := range rows.tables() {
		if err := insertRows(ctx, tx, t.table, t.cols, t.rows); err != nil {
			return 0, 0, nil, fmt.Errorf("insert %s: %w", t.table, err)
		}
	}
	if err := insertBlocks(ctx, tx, planID, p.Blocks); err != nil {
		return 0, 0, nil, fmt.Errorf("insert plan_blocks: %w", err)
	}
	return planID, version, rows.byCode, nil
}

// rowIDs hands out the ids of a plan's new rows, table by table. The
// transaction holds the write lock (immediate), so ids can be handed out
// here and the rows inserted many per statement: a plan of 10,000
// actions is 20,000 rows, and one statement each costs more than the
// rest of the import.
type rowIDs map[string]int64

func newRowIDs(ctx context.Context, tx *sql.Tx) (rowIDs, error) {
	ids := rowIDs{}
	for _, table := range []string{"perspectives", "strategic_objectives", "operational_objectives", "actions", "units"} {
		var max int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table).Scan(&max); err != nil {
			return nil, err
		}
		ids[table] = max
	}
	return ids, nil
}

// next returns the id of table's next row.
func (ids rowIDs) next(table string) int64 {
	ids[table]++
	return ids[table]
}

// planRows are a plan's rows, table by table, as insertRows takes them,
// and its actions by code with their new ids.
type planRows struct {
	units, persps, strats, targets, ops, actions, actionUnits, warnings, notes [][]any
	unitIDs                                                                    map[string]int64
	byCode                                                                     map[string]carryTarget
}

// planRowsOf lays out plan p, stored as planID, in rows.
func planRowsOf(p *model.Plan, planID int64, ids rowIDs) (*planRows, error) {
	r := &planRows{unitIDs: map[string]int64{}, byCode: make(map[string]carryTarget, len(p.Actions()))}
	for i, un := range p.Units {
		id := ids.next("units")
		r.unitIDs[un.Name] = id
		r.units = append(r.units, []any{id, planID, i, un.Name})
	}
	for pi, ps := range p.Perspectives {
		perspID := ids.next("perspectives")
		r.persps = append(r.persps, []any{perspID, planID, pi, ps.Name})
		for si, s := range ps.Strategic {
			sID := ids.next("strategic_objectives")
			r.strats = append(r.strats, []any{sID, planID, perspID, si, s.Code, s.Description, s.KPI, s.Cell.String()})
			for year, target := range s.Targets {
				r.targets = append(r.targets, []any{sID, year, target})
			}
			for oi, o := range s.Operational {
				oID := ids.next("operational_objectives")
				r.ops = append(r.ops, []any{oID, planID, sID, oi, o.Code, o.Title, o.Weight, o.KPI, o.Cell.String()})
				for ai, a := range o.Actions {
					if err := r.addAction(ids.next("actions"), planID, oID, ai, a); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	for i, w := range p.Warnings {
		r.warnings = append(r.warnings, []any{planID, i, w.Sheet, w.Cell, w.Message})
	}
	for i, n := range p.Notes {
		r.notes = append(r.notes, []any{planID, i, n.Text, n.Cell})
	}
	return r, nil
}

// addAction lays out action a, the ai-th of operational objective oID,
// with its units.
func (r *planRows) addAction(aID, planID, oID int64, ai int, a *model.Action) error {
	r.byCode[a.Code] = carryTarget{id: aID, action: a}
	row := []any{aID, planID, oID, ai, a.Code, a.Title, a.Weight, a.KPI}
	row = append(row, valueArgs(a.Target)...)
	row = append(row, valueArgs(a.Threshold80)...)
	row = append(row, a.Threshold80Text)
	row = append(row, valueArgs(a.Threshold60)...)
	row = append(row, a.Threshold60Text, string(a.Direction), a.Qualitative, a.PIRA, a.Responsible, a.Implicit, a.Cell.String())
	var baseline any
	if a.Baseline != nil {
		baseline = a.Baseline.Raw
	}
	r.actions = append(r.actions, append(row, opsOf(a), baseline, a.Note))
	for ui, name := range a.Units {
		unitID, ok := r.unitIDs[name]
		if !ok {
			return fmt.Errorf("action %s: unit «%s» is not among the plan's units", a.Code, name)
		}
		r.actionUnits = append(r.actionUnits, []any{aID, unitID, ui})
	}
	return nil
}

// tables are the rows with their tables and columns, in the order they
// are inserted (a row after those it refers to).
func (r *planRows) tables() []struct {
	table, cols string
	rows        [][]any
} {
	return []struct {
		table, cols string
		rows        [][]any
	}{
		{"units", "id, plan_id, position, name", r.units},
		{"perspectives", "id, plan_id, position, name", r.persps},
		{"strategic_objectives", "id, plan_id, perspective_id, position, code, description, kpi, cell", r.strats},
		{"strategic_targets", "strategic_id, year, target", r.targets},
		{"operational_objectives", "id, plan_id, strategic_id, position, code, title, weight, kpi, cell", r.ops},
		{"actions", `id, plan_id, operational_id, position, code, title, weight, kpi,
			target_raw, target_value, target_kind, t80_raw, t80_value, t80_kind, t80_text, t60_raw, t60_value, t60_kind, t60_text,
			direction, qualitative, pira, responsible, implicit, cell, ops, baseline, note`, r.actions},
		{"action_units", "action_id, unit_id, position", r.actionUnits},
		{"plan_warnings", "plan_id, position, sheet, cell, message", r.warnings},
		{"plan_notes", "plan_id, position, text, cell", r.notes},
	}
}

// insertRows inserts rows into table, many rows per statement.
func insertRows(ctx context.Context, tx *sql.Tx, table, cols string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	perStmt := max(1, 30000/width) // under SQLite's limit of 32,766 parameters
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", width), ",") + ")"
	for len(rows) > 0 {
		n := min(perStmt, len(rows))
		args := make([]any, 0, n*width)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func valueArgs(v *model.Value) []any {
	if v == nil {
		return []any{nil, nil, nil}
	}
	var n any
	if v.Number != nil {
		n = *v.Number
	}
	return []any{v.Raw, n, string(v.Kind)}
}

// opsOf packs the signs of an action's target and thresholds in one
// column, "target,t80,t60": most are unsigned, and a plan of 10,000
// actions is written in fewer, narrower statements.
func opsOf(a *model.Action) string {
	op := func(v *model.Value) string {
		if v == nil {
			return ""
		}
		return string(v.Op)
	}
	if s := op(a.Target) + "," + op(a.Threshold80) + "," + op(a.Threshold60); s != ",," {
		return s
	}
	return ""
}

// setOps unpacks opsOf.
func setOps(a *model.Action, ops string) {
	if ops == "" {
		return
	}
	parts := strings.SplitN(ops, ",", 3)
	for i, v := range []*model.Value{a.Target, a.Threshold80, a.Threshold60} {
		if v != nil && i < len(parts) {
			v.Op = model.Op(parts[i])
		}
	}
}

func scanValue(raw sql.NullString, n sql.NullFloat64, kind sql.NullString) *model.Value {
	if !raw.Valid {
		return nil
	}
	v := &model.Value{Raw: raw.String, Kind: model.Kind(kind.String)}
	if n.Valid {
		f := n.Float64
		v.Number = &f
	}
	return v
}

// Plan loads one plan version with its whole tree. A stored plan version
// never changes, so loaded plans are cached; each caller gets a copy of
// its own, which it may change without the next caller seeing it.
func (db *DB) Plan(ctx context.Context, id int64) (*model.Plan, error) {
	p := db.plans.get(id)
	if p == nil {
		gen := db.plans.generation()
		loaded, err := db.loadPlan(ctx, id)
		if err != nil {
			return nil, err
		}
		db.plans.put(id, loaded, gen)
		p = loaded
	}
	c := p.Clone()
	// the state changes through the year: never from the cache
	state, err := db.yearState(ctx, c.Year)
	if err != nil {
		return nil, err
	}
	c.State = state
	return c, nil
}

func (db *DB) loadPlan(ctx context.Context, id int64) (*model.Plan, error) {
	p := &model.Plan{ID: id, Units: []model.Unit{}, Warnings: []model.Problem{}, Perspectives: []*model.Perspective{}}
	var at dbTime
	err := db.db.QueryRowContext(ctx, `SELECT year, version, title, file_name, sha256, imported_at FROM plans WHERE id = ?`, id).
		Scan(&p.Year, &p.Version, &p.Title, &p.FileName, &p.SHA256, &at)
	if err == sql.ErrNoRows {
		return nil, model.Errorf(model.ENotFound, "Il piano %d non esiste.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load plan %d: %w", id, err)
	}
	p.ImportedAt = at.Time
	if err := db.loadTree(ctx, p); err != nil {
		return nil, fmt.Errorf("store: unable to load plan %d: %w", id, err)
	}
	return p, nil
}

func (db *DB) loadTree(ctx context.Context, p *model.Plan) error {
	t := &treeLoader{db: db, p: p, persps: map[int64]*model.Perspective{}, strats: map[int64]*model.StrategicObjective{},
		ops: map[int64]*model.OperationalObjective{}, actions: map[int64]*model.Action{}}
	for _, load := range []func(context.Context) error{t.perspectives, t.strategic, t.targets, t.operational, t.loadActions, t.units, t.warnings, t.notes} {
		if err := load(ctx); err != nil {
			return err
		}
	}
	p.SummariseUnits()
	aliases, err := db.aliasMap(ctx)
	if err != nil {
		return err
	}
	p.MergeUnits(aliases) // everything downstream sees the merged units
	return nil
}

// treeLoader reads a plan's tree level by level, each row hung under its
// parent by id.
type treeLoader struct {
	db      *DB
	p       *model.Plan
	persps  map[int64]*model.Perspective
	strats  map[int64]*model.StrategicObjective
	ops     map[int64]*model.OperationalObjective
	actions map[int64]*model.Action
}

func (t *treeLoader) perspectives(ctx context.Context) error {
	return t.db.each(ctx, `SELECT id, name FROM perspectives WHERE plan_id = ? ORDER BY position`, []any{t.p.ID}, func(rows *sql.Rows) error {
		var id int64
		ps := &model.Perspective{Strategic: []*model.StrategicObjective{}}
		if err := rows.Scan(&id, &ps.Name); err != nil {
			return err
		}
		t.persps[id] = ps
		t.p.Perspectives = append(t.p.Perspectives, ps)
		return nil
	})
}

func (t *treeLoader) strategic(ctx context.Context) error {
	return t.db.each(ctx, `SELECT id, perspective_id, code, description, kpi, cell FROM strategic_objectives WHERE plan_id = ? ORDER BY position`, []any{t.p.ID}, func(rows *sql.Rows) error {
		var id, pid int64
		var cell string
		s := &model.StrategicObjective{Targets: map[int]float64{}, Operational: []*model.OperationalObjective{}}
		err := rows.Scan(&id, &pid, &s.Code, &s.Description, &s.KPI, &cell)
		if err == nil {
			s.Cell, err = model.ParseCellRef(cell)
		}
		if err != nil {
			return err
		}
		t.strats[id] = s
		t.persps[pid].Strategic = append(t.persps[pid].Strategic, s)
		return nil
	})
}

func (t *treeLoader) targets(ctx context.Context) error {
	return t.db.each(ctx, `SELECT t.strategic_id, t.year, t.target FROM strategic_targets t JOIN strategic_objectives s ON s.id = t.strategic_id WHERE s.plan_id = ?`, []any{t.p.ID}, func(rows *sql.Rows) error {
		var sid int64
		var year int
		var target float64
		if err := rows.Scan(&sid, &year, &target); err != nil {
			return err
		}
		t.strats[sid].Targets[year] = target
		return nil
	})
}

func (t *treeLoader) operational(ctx context.Context) error {
	return t.db.each(ctx, `SELECT id, strategic_id, code, title, weight, kpi, cell FROM operational_objectives WHERE plan_id = ? ORDER BY position`, []any{t.p.ID}, func(rows *sql.Rows) error {
		var id, sid int64
		var cell string
		o := &model.OperationalObjective{Actions: []*model.Action{}}
		err := rows.Scan(&id, &sid, &o.Code, &o.Title, &o.Weight, &o.KPI, &cell)
		if err == nil {
			o.Cell, err = model.ParseCellRef(cell)
		}
		if err != nil {
			return err
		}
		t.ops[id] = o
		t.strats[sid].Operational = append(t.strats[sid].Operational, o)
		return nil
	})
}

func (t *treeLoader) loadActions(ctx context.Context) error {
	return t.db.each(ctx, `SELECT id, operational_id, code, title, weight, kpi, target_raw, target_value, target_kind,
		t80_raw, t80_value, t80_kind, t80_text, t60_raw, t60_value, t60_kind, t60_text, direction, qualitative, pira, responsible, implicit, cell,
		ops, baseline, note
		FROM actions WHERE plan_id = ? ORDER BY operational_id, position`, []any{t.p.ID}, func(rows *sql.Rows) error {
		id, oid, a, err := scanAction(rows)
		if err != nil {
			return err
		}
		t.actions[id] = a
		t.ops[oid].Actions = append(t.ops[oid].Actions, a)
		return nil
	})
}

// scanAction reads an action's row: its id, its operational objective's
// and the action.
func scanAction(rows *sql.Rows) (id, oid int64, a *model.Action, err error) {
	a = &model.Action{Units: []string{}}
	var tr, t8r, t6r, tk, t8k, t6k, baseline sql.NullString
	var tv, t8v, t6v sql.NullFloat64
	var dir, ops, cell string
	err = rows.Scan(&id, &oid, &a.Code, &a.Title, &a.Weight, &a.KPI, &tr, &tv, &tk, &t8r, &t8v, &t8k, &a.Threshold80Text,
		&t6r, &t6v, &t6k, &a.Threshold60Text, &dir, &a.Qualitative, &a.PIRA, &a.Responsible, &a.Implicit, &cell,
		&ops, &baseline, &a.Note)
	if err == nil {
		a.Cell, err = model.ParseCellRef(cell)
	}
	if err != nil {
		return 0, 0, nil, err
	}
	a.Target, a.Threshold80, a.Threshold60 = scanValue(tr, tv, tk), scanValue(t8r, t8v, t8k), scanValue(t6r, t6v, t6k)
	setOps(a, ops)
	if baseline.Valid {
		v := model.ParseText(baseline.String) // shown, never scored: read again from its text
		a.Baseline = &v
	}
	a.Direction = model.Direction(dir)
	return id, oid, a, nil
}

func (t *treeLoader) units(ctx context.Context) error {
	return t.db.each(ctx, `SELECT au.action_id, u.name FROM action_units au JOIN units u ON u.id = au.unit_id WHERE u.plan_id = ? ORDER BY au.action_id, au.position`, []any{t.p.ID}, func(rows *sql.Rows) error {
		var aid int64
		var name string
		if err := rows.Scan(&aid, &name); err != nil {
			return err
		}
		t.actions[aid].Units = append(t.actions[aid].Units, name)
		return nil
	})
}

func (t *treeLoader) warnings(ctx context.Context) error {
	return t.db.each(ctx, `SELECT sheet, cell, message FROM plan_warnings WHERE plan_id = ? ORDER BY position`, []any{t.p.ID}, func(rows *sql.Rows) error {
		w := model.Problem{Severity: model.SeverityWarning}
		if err := rows.Scan(&w.Sheet, &w.Cell, &w.Message); err != nil {
			return err
		}
		t.p.Warnings = append(t.p.Warnings, w)
		return nil
	})
}

func (t *treeLoader) notes(ctx context.Context) error {
	t.p.Notes = []model.Note{}
	return t.db.each(ctx, `SELECT text, cell FROM plan_notes WHERE plan_id = ? ORDER BY position`, []any{t.p.ID}, func(rows *sql.Rows) error {
		var n model.Note
		if err := rows.Scan(&n.Text, &n.Cell); err != nil {
			return err
		}
		t.p.Notes = append(t.p.Notes, n)
		return nil
	})
}

func (db *DB) each(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// UnitKnown reports whether some stored plan has a unit of that name as
// plans are read (a merged name is not, its target is), or, for
// model.NoUnit, an action without a Responsabile.
func (db *DB) UnitKnown(ctx context.Context, unit string) (bool, error) {
	if unit == model.NoUnit {
		var known bool
		query := `SELECT EXISTS (SELECT 1 FROM actions a WHERE NOT EXISTS (SELECT 1 FROM action_units au WHERE au.action_id = a.id))`
		if err := db.db.QueryRowContext(ctx, query).Scan(&known); err != nil {
			return false, fmt.Errorf("store: unable to look up unit %s: %w", unit, err)
		}
		return known, nil
	}
	names, err := db.UnitNames(ctx)
	if err != nil {
		return false, err
	}
	return slices.Contains(names, unit), nil
}

// PlanMapping returns the mapping a plan version was read with, nil for
// versions imported before mappings were kept.
func (db *DB) PlanMapping(ctx context.Context, id int64) (*model.Mapping, error) {
	var text string
	err := db.db.QueryRowContext(ctx, `SELECT mapping FROM plans WHERE id = ?`, id).Scan(&text)
	if err == sql.ErrNoRows {
		return nil, model.Errorf(model.ENotFound, "Il piano %d non esiste.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the mapping of plan %d: %w", id, err)
	}
	if text == "" {
		return nil, nil
	}
	var m model.Mapping
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return nil, fmt.Errorf("store: mapping of plan %d: %w", id, err)
	}
	return &m, nil
}

// Plans lists the plan versions f selects, newest year and version
// first, each with its counts, state and whether it is in force.
func (db *DB) Plans(ctx context.Context, f model.PlanFilter) ([]model.PlanSummary, error) {
	const inForce = `p.version = (SELECT MAX(version) FROM plans q WHERE q.year = p.year)`
	var where []string
	var args []any
	if f.Year != 0 {
		where, args = append(where, "p.year = ?"), append(args, f.Year)
	}
	if f.SHA != "" {
		where, args = append(where, "p.sha256 = ?"), append(args, f.SHA)
	}
	if f.Before != 0 {
		where = append(where, "p.year = (SELECT year FROM plans WHERE id = ?) AND p.version < (SELECT version FROM plans WHERE id = ?)")
		args = append(args, f.Before, f.Before)
	}
	if f.InForce {
		where = append(where, inForce)
	}
	out := []model.PlanSummary{}
	err := db.each(ctx, `SELECT p.id, p.year, p.version, p.title, p.file_name, p.sha256, p.imported_at,
		(SELECT COUNT(*) FROM actions a WHERE a.plan_id = p.id),
		(SELECT COUNT(*) FROM units u WHERE u.plan_id = p.id),
		(SELECT COUNT(*) FROM plan_warnings w WHERE w.plan_id = p.id),
		`+inForce+`, COALESCE(s.state, 'bozza'), COALESCE(s.opened, 0)
		FROM plans p LEFT JOIN plan_states s ON s.year = p.year WHERE `+and(where)+` ORDER BY p.year DESC, p.version DESC`, args, func(rows *sql.Rows) error {
		var s model.PlanSummary
		var at dbTime
		if err := rows.Scan(&s.ID, &s.Year, &s.Version, &s.Title, &s.FileName, &s.SHA256, &at, &s.Actions, &s.Units, &s.Warnings, &s.Current, &s.State, &s.Opened); err != nil {
			return err
		}
		s.ImportedAt = at.Time
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the plans %+v: %w", f, err)
	}
	if err := db.countMergedUnits(ctx, out); err != nil {
		return nil, fmt.Errorf("store: unable to list the plans %+v: %w", f, err)
	}
	return out, nil
}

// countMergedUnits counts the plans' units as they are read, merged names
// counted once with their target.
func (db *DB) countMergedUnits(ctx context.Context, plans []model.PlanSummary) error {
	aliases, err := db.aliasMap(ctx)
	if err != nil || len(aliases) == 0 {
		return err
	}
	units := map[int64]map[string]bool{}
	err = db.each(ctx, `SELECT plan_id, name FROM units`, nil, func(rows *sql.Rows) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		if units[id] == nil {
			units[id] = map[string]bool{}
		}
		units[id][model.UnitKey(aliases.Resolve(name))] = true
		return nil
	})
	for i := range plans {
		plans[i].Units = len(units[plans[i].ID])
	}
	return err
}
