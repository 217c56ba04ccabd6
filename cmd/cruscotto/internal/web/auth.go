package web

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"cruscotto/model"
)

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "cruscotto_session"

// authenticate resolves who is asking — a bearer token or a session
// cookie — and puts the principal in the context. Anonymous requests go
// on; handlers decide.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if h := c.Request().Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return model.Errorf(model.EUnauthorized, "Intestazione Authorization non valida: usare «Bearer TOKEN».")
			}
			p, err := s.App.DB.TokenPrincipal(ctx, strings.TrimSpace(token))
			if err != nil {
				return err
			}
			c.Set("principal", p)
			return next(c)
		}
		if ck, err := c.Cookie(SessionCookie); err == nil && ck.Value != "" {
			if p, csrf, err := s.App.DB.SessionPrincipal(ctx, ck.Value); err == nil {
				c.Set("principal", p)
				c.Set("csrf", csrf)
				c.Set("session", true)
			}
		}
		return next(c)
	}
}

// principal returns who is asking, or an error asking to log in.
func principal(c echo.Context) (model.Principal, error) {
	p, ok := c.Get("principal").(model.Principal)
	if !ok {
		return p, model.Errorf(model.EUnauthorized, "Accesso richiesto: accedere o usare un token (Authorization: Bearer …).")
	}
	return p, nil
}

// allow returns a middleware that lets only the given roles through.
func allow(roles ...model.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p, err := principal(c)
			if err != nil {
				return err
			}
			for _, r := range roles {
				if p.Role == r {
					return next(c)
				}
			}
			return model.Errorf(model.EForbidden, "Operazione non consentita al ruolo «%s».", p.Role)
		}
	}
}

// csrfProtect refuses state-changing requests made with a session cookie
// unless they carry the session's CSRF token (form field or header).
// Bearer-token requests are not exposed to CSRF.
func csrfProtect(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Get("session") == true && c.Request().Method != http.MethodGet && c.Request().Method != http.MethodHead {
			want, _ := c.Get("csrf").(string)
			got := c.Request().Header.Get("X-CSRF-Token")
			if got == "" {
				got = c.FormValue("csrf")
			}
			if want == "" || got != want {
				return model.Errorf(model.EForbidden, "Modulo scaduto o non valido: ricaricare la pagina e riprovare.")
			}
		}
		return next(c)
	}
}

// limiter counts attempts per key in a sliding window: login attempts are
// limited per address and per user name.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   map[string][]time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, hits: map[string][]time.Time{}}
}

// allow records an attempt and reports whether it is within the limit.
func (l *limiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.max {
		l.hits[key] = recent
		return false
	}
	l.hits[key] = append(recent, now)
	if len(l.hits) > 10000 { // bounded memory: forget everyone
		l.hits = map[string][]time.Time{}
	}
	return true
}
