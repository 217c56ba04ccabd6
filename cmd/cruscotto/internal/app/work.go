package app

import (
	"context"
	"runtime"
	"sync"
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
func (a *App) parsing(ctx context.Context) (context.Context, func(), error) {
	ctx, cancel := context.WithTimeout(ctx, a.timeout())
	sem := a.parses.get()
	select {
	case sem <- struct{}{}:
		return ctx, func() { <-sem; cancel() }, nil
	case <-ctx.Done():
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
