package web

import (
	"net/http"
	"strings"

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
			p, err := s.App.Bearer(ctx, strings.TrimSpace(token))
			if err != nil {
				return err
			}
			c.Set("principal", p)
			return next(c)
		}
		if ck, err := c.Cookie(SessionCookie); err == nil && ck.Value != "" {
			if p, csrf, err := s.App.Session(ctx, ck.Value); err == nil {
				c.Set("principal", p)
				c.Set("csrf", csrf)
				c.Set("session", true)
				if p.MustChangePassword && !passwordExempt(c.Request().URL.Path) {
					return mustChangePassword(c)
				}
			}
		}
		return next(c)
	}
}

// passwordExempt are the paths a user with a password to change may
// still reach: the password form, the log-out, the stylesheet.
func passwordExempt(path string) bool {
	return path == "/password" || path == "/uscita" || strings.HasPrefix(path, "/static/")
}

// mustChangePassword leads a user whose password was generated for them
// to the password form: a page goes there, an API call is refused.
func mustChangePassword(c echo.Context) error {
	if strings.HasPrefix(c.Request().URL.Path, "/api/") {
		return model.Errorf(model.EForbidden, "La password ricevuta è provvisoria: sceglierne una nuova in «Cambia password» prima di continuare.")
	}
	return c.Redirect(http.StatusSeeOther, "/password?provvisoria=1")
}

// principal returns who is asking, or an error asking to log in.
func principal(c echo.Context) (model.Principal, error) {
	p, ok := c.Get("principal").(model.Principal)
	if !ok {
		return p, model.Errorf(model.EUnauthorized, "Accesso richiesto: accedere o usare un token (Authorization: Bearer …).")
	}
	return p, nil
}

// may returns a middleware that lets through only the principals whose
// role may do op (model.May), before the request's body is read.
func may(op model.Operation) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			p, err := principal(c)
			if err != nil {
				return err
			}
			if err := model.Authorize(p, op); err != nil {
				return err
			}
			return next(c)
		}
	}
}

// csrfProtect refuses state-changing requests made with a session cookie
// unless they carry the session's CSRF token (posted form field or
// header, never the query string).
// Bearer-token requests are not exposed to CSRF.
func csrfProtect(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.Get("session") == true && c.Request().Method != http.MethodGet && c.Request().Method != http.MethodHead {
			want, _ := c.Get("csrf").(string)
			got := c.Request().Header.Get("X-CSRF-Token")
			if got == "" {
				got = c.Request().PostFormValue("csrf") // never the query string, which leaks into logs and Referers
			}
			if want == "" || got != want {
				return model.Errorf(model.EForbidden, "Modulo scaduto o non valido: ricaricare la pagina e riprovare.")
			}
		}
		return next(c)
	}
}

// noStore keeps answers to authenticated requests out of browser and proxy
// caches: a unit's workbook or the scores must not be shown to the next
// person at a shared computer. The static files stay cacheable.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := c.Get("principal").(model.Principal); ok && !strings.HasPrefix(c.Request().URL.Path, "/static/") {
			c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		}
		return next(c)
	}
}

// setSessionCookie sets (or, with maxAge -1, clears) the session cookie.
// It is Secure when the request came over TLS, directly or, per
// X-Forwarded-Proto, through a trusted proxy: the scheme extractor set in
// New knows which.
func setSessionCookie(c echo.Context, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: c.Scheme() == "https", MaxAge: maxAge})
}
