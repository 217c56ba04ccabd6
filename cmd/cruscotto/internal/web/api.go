package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) apiRoutes(e *echo.Echo) {
	admin, unit, viewer := model.RoleAdmin, model.RoleUnit, model.RoleViewer
	api := e.Group("/api", csrfProtect)
	api.POST("/plans", s.createPlan, allow(admin))
	api.GET("/plans", s.listPlans, allow(admin, unit, viewer))
	api.GET("/plans/:id", s.getPlan, allow(admin, unit, viewer))
	api.GET("/plans/:id/units", s.listUnits, allow(admin, unit, viewer))
	api.GET("/plans/:id/units/:slug/sheet.xlsx", s.unitSheet, allow(admin, unit))
	api.POST("/plans/:id/submissions", s.submit, allow(admin, unit))
	api.PUT("/plans/:id/measurements", s.putMeasurements, allow(admin, unit))
	api.GET("/plans/:id/scores", s.scores, allow(admin, unit, viewer))
	api.GET("/plans/:id/scorecard.xlsx", s.resultsDownload(s.App.ScoredWorkbook), allow(admin, viewer))
	api.GET("/plans/:id/filled-plan.xlsx", s.resultsDownload(s.App.FilledPlan), allow(admin, viewer))
	api.GET("/plans/:id/periods/:period", s.getPeriod, allow(admin, unit, viewer))
	api.PUT("/plans/:id/periods/:period", s.setPeriod, allow(admin))
	api.GET("/uploads/:id/correction.xlsx", s.correction, allow(admin, unit))
}

// loadPlan loads the plan named by the :id path parameter.
func (s *Server) loadPlan(c echo.Context) (*model.Plan, error) {
	id, err := planID(c)
	if err != nil {
		return nil, err
	}
	return s.App.DB.Plan(c.Request().Context(), id)
}

// planAndPeriod loads the plan of the path and the period of the query
// (or of the :period path parameter).
func (s *Server) planAndPeriod(c echo.Context) (*model.Plan, model.Period, error) {
	plan, err := s.loadPlan(c)
	if err != nil {
		return nil, model.Period{}, err
	}
	period := c.Param("period")
	if period == "" {
		period = c.QueryParam("period")
	}
	p, err := app.PeriodFor(plan, period)
	return plan, p, err
}

func planID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENotFound, "Il piano %q non esiste.", c.Param("id"))
	}
	return id, nil
}

// uploaded reads the multipart "file" field, refusing what is too large.
func uploaded(c echo.Context) (string, []byte, error) {
	fh, err := c.FormFile("file")
	if bodyTooLarge(err) {
		return "", nil, model.ErrTooLarge()
	}
	if err != nil {
		return "", nil, model.Errorf(model.EInvalid, "Nessun file ricevuto: inviare il file nel campo «file» (multipart/form-data).")
	}
	if fh.Size > model.MaxUploadBytes {
		return "", nil, model.ErrTooLarge()
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	data, err := readAll(f)
	return fh.Filename, data, err
}

func readAll(f multipart.File) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f, model.MaxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if len(data) > model.MaxUploadBytes {
		return nil, model.ErrTooLarge()
	}
	return data, nil
}

func download(c echo.Context, name string, content []byte) error {
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, name, url.PathEscape(name)))
	return c.Blob(http.StatusOK, xlsxType, content)
}

func (s *Server) createPlan(c echo.Context) error {
	p, _ := principal(c)
	name, data, err := uploaded(c)
	if err != nil {
		return err
	}
	year := 0
	if y := c.FormValue("year"); y != "" {
		if year, err = strconv.Atoi(y); err != nil || year < 2000 || year > 2100 {
			return model.Errorf(model.EInvalid, "Anno %q non valido.", y)
		}
	}
	var plan *model.Plan
	var created bool
	if text := c.FormValue("mapping"); text != "" {
		// a mapping sent with the file: its columns are read as it says
		m, err := model.ParseMapping([]byte(text))
		if err != nil {
			return err
		}
		if plan, created, err = s.App.ImportPlanWith(c.Request().Context(), name, data, app.ImportOptions{Year: year, Mapping: m}, p); err != nil {
			return err
		}
	} else {
		res, err := s.App.UploadPlan(c.Request().Context(), name, data, year, p)
		if err != nil {
			return err
		}
		if res.Proposal != nil {
			// headers not understood: the importer's reading, to edit and
			// send back in the «mapping» field
			return c.JSON(http.StatusUnprocessableEntity, proposalDoc{
				errorDoc: errorDoc{Error: "Intestazione non riconosciuta: indicare le colonne con una mappatura (campo «mapping»), partendo da quella proposta.", Details: res.Proposal.Problems},
				Upload:   res.Proposal.UploadID, Mapping: res.Proposal.Mapping})
		}
		plan, created = res.Plan, res.Created
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	return c.JSON(status, plan)
}

// proposalDoc answers a plan whose headers were not understood.
type proposalDoc struct {
	errorDoc
	Upload  int64          `json:"upload"`
	Mapping *model.Mapping `json:"mapping"`
}

func (s *Server) listPlans(c echo.Context) error {
	plans, err := s.App.DB.Plans(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, plans)
}

// visiblePlan returns the plan as the principal may see it: a unit sees
// only its own actions.
func (s *Server) visiblePlan(c echo.Context) (*model.Plan, model.Principal, error) {
	p, _ := principal(c)
	plan, err := s.loadPlan(c)
	if err != nil {
		return nil, p, err
	}
	if p.Role == model.RoleUnit {
		plan = unitView(plan, p.Unit)
	}
	return plan, p, nil
}

// unitView prunes a plan to a unit's actions and the objectives above them.
func unitView(p *model.Plan, unit string) *model.Plan {
	own := map[string]bool{}
	for _, a := range p.UnitActions(unit) {
		own[a.Code] = true
	}
	out := *p
	out.Perspectives, out.Warnings = []*model.Perspective{}, []model.Problem{}
	for _, ps := range p.Perspectives {
		pc := *ps
		pc.Strategic = nil
		for _, s := range ps.Strategic {
			sc := *s
			sc.Operational = nil
			for _, o := range s.Operational {
				oc := *o
				oc.Actions = nil
				for _, a := range o.Actions {
					if own[a.Code] {
						oc.Actions = append(oc.Actions, a)
					}
				}
				if len(oc.Actions) > 0 {
					sc.Operational = append(sc.Operational, &oc)
				}
			}
			if len(sc.Operational) > 0 {
				pc.Strategic = append(pc.Strategic, &sc)
			}
		}
		if len(pc.Strategic) > 0 {
			out.Perspectives = append(out.Perspectives, &pc)
		}
	}
	out.Units = []model.Unit{}
	for _, u := range p.Units {
		if u.Name == unit {
			out.Units = append(out.Units, u)
		}
	}
	return &out
}

func (s *Server) getPlan(c echo.Context) error {
	plan, _, err := s.visiblePlan(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, plan)
}

type unitDoc struct {
	Name    string `json:"name"`
	Slug    string `json:"slug"`
	Actions int    `json:"actions"`
}

func (s *Server) listUnits(c echo.Context) error {
	p, _ := principal(c)
	plan, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	out := []unitDoc{}
	for _, u := range plan.EntryUnits() {
		if p.Role == model.RoleUnit && u != p.Unit {
			continue
		}
		out = append(out, unitDoc{Name: u, Slug: model.Slug(u), Actions: len(plan.UnitActions(u))})
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) unitSheet(c echo.Context) error {
	p, _ := principal(c)
	plan, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	unit, ok := app.UnitBySlug(plan, c.Param("slug"))
	if !ok {
		return model.Errorf(model.ENotFound, "La struttura %q non ha azioni nel piano.", c.Param("slug"))
	}
	if p.Role == model.RoleUnit && unit != p.Unit {
		return model.Errorf(model.EForbidden, "Si può scaricare solo la cartella della propria struttura («%s»).", p.Unit)
	}
	books, err := s.App.EntryWorkbooks(c.Request().Context(), plan.ID, c.QueryParam("period"), []string{unit})
	if err != nil {
		return err
	}
	return download(c, books[0].FileName, books[0].Content)
}

type submissionDoc struct {
	Plan      int64               `json:"plan"`
	Unit      string              `json:"unit"`
	Period    model.Period        `json:"period"`
	Stored    []model.Measurement `json:"stored"`
	Unchanged int                 `json:"unchanged"`
	Kept      []string            `json:"kept_newer,omitempty"` // left as downloaded, changed since by another unit: not overwritten
	Blank     int                 `json:"blank"`
}

type refusalDoc struct {
	errorDoc
	Upload     int64  `json:"upload"`
	Correction string `json:"correction,omitempty"`
}

func (s *Server) submit(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	name, data, err := uploaded(c)
	if err != nil {
		return err
	}
	res, err := s.App.Collect(c.Request().Context(), name, data, app.CollectOptionsFor(p, id))
	if err != nil {
		if res == nil || res.UploadID == 0 {
			return err
		}
		doc := refusalDoc{errorDoc: errorDoc{Error: model.ErrorMessage(err), Details: model.ErrorProblems(err)}, Upload: res.UploadID,
			Correction: correctionLink(err, res.UploadID)}
		return c.JSON(statusOf(model.ErrorCode(err)), doc)
	}
	return c.JSON(http.StatusOK, submissionDoc{Plan: res.Plan.ID, Unit: res.Identity.Unit, Period: res.Identity.Period,
		Stored: res.Stored, Unchanged: res.Unchanged, Kept: res.Kept, Blank: res.Blank})
}

// correctionLink is where the correction workbook of a refused upload can
// be downloaded, or "" when the refusal is not about cells.
func correctionLink(refusal error, uploadID int64) string {
	for _, pr := range model.ErrorProblems(refusal) {
		if pr.Cell != "" {
			return fmt.Sprintf("/api/uploads/%d/correction.xlsx", uploadID)
		}
	}
	return ""
}

func (s *Server) correction(c echo.Context) error {
	p, _ := principal(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENotFound, "Caricamento inesistente.")
	}
	content, name, err := s.App.CorrectionForUpload(c.Request().Context(), id, p)
	if err != nil {
		return err
	}
	return download(c, name, content)
}

func (s *Server) putMeasurements(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	values, err := decodeValues(c.Response(), c.Request())
	if err != nil {
		return err
	}
	opts := app.MeasureOptions{Source: model.SourceAPI, By: p.Username, Admin: p.Role == model.RoleAdmin}
	if p.Role == model.RoleUnit {
		opts.Unit = p.Unit
	}
	stored, err := s.App.Measure(c.Request().Context(), id, c.QueryParam("period"), values, opts)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"stored": stored, "unchanged": len(values) - len(stored)})
}

// decodeValues reads a JSON object of action code → value (a string or a
// number) token by token, so that neither the body's size nor the number
// of values can grow beyond model's bounds before it is refused.
func decodeValues(w http.ResponseWriter, r *http.Request) (map[string]any, error) {
	notObject := func(detail string) error {
		return model.Errorf(model.EInvalid, "Il corpo della richiesta non è un oggetto JSON codice → valore (%s): inviare per esempio {\"1.1.1\": \"5\", \"3.1.1\": \"27 gg\"}.", detail)
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, model.MaxValuesBodyBytes))
	fail := func(err error) (map[string]any, error) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, model.Errorf(model.ETooLarge, "La richiesta supera %d MB: inviare al massimo %d valori per volta.", model.MaxValuesBodyBytes/1_000_000, model.MaxValuesPerSubmission)
		}
		return nil, notObject(err.Error())
	}
	if tok, err := dec.Token(); err != nil {
		return fail(err)
	} else if tok != json.Delim('{') {
		return nil, notObject("non inizia con «{»")
	}
	values := map[string]any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		code, _ := tok.(string)
		if tok, err = dec.Token(); err != nil {
			return fail(err)
		}
		switch tok.(type) {
		case json.Delim:
			return nil, notObject(fmt.Sprintf("il valore di %q non è un testo né un numero", code))
		}
		if _, dup := values[code]; dup {
			return nil, model.Errorf(model.EInvalid, "Il codice %q compare due volte nella richiesta: inviarne un solo valore.", model.Clip(code))
		}
		values[code] = tok
		if len(values) > model.MaxValuesPerSubmission {
			return nil, model.Errorf(model.EInvalid, "Al massimo %d valori per invio: dividere i valori in più invii.", model.MaxValuesPerSubmission)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, notObject("c'è altro testo dopo l'oggetto")
	}
	return values, nil
}

func (s *Server) scores(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	plan, sc, err := s.App.Score(c.Request().Context(), id, c.QueryParam("period"), c.QueryParam("method"))
	if err != nil {
		return err
	}
	unit := ""
	if slug := c.QueryParam("unit"); slug != "" {
		u, ok := app.UnitBySlug(plan, slug)
		if !ok {
			return model.Errorf(model.ENotFound, "La struttura %q non ha azioni nel piano.", slug)
		}
		unit = u
	}
	if p.Role == model.RoleUnit {
		if unit != "" && unit != p.Unit {
			return model.Errorf(model.EForbidden, "Si possono vedere solo i risultati della propria struttura («%s»).", p.Unit)
		}
		unit = p.Unit
	}
	if unit != "" {
		// a unit's view: its own actions, not the objectives others share
		own := map[string]bool{}
		for _, a := range plan.UnitActions(unit) {
			own[a.Code] = true
		}
		view := *sc
		view.Actions, view.Operational, view.Strategic = []model.ActionScore{}, []model.ObjectiveScore{}, []model.StrategicScore{}
		for _, as := range sc.Actions {
			if own[as.Code] {
				view.Actions = append(view.Actions, as)
			}
		}
		return c.JSON(http.StatusOK, &view)
	}
	return c.JSON(http.StatusOK, sc)
}

// resultsDownload serves a workbook of results made for the plan, period
// and method the request names.
func (s *Server) resultsDownload(make func(ctx context.Context, planID int64, period, method string) ([]byte, string, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := planID(c)
		if err != nil {
			return err
		}
		content, name, err := make(c.Request().Context(), id, c.QueryParam("period"), c.QueryParam("method"))
		if err != nil {
			return err
		}
		return download(c, name, content)
	}
}

func (s *Server) getPeriod(c echo.Context) error {
	plan, p, err := s.planAndPeriod(c)
	if err != nil {
		return err
	}
	st, err := s.App.PeriodStatus(c.Request().Context(), plan.ID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) setPeriod(c echo.Context) error {
	plan, p, err := s.planAndPeriod(c)
	if err != nil {
		return err
	}
	var body struct {
		Closed   bool   `json:"closed"`
		ClosesOn string `json:"closes_on"`
	}
	if err := json.NewDecoder(io.LimitReader(c.Request().Body, 1<<16)).Decode(&body); err != nil {
		return model.Errorf(model.EInvalid, `Corpo non valido: {"closed": true|false, "closes_on": "AAAA-MM-GG"}.`)
	}
	st, err := s.App.SetPeriod(c.Request().Context(), plan.ID, p, body.Closed, body.ClosesOn)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}
