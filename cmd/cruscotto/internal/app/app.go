// Package app holds Cruscotto's operations — import a plan, record
// measurements, score — as functions the command line and the web
// handlers share. They know nothing of the command line, and of HTTP only
// the ETag a conditional download is compared with (download.go).
package app

import (
	"context"
	"slices"
	"sort"
	"time"

	"cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/model"
)

// App is Cruscotto's operations over one database. It is the only door
// to the store: the command line and the web handlers call its
// operations, which decide access with the model's policy.
type App struct {
	// store keeps the year's work; accounts, units and outbox the rest
	// (store.go): one backend, seen through the part each operation needs
	store    Store
	accounts Accounts
	units    Directory
	outbox   Outbox
	backend  Backend
	clock    func() time.Time
	limit    time.Duration
	parses   slots
	files    fileCache // generated workbooks by content key
	quota    int64     // what one sender's kept files may total, 0 for the default
	mail     mail.Config
	sender   *mail.Sender  // nil without a relay: nothing is sent
	kick     chan struct{} // wakes the mail loop (KickMail)
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
func New(db Backend, opts ...Options) *App {
	a := &App{kick: make(chan struct{}, 1)}
	if db != nil {
		a.store, a.accounts, a.units, a.outbox, a.backend = db, db, db, db, db
	}
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

// inForce returns the version in force of year's plan, the one values
// are collected into.
func (a *App) inForce(ctx context.Context, year int) (model.PlanSummary, error) {
	plans, err := a.store.Plans(ctx, model.PlanFilter{Year: year, InForce: true})
	if err != nil {
		return model.PlanSummary{}, err
	}
	if len(plans) == 0 {
		return model.PlanSummary{}, model.Errorf(model.ENotFound, "Nessun piano %d.", year)
	}
	return plans[0], nil
}

// previousVersion returns the version of a plan's year that came before
// it.
func (a *App) previousVersion(ctx context.Context, planID int64) (model.PlanSummary, error) {
	plans, err := a.store.Plans(ctx, model.PlanFilter{Before: planID})
	if err != nil {
		return model.PlanSummary{}, err
	}
	if len(plans) == 0 {
		return model.PlanSummary{}, model.Errorf(model.ENotFound, "Il piano %d non ha una versione precedente.", planID)
	}
	return plans[0], nil
}

// seenPlan loads a plan who may see in its state (seePlan), whole.
func (a *App) seenPlan(ctx context.Context, who model.Principal, planID int64) (*model.Plan, error) {
	plan, err := a.store.Plan(ctx, planID)
	if err == nil {
		err = seePlan(who, plan)
	}
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// loadPlanPeriod loads a plan and parses a period for it.
func (a *App) loadPlanPeriod(ctx context.Context, planID int64, period string) (*model.Plan, model.Period, error) {
	plan, err := a.store.Plan(ctx, planID)
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
