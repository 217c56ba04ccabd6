package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"cruscotto/model"
)

// putPlan changes what of a plan may change: its state, every version of
// its year, with {"state": "raccolta"}.
func (s *Server) putPlan(c echo.Context) error {
	who, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	var body struct {
		State   string            `json:"state"`
		Periods map[string]string `json:"periods"` // period → closing date, on opening
	}
	if err := json.NewDecoder(io.LimitReader(c.Request().Body, 1<<16)).Decode(&body); err != nil || body.State == "" {
		return model.Errorf(model.EInvalid, `Corpo non valido: {"state": "bozza" | "raccolta" | "archiviato", "periods": {"2020": "2021-01-31"}}.`)
	}
	state, err := model.ParsePlanState(body.State)
	if err != nil {
		return err
	}
	summary, err := s.App.SetPlanState(c.Request().Context(), who, id, state, body.Periods)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, summary)
}

// stateForm changes a plan's state from its page and goes back to it.
func (s *Server) stateForm(c echo.Context) error {
	who, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	state, err := model.ParsePlanState(c.FormValue("state"))
	if err != nil {
		return err
	}
	// the periods opened with the plan: the year end and, optionally, an
	// interim monitoring, each with its closing date
	closing := map[string]string{}
	if d := c.FormValue("chiusura"); d != "" {
		closing[""] = d
	}
	if m, d := c.FormValue("monitoraggio"), c.FormValue("chiusura-monitoraggio"); m != "" && d != "" {
		closing[m] = d
	}
	if _, err := s.App.SetPlanState(c.Request().Context(), who, id, state, closing); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/piani/%d", id))
}

// deletePlan deletes a plan never opened for collection: DELETE
// /api/plans/{id}.
func (s *Server) deletePlan(c echo.Context) error {
	who, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	year, versions, err := s.App.DeletePlan(c.Request().Context(), who, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"year": year, "versions": versions})
}

type deleteData struct {
	page
	Plan     *model.Plan
	Versions int
}

// deleteConfirm asks before a plan is deleted, saying what goes and what
// stays.
func (s *Server) deleteConfirm(c echo.Context) error {
	who, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	plan, err := s.App.VisiblePlan(c.Request().Context(), who, id)
	if err != nil {
		return err
	}
	plans, err := s.App.Plans(c.Request().Context(), who)
	if err != nil {
		return err
	}
	d := deleteData{page: newPage(c, fmt.Sprintf("Eliminare il piano %d?", plan.Year)), Plan: plan}
	for _, p := range plans {
		if p.Year == plan.Year {
			d.Versions++
			if p.Opened {
				return model.Errorf(model.EConflict, "Il piano %d è già stato aperto alla raccolta: non si può eliminare, si può archiviare.", plan.Year)
			}
		}
	}
	return s.render(c, http.StatusOK, "delete", d)
}

// deleteForm deletes the plan the confirmation page named.
func (s *Server) deleteForm(c echo.Context) error {
	who, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	year, versions, err := s.App.DeletePlan(c.Request().Context(), who, id)
	if err != nil {
		return err
	}
	s.flash.set(c, flash{Import: &importResult{Deleted: fmt.Sprintf("Piano %d eliminato (%s). I file caricati restano nel registro dei caricamenti.", year, model.Plural(versions, "versione", "versioni"))}}, s.now())
	return c.Redirect(http.StatusSeeOther, "/piani")
}
