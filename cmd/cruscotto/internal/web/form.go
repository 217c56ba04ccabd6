package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// formRoutes are the browser form of a unit with few actions: its page,
// what it sends, and the band a value being typed falls in.
func (s *Server) formRoutes(e *echo.Echo, in []echo.MiddlewareFunc) {
	e.GET("/piani/:id/compila", s.formPage, append(in, may(model.OpSendValues))...)
	e.GET("/piani/:id/compila/fascia", s.formBand, append(in, may(model.OpSendValues))...)
	e.POST("/piani/:id/compila", s.formSubmit, append(in, may(model.OpSendValues))...)
	e.POST("/piani/:id/azioni/:code/verifica", s.reviewForm, append(in, may(model.OpReview))...)
	e.POST("/piani/:id/strutture/:slug/valida", s.validateAll, append(in, may(model.OpReview))...)
}

// validateAll marks «validato» a unit's values still to validate for a
// period, from the tracker, and goes back to it.
func (s *Server) validateAll(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	plan, err := s.App.VisiblePlan(c.Request().Context(), p, id)
	if err != nil {
		return err
	}
	unit, ok := app.UnitBySlug(plan, c.Param("slug"))
	if !ok {
		return model.Errorf(model.ENotFound, "Struttura inesistente.")
	}
	period := c.QueryParam("period")
	if _, err := s.App.ValidateAll(c.Request().Context(), p, id, period, unit); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/piani/%d/strutture?period=%s", id, url.QueryEscape(period)))
}

// formRow is one action of the browser form.
type formRow struct {
	Action     *model.Action
	Value      string
	Note       string
	Expected   string
	NoteRule   string
	Band       app.FormBand
	Error      string
	Thresholds string // «soglia 80%: 140 · soglia 60%: 120»
}

type formData struct {
	page
	Plan   *model.Plan
	Period model.Period
	Unit   string
	Rows   []formRow
	Error  string
}

func (s *Server) formPage(c echo.Context) error {
	return s.renderForm(c, http.StatusOK, nil, nil)
}

// renderForm shows the form: the current values, or what was typed and
// refused with the reasons.
func (s *Server) renderForm(c echo.Context, status int, typed []app.FormEntry, refusal *app.FormRefusal) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	plan, period, actions, current, err := s.App.FormActions(c.Request().Context(), p, id, c.QueryParam("period"))
	if err != nil {
		return err
	}
	sent := map[string]app.FormEntry{}
	for _, e := range typed {
		sent[e.Code] = e
	}
	d := formData{page: newPage(c, fmt.Sprintf("Valori di %s", p.Confined())), Plan: plan, Period: period, Unit: p.Confined()}
	for _, act := range actions {
		r := formRow{Action: act, Expected: model.Expected(act), NoteRule: model.NoteRule(act), Thresholds: thresholdsText(act)}
		if e, ok := sent[act.Code]; ok {
			r.Value, r.Note = e.Value, e.Note
		} else if m := current[act.Code]; m != nil {
			r.Value, r.Note = m.Value.Raw, m.Note
		}
		r.Band = app.PreviewBand(act, r.Value)
		if refusal != nil {
			r.Error = refusal.Errors[act.Code]
		}
		d.Rows = append(d.Rows, r)
	}
	if refusal != nil {
		d.Error = refusal.Error()
	}
	return s.render(c, status, "form", d)
}

// thresholdsText says an action's thresholds for the form.
func thresholdsText(a *model.Action) string {
	out := ""
	if a.Threshold80 != nil && a.Threshold80.Raw != "" {
		out = "soglia 80%: " + a.Threshold80.Raw
	}
	if a.Threshold60 != nil && a.Threshold60.Raw != "" {
		if out != "" {
			out += " · "
		}
		out += "soglia 60%: " + a.Threshold60.Raw
	}
	return out
}

func (s *Server) formSubmit(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return model.Errorf(model.EInvalid, "Modulo non leggibile.")
	}
	codes, values, notes := form["code"], form["value"], form["note"]
	if len(values) != len(codes) || len(notes) != len(codes) || len(codes) > app.MaxFormActions {
		return model.Errorf(model.EInvalid, "Modulo incompleto: ricaricare la pagina.")
	}
	entries := make([]app.FormEntry, len(codes))
	for i := range codes {
		entries[i] = app.FormEntry{Code: codes[i], Value: values[i], Note: notes[i]}
	}
	col, err := s.App.SubmitForm(c.Request().Context(), p, id, c.QueryParam("period"), entries)
	var refusal *app.FormRefusal
	switch {
	case errors.As(err, &refusal):
		return s.renderForm(c, http.StatusUnprocessableEntity, entries, refusal)
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/ricevute/%d", col.UploadID))
}

// formBand answers the band a value being typed falls in, for the form's
// script: GET /piani/{id}/compila/fascia?code=1.4.1&value=120.
func (s *Server) formBand(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	b, err := s.App.FormPreview(c.Request().Context(), p, id, c.QueryParam("code"), c.QueryParam("value"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b)
}

// reviewForm records the Controller's review of an action's current value
// for a period, from the action's page, and goes back to it.
func (s *Server) reviewForm(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	code, err := url.PathUnescape(c.Param("code"))
	if err != nil {
		return model.Errorf(model.ENotFound, "Azione inesistente.")
	}
	status, err := model.ParseReviewStatus(c.FormValue("status"))
	if err != nil {
		return err
	}
	period := c.QueryParam("period")
	if _, err := s.App.ReviewValue(c.Request().Context(), p, id, period, code, status, c.FormValue("comment")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/piani/%d/azioni/%s?period=%s", id, url.PathEscape(code), url.QueryEscape(period)))
}

// putReview records a review through the API: PUT
// /api/plans/{id}/reviews/{code}?period=P with {"status": "validato" |
// "da rivedere", "comment": "…"}; it answers the value reviewed.
func (s *Server) putReview(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	var body struct {
		Status  string `json:"status"`
		Comment string `json:"comment"`
	}
	if err := json.NewDecoder(io.LimitReader(c.Request().Body, 1<<16)).Decode(&body); err != nil {
		return model.Errorf(model.EInvalid, `Corpo non valido: {"status": "validato" | "da rivedere", "comment": "…"}.`)
	}
	status, err := model.ParseReviewStatus(body.Status)
	if err != nil {
		return err
	}
	m, err := s.App.ReviewValue(c.Request().Context(), p, id, c.QueryParam("period"), c.Param("code"), status, body.Comment)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, m)
}
