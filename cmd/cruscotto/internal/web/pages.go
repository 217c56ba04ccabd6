package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
	"cruscotto/templates"
)

// pages holds one parsed template set per page: the layout plus the
// page's own "content".
type pages map[string]*template.Template

func parsePages() (pages, error) {
	funcs := template.FuncMap{
		"sub":        func(a, b int) int { return a - b },
		"add":        func(a, b int) int { return a + b },
		"movedParts": movedParts,
		"roleLabel": func(r model.Role) string {
			return r.Label()
		},
		// may tells a page whether to offer an operation: the same policy
		// the routes and the app apply
		"may": func(p *model.Principal, op string) bool { return p != nil && model.May(*p, model.Operation(op)) },
		// confined is the unit the principal's view is confined to
		// (model.Principal.Confined), "" when it sees every unit
		"confined": func(p *model.Principal) string {
			if p == nil {
				return ""
			}
			return p.Confined()
		},
		"date": func(t time.Time) string { return t.In(model.Rome).Format("02/01/2006 15:04") },

		"actions": func(n int) string { return model.Plural(n, "azione", "azioni") },
		"slug":    model.Slug,
		"score":   model.FormatScore,
		"method":  func(m string) model.Method { return model.Method(m) },
		// n writes a count with thousands separators: «10.000»
		"n": func(v int) string { return model.FormatNumber(float64(v)) },
		// json writes a value for a data attribute, read by a page's script
		"json":   func(v any) string { b, _ := json.Marshal(v); return string(b) },
		"bandOf": func(v *float64) string { return model.BandOf(v).Name },
		// legend is the bands' legend for the method a page scores with
		"legend": func(method string) []model.LegendEntry { return model.Legend(model.Method(method)) },
	}
	out := pages{}
	for _, name := range []string{"login", "error", "plans", "plan", "units", "password", "mapping", "action", "warnings", "users", "user", "aliases", "period", "home", "receipt", "uploads", "changes", "remind", "delete", "form"} {
		t, err := template.New("layout").Funcs(funcs).ParseFS(templates.FS, "layout.html", "forms.html", "parts.html", name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// page is what every page shows; each page embeds it.
type page struct {
	Title    string
	User     *model.Principal
	CSRF     string
	Error    string
	Problems []model.Problem
}

func newPage(c echo.Context, title string) page {
	p := page{Title: title}
	if pr, ok := c.Get("principal").(model.Principal); ok {
		p.User = &pr
	}
	p.CSRF, _ = c.Get("csrf").(string)
	return p
}

func (s *Server) render(c echo.Context, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// bandsCSS is generated from model.Bands, so the pages use the colours of
// the scored workbook.
func bandsCSS() []byte {
	var b strings.Builder
	for _, band := range model.AllBands() {
		fmt.Fprintf(&b, ".band-%s { background: %s; color: %s; }\n", band.Name, band.Color, band.Text)
	}
	return []byte(b.String())
}

func (s *Server) pageRoutes(e *echo.Echo) {
	static, _ := fs.Sub(templates.FS, "static")
	css := bandsCSS()
	e.GET("/static/bands.css", func(c echo.Context) error { return c.Blob(http.StatusOK, "text/css; charset=utf-8", css) })
	e.StaticFS("/static", static)
	e.GET("/", func(c echo.Context) error {
		p, err := principal(c)
		if err != nil {
			return c.Redirect(http.StatusSeeOther, "/accesso")
		}
		return c.Redirect(http.StatusSeeOther, s.homeFor(c, p))
	})
	e.GET("/accesso", s.loginPage)
	e.POST("/accesso", s.login)
	// per route, not a group: a group with middleware would also catch
	// unknown paths and turn their 404 into a redirect
	in := []echo.MiddlewareFunc{loginRequired, csrfProtect}
	e.POST("/uscita", s.logout, in...)
	e.GET("/password", s.passwordPage, in...)
	e.POST("/password", s.changePassword, in...)
	e.GET("/piani", s.plansPage, in...)
	e.POST("/piani", s.uploadPlanPage, loginRequired, may(model.OpImportPlan), s.recv.receive, s.gate.enter)
	e.GET("/piani/mappatura", s.mappingPage, append(in, may(model.OpImportPlan))...)
	e.POST("/piani/mappatura", s.confirmMapping, append(in, may(model.OpImportPlan))...)
	s.revisionRoutes(e, in)
	e.GET("/piani/:id", s.planPage, in...)
	e.GET("/piani/:id/azioni/:code", s.actionPage, in...)
	e.GET("/piani/:id/avvisi", s.warningsPage, append(in, may(model.OpReadWarnings))...)
	s.trackerRoutes(e, in)
	s.remindRoutes(e, in)
	s.formRoutes(e, in)
	e.POST("/piani/:id/stato", s.stateForm, append(in, may(model.OpImportPlan))...)
	e.GET("/piani/:id/elimina", s.deleteConfirm, append(in, may(model.OpImportPlan))...)
	e.POST("/piani/:id/elimina", s.deleteForm, append(in, may(model.OpImportPlan))...)
	e.POST("/piani/:id/periodo", s.periodForm, append(in, may(model.OpSetPeriod))...)
	e.GET("/piani/:id/periodo/:action", s.periodConfirm, append(in, may(model.OpSetPeriod))...)
	s.adminRoutes(e, in)
}

// loginRequired sends browsers without a session to the login page.
func loginRequired(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, err := principal(c); err != nil {
			to := "/accesso"
			if r := c.Request(); r.Method == http.MethodGet && safeNext(r.URL.RequestURI()) != "" {
				// the page asked, to come back to after logging in
				to += "?dopo=" + url.QueryEscape(r.URL.RequestURI())
			}
			return c.Redirect(http.StatusSeeOther, to)
		}
		return next(c)
	}
}

// safeNext returns a page of this service to go to after logging in, ""
// for anything else (another site, the log-in page itself).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") ||
		strings.HasPrefix(next, "/accesso") || strings.HasPrefix(next, "/uscita") || len(next) > 2048 {
		return ""
	}
	return next
}

type loginData struct {
	page
	Username string
	Next     string // the page to go back to, from a deep link
}

func (s *Server) loginPage(c echo.Context) error {
	return s.renderLogin(c, http.StatusOK, loginData{page: newPage(c, "Accesso"), Next: safeNext(c.QueryParam("dopo"))})
}

// renderLogin shows the log-in form with its pre-session token.
func (s *Server) renderLogin(c echo.Context, status int, data loginData) error {
	data.CSRF = loginToken(c)
	return s.render(c, status, "login", data)
}

// login checks a user name and password. Failed attempts are limited per
// client address (5 a minute; successful ones do not count, so an office
// behind one address can all log in at nine), and after a few failures
// for a user name each further attempt waits a doubling delay: not a
// lock-out, which would let anyone keep the admin out. Each attempt is
// reserved, under both limits, before the password is checked, and
// forgiven if it succeeds: attempts sent at once cannot slip past the
// limits while the checks run.
func (s *Server) login(c echo.Context) error {
	username, password := strings.TrimSpace(c.FormValue("username")), c.FormValue("password")
	data := loginData{page: newPage(c, "Accesso"), Username: username, Next: safeNext(c.FormValue("dopo"))}
	if loginForgery(c) {
		data.Error = "Il modulo di accesso è scaduto o non viene da questo sito: riprovare da questa pagina."
		return s.renderLogin(c, http.StatusForbidden, data)
	}
	now, name := s.now(), nameKey(username)
	address := "ip:" + addressKey(c.RealIP())
	ok, wait := s.logins.allow(address, now)
	for tries := 0; !ok && tries < 20 && s.checking.busy(address); tries++ {
		// log-ins from the same office at once: those under way are
		// forgiven when they succeed, so wait for them before refusing
		time.Sleep(100 * time.Millisecond)
		ok, wait = s.logins.allow(address, s.now())
	}
	if !ok {
		data.Error = "Troppi tentativi di accesso falliti da questo indirizzo: riprovare tra un minuto."
		return s.tooMany(c, wait, data)
	}
	s.checking.add(address, 1)
	defer s.checking.add(address, -1)
	if wait := s.delays.begin(name, now); wait > 0 {
		s.logins.forgive(address, now) // the password was not checked
		data.Error = fmt.Sprintf("Troppi tentativi falliti per questo utente: riprovare tra %s.", secondsText(seconds(wait)))
		return s.tooMany(c, wait, data)
	}
	who, cookie, err := s.App.Login(c.Request().Context(), username, password)
	if err == nil || model.ErrorCode(err) != model.EUnauthorized {
		s.logins.forgive(address, now) // a success, or not the password's fault
	}
	if err != nil {
		if model.ErrorCode(err) == model.EInternal {
			return err
		}
		if model.ErrorCode(err) == model.EUnauthorized {
			s.delays.failed(name, s.now())
		}
		data.Error = model.ErrorMessage(err)
		return s.renderLogin(c, statusOf(model.ErrorCode(err)), data)
	}
	s.delays.succeed(name)
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	setSessionCookie(c, cookie, int(app.SessionTTL.Seconds()))
	if data.Next != "" {
		return c.Redirect(http.StatusSeeOther, data.Next)
	}
	return c.Redirect(http.StatusSeeOther, s.homeFor(c, who))
}

// tooMany answers 429 on the login page, saying when to come back.
func (s *Server) tooMany(c echo.Context, wait time.Duration, data loginData) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(seconds(wait)))
	return s.renderLogin(c, http.StatusTooManyRequests, data)
}

// seconds rounds a wait up to whole seconds, at least one.
func seconds(d time.Duration) int {
	return max(1, int((d+time.Second-1)/time.Second))
}

func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(SessionCookie); err == nil {
		_ = s.App.Logout(c.Request().Context(), ck.Value)
	}
	setSessionCookie(c, "", -1)
	return c.Redirect(http.StatusSeeOther, "/accesso")
}

type passwordData struct {
	page
	MinLength int
	Done      bool
}

func newPasswordData(c echo.Context) passwordData {
	return passwordData{page: newPage(c, "Cambia password"), MinLength: model.MinPasswordLength}
}

func (s *Server) passwordPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "password", newPasswordData(c))
}

// changePassword sets the logged-in user's new password; the user's other
// sessions end, this one goes on.
func (s *Server) changePassword(c echo.Context) error {
	p, _ := principal(c)
	data := newPasswordData(c)
	change := app.PasswordChange{Current: c.FormValue("current"), New: c.FormValue("new"), Confirm: c.FormValue("confirm")}
	if ck, err := c.Cookie(SessionCookie); err == nil {
		change.Keep = ck.Value
	}
	err := s.App.ChangePassword(c.Request().Context(), p, change)
	if model.ErrorCode(err) == model.EForbidden {
		return err // a token: not a form to show again
	}
	if err != nil {
		if model.ErrorCode(err) == model.EInternal {
			return err
		}
		data.Error = model.ErrorMessage(err)
		return s.render(c, statusOf(model.ErrorCode(err)), "password", data)
	}
	data.Done = true
	return s.render(c, http.StatusOK, "password", data)
}

// secondsText says a number of seconds in Italian: «1 secondo», «5 secondi».
func secondsText(n int) string {
	if n == 1 {
		return "1 secondo"
	}
	return fmt.Sprintf("%d secondi", n)
}

type importResult struct {
	Deleted     string // a plan deleted: what went
	Error       string
	Problems    []model.Problem
	Created     bool
	Plan        *model.Plan
	MappingName string // the confirmed mapping the file was read with
	// Changes is what a new version changed from the one before.
	Changes *app.PlanChanges
}

// OtherWarnings are the import's warnings but the one shown in a box of
// its own (no strategic target).
func (r importResult) OtherWarnings() []model.Problem {
	var out []model.Problem
	if r.Plan == nil {
		return nil
	}
	for _, w := range r.Plan.Warnings {
		if w.Message != model.NoStrategicTargetsMessage {
			out = append(out, w)
		}
	}
	return out
}

type plansData struct {
	page
	Plans  []model.PlanSummary
	Result *importResult
	// Steps is the way to a first collection, shown to the Controller
	// until every step is done.
	Steps *app.Checklist
}

func (s *Server) plansPage(c echo.Context) error {
	var res *importResult
	if f := s.flash.take(c, s.now()); f != nil {
		res = f.Import
	}
	return s.renderPlans(c, http.StatusOK, res)
}

func (s *Server) renderPlans(c echo.Context, status int, res *importResult) error {
	p, _ := principal(c)
	plans, err := s.App.Plans(c.Request().Context(), p)
	if err != nil {
		return err
	}
	d := plansData{page: newPage(c, "Piani"), Plans: plans, Result: res}
	if model.May(p, model.OpImportPlan) && model.May(p, model.OpManageUsers) {
		steps, err := s.App.FirstSteps(c.Request().Context(), p)
		if err != nil {
			return err
		}
		if !steps.Done() {
			d.Steps = steps
		}
	}
	return s.render(c, status, "plans", d)
}

func (s *Server) uploadPlanPage(c echo.Context) error {
	p, _ := principal(c)
	name, data, err := uploaded(c)
	res := &importResult{}
	if err == nil {
		year := 0
		fmt.Sscan(c.FormValue("year"), &year)
		var state model.PlanState
		if st := c.FormValue("state"); st != "" {
			if state, err = model.ParsePlanState(st); err != nil {
				return s.planResult(c, res, err)
			}
		}
		var up *app.UploadResult
		if up, err = s.App.UploadPlan(c.Request().Context(), p, name, data, app.ImportOptions{Year: year, AskFirst: true, State: state}); err == nil {
			if up.Pending != nil {
				return s.pendingAnswer(c, up.Pending, year)
			}
			if up.Proposal != nil {
				if flashKey(c) == "" { // not a browser session: the page at once
					return s.render(c, http.StatusUnprocessableEntity, "mapping", newMappingData(c, up.Proposal))
				}
				return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/piani/mappatura?caricamento=%d&anno=%d&stato=%s", up.Proposal.UploadID, year, state))
			}
			res.fill(up)
		}
	}
	return s.planResult(c, res, err)
}

// confirmMapping imports a kept plan upload with the columns the admin
// chose on the mapping page.
func (s *Server) confirmMapping(c echo.Context) error {
	p, _ := principal(c)
	uploadID, err := strconv.ParseInt(c.FormValue("upload"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENotFound, "Caricamento inesistente.")
	}
	year := 0
	fmt.Sscan(c.FormValue("year"), &year)
	res := &importResult{}
	state, _ := model.ParsePlanState(c.FormValue("state")) // "" when none: a draft
	m, err := mappingFromForm(c)
	if err == nil {
		var up *app.UploadResult
		if up, err = s.App.ConfirmMapping(c.Request().Context(), p, uploadID, m, app.ImportOptions{Year: year, State: state}); err == nil {
			if up.Pending != nil {
				return s.pendingAnswer(c, up.Pending, year)
			}
			res.fill(up)
		}
	}
	if err != nil && model.ErrorCode(err) != model.EInternal && flashKey(c) != "" {
		// back to the columns to choose again, the refusal said there
		res.Error, res.Problems = model.ErrorMessage(err), model.ErrorProblems(err)
		s.flash.set(c, flash{Import: res}, s.now())
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/piani/mappatura?caricamento=%d&anno=%d&stato=%s", uploadID, year, state))
	}
	return s.planResult(c, res, err)
}

// planResult shows an import's outcome on the plans page. A browser
// session is answered with a redirect to it and the outcome shown once
// there, so that a reload does not send the file again; a request without
// a session gets the page at once.
func (s *Server) planResult(c echo.Context, res *importResult, err error) error {
	status := http.StatusOK
	if err != nil {
		if model.ErrorCode(err) == model.EInternal {
			return err
		}
		res.Error, res.Problems, status = model.ErrorMessage(err), model.ErrorProblems(err), statusOf(model.ErrorCode(err))
	}
	if flashKey(c) == "" {
		return s.renderPlans(c, status, res)
	}
	s.flash.set(c, flash{Import: res}, s.now())
	return c.Redirect(http.StatusSeeOther, "/piani")
}

// mappingPage shows again the proposal of a plan upload whose headers
// were not understood, from the kept file.
func (s *Server) mappingPage(c echo.Context) error {
	p, _ := principal(c)
	uploadID, err := strconv.ParseInt(c.QueryParam("caricamento"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENotFound, "Caricamento inesistente.")
	}
	year := 0
	fmt.Sscan(c.QueryParam("anno"), &year)
	proposal, err := s.App.ProposalFor(c.Request().Context(), p, uploadID, year)
	if err != nil {
		return err
	}
	proposal.State, _ = model.ParsePlanState(c.QueryParam("stato"))
	data := newMappingData(c, proposal)
	if f := s.flash.take(c, s.now()); f != nil && f.Import != nil {
		data.Error, data.Problems = f.Import.Error, f.Import.Problems
	}
	return s.render(c, http.StatusOK, "mapping", data)
}

type periodOption struct {
	Value, Label string
	Selected     bool
	HasData      bool // values were sent for it
}

// periodOptions lists the periods people pick from: each plan year's
// year-end figure and monthly monitoring, and any period measured; those
// holding values say so («giugno 2020 • con dati»).
func (s *Server) periodOptions(c echo.Context, plan *model.Plan, current model.Period) ([]periodOption, error) {
	p, _ := principal(c)
	measured, err := s.App.MeasuredPeriods(c.Request().Context(), p, plan.ID)
	withData := map[model.Period]bool{}
	for _, m := range measured {
		withData[m] = true
	}
	seen := map[string]bool{}
	var out []periodOption
	add := func(p model.Period) {
		if !seen[p.String()] {
			seen[p.String()] = true
			o := periodOption{Value: p.String(), Label: p.Label(), Selected: p == current, HasData: withData[p]}
			if o.HasData {
				o.Label += " • con dati"
			}
			out = append(out, o)
		}
	}
	for _, y := range app.PlanYears(plan) {
		add(model.Period{Year: y})
		for m := 1; m <= 12; m++ {
			add(model.Period{Year: y, Month: m})
		}
	}
	for _, p := range measured {
		add(p)
	}
	return out, err
}

// periodForm closes or reopens a period's collection, or sets its
// closing date, from the units page.
func (s *Server) periodForm(c echo.Context) error {
	p, _ := principal(c)
	plan, period, err := s.planAndPeriod(c)
	if err != nil {
		return err
	}
	id := plan.ID
	if err := s.applyPeriodForm(c, p, id, period); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/piani/%d/strutture?period=%s", id, period))
}
