package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

func (s *Server) remindRoutes(e *echo.Echo, in []echo.MiddlewareFunc) {
	e.GET("/piani/:id/solleciti", s.remindConfirm, append(in, may(model.OpRemind))...)
	e.POST("/piani/:id/solleciti", s.remind, append(in, may(model.OpRemind))...)
}

type remindData struct {
	page
	Plan   *model.Plan
	Period model.Period
	Result *app.RemindResult
	Mail   bool   // the service sends e-mail; else the message is to copy
	Slug   string // the one unit asked, "" for every unit in arrears
	Force  bool
	Back   string
	Action string
}

// remindOptions reads which plan, period and unit a reminder is for.
func (s *Server) remindOptions(c echo.Context) (app.RemindOptions, *model.Plan, error) {
	plan, period, err := s.planAndPeriod(c)
	if err != nil {
		return app.RemindOptions{}, nil, err
	}
	opts := app.RemindOptions{PlanID: plan.ID, Period: period.String(), BaseURL: s.baseURL(c), Force: c.FormValue("force") == "1"}
	if slug := c.QueryParam("struttura"); slug != "" {
		unit, ok := app.UnitBySlug(plan, slug)
		if !ok {
			return opts, nil, echo.ErrNotFound
		}
		opts.Units = []string{unit}
	}
	return opts, plan, nil
}

// baseURL is the service's address as the browser reached it, for the
// links in the messages.
func (s *Server) baseURL(c echo.Context) string {
	return c.Scheme() + "://" + c.Request().Host
}

// remindConfirm shows who would get what, before sending: the units in
// arrears (or the one asked), their addresses, the message. Without a
// relay, it shows the message to copy and each unit's workbook.
func (s *Server) remindConfirm(c echo.Context) error {
	p, _ := principal(c)
	opts, plan, err := s.remindOptions(c)
	if err != nil {
		return err
	}
	opts.DryRun = true
	res, err := s.App.Remind(c.Request().Context(), p, opts)
	if err != nil {
		return err
	}
	q := url.Values{"period": {res.Period.String()}}
	if len(opts.Units) == 1 {
		q.Set("struttura", model.Slug(opts.Units[0]))
	}
	title := "Sollecitare le strutture in ritardo?"
	if len(opts.Units) == 1 {
		title = fmt.Sprintf("Sollecitare «%s»?", opts.Units[0])
	}
	data := remindData{page: newPage(c, title), Plan: plan, Period: res.Period, Result: res, Mail: s.App.MailEnabled(), Force: opts.Force,
		Slug: q.Get("struttura"), Back: fmt.Sprintf("/piani/%d/strutture?period=%s", res.PlanID, res.Period),
		Action: fmt.Sprintf("/piani/%d/solleciti?%s", res.PlanID, q.Encode())}
	return s.render(c, http.StatusOK, "remind", data)
}

// remind sends the reminders confirmed, and goes back to the tracker.
func (s *Server) remind(c echo.Context) error {
	p, _ := principal(c)
	opts, _, err := s.remindOptions(c)
	if err != nil {
		return err
	}
	res, err := s.App.Remind(c.Request().Context(), p, opts)
	if err != nil {
		return err
	}
	s.App.KickMail()
	back := fmt.Sprintf("/piani/%d/strutture?period=%s", res.PlanID, res.Period)
	notice := fmt.Sprintf("Solleciti in invio: %d messaggi.", res.Queued)
	switch res.Queued {
	case 0:
		notice = "Nessun sollecito inviato: le strutture indicate non hanno indirizzi e-mail, sono complete o sono già state sollecitate oggi."
	case 1:
		notice = "Sollecito in invio: 1 messaggio."
	}
	return s.done(c, back, flash{Notice: notice})
}
