package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"cruscotto/model"
)

// applyPeriodForm does what a period form asks. A form with a closing
// date field sets the date as typed (empty: none), closing or not; a form
// without one — «Chiudi ora» confirmed, «Riapri» — leaves the date as it
// is, so that closing and reopening does not silently drop it (a date
// already passed, which would close the period again at once, is dropped
// on reopening, as the confirmation page says).
func (s *Server) applyPeriodForm(c echo.Context, p model.Principal, planID int64, period model.Period) error {
	ctx := c.Request().Context()
	closed := c.FormValue("closed") == "true"
	if _, dated := c.Request().Form["closes_on"]; dated {
		_, err := s.App.SetPeriod(ctx, p, planID, period, closed, c.FormValue("closes_on"))
		return err
	}
	if closed {
		_, err := s.App.ClosePeriod(ctx, p, planID, period)
		return err
	}
	_, _, err := s.App.ReopenPeriod(ctx, p, planID, period)
	return err
}

type periodData struct {
	page
	Plan        *model.Plan
	Period      string
	PeriodLabel string
	Close       bool   // closing, else reopening
	ClosesOn    string // the closing date, AAAA-MM-GG
	ClosesOnIt  string // the same, GG/MM/AAAA
	DatePassed  bool
	Back        string
}

// periodConfirm asks before closing a period's collection now
// (/piani/:id/periodo/chiudi), and says what happens to the closing date
// before reopening it (/piani/:id/periodo/riapri).
func (s *Server) periodConfirm(c echo.Context) error {
	action := c.Param("action")
	if action != "chiudi" && action != "riapri" {
		return echo.ErrNotFound
	}
	p, _ := principal(c)
	plan, period, err := s.planAndPeriod(c)
	if err != nil {
		return err
	}
	st, err := s.App.PeriodStatus(c.Request().Context(), p, plan.ID, period)
	if err != nil {
		return err
	}
	data := periodData{page: newPage(c, "Chiudere la raccolta?"), Plan: plan, Period: period.String(), PeriodLabel: period.Label(),
		Close: action == "chiudi", Back: fmt.Sprintf("/piani/%d/strutture?period=%s", plan.ID, period)}
	if !data.Close {
		data.Title = "Riaprire la raccolta?"
	}
	if st.ClosesOn != nil {
		data.ClosesOn, data.ClosesOnIt = st.ClosesOn.String(), st.ClosesOn.Italian()
		data.DatePassed = !s.now().Before(st.ClosesOn.End())
	}
	return s.render(c, http.StatusOK, "period", data)
}
