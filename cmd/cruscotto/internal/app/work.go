package app

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"cruscotto/model"
)

// DefaultTimeout bounds one parse or export of a file: a 10,000-action
// plan imports in under a second and its filled plan is written in about
// three, so anything near this is a file built to cost.
const DefaultTimeout = 30 * time.Second

// workSlots bounds how many uploaded files are parsed at once. Each parse
// is bounded in memory by the reader's limits; bounding how many run
// together bounds the service's memory whatever a sender does, and on a
// machine of few cores more at once would not finish sooner.
func workSlots() int { return max(2, runtime.GOMAXPROCS(0)) }

// slots is the semaphore of parses, made on first use so that a zero App
// works.
type slots struct {
	once sync.Once
	ch   chan struct{}
	// waits counts the parses that found every slot taken and waited
	waits atomic.Int64

	mu     sync.Mutex
	owners map[string]*owned // each owner's turn, while it has work under way or waiting
}

// owned is one owner's turn: at most one of its files is parsed at a
// time; waiting counts its requests under way, so that the turn is
// dropped when none is left and the waiting are bounded.
type owned struct {
	turn    chan struct{}
	waiting int
}

// ownerKey is the context key of the owner of the work asked.
type ownerKey struct{}

// withOwner marks the work asked through ctx as owner's. One owner (a
// unit, whichever of its users or tokens asks; another principal by
// itself) has at most one file parsed at a time and at most
// maxOwnerWaiting requests waiting: one unit's files, however heavy and
// however many, never hold the slots the others need.
func withOwner(ctx context.Context, who model.Principal) context.Context {
	return context.WithValue(ctx, ownerKey{}, ownerOf(who))
}

// heldKey marks a context whose owner's turn is already taken (takeTurn):
// the parses inside it do not wait for it again.
type heldKey struct{}

// takeTurn takes who's turn for a whole operation — reading a file,
// recording it, storing its values — not only its parse: a unit's files
// are then handled one at a time, whichever of its users or tokens sends
// them, and never hold the writer or the slots the other units need.
func (a *App) takeTurn(ctx context.Context, who model.Principal) (context.Context, func(), error) {
	wait, cancel := context.WithTimeout(ctx, a.timeout())
	defer cancel()
	release, err := a.parses.enter(wait, ownerOf(who))
	if err != nil {
		return nil, nil, err
	}
	return context.WithValue(withOwner(ctx, who), heldKey{}, true), release, nil
}

// ownerOf is whose turn a principal's work takes.
func ownerOf(who model.Principal) string {
	switch {
	case who.Role == model.RoleUnit && who.Unit != "":
		return "unit:" + who.Unit
	case who.Key() != "":
		return who.Key()
	}
	return "name:" + who.Username
}

// maxOwnerWaiting bounds the requests of one owner waiting for its turn.
const maxOwnerWaiting = 4

var errOwnerBusy = model.Errorf(model.ETooMany, "Ci sono già altri file della stessa struttura o dello stesso utente in elaborazione: attendere che finiscano e riprovare.")

// enter takes owner's turn, waiting for it within ctx; the function
// returned gives it back.
func (s *slots) enter(ctx context.Context, owner string) (func(), error) {
	s.mu.Lock()
	if s.owners == nil {
		s.owners = map[string]*owned{}
	}
	o := s.owners[owner]
	if o == nil {
		o = &owned{turn: make(chan struct{}, 1)}
		s.owners[owner] = o
	}
	if o.waiting >= maxOwnerWaiting {
		s.mu.Unlock()
		return nil, errOwnerBusy
	}
	o.waiting++
	s.mu.Unlock()
	leave := func() {
		s.mu.Lock()
		if o.waiting--; o.waiting == 0 {
			delete(s.owners, owner)
		}
		s.mu.Unlock()
	}
	select {
	case o.turn <- struct{}{}:
		return func() { <-o.turn; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, errBusy
	}
}

func (s *slots) get() chan struct{} {
	s.once.Do(func() { s.ch = make(chan struct{}, workSlots()) })
	return s.ch
}

func (a *App) timeout() time.Duration {
	if a.limit > 0 {
		return a.limit
	}
	return DefaultTimeout
}

// parsing waits for a parse slot and returns a context that ends at the
// operation's deadline, and the function that frees the slot. Waiting for
// a slot counts against the deadline.
//
// Work marked with an owner (withOwner) first waits for the owner's turn,
// without holding a slot: a unit that sends many files waits for its
// own, never the others.
func (a *App) parsing(ctx context.Context) (context.Context, func(), error) {
	ctx, cancel := context.WithTimeout(ctx, a.timeout())
	leave := func() {}
	if owner, _ := ctx.Value(ownerKey{}).(string); owner != "" && ctx.Value(heldKey{}) == nil {
		var err error
		if leave, err = a.parses.enter(ctx, owner); err != nil {
			cancel()
			return nil, nil, err
		}
	}
	sem := a.parses.get()
	select {
	case sem <- struct{}{}:
		return ctx, func() { <-sem; leave(); cancel() }, nil
	default:
		a.parses.waits.Add(1)
	}
	select {
	case sem <- struct{}{}:
		return ctx, func() { <-sem; leave(); cancel() }, nil
	case <-ctx.Done():
		leave()
		cancel()
		return nil, nil, errBusy
	}
}

// exporting returns a context that ends at the operation's deadline.
func (a *App) exporting(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, a.timeout())
}

var errBusy = model.Errorf(model.ETimeout, "Il servizio è occupato a elaborare altri file e il tempo massimo di attesa è scaduto: riprovare tra qualche minuto.")

// errTimedOut is what people read when an operation ran past its
// deadline.
var errTimedOut = model.Errorf(model.ETimeout, "L'elaborazione ha superato il tempo massimo consentito ed è stata interrotta: riprovare; se il problema persiste, avvisare l'assistenza.")

// overDeadline replaces *err by errTimedOut when the operation failed
// because its context ended (the store says "context deadline exceeded"),
// so that people read a sentence; deferred by the exports.
func overDeadline(ctx context.Context, err *error) {
	if *err != nil && ctx.Err() != nil && model.ErrorCode(*err) == model.EInternal {
		*err = errTimedOut
	}
}

// deadline turns a context's end into errTimedOut, so that an export
// checked between its steps answers with a sentence.
func deadline(ctx context.Context) error {
	if ctx.Err() != nil { // past the deadline, or the client gone
		return errTimedOut
	}
	return nil
}
