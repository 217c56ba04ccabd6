package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// trackerRoutes are the Controller's cockpit and the unit's home: who has
// sent what for a period, each unit's upload log, the receipts.
func (s *Server) trackerRoutes(e *echo.Echo, in []echo.MiddlewareFunc) {
	e.GET("/struttura", s.homePage, in...)
	e.POST("/struttura", s.homeUpload, loginRequired, may(model.OpSendValues), s.recv.receive, s.gate.enter)
	e.GET("/piani/:id/strutture", s.trackerPage, in...)
	e.GET("/strutture", s.unitsMenu, append(in, may(model.OpTrack))...)
	e.GET("/piani/:id/strutture.xlsx", s.trackerDownload, append(in, may(model.OpResults))...)
	e.GET("/piani/:id/strutture/cartelle.zip", s.workbooksZip, append(in, may(model.OpEntryWorkbook))...)
	e.GET("/piani/:id/strutture/:slug", s.uploadLogPage, append(in, may(model.OpTrack))...)
	e.POST("/piani/:id/strutture", s.uploadSheetPage, loginRequired, may(model.OpSendValues), s.recv.receive, s.gate.enter)
	e.GET("/ricevute/:id", s.receiptPage, append(in, may(model.OpReadUpload))...)
}

// homeOf is where who lands after logging in: a unit on its home, the
// others on the plans.
// homeFor is where a principal lands: a unit on its home, management on
// the overview of the newest plan in force, the admin on the plans.
func (s *Server) homeFor(c echo.Context, who model.Principal) string {
	if who.Role == model.RoleViewer {
		if id := s.newestPlan(c, who); id != 0 {
			return fmt.Sprintf("/piani/%d", id)
		}
	}
	return homeOf(who)
}

// newestPlan is the newest year's plan in force, 0 when there is none.
func (s *Server) newestPlan(c echo.Context, who model.Principal) int64 {
	plans, err := s.App.Plans(c.Request().Context(), who)
	if err != nil {
		return 0
	}
	var newest *model.PlanSummary
	for i, pl := range plans {
		if pl.Current && (newest == nil || pl.Year > newest.Year) {
			newest = &plans[i]
		}
	}
	if newest == nil {
		return 0
	}
	return newest.ID
}

func homeOf(who model.Principal) string {
	if who.Confined() != "" {
		return "/struttura"
	}
	return "/piani"
}

// trackerQuery reads the tracker's period, order and filter from the
// query: ?period=2020-06&ordine=stato&verso=desc&solo=mancanti.
func trackerQuery(c echo.Context) app.TrackerQuery {
	return app.TrackerQuery{Period: c.QueryParam("period"), Sort: c.QueryParam("ordine"), Desc: c.QueryParam("verso") == "desc",
		Missing: c.QueryParam("solo") == "mancanti"}
}

// trackerValues is q as a query string, for links and the export.
func trackerValues(q app.TrackerQuery) url.Values {
	v := url.Values{}
	v.Set("period", q.Period)
	if q.Sort != "" {
		v.Set("ordine", q.Sort)
	}
	if q.Desc {
		v.Set("verso", "desc")
	}
	if q.Missing {
		v.Set("solo", "mancanti")
	}
	return v
}

// sortHead is a column heading of the tracker that sorts by it.
type sortHead struct {
	Key, Label, URL string
	Active          bool
	Desc            bool
	Num             bool
}

// sortHeads are the tracker's sortable headings: a click sorts by the
// column, a second one reverses the order.
func sortHeads(q app.TrackerQuery) []sortHead {
	cols := []struct {
		key, label string
		num        bool
	}{{app.SortName, "Struttura", false}, {app.SortStatus, "Stato", false}, {app.SortProgress, "Valori", true},
		{app.SortLast, "Ultimo invio", false}, {app.SortRefused, "Rifiutati", true}}
	out := make([]sortHead, len(cols))
	for i, col := range cols {
		active := q.Sort == col.key || (q.Sort == "" && col.key == app.SortName)
		next := q
		next.Sort, next.Desc = col.key, active && !q.Desc
		out[i] = sortHead{Key: col.key, Label: col.label, URL: "?" + trackerValues(next).Encode(), Active: active, Desc: active && q.Desc, Num: col.num}
	}
	return out
}

// uploadProblem is an upload that was not even recorded (no file, too
// large, the service busy): shown on the page it came from.
type uploadProblem struct {
	Error    string
	Problems []model.Problem
}

type trackerData struct {
	page
	T        *app.Tracker
	Query    app.TrackerQuery
	Periods  []periodOption
	Heads    []sortHead
	Export   string // the export's URL
	ClosesOn string // the closing date as the date input wants it
	Result   *uploadProblem
	Flash    *flash // a reminder's outcome
}

func (s *Server) trackerPage(c echo.Context) error { return s.renderTracker(c, http.StatusOK, nil) }

func (s *Server) renderTracker(c echo.Context, status int, res *uploadProblem) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	q := trackerQuery(c)
	t, err := s.App.Tracker(c.Request().Context(), p, id, q)
	if err != nil {
		return err
	}
	q.Period = t.Period.String()
	data := trackerData{page: newPage(c, fmt.Sprintf("Stato degli invii — piano %d", t.Plan.Year)), T: t, Query: q, Heads: sortHeads(q),
		Export: fmt.Sprintf("/piani/%d/strutture.xlsx?%s", id, trackerValues(q).Encode()), Result: res, Flash: s.flash.take(c, s.now())}
	if t.ClosesOn != nil {
		data.ClosesOn = t.ClosesOn.String()
	}
	if data.Periods, err = s.periodOptions(c, t.Plan, t.Period); err != nil {
		return err
	}
	return s.render(c, status, "units", data)
}

// unitsMenu is the menu's «Strutture»: the tracker of the newest year's
// plan in force, or the plans page when there is none.
func (s *Server) unitsMenu(c echo.Context) error {
	p, _ := principal(c)
	id := s.newestPlan(c, p)
	if id == 0 {
		return c.Redirect(http.StatusSeeOther, "/piani")
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/piani/%d/strutture", id))
}

// workbooksZip gives every unit's workbook of the period in one zip.
func (s *Server) workbooksZip(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	content, name, err := s.App.WorkbooksZip(c.Request().Context(), p, id, c.QueryParam("period"))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	return c.Blob(http.StatusOK, "application/zip", content)
}

func (s *Server) trackerDownload(c echo.Context) error {
	return planDownload(c, func(ctx context.Context, who model.Principal, id int64) ([]byte, string, error) {
		return s.App.TrackerWorkbook(ctx, who, id, trackerQuery(c))
	})
}

// uploadForm is the form that sends a returned workbook to action.
type uploadForm struct {
	Action, CSRF string
	Label        string // the button's
}

// UploadForm is the upload form of the page, sending to action.
func (p page) UploadForm(action, label string) uploadForm {
	return uploadForm{Action: action, CSRF: p.CSRF, Label: label}
}

// uploadSheetPage takes a returned workbook from a page. Whatever the
// outcome, once the upload is recorded the browser is sent to its
// receipt (303), so that reloading the page does not send the file again.
func (s *Server) uploadSheetPage(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	name, data, err := uploaded(c)
	if err == nil {
		var col *app.Collected
		col, err = s.App.Collect(c.Request().Context(), p, id, name, data)
		if col != nil && col.UploadID != 0 {
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/ricevute/%d", col.UploadID))
		}
	}
	if model.ErrorCode(err) == model.EInternal {
		return err
	}
	return s.renderTracker(c, statusOf(model.ErrorCode(err)), &uploadProblem{Error: model.ErrorMessage(err), Problems: model.ErrorProblems(err)})
}

type receiptData struct {
	page
	R    *app.UploadReceipt
	Back string // where the sender goes on from
}

func (s *Server) receiptPage(c echo.Context) error {
	p, _ := principal(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENotFound, "Caricamento inesistente.")
	}
	r, err := s.App.Receipt(c.Request().Context(), p, id)
	if err != nil {
		return err
	}
	data := receiptData{page: newPage(c, fmt.Sprintf("Ricevuta n. %d", r.ID)), R: r, Back: homeOf(p)}
	if r.PlanID != 0 && p.Confined() == "" {
		data.Back = fmt.Sprintf("/piani/%d/strutture", r.PlanID)
		if r.Period != nil {
			data.Back += "?period=" + r.Period.String()
		}
	}
	return s.render(c, http.StatusOK, "receipt", data)
}

type uploadLogData struct {
	page
	Log    *app.UnitLog
	Period string // the tracker's period, to go back to it
}

func (s *Server) uploadLogPage(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	log, err := s.App.UploadLog(c.Request().Context(), p, id, c.Param("slug"))
	if err != nil {
		return err
	}
	period := c.QueryParam("period")
	if _, err := model.ParsePeriod(period); err != nil {
		period = ""
	}
	return s.render(c, http.StatusOK, "uploads", uploadLogData{page: newPage(c, "Invii di «"+log.Unit+"»"), Log: log, Period: period})
}

type homeData struct {
	page
	Home    *app.UnitHome
	Problem *uploadProblem // a workbook sent from the home and refused before it was recorded
}

// FormMax is how many actions a unit may fill in the browser.
func (homeData) FormMax() int { return app.MaxFormActions }

// homePage is a unit's home; anyone else has the plans for home.
func (s *Server) homePage(c echo.Context) error {
	p, _ := principal(c)
	unit := p.Confined()
	if unit == "" {
		return c.Redirect(http.StatusSeeOther, homeOf(p))
	}
	home, err := s.App.Home(c.Request().Context(), p, unit)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "home", homeData{page: newPage(c, unit), Home: home})
}

// homeUpload takes a filled workbook from a unit's home: the workbook
// names its plan and period, so one form serves every line of the to-do
// list. Once recorded, the browser goes to its receipt.
func (s *Server) homeUpload(c echo.Context) error {
	p, _ := principal(c)
	name, data, err := uploaded(c)
	if err == nil {
		var col *app.Collected
		col, err = s.App.Collect(c.Request().Context(), p, 0, name, data)
		if col != nil && col.UploadID != 0 {
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/ricevute/%d", col.UploadID))
		}
	}
	if model.ErrorCode(err) == model.EInternal {
		return err
	}
	home, herr := s.App.Home(c.Request().Context(), p, p.Confined())
	if herr != nil {
		return herr
	}
	return s.render(c, statusOf(model.ErrorCode(err)), "home", homeData{page: newPage(c, p.Confined()), Home: home,
		Problem: &uploadProblem{Error: model.ErrorMessage(err), Problems: model.ErrorProblems(err)}})
}
