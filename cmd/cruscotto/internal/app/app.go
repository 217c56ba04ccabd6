// Package app holds Cruscotto's operations — import a plan, record
// measurements, score — as functions the command line and the web
// handlers share. They know nothing of the command line, and of HTTP only
// the ETag a conditional download is compared with (download.go).
package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/importer"
	"cruscotto/model"
)

// App is Cruscotto's operations over one database. It is the only door
// to the store: the command line and the web handlers call its
// operations, which decide access with the model's policy.
type App struct {
	db     Store
	clock  func() time.Time
	limit  time.Duration
	parses slots
	files  fileCache // generated workbooks by content key
	quota  int64     // what one sender's kept files may total, 0 for the default
	mail   mail.Config
	sender *mail.Sender  // nil without a relay: nothing is sent
	kick   chan struct{} // wakes the mail loop (KickMail)
	// baseURL is the service's public address, for links in messages
	baseURL string
}

// senderQuota is what one sender's kept files may total.
func (a *App) senderQuota() int64 {
	if a.quota > 0 {
		return a.quota
	}
	return model.SenderQuotaBytes
}

// Options are an App's settings; the zero value is the real clock and
// DefaultTimeout.
type Options struct {
	// Now is the one clock of the app and its store: the time stamped on
	// workbooks and records, closing dates, sessions, login limits.
	Now func() time.Time
	// Timeout bounds each parse and export (0: DefaultTimeout).
	Timeout time.Duration
	// CacheBytes bounds the generated workbooks kept for download (0:
	// DefaultCacheBytes).
	CacheBytes int64
	// SenderQuota bounds what one sender's kept files may total (0:
	// model.SenderQuotaBytes).
	SenderQuota int64
	// Mail is how to reach the Chamber's mail relay, checked (Check); the
	// zero value sends nothing.
	Mail mail.Config
	// BaseURL is the service's public address, for the links in the
	// messages ("" leaves them out).
	BaseURL string
}

// New returns the operations over db; opts, at most one, holds the
// settings.
func New(db Store, opts ...Options) *App {
	a := &App{db: db, kick: make(chan struct{}, 1)}
	if len(opts) > 0 {
		a.clock, a.limit, a.files.max, a.quota = opts[0].Now, opts[0].Timeout, opts[0].CacheBytes, opts[0].SenderQuota
		if a.clock != nil && db != nil {
			db.UseClock(a.clock)
		}
		a.baseURL = opts[0].BaseURL
		if a.mail = opts[0].Mail; a.mail.Enabled() {
			a.sender = mail.NewSender(a.mail)
		}
	}
	return a
}

// Now is the app's clock, in UTC to the second.
func (a *App) Now() time.Time { return a.now() }

// Precise is the app's clock to the nanosecond, for what must not round
// to the second: the log-in limits' waits.
func (a *App) Precise() time.Time {
	if a.clock != nil {
		return a.clock().UTC()
	}
	return time.Now().UTC()
}

func (a *App) now() time.Time {
	if a.clock != nil {
		return a.clock().UTC()
	}
	return time.Now().UTC().Truncate(time.Second)
}

// ImportOptions say how to read a plan upload.
type ImportOptions struct {
	Year    int            // 0: from the file
	Mapping *model.Mapping // nil: the importer's own reading of the header
	// AskFirst keeps a new version of a year's plan in force aside
	// instead of importing it: the pages show what it changes and ask the
	// admin to confirm (ConfirmRevision). The command line goes on.
	AskFirst bool
	// State is the state a year's first version starts in, a draft when
	// empty; a later version keeps its year's state whatever is given.
	State model.PlanState
	// confirming is the kept upload of the revision being confirmed: its
	// record becomes the import's.
	confirming int64
	// showing is the kept upload of a revision shown again: read, diffed,
	// neither imported nor recorded again.
	showing int64
	// replaces is the version in force the admin saw the revision
	// against: if another came into force since, nothing is imported.
	replaces int64
}

// ImportPlan parses and stores a plan upload sent by who, read with
// opts.Mapping when one is given. A rejected file is recorded with the
// reason. A new version of a year's plan takes the values of the
// version it replaces (see Changes for what it changed).
func (a *App) ImportPlan(ctx context.Context, who model.Principal, name string, data []byte, opts ImportOptions) (*model.Plan, bool, error) {
	ctx = withOwner(ctx, who)
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, false, err
	}
	if err := opts.Validate(); err != nil {
		return nil, false, err
	}
	opts.AskFirst = false
	r, err := a.importPlan(ctx, name, data, opts, who)
	return r.plan, r.created, err
}

// imported is the outcome of importPlan.
type imported struct {
	plan     *model.Plan
	created  bool
	uploadID int64            // a refused or pending file, as kept
	pending  *PendingRevision // with opts.AskFirst, a revision to confirm
}

// importPlan is ImportPlan, once authorized, that also returns the id a
// refused file was kept under, and a revision to confirm.
func (a *App) importPlan(ctx context.Context, name string, data []byte, opts ImportOptions, who model.Principal) (imported, error) {
	u := model.NewUpload(model.UploadPlan, name, data, "").From(who)
	plan, err := a.parsePlan(ctx, data, opts)
	if err != nil && opts.showing != 0 {
		return imported{}, err // a kept file read again: recorded already
	}
	if err != nil {
		u.Outcome, u.Message = model.OutcomeRejected, err.Error()
		id, rerr := a.db.RecordUpload(ctx, u, nil)
		if rerr != nil {
			// the store's failure is the answer: the file is not recorded
			return imported{}, fmt.Errorf("record refused plan %s (%v): %w", name, err, rerr)
		}
		return imported{uploadID: id}, err
	}
	if plan.Warnings, err = a.previousYearWarnings(ctx, plan); err != nil {
		return imported{}, err
	}
	if opts.AskFirst || opts.showing != 0 {
		pending, err := a.pendingRevision(ctx, plan, u)
		if opts.showing != 0 {
			if err == nil && pending == nil {
				err = model.Errorf(model.EConflict, "Il file %s è già stato importato, o il suo anno non ha un piano in vigore: nulla da confermare.", name)
			}
			if pending != nil {
				pending.UploadID, pending.Mapping = opts.showing, opts.Mapping
			}
			return imported{pending: pending}, err
		}
		if err != nil {
			return imported{}, err
		}
		if pending != nil {
			pending.Mapping = opts.Mapping
			u.Outcome, u.Message = model.OutcomeRejected, revisionMessage(plan.Year, pending.Changes.Old.Version)
			pending.UploadID, err = a.db.RecordUpload(ctx, u, nil)
			return imported{pending: pending, uploadID: pending.UploadID}, err
		}
	}
	u.ID = opts.confirming
	plan.State = opts.State
	saved, created, err := a.db.SaveRevision(ctx, plan, u, opts.replaces)
	return imported{plan: saved, created: created}, err
}

// SetPlanState moves the plan of plan planID's year, every version of it,
// to state, recorded as who's change, and opens each period of closing
// (period → closing date, «2020» → «2021-01-31») with its date: a plan is
// opened for collection with the periods the units owe. Every period and
// date is checked before anything changes. It returns the plan's summary.
func (a *App) SetPlanState(ctx context.Context, who model.Principal, planID int64, state model.PlanState, closing map[string]string) (model.PlanSummary, error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return model.PlanSummary{}, err
	}
	plan, err := a.db.Plan(ctx, planID)
	if err != nil {
		return model.PlanSummary{}, err
	}
	type opening struct {
		period model.Period
		date   string
	}
	var open []opening
	for ps, date := range closing {
		if date == "" {
			continue
		}
		p, err := PeriodFor(plan, ps)
		if err != nil {
			return model.PlanSummary{}, err
		}
		if _, err := model.ParseDate(date); err != nil {
			return model.PlanSummary{}, model.Errorf(model.EInvalid, "Data di chiusura «%s» del periodo %s non valida: scrivere AAAA-MM-GG (2021-01-31).", model.Clip(date), p.Label())
		}
		open = append(open, opening{p, date})
	}
	if len(open) > 0 && state != model.StateCollecting {
		return model.PlanSummary{}, model.Errorf(model.EInvalid, "Le date di chiusura dei periodi si danno aprendo il piano alla raccolta.")
	}
	if _, err := a.db.SetPlanState(ctx, plan.Year, state, who.Username); err != nil {
		return model.PlanSummary{}, err
	}
	for _, o := range open {
		if _, err := a.SetPeriod(ctx, who, planID, o.period, false, o.date); err != nil {
			return model.PlanSummary{}, err
		}
	}
	return a.db.CurrentVersion(ctx, plan.Year)
}

// DeletePlan deletes every version of plan planID's year, a plan never
// opened for collection, with the values entered on it; the uploads stay
// as records. It returns the year and how many versions went.
func (a *App) DeletePlan(ctx context.Context, who model.Principal, planID int64) (year, versions int, err error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return 0, 0, err
	}
	plan, err := a.db.Plan(ctx, planID)
	if err != nil {
		return 0, 0, err
	}
	versions, err = a.db.DeletePlanYear(ctx, plan.Year, who.Username)
	return plan.Year, versions, err
}

// PlanStateChanges lists who changed the state of plan planID's year,
// and when.
func (a *App) PlanStateChanges(ctx context.Context, who model.Principal, planID int64) ([]model.StateChange, error) {
	if err := model.Authorize(who, model.OpReadWarnings); err != nil {
		return nil, err
	}
	plan, err := a.db.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	return a.db.PlanStateChanges(ctx, plan.Year)
}

// parsePlan parses a plan upload within a parse slot and the deadline.
func (a *App) parsePlan(ctx context.Context, data []byte, opts ImportOptions) (*model.Plan, error) {
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	return importer.ParsePlanContext(ctx, data, importer.Options{Year: opts.Year, Mapping: opts.Mapping})
}

// SuggestMapping returns the importer's reading of a plan workbook's
// headers as a mapping, for a person to check and edit.
func (a *App) SuggestMapping(ctx context.Context, data []byte) (*model.Mapping, error) {
	ctx, done, err := a.parsing(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	return importer.Suggest(ctx, data)
}

// PlanMapping returns the mapping a stored plan version was read with.
func (a *App) PlanMapping(ctx context.Context, who model.Principal, planID int64) (*model.Mapping, error) {
	if err := model.Authorize(who, model.OpImportPlan); err != nil {
		return nil, err
	}
	m, err := a.db.PlanMapping(ctx, planID)
	if err == nil && m == nil {
		return nil, model.Errorf(model.ENotFound, "Il piano %d è stato importato prima che le mappature fossero conservate: importarlo di nuovo per averla.", planID)
	}
	return m, err
}

// PeriodFor parses a period for a plan: "" is the plan year's year-end
// figure; a period must fall in one of the plan's years.
func PeriodFor(p *model.Plan, s string) (model.Period, error) {
	if s == "" {
		return model.Period{Year: p.Year}, nil
	}
	period, err := model.ParsePeriod(s)
	if err != nil {
		return period, err
	}
	years := PlanYears(p)
	if !slices.Contains(years, period.Year) {
		return period, model.Errorf(model.EInvalid, "Il periodo %s non appartiene al piano %d (anni %d–%d).", s, p.Year, years[0], years[len(years)-1])
	}
	return period, nil
}

// planPeriod loads a plan who may see in its state (seePlan) and parses
// a period for it.
func (a *App) planPeriod(ctx context.Context, who model.Principal, planID int64, period string) (*model.Plan, model.Period, error) {
	plan, p, err := a.loadPlanPeriod(ctx, planID, period)
	if err == nil {
		err = seePlan(who, plan)
	}
	return plan, p, err
}

// seePlan refuses a plan who may not see in its state: a unit sees only
// the plans open for collection, the others answered as if they did not
// exist.
func seePlan(who model.Principal, plan *model.Plan) error {
	if who.Confined() != "" && !plan.State.OpenToUnits() {
		return model.Errorf(model.ENotFound, "Il piano %d non esiste.", plan.ID)
	}
	return nil
}

// loadPlanPeriod loads a plan and parses a period for it.
func (a *App) loadPlanPeriod(ctx context.Context, planID int64, period string) (*model.Plan, model.Period, error) {
	plan, err := a.db.Plan(ctx, planID)
	if err != nil {
		return nil, model.Period{}, err
	}
	p, err := PeriodFor(plan, period)
	return plan, p, err
}

// PlanYears returns the years a plan can be measured in: its year and those
// of its strategic targets.
func PlanYears(p *model.Plan) []int {
	years := []int{p.Year}
	for _, s := range p.Strategics() {
		for y := range s.Targets {
			if !slices.Contains(years, y) {
				years = append(years, y)
			}
		}
	}
	sort.Ints(years)
	return years
}

// ensureOpen refuses values for a closed period, unless writeClosed
// (model.OpWriteClosed), before any work is done on them; the store
// checks again as it writes.
func (a *App) ensureOpen(ctx context.Context, planID int64, p model.Period, writeClosed bool) error {
	st, err := a.db.PeriodState(ctx, planID, p)
	if err != nil {
		return err
	}
	if !writeClosed && st.Closed(a.now()) {
		return model.ErrPeriodClosed(p)
	}
	return nil
}

// Measure checks a batch of values typed for a plan's actions (action code
// → string as typed, or JSON number) sent by who through source
// (model.SourceAPI, model.SourceCLI) and stores them as one submission. If
// any value is rejected nothing is stored and every rejection is listed.
// A unit sends only its own actions' values; only admins may still
// correct a closed period.
func (a *App) Measure(ctx context.Context, who model.Principal, planID int64, period string, values map[string]any, source string) ([]model.Measurement, error) {
	if err := model.Authorize(who, model.OpSendValues); err != nil {
		return nil, err
	}
	unit, writeClosed := who.Confined(), model.May(who, model.OpWriteClosed)
	// values go to the version in force, and are checked against it
	planID, err := a.inForceID(ctx, planID)
	if err != nil {
		return nil, err
	}
	plan, p, err := a.planPeriod(ctx, who, planID, period)
	if err == nil {
		err = plan.State.CheckWritable(plan.Year)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case len(values) == 0:
		return nil, model.Errorf(model.EInvalid, "Nessun valore da registrare.")
	case len(values) > model.MaxValuesPerSubmission:
		return nil, model.Errorf(model.EInvalid, "Al massimo %d valori per invio: dividere i valori in più invii.", model.MaxValuesPerSubmission)
	}
	if err := a.ensureOpen(ctx, plan.ID, p, writeClosed); err != nil {
		return nil, err
	}
	actions := plan.ActionsByCode()
	if unit != "" {
		// another unit's action is, to a unit, an action that is not
		// there: the same answer, so that codes cannot be probed
		actions = plan.UnitActionsByCode(unit)
	}
	codes := make([]string, 0, len(values))
	for c := range values {
		codes = append(codes, c)
	}
	sortCodes(codes)
	var (
		inputs   []model.MeasurementInput
		problems []model.Problem
	)
	for _, code := range codes {
		act := actions[code]
		if act == nil {
			problems = append(problems, model.Problem{Severity: model.SeverityError, Message: fmt.Sprintf("azione %s: non esiste nel piano %d (versione %d).", code, plan.Year, plan.Version)})
			continue
		}
		v, err := model.ParseMeasured(act, values[code])
		if err != nil {
			problems = append(problems, model.Problem{Severity: model.SeverityError, Message: model.ErrorMessage(err)})
			continue
		}
		inputs = append(inputs, model.MeasurementInput{ActionCode: code, Value: v})
	}
	if len(problems) > 0 {
		return nil, model.ProblemsError(model.EInvalid, problems, "Nessun valore registrato: %s da correggere.", model.Plural(len(problems), "valore", "valori"))
	}
	saved, err := a.db.SaveMeasurements(ctx, model.Submission{PlanID: planID, Period: p, Unit: unit, Source: source, By: who.Username,
		WriteClosed: writeClosed, Values: inputs})
	return saved.Stored, err
}

// score scores a plan for a period with the current measurements.
func (a *App) score(ctx context.Context, planID int64, period string, method string) (*model.Plan, *model.Scorecard, error) {
	plan, p, err := a.loadPlanPeriod(ctx, planID, period)
	if err != nil {
		return nil, nil, err
	}
	m, err := model.ParseMethod(method)
	if err != nil {
		return nil, nil, err
	}
	measured, err := model.MeasurementsByCode(a.db.Measurements(ctx, model.CurrentIn(planID, p)))
	if err != nil {
		return nil, nil, err
	}
	return plan, model.Score(plan, p, measured, m), nil
}

// sortCodes orders codes as a plan does: 1.2.10 after 1.2.9.
func sortCodes(codes []string) {
	slices.SortFunc(codes, model.CompareCodes)
}

// PeriodStatus is a period's collection state and whether it is closed
// now, by the app's clock.
type PeriodStatus struct {
	model.PeriodState
	Closed bool `json:"closed"`
}

// PeriodStatus returns whether a plan's period is open for collection:
// collection is the version in force's, whichever version is asked.
func (a *App) PeriodStatus(ctx context.Context, who model.Principal, planID int64, p model.Period) (PeriodStatus, error) {
	if err := model.Authorize(who, model.OpReadPeriod); err != nil {
		return PeriodStatus{}, err
	}
	planID, err := a.inForceID(ctx, planID)
	if err != nil {
		return PeriodStatus{}, err
	}
	return a.periodStatus(ctx, planID, p)
}

func (a *App) periodStatus(ctx context.Context, planID int64, p model.Period) (PeriodStatus, error) {
	st, err := a.db.PeriodState(ctx, planID, p)
	if err != nil {
		return PeriodStatus{}, err
	}
	return PeriodStatus{PeriodState: st, Closed: st.Closed(a.now())}, nil
}

// SetPeriod closes (closed true) or reopens a plan's period and sets its
// closing date, "AAAA-MM-GG" read as a civil date open until its end, or
// "" for none.
func (a *App) SetPeriod(ctx context.Context, who model.Principal, planID int64, p model.Period, closed bool, closesOn string) (PeriodStatus, error) {
	if err := model.Authorize(who, model.OpSetPeriod); err != nil {
		return PeriodStatus{}, err
	}
	planID, err := a.inForceID(ctx, planID) // collection is the version in force's
	if err != nil {
		return PeriodStatus{}, err
	}
	current, err := a.db.Plan(ctx, planID)
	if err == nil {
		err = current.State.CheckWritable(current.Year)
	}
	if err != nil {
		return PeriodStatus{}, err
	}
	var date *model.Date
	if closesOn != "" {
		d, err := model.ParseDate(closesOn)
		if err != nil {
			return PeriodStatus{}, model.Errorf(model.EInvalid, "Data di chiusura «%s» non valida: scrivere AAAA-MM-GG (2021-01-31).", closesOn)
		}
		date = &d
	}
	if err := a.db.SetPeriod(ctx, planID, p, closed, date); err != nil {
		return PeriodStatus{}, err
	}
	if closed {
		if err := a.db.SetClosedBy(ctx, planID, p, who.Username); err != nil {
			return PeriodStatus{}, err
		}
	}
	return a.periodStatus(ctx, planID, p)
}
