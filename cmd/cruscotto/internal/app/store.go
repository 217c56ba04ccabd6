package app

import (
	"context"
	"time"

	"cruscotto/model"
)

// Store keeps the year's work — plan versions, measured values and their
// reviews, the periods they are collected for, the files people send —
// and reads it back: model types in, model types out, filter structs
// where a question has several forms, and no decisions. Who may do what
// is the policy's (model/policy.go), which values to keep is
// model.Reconcile's, what an outcome says is the model's. model/sqlite
// implements it.
type Store interface {
	PlanStore
	MeasurementStore
	UploadStore
}

// PlanStore keeps plan versions, their states and how they were read.
type PlanStore interface {
	Plan(ctx context.Context, id int64) (*model.Plan, error)
	Plans(ctx context.Context, f model.PlanFilter) ([]model.PlanSummary, error)
	PlanMapping(ctx context.Context, id int64) (*model.Mapping, error)
	PlanBlocks(ctx context.Context, planID int64) ([]model.Block, error)
	SavePlanBlocks(ctx context.Context, planID int64, blocks []model.Block) error
	SaveRevision(ctx context.Context, plan *model.Plan, u model.Upload, replaces int64) (saved *model.Plan, created bool, err error)
	SetPlanState(ctx context.Context, year int, state model.PlanState, by string) (model.PlanState, error)
	PlanStateChanges(ctx context.Context, year int) ([]model.StateChange, error)
	DeletePlanYear(ctx context.Context, year int, by string) (int, error)
	SaveMapping(ctx context.Context, name string, m *model.Mapping, by string) (int64, error)
	SavedMappings(ctx context.Context) ([]model.SavedMapping, error)
}

// MeasurementStore keeps measured values, their reviews and the periods
// they are collected for.
type MeasurementStore interface {
	Measurements(ctx context.Context, f model.MeasurementFilter) ([]model.Measurement, error)
	MeasuredPeriods(ctx context.Context, planID int64) ([]model.Period, error)
	Revision(ctx context.Context, planID int64, codes []string) (model.Revision, error)
	SaveMeasurements(ctx context.Context, s model.Submission) (model.Saved, error)
	SaveCollected(ctx context.Context, u model.Upload, s model.Submission, notify model.Notify) (model.Saved, error)
	SetReview(ctx context.Context, id int64, r model.Review) error
	Periods(ctx context.Context, planID int64) ([]model.PeriodState, error)
	SetPeriod(ctx context.Context, planID int64, p model.Period, closed bool, closesOn *model.Date, by string) error
	SetClosed(ctx context.Context, planID int64, p model.Period, closed bool, by string, now time.Time) (cleared bool, err error)
}

// UploadStore keeps the files people send, within their quotas.
type UploadStore interface {
	RecordUpload(ctx context.Context, u model.Upload, notify model.Notify) (int64, error)
	Upload(ctx context.Context, id int64) (model.Upload, error)
	Uploads(ctx context.Context, f model.UploadFilter) ([]model.Upload, error)
	UploadsByUnit(ctx context.Context, planID int64, period model.Period) (map[string]model.UnitUploads, error)
	FileContent(ctx context.Context, sha string) ([]byte, error)
	SenderBytes(ctx context.Context, owner string) (int64, error)
}

// Accounts keeps who logs in: users, passwords, sessions, API tokens, and
// the key the unit workbooks are signed with.
type Accounts interface {
	HasAdmin(ctx context.Context) (bool, error)
	AddFirstAdmin(ctx context.Context, username, password string) (bool, error)
	AddUser(ctx context.Context, username, password string, role model.Role, unit string) (model.User, error)
	Users(ctx context.Context) ([]model.User, error)
	User(ctx context.Context, username string) (model.User, error)
	SetRole(ctx context.Context, username string, role model.Role, unit string) (model.User, error)
	SetUserEmail(ctx context.Context, username, email string) (model.User, error)
	Authenticate(ctx context.Context, username, password string) (model.Principal, error)
	ChangePassword(ctx context.Context, userID int64, current, next, keep string) error
	ResetPassword(ctx context.Context, username, password string) (model.User, error)
	RequirePasswordChange(ctx context.Context, username string) error
	CreateSession(ctx context.Context, userID int64, ttl time.Duration) (cookie, csrf string, err error)
	SessionPrincipal(ctx context.Context, cookie string) (model.Principal, string, error)
	DeleteSession(ctx context.Context, cookie string) error
	NewToken(ctx context.Context, role model.Role, unit, label string, expires *time.Time) (model.Token, string, error)
	Tokens(ctx context.Context) ([]model.Token, error)
	RevokeToken(ctx context.Context, id int64) (model.Token, error)
	TokenPrincipal(ctx context.Context, token string) (model.Principal, error)
	SigningKey(ctx context.Context) ([]byte, error)
}

// Directory keeps the units beyond what the plans say: names merged into
// others, and shared mailboxes.
type Directory interface {
	UnitNames(ctx context.Context) ([]string, error)
	UnitKnown(ctx context.Context, unit string) (bool, error)
	ResolveUnit(ctx context.Context, name string) (string, error)
	UnitAliases(ctx context.Context) ([]model.UnitAlias, error)
	AddUnitAlias(ctx context.Context, a model.UnitAlias) (model.AliasMoved, error)
	RemoveUnitAlias(ctx context.Context, name string) (model.AliasMoved, error)
	WouldMove(ctx context.Context, name string) (model.AliasMoved, error)
	UnitMailboxes(ctx context.Context) (map[string]string, error)
	SetUnitMailbox(ctx context.Context, unit, email string) error
}

// Outbox keeps the messages to send, how their sending went, and the
// reminders sent.
type Outbox interface {
	QueueMessages(ctx context.Context, msgs []model.OutboxMessage) error
	DueMessages(ctx context.Context, now time.Time, limit int) ([]model.OutboxMessage, error)
	ClaimMessage(ctx context.Context, id int64, now, until time.Time) (bool, error)
	MarkSent(ctx context.Context, id int64, at time.Time) error
	MarkFailed(ctx context.Context, id int64, answer string, next time.Time, giveUp bool) error
	Outbox(ctx context.Context, planID int64, period string) ([]model.OutboxMessage, error)
	QueuedMessages(ctx context.Context) (int, error)
	DigestQueued(ctx context.Context, week string) (bool, error)
	Reminders(ctx context.Context, planID int64, period string) (map[string]model.ReminderRecord, error)
	SaveReminders(ctx context.Context, reminded []model.ReminderRecord, msgs []model.OutboxMessage) error
	ReminderDays(ctx context.Context, year int) ([]int, error)
	SetReminderDays(ctx context.Context, year int, days []int) error
}

// Backend is what New is given: a Store, with the accounts, the directory
// and the outbox beside it, a clock the app sets and a health check.
// model/sqlite's DB is one.
type Backend interface {
	Store
	Accounts
	Directory
	Outbox
	// UseClock makes now the backend's clock, the app's one clock
	// (Options.Now).
	UseClock(now func() time.Time)
	// Ping checks that the backend answers.
	Ping(ctx context.Context) error
}
