// Package web is Cruscotto's HTTP service: the JSON API and the Italian
// pages. Handlers are thin — parse the request, call the app, render — so
// that what they do is tested in the app and a move to another router is
// mechanical.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// maxBody is the largest request body: a file of model.MaxUploadBytes
// and room for the multipart envelope and form fields around it.
const maxBody = model.MaxUploadBytes + 64<<10

// Server is the HTTP service over one App.
type Server struct {
	App    *app.App
	Log    *slog.Logger
	logins *limiter // per client address
	delays *backoff // per user name
	now    func() time.Time
	// checking counts the log-ins under way per address
	checking inflight
	pages    pages
	flash    flashes // the outcomes of the admin pages' forms
	gate     *uploadGate
	recv     *receiver
}

// Config holds the server's options. The zero value is a server that
// clients reach directly. The clock is the app's.
type Config struct {
	// TrustedProxies are the networks of the reverse proxies in front of
	// the service. Only requests from them have their X-Forwarded-For
	// (the client's address, for the login limit) and X-Forwarded-Proto
	// (for Secure cookies) believed; anyone else could forge them.
	TrustedProxies []*net.IPNet
	// UploadSlots bounds the uploads read at once (0: twice the cores, at
	// least 4); UploadWait is how long one waits for a slot (0: 30 s).
	UploadSlots int
	UploadWait  time.Duration
	// ReceiveSlots bounds the upload bodies held at once, all senders
	// together (0: 32); UploadsPerPrincipal the bodies one sender may
	// have under way (0: 2); BodyDeadline how long a body may take to
	// arrive (0: 30 s).
	ReceiveSlots        int
	UploadsPerPrincipal int
	BodyDeadline        time.Duration
	// UploadsPerHour bounds each principal's uploads in a sliding hour
	// (0: 120).
	UploadsPerHour int
}

// limiterKeys bounds the addresses and the user names the login limits
// remember: at most 5 attempts a minute each, 10,000 is more than the
// addresses a minute's worth of logins comes from.
const limiterKeys = 10000

// New builds the echo instance with its middleware and routes; cfg, at
// most one, holds the options (none: the zero Config).
func New(a *app.App, log *slog.Logger, cfg ...Config) *echo.Echo {
	var c Config
	if len(cfg) > 0 {
		c = cfg[0]
	}
	pg, err := parsePages()
	if err != nil {
		panic(err) // the templates are embedded: a parse error is a build bug
	}
	s := &Server{App: a, Log: log, logins: newLimiter(5, time.Minute, limiterKeys), delays: newBackoff(limiterKeys), now: a.Precise, pages: pg,
		gate: newUploadGate(c.UploadSlots, c.UploadWait), recv: newReceiver(c.ReceiveSlots, c.UploadsPerPrincipal, c.BodyDeadline, c.UploadsPerHour)}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor, e.SchemeExtractor = echo.ExtractIPDirect(), echo.ExtractSchemeDirect()
	if len(c.TrustedProxies) > 0 {
		// only the configured networks: echo would otherwise trust every
		// loopback and private address too
		trust := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range c.TrustedProxies {
			trust = append(trust, echo.TrustIPRange(n))
		}
		e.IPExtractor, e.SchemeExtractor = echo.ExtractIPFromXFFHeader(trust...), echo.ExtractSchemeFromHeaders(trust...)
	}
	e.HTTPErrorHandler = s.errorHandler
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			log.Error("panic", "path", c.Path(), "err", err, "stack", string(stack))
			return err
		},
	}))
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURIPath: true, LogMethod: true, LogLatency: true, LogError: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			attrs := []any{"method", v.Method, "path", v.URIPath, "status", v.Status, "ms", v.Latency.Milliseconds()}
			if p, ok := c.Get("principal").(model.Principal); ok {
				attrs = append(attrs, "user", p.Username)
			}
			if v.Error != nil && v.Status >= 500 {
				attrs = append(attrs, "err", v.Error.Error())
			}
			log.Info("request", attrs...)
			return nil
		},
	}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "0", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY", ReferrerPolicy: "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'; frame-ancestors 'none'",
	}))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{
		// pages, JSON and CSS; a workbook is a zip already
		Skipper: func(c echo.Context) bool { return strings.HasSuffix(c.Request().URL.Path, ".xlsx") },
	}))
	e.Use(bodyLimit)
	e.Use(s.authenticate, noStore)
	e.GET("/healthz", s.health)
	e.HEAD("/healthz", s.health)
	s.apiRoutes(e)
	s.pageRoutes(e)
	return e
}

// ParseTrustedProxies reads --trusted-proxy values: networks in CIDR
// notation or single addresses, each value possibly a comma-separated list.
func ParseTrustedProxies(values []string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			if ip := net.ParseIP(item); ip != nil {
				bits := 8 * len(ip.To16())
				if ip.To4() != nil {
					ip, bits = ip.To4(), 32
				}
				out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
				continue
			}
			_, n, err := net.ParseCIDR(item)
			if err != nil {
				return nil, model.Errorf(model.EInvalid, "Proxy fidato «%s» non valido: scrivere una rete (10.0.0.0/8) o un indirizzo.", item)
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// bodyLimit refuses a body over maxBody with 413, whether it says its
// length up front or not (chunked): the reader fails past the limit and
// the handlers turn that failure into the same refusal.
func bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.ContentLength > maxBody {
			return model.ErrTooLarge()
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(c.Response(), r.Body, maxBody)
		}
		return next(c)
	}
}

// bodyTooLarge reports whether err comes from reading past bodyLimit.
func bodyTooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// health answers 200 when the database takes writes, 503 otherwise: a
// service that can only read cannot collect workbooks.
func (s *Server) health(c echo.Context) error {
	if err := s.App.Healthy(c.Request().Context()); err != nil {
		s.Log.Error("health check", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": model.ErrUnavailable.Message})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// HTTPServer wraps the handler with the timeouts a public service needs:
// uploads up to model.MaxUploadBytes on slow links, large downloads.
func HTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
}

// statusOf is the one place that maps error codes to HTTP statuses.
func statusOf(code model.Code) int {
	switch code {
	case model.EInvalid:
		return http.StatusUnprocessableEntity
	case model.ENotFound:
		return http.StatusNotFound
	case model.EConflict:
		return http.StatusConflict
	case model.EUnauthorized:
		return http.StatusUnauthorized
	case model.EForbidden:
		return http.StatusForbidden
	case model.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case model.ETooMany:
		return http.StatusTooManyRequests
	case model.ETimeout, model.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

type errorDoc struct {
	Error   string          `json:"error"`
	Details []model.Problem `json:"details,omitempty"`
}

// errorHandler renders every error as a sentence: JSON for the API,
// internal details only in the log.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, doc := http.StatusInternalServerError, errorDoc{}
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		status = he.Code
		doc.Error = httpMessage(he.Code)
	default:
		status = statusOf(model.ErrorCode(err))
		doc.Error, doc.Details = model.ErrorMessage(err), model.ErrorProblems(err)
	}
	switch {
	case status == http.StatusInternalServerError:
		s.Log.Error("internal error", "path", c.Request().URL.Path, "err", err)
	case status >= 500:
		// busy, a store that cannot write, a body too slow: the client
		// was told to retry; worth watching, not a fault
		s.Log.Warn("unavailable", "status", status, "path", c.Request().URL.Path, "err", err)
	}
	if c.Request().ContentLength != 0 {
		// a refused request whose body is unread (too slow, too large,
		// not allowed): close the connection rather than let the server
		// read what is left before it answers, which a client trickling
		// its body would hold for minutes
		c.Response().Header().Set(echo.HeaderConnection, "close")
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	if wantsPage(c.Request()) && s.errorPage(c, status, doc) == nil {
		return
	}
	_ = c.JSON(status, doc)
}

func httpMessage(code int) string {
	switch code {
	case http.StatusNotFound:
		return "Pagina o risorsa inesistente."
	case http.StatusMethodNotAllowed:
		return "Operazione non consentita su questa risorsa."
	case http.StatusRequestEntityTooLarge:
		return model.ErrTooLarge().Message
	case http.StatusUnauthorized:
		return "Accesso richiesto."
	case http.StatusForbidden:
		return "Operazione non consentita."
	case http.StatusTooManyRequests:
		return "Troppi tentativi: riprovare tra un minuto."
	}
	if code >= 500 {
		return model.ErrorMessage(errors.New("internal"))
	}
	return http.StatusText(code)
}

// Shutdown stops the server gracefully: requests in flight, uploads
// included, finish.
func Shutdown(srv *http.Server, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return srv.Shutdown(ctx)
}
