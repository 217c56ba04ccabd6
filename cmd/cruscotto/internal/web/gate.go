package web

import (
	"runtime"
	"time"

	"github.com/labstack/echo/v4"

	"cruscotto/model"
)

// uploadGate bounds how many upload bodies are read at once. Each may
// take up to model.MaxUploadBytes and more while it is parsed, and the
// app's parse slots bound only the parsing, not the bodies waiting for
// it: without the gate, a hundred parallel uploads from one unit held
// 6.5 GB. Past the wait the answer is 503, as for a busy parse.
type uploadGate struct {
	slots chan struct{}
	wait  time.Duration
}

func newUploadGate(slots int, wait time.Duration) *uploadGate {
	if slots <= 0 {
		slots = max(4, 2*runtime.GOMAXPROCS(0))
	}
	if wait <= 0 {
		wait = 30 * time.Second
	}
	return &uploadGate{slots: make(chan struct{}, slots), wait: wait}
}

var errUploadsBusy = model.Errorf(model.ETimeout, "Il servizio sta ricevendo molti file e il tempo massimo di attesa è scaduto: riprovare tra qualche minuto.")

// enter lets a request through once a slot is free, before its body is
// read, and frees the slot when it is answered.
func (g *uploadGate) enter(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		timer := time.NewTimer(g.wait)
		defer timer.Stop()
		select {
		case g.slots <- struct{}{}:
		case <-timer.C:
			return errUploadsBusy
		case <-c.Request().Context().Done():
			return errUploadsBusy // the client left
		}
		defer func() { <-g.slots }()
		return next(c)
	}
}
