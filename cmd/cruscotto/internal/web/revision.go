package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

func (s *Server) revisionRoutes(e *echo.Echo, in []echo.MiddlewareFunc) {
	e.GET("/piani/revisione/:upload", s.revisionPage, append(in, may(model.OpImportPlan))...)
	e.POST("/piani/revisione/:upload", s.confirmRevision, append(in, may(model.OpImportPlan))...)
	e.GET("/piani/:id/modifiche", s.changesPage, in...)
}

// changesData is a revision's diff as a page shows it.
type changesData struct {
	page
	Changes *app.PlanChanges
	// Pending is set on the page that asks to confirm a new version.
	Pending *app.PendingRevision
	Year    int
}

// revisionPage shows what a new version of a plan in force would change,
// and asks the admin to confirm it.
func (s *Server) revisionPage(c echo.Context) error {
	p, _ := principal(c)
	uploadID, err := strconv.ParseInt(c.Param("upload"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENotFound, "Caricamento inesistente.")
	}
	year := 0
	fmt.Sscan(c.QueryParam("anno"), &year)
	pending, err := s.App.PendingFor(c.Request().Context(), p, uploadID, year)
	if err != nil {
		return err
	}
	return s.renderRevision(c, http.StatusOK, pending, year)
}

func (s *Server) renderRevision(c echo.Context, status int, pending *app.PendingRevision, year int) error {
	title := fmt.Sprintf("Nuova versione del piano %d: cosa cambia", pending.Year)
	return s.render(c, status, "changes", changesData{page: newPage(c, title), Changes: &pending.Changes, Pending: pending, Year: year})
}

// confirmRevision imports the kept new version once the admin confirmed.
func (s *Server) confirmRevision(c echo.Context) error {
	p, _ := principal(c)
	uploadID, err := strconv.ParseInt(c.Param("upload"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENotFound, "Caricamento inesistente.")
	}
	year := 0
	fmt.Sscan(c.FormValue("year"), &year)
	var replaces int64
	fmt.Sscan(c.FormValue("replaces"), &replaces)
	res := &importResult{}
	up, err := s.App.ConfirmRevision(c.Request().Context(), p, uploadID, year, replaces)
	if errors.Is(err, model.ErrReplaced) {
		// what it changes now, against the version in force now
		pending, perr := s.App.PendingFor(c.Request().Context(), p, uploadID, year)
		if perr == nil {
			data := changesData{page: newPage(c, fmt.Sprintf("Nuova versione del piano %d: cosa cambia", pending.Year)), Changes: &pending.Changes, Pending: pending, Year: year}
			data.Error = model.ErrorMessage(err)
			return s.render(c, http.StatusConflict, "changes", data)
		}
	}
	if err == nil {
		res.fill(up)
	}
	return s.planResult(c, res, err)
}

// changesPage shows what a version of a plan changed from the one before.
func (s *Server) changesPage(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	changes, err := s.App.Changes(c.Request().Context(), p, id)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Cosa è cambiato rispetto alla versione %d", changes.Old.Version)
	return s.render(c, http.StatusOK, "changes", changesData{page: newPage(c, title), Changes: changes})
}

// fill sets an import's outcome from the app's.
func (r *importResult) fill(up *app.UploadResult) {
	r.Plan, r.Created, r.MappingName, r.Changes = up.Plan, up.Created, up.MappingName, up.Changes
}

// pendingAnswer sends the admin to the page that confirms a new version:
// a browser session by a redirect, anything else with the page at once.
func (s *Server) pendingAnswer(c echo.Context, pending *app.PendingRevision, year int) error {
	if flashKey(c) == "" {
		return s.renderRevision(c, http.StatusAccepted, pending, year)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/piani/revisione/%d?anno=%d", pending.UploadID, year))
}

// planChanges answers what a version changed from the one before (or
// from ?since=ID, another version of its year), as `plans diff --json`.
func (s *Server) planChanges(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	var changes *app.PlanChanges
	if since := c.QueryParam("since"); since != "" {
		old, perr := strconv.ParseInt(since, 10, 64)
		if perr != nil {
			return model.Errorf(model.EInvalid, "Versione di confronto «%s» non valida: indicare l'id di un piano.", since)
		}
		changes, err = s.App.DiffPlans(c.Request().Context(), p, old, id)
	} else {
		changes, err = s.App.Changes(c.Request().Context(), p, id)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, changes.Diff)
}
