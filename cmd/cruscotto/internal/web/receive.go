package web

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"cruscotto/model"
)

// receiver takes in upload bodies, once the principal may send them and
// before they wait for an upload slot: a body that trickles in holds only
// its own sender's turns, never the slots everyone's uploads are parsed
// in. Each principal has at most perPrincipal bodies under way; every body
// must arrive within deadline; at most slots bodies are held at once, all
// senders together, which bounds the memory they take.
type receiver struct {
	mu           sync.Mutex
	busy         map[string]int
	perPrincipal int
	slots        chan struct{}
	deadline     time.Duration
	// rate bounds each principal's uploads in a sliding hour
	rate *limiter
}

func newReceiver(slots, perPrincipal int, deadline time.Duration, perHour int) *receiver {
	if perHour <= 0 {
		perHour = 120
	}
	if slots <= 0 {
		slots = 32
	}
	if perPrincipal <= 0 {
		perPrincipal = 2
	}
	if deadline <= 0 {
		deadline = 30 * time.Second
	}
	return &receiver{busy: map[string]int{}, perPrincipal: perPrincipal, slots: make(chan struct{}, slots), deadline: deadline,
		rate: newLimiter(perHour, time.Hour, limiterKeys)}
}

var (
	errTooManyOwnUploads = model.Errorf(model.ETooMany, "Ci sono già due invii in corso da questo utente o dalla sua struttura: attendere che finiscano e riprovare.")
	errReceiversBusy     = model.Errorf(model.EUnavailable, "Il servizio sta ricevendo molti file e non può riceverne altri ora: riprovare tra qualche minuto.")
	errSlowBody          = model.Errorf(model.ETimeout, "Il file è arrivato troppo lentamente ed è stato interrotto: riprovare con una connessione più stabile.")
	errUploadCSRF        = model.Errorf(model.EForbidden, "Modulo scaduto o non valido: ricaricare la pagina e riprovare.")
)

// csrfPrefix is how much of a session's multipart upload is read, before
// the rest, to find the form's CSRF token: the page's form sends it first.
const csrfPrefix = 64 << 10

// receive reads the whole body within the deadline (refusing a forged
// session upload from its first 64 KB), hands it on from memory, and
// frees the sender's turn when the request is answered.
func (rc *receiver) receive(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, _ := principal(c)
		key := p.Key()
		if ok, wait := rc.rate.allow(key, time.Now()); !ok {
			c.Response().Header().Set("Retry-After", strconv.Itoa(seconds(wait)))
			return model.Errorf(model.ETooMany, "Troppi invii in poco tempo da questo utente (al massimo %d all'ora): riprovare tra %s.", rc.rate.max, secondsText(seconds(wait)))
		}
		// the bodies under way are counted per unit, whichever of its
		// users or tokens sends them: a unit with many tokens still has
		// two turns, and the receivers stay free for the others
		key = turnKey(p)
		rc.mu.Lock()
		if rc.busy[key] >= rc.perPrincipal {
			rc.mu.Unlock()
			c.Response().Header().Set("Retry-After", "5")
			return errTooManyOwnUploads
		}
		rc.busy[key]++
		rc.mu.Unlock()
		defer func() {
			rc.mu.Lock()
			if rc.busy[key]--; rc.busy[key] <= 0 {
				delete(rc.busy, key)
			}
			rc.mu.Unlock()
		}()
		select {
		case rc.slots <- struct{}{}:
		default:
			c.Response().Header().Set("Retry-After", "30")
			return errReceiversBusy
		}
		defer func() { <-rc.slots }()

		r := c.Request()
		// the deadline is the connection's: a body that trickles fails
		// its next read once it passes (a server that cannot set it, as
		// in tests, leaves the server's own read timeout)
		ctl := http.NewResponseController(c.Response().Writer)
		if err := ctl.SetReadDeadline(time.Now().Add(rc.deadline)); err == nil {
			defer ctl.SetReadDeadline(time.Time{})
		}
		var body []byte
		if r.Body != nil {
			head, err := io.ReadAll(io.LimitReader(r.Body, csrfPrefix))
			if err != nil {
				return bodyError(err)
			}
			if c.Get("session") == true && !sessionTokenIn(c, head) {
				return errUploadCSRF
			}
			rest, err := io.ReadAll(r.Body)
			if err != nil {
				return bodyError(err)
			}
			body = append(head, rest...)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		return next(c)
	}
}

// turnKey is whose turns an upload takes: a unit's, for any of its users
// and tokens; another principal's own.
func turnKey(p model.Principal) string {
	if p.Role == model.RoleUnit && p.Unit != "" {
		return "unit:" + p.Unit
	}
	return p.Key()
}

// bodyError is the answer to a body that could not be read whole.
func bodyError(err error) error {
	switch {
	case bodyTooLarge(err):
		return model.ErrTooLarge()
	case errors.Is(err, os.ErrDeadlineExceeded):
		return errSlowBody
	}
	return model.Errorf(model.EInvalid, "Il file non è arrivato per intero: riprovare. (%v)", err)
}

// sessionTokenIn reports whether a session's request carries its CSRF
// token: in the X-CSRF-Token header, or in the «csrf» field of a multipart
// form within head, its first bytes — never in the query string.
func sessionTokenIn(c echo.Context, head []byte) bool {
	want, _ := c.Get("csrf").(string)
	if want == "" {
		return false
	}
	same := func(got string) bool { return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1 }
	if h := c.Request().Header.Get("X-CSRF-Token"); h != "" {
		return same(h)
	}
	_, params, err := mime.ParseMediaType(c.Request().Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return false
	}
	mr := multipart.NewReader(bytes.NewReader(head), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return false // no token before the prefix ends
		}
		if part.FormName() == "csrf" {
			v, _ := io.ReadAll(io.LimitReader(part, 256))
			return same(string(v))
		}
	}
}
