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
	"strings"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// apiRoutes are the JSON API. Each route first checks, with the model's
// policy, that the role may do the operation at all, before a body is
// read; the app checks again, with the unit, as it does it.
func (s *Server) apiRoutes(e *echo.Echo) {
	api := e.Group("/api", csrfProtect)
	// the uploads pass the gate before anything reads their body, the
	// CSRF check of a session included
	// an upload is authorized, then received whole within its sender's
	// turns, and only then waits for a slot to be parsed in
	e.POST("/api/plans", s.createPlan, may(model.OpImportPlan), s.recv.receive, s.gate.enter)
	api.GET("/plans", s.listPlans, may(model.OpReadPlan))
	api.GET("/plans/:id", s.getPlan, may(model.OpReadPlan))
	api.PUT("/plans/:id", s.putPlan, may(model.OpImportPlan))
	api.DELETE("/plans/:id", s.deletePlan, may(model.OpImportPlan))
	api.PUT("/plans/:id/reviews/:code", s.putReview, may(model.OpReview))
	api.GET("/plans/:id/units", s.listUnits, may(model.OpTrack))
	api.GET("/plans/:id/units/:slug/sheet.xlsx", s.unitSheet, may(model.OpEntryWorkbook))
	e.POST("/api/plans/:id/submissions", s.submit, may(model.OpSendValues), s.recv.receive, s.gate.enter)
	e.PUT("/api/plans/:id/measurements", s.putMeasurements, may(model.OpSendValues), s.recv.receive, s.gate.enter)
	api.GET("/plans/:id/scores", s.scores, may(model.OpReadScores))
	api.GET("/plans/:id/changes", s.planChanges, may(model.OpReadPlan))
	api.GET("/plans/:id/scorecard.xlsx", s.cachedDownload(app.FileScored), may(model.OpResults))
	api.GET("/plans/:id/filled-plan.xlsx", s.cachedDownload(app.FileFilled), may(model.OpResults))
	api.GET("/plans/:id/periods/:period", s.getPeriod, may(model.OpReadPeriod))
	api.PUT("/plans/:id/periods/:period", s.setPeriod, may(model.OpSetPeriod))
	api.GET("/uploads/:id/correction.xlsx", s.correction, may(model.OpReadUpload))
}

// planAndPeriod loads the plan of the path as the principal sees it, and
// the period of the query (or of the :period path parameter).
func (s *Server) planAndPeriod(c echo.Context) (*model.Plan, model.Period, error) {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return nil, model.Period{}, err
	}
	period := c.Param("period")
	if period == "" {
		period = c.QueryParam("period")
	}
	return s.App.VisiblePlanPeriod(c.Request().Context(), p, id, period)
}

func planID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENotFound, "Il piano «%s» non esiste.", c.Param("id"))
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
			return model.Errorf(model.EInvalid, "Anno «%s» non valido.", y)
		}
	}
	opts := app.ImportOptions{Year: year}
	if st := c.FormValue("state"); st != "" {
		if opts.State, err = model.ParsePlanState(st); err != nil {
			return err
		}
	}
	if text := c.FormValue("mapping"); text != "" {
		// a mapping sent with the file: its columns are read as it says
		if opts.Mapping, err = model.ParseMapping([]byte(text)); err != nil {
			return err
		}
	}
	res, err := s.App.UploadPlan(c.Request().Context(), p, name, data, opts)
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
	status := http.StatusCreated
	if !res.Created {
		status = http.StatusOK
	}
	doc := planDoc{Plan: res.Plan}
	if res.Changes != nil {
		doc.Changes = &res.Changes.Diff
	}
	return c.JSON(status, doc)
}

// planDoc is an imported plan's document and, for a new version, what it
// changed from the one before (as GET /api/plans/{id}/changes).
type planDoc struct {
	*model.Plan
	Changes *model.PlanDiff `json:"changes,omitempty"`
}

// proposalDoc answers a plan whose headers were not understood.
type proposalDoc struct {
	errorDoc
	Upload  int64          `json:"upload"`
	Mapping *model.Mapping `json:"mapping"`
}

func (s *Server) listPlans(c echo.Context) error {
	p, _ := principal(c)
	plans, err := s.App.Plans(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, plans)
}

func (s *Server) getPlan(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	plan, err := s.App.VisiblePlan(c.Request().Context(), p, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, plan)
}

func (s *Server) listUnits(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	t, err := s.App.Tracker(c.Request().Context(), p, id, app.TrackerQuery{Period: c.QueryParam("period")})
	if err != nil {
		return err
	}
	units := make([]unitDoc, len(t.Units))
	for i, u := range t.Units {
		units[i] = unitDoc{UnitSummary: u}
		if u.LastRefused != nil && u.LastRefused.Correctable {
			units[i].Correction = correctionPath(u.LastRefused.ID)
		}
	}
	return c.JSON(http.StatusOK, units)
}

// unitDoc is a unit of the tracker, with where to download the
// correction workbook of its last refused upload when there is one.
type unitDoc struct {
	app.UnitSummary
	Correction string `json:"correction,omitempty"`
}

func (s *Server) unitSheet(c echo.Context) error { return s.cachedDownload(app.FileEntry)(c) }

// cachedDownload serves a generated workbook with its ETag: a client
// whose copy is current (If-None-Match) gets 304 and nothing is made.
// The file may be kept by the browser, never by shared caches, and is
// revalidated at every use.
func (s *Server) cachedDownload(kind app.FileKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, _ := principal(c)
		id, err := planID(c)
		if err != nil {
			return err
		}
		d, err := s.App.Download(c.Request().Context(), p, app.FileRequest{Kind: kind, PlanID: id, Unit: c.Param("slug"),
			Period: c.QueryParam("period"), Method: c.QueryParam("method"), Held: heldETags(c.Request().Header.Get("If-None-Match"))})
		if err != nil {
			return err
		}
		h := c.Response().Header()
		h.Set("ETag", d.ETag)
		h.Set(echo.HeaderCacheControl, "private, no-cache")
		if d.NotModified {
			return c.NoContent(http.StatusNotModified)
		}
		return download(c, d.FileName, d.Content)
	}
}

// heldETags reads an If-None-Match header: the ETags of the copies the
// client holds, weak ones as strong (a workbook is the same byte for
// byte or not at all), "*" for any.
func heldETags(header string) []string {
	var out []string
	for _, t := range strings.Split(header, ",") {
		if t = strings.TrimPrefix(strings.TrimSpace(t), "W/"); t != "" {
			out = append(out, t)
		}
	}
	return out
}

type submissionDoc struct {
	Plan      int64               `json:"plan"`
	Unit      string              `json:"unit"`
	Period    model.Period        `json:"period"`
	Stored    []model.Measurement `json:"stored"`
	Unchanged int                 `json:"unchanged"`
	Kept      []string            `json:"kept_newer,omitempty"` // left as downloaded, changed since by another unit: not overwritten
	Blank     int                 `json:"blank"`
	// Warnings never refuse: values in the orange or red band without a
	// deviation note, with the cell the note belongs in.
	Warnings []model.Problem `json:"warnings,omitempty"`
	// Revised says the workbook was made for an earlier version of the
	// plan, collected into the version in force (Plan), and what changed
	// for its actions.
	Revised *model.ReceiptRevision `json:"revised,omitempty"`
}

type refusalDoc struct {
	errorDoc
	Upload     int64  `json:"upload"`
	Correction string `json:"correction,omitempty"`
	// Workbook is a fresh workbook of the version in force, filled with
	// the values stored, to start again from.
	Workbook string `json:"workbook,omitempty"`
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
	res, err := s.App.Collect(c.Request().Context(), p, id, name, data)
	if err != nil {
		if res == nil || res.UploadID == 0 {
			return err
		}
		doc := refusalDoc{errorDoc: errorDoc{Error: model.ErrorMessage(err), Details: model.ErrorProblems(err)}, Upload: res.UploadID,
			Correction: correctionLink(err, res.UploadID)}
		if r, rerr := s.App.Receipt(c.Request().Context(), p, res.UploadID); rerr == nil {
			doc.Workbook = r.Fresh
		}
		return c.JSON(statusOf(model.ErrorCode(err)), doc)
	}
	return c.JSON(http.StatusOK, submissionDoc{Plan: res.Plan.ID, Unit: res.Identity.Unit, Period: res.Identity.Period,
		Stored: res.Stored, Unchanged: res.Unchanged, Kept: res.Kept, Blank: res.Blank, Warnings: res.Warnings, Revised: res.Revised})
}

// correctionLink is where the correction workbook of a refused upload can
// be downloaded, or "" when the refusal is not about cells.
func correctionLink(refusal error, uploadID int64) string {
	if model.NamesCells(model.ErrorProblems(refusal)) {
		return correctionPath(uploadID)
	}
	return ""
}

// correctionPath is where a refused upload's correction workbook is.
func correctionPath(uploadID int64) string {
	return fmt.Sprintf("/api/uploads/%d/correction.xlsx", uploadID)
}

func (s *Server) correction(c echo.Context) error {
	p, _ := principal(c)
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENotFound, "Caricamento inesistente.")
	}
	content, name, err := s.App.CorrectionForUpload(c.Request().Context(), p, id)
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
	stored, err := s.App.Measure(c.Request().Context(), p, id, c.QueryParam("period"), values, model.SourceAPI)
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
			return nil, notObject(fmt.Sprintf("il valore di «%s» non è un testo né un numero", code))
		}
		if _, dup := values[code]; dup {
			return nil, model.Errorf(model.EInvalid, "Il codice «%s» compare due volte nella richiesta: inviarne un solo valore.", model.Clip(code))
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
	_, sc, err := s.App.Scores(c.Request().Context(), p, id, scoreQuery(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sc)
}

// scoreQuery reads the period, method and unit a request asks scores for.
func scoreQuery(c echo.Context) app.ScoreQuery {
	return app.ScoreQuery{Period: c.QueryParam("period"), Method: c.QueryParam("method"), UnitSlug: c.QueryParam("unit")}
}

// planDownload serves a workbook made for the plan of the path, as the
// principal may have it.
func planDownload(c echo.Context, make func(ctx context.Context, who model.Principal, planID int64) ([]byte, string, error)) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	content, name, err := make(c.Request().Context(), p, id)
	if err != nil {
		return err
	}
	return download(c, name, content)
}

func (s *Server) getPeriod(c echo.Context) error {
	who, _ := principal(c)
	plan, p, err := s.planAndPeriod(c)
	if err != nil {
		return err
	}
	st, err := s.App.PeriodStatus(c.Request().Context(), who, plan.ID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) setPeriod(c echo.Context) error {
	who, _ := principal(c)
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
	st, err := s.App.SetPeriod(c.Request().Context(), who, plan.ID, p, body.Closed, body.ClosesOn)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}
