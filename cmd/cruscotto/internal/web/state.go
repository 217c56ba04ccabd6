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
		State string `json:"state"`
	}
	if err := json.NewDecoder(io.LimitReader(c.Request().Body, 1<<16)).Decode(&body); err != nil || body.State == "" {
		return model.Errorf(model.EInvalid, `Corpo non valido: {"state": "bozza" | "raccolta" | "archiviato"}.`)
	}
	state, err := model.ParsePlanState(body.State)
	if err != nil {
		return err
	}
	summary, err := s.App.SetPlanState(c.Request().Context(), who, id, state)
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
	if _, err := s.App.SetPlanState(c.Request().Context(), who, id, state); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/piani/%d", id))
}
