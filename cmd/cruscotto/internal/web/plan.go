package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// planFilter is what the plan page's form narrows the actions to, read
// from the GET query so that a filtered page is a link to share.
type planFilter struct {
	Unit  string // a unit's slug, "" for all
	Band  string // a band's name, "" for all; grey is «non misurate»
	Query string // text to find in codes, titles, KPIs, units and notes
	// Objective is the code of a strategic or operational objective whose
	// actions only are shown, "" for all.
	Objective string
	// Compact shows the strategic objectives closed, perspectives open:
	// the plan at a glance, each objective one line.
	Compact bool
	Page    int // the page of a big plan's actions, from 1
	// Note is «mancante» to show only the values in the orange or red
	// band still without their note, "" for all.
	Note string
}

// Active reports whether the filter narrows the actions.
func (f planFilter) Active() bool {
	return f.Unit != "" || f.Band != "" || f.Query != "" || f.Objective != "" || f.Note != ""
}

func readPlanFilter(c echo.Context) planFilter {
	page, err := strconv.Atoi(c.QueryParam("pagina"))
	if err != nil || page < 1 {
		page = 1
	}
	f := planFilter{Unit: c.QueryParam("unita"), Band: c.QueryParam("fascia"), Query: strings.TrimSpace(c.QueryParam("q")),
		Objective: strings.TrimSpace(c.QueryParam("obiettivo")), Compact: c.QueryParam("vista") == "obiettivi", Page: page}
	if c.QueryParam("nota") == "mancante" {
		f.Note = "mancante"
	}
	return f
}

// values are the filter's query parameters, empty ones left out.
func (f planFilter) values() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"unita", f.Unit}, {"fascia", f.Band}, {"q", f.Query}, {"obiettivo", f.Objective}, {"nota", f.Note}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if f.Compact {
		v.Set("vista", "obiettivi")
	}
	return v
}

type choice struct {
	Value, Label string
	Selected     bool
}

type planData struct {
	page
	Plan *model.Plan
	// ReplacedBy is the version in force when Plan is an earlier one.
	ReplacedBy  *model.PlanSummary
	Period      string
	PeriodLabel string
	Interim     bool // a monitoring within the year, scored against the annual targets
	Method      string
	Periods     []periodOption
	Filter      planFilter
	Units       []choice // the unit filter's choices; none for a unit
	BandChoices []choice
	Bands       []model.Band // the legend
	Overview    overview
	Tree        []perspectiveNode
	Shown       int    // actions shown
	Total       int    // actions the principal sees
	PrevLabel   string // the previous measured period, "" when none
	LastYear    int    // the previous year, when some action shows its figure there
	Warnings    int    // import warnings, for who may read them
	// StateChanges is who moved the plan's year between states, and
	// when, for the Controller's staff and management.
	StateChanges []model.StateChange
	States       []choice // the states the admin may move the plan to
	Months       []choice // the interim periods a plan may be opened with
	Deletable    bool     // never opened for collection: the admin may delete it
	// Big is set for a plan of more than bigPlan actions: without a
	// filter its page is an outline, with one its actions come in pages.
	Big       bool
	Outline   bool   // the objectives without their actions
	Objective string // the objective filtered on, named, "" for none
	Pager     *pager
}

// Link is the page's own address for its period and method with the
// query parameters given as name, value pairs (empty values left out):
// the links that set a filter or the view.
func (d planData) Link(kv ...string) template.URL {
	v := url.Values{"period": {d.Period}, "method": {d.Method}}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	return template.URL(fmt.Sprintf("/piani/%d?%s", d.Plan.ID, v.Encode()))
}

// FilterLink is Link keeping the filters too, with the parameters given
// set (or dropped when empty): the links of the pager and of an
// objective.
func (d planData) FilterLink(kv ...string) template.URL {
	return filterLink(d.Plan.ID, d.Period, d.Method, d.Filter, kv...)
}

func filterLink(plan int64, period, method string, f planFilter, kv ...string) template.URL {
	v := f.values()
	v.Set("period", period)
	v.Set("method", method)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	return template.URL(fmt.Sprintf("/piani/%d?%s", plan, v.Encode()))
}

// overview is the plan at a glance, above its tree.
type overview struct {
	model.Overview
	Coverage         string
	PerspectiveLines []perspectiveLine
	Strategic        []strategicLine
	Chart            *chart
	// Missed are the strategic objectives below their target, each with
	// its red and orange actions: from a red number to its reason.
	Missed []missedObjective
	// Unvalidated counts the values the Controller has not validated
	// yet: management reads the figures knowing it.
	Unvalidated int
}

// missedObjective is a strategic objective short of its target and the
// actions that pull it down.
type missedObjective struct {
	Code, Title, Link string
	Verdict           verdictBadge
	Actions           []missedAction
}

// missedAction is a red or orange action: who, what was measured against
// what, and the unit's note.
type missedAction struct {
	Code, Title, Units, Value, Target, Score, Band, BandLabel, Note, Link string
}

type perspectiveLine struct {
	Name, Score, Band, BandLabel string
	Achieved, Strategic          int
	Verdict                      verdictBadge
}

type strategicLine struct {
	Code, Title, Score, Target, Achieved, Band, BandLabel string
	Verdict                                               verdictBadge
	Link                                                  string // the plan page showing the objective's actions
}

type perspectiveNode struct {
	Name, Score, Band, BandLabel string
	Verdict                      verdictBadge
	Open                         bool
	Strategic                    []strategicNode
}

type strategicNode struct {
	Code, Title, Score, Target, Achieved, Coverage, Band, BandLabel string
	Verdict                                                         verdictBadge
	Open                                                            bool
	Rows                                                            []treeRow
	Actions                                                         int          // in the outline, how many it holds
	Link                                                            template.URL // in the outline, the page of its actions
}

// treeRow is an operational objective or an action in its strategic
// objective's table.
type treeRow struct {
	Level, Code, Title, KPI, Units, Note, Link string
	Weight, Target, Measured, Score, Coverage  string
	Direction, DirectionLabel                  string
	Thresholds                                 []string
	Band, BandLabel                            string
	// Review is the Controller's verdict on the value («validato», «da
	// rivedere», «da validare»), "" when nothing is measured; NoteMissing
	// flags a value in the orange or red band without its note.
	Review, ReviewComment string
	NoteMissing           bool
	Previous              *previousValue
	LastYear              *lastYearValue
	Actions               int          // in the outline, an operational objective's actions
	Open                  template.URL // in the outline, the page of its actions
}

// previousValue is an action's value in the previous measured period and
// how it moved since.
type previousValue struct {
	Value        string
	Arrow, Sense string
	Label        string
}

// lastYearValue is an action's figure at the previous year's end as the
// pages show it: the value and its attainment, in its band.
type lastYearValue struct {
	Year                          int
	Value, Score, Band, BandLabel string
}

func newLastYearValue(p *model.PreviousYear) *lastYearValue {
	if p == nil {
		return nil
	}
	att := p.Attainment
	b := model.BandOf(&att)
	return &lastYearValue{Year: p.Year, Value: p.Value.Display(), Score: model.FormatScore(&att), Band: b.Name, BandLabel: b.Label}
}

// lastYearOf is the year of the previous-year figures the scores carry,
// 0 when they carry none.
func lastYearOf(sc *model.Scorecard) int {
	for _, as := range sc.Actions {
		if as.PreviousYear != nil {
			return as.PreviousYear.Year
		}
	}
	return 0
}

func (s *Server) planPage(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	q := scoreQuery(c)
	q.UnitSlug = "" // the page is the whole plan as the principal sees it; «unita» filters it
	r, err := s.App.Report(c.Request().Context(), p, id, q)
	if err != nil {
		return err
	}
	plan, sc := r.Plan, r.Score
	data := planData{page: newPage(c, fmt.Sprintf("Piano %d", plan.Year)), Plan: plan, Period: sc.Period.String(), PeriodLabel: sc.Period.Label(),
		Interim: sc.Period.Month != 0, Method: string(sc.Method), Bands: model.AllBands(), Filter: readPlanFilter(c)}
	if data.Periods, err = s.periodOptions(c, plan, sc.Period); err != nil {
		return err
	}
	if r.Previous != nil {
		data.PrevLabel = r.Previous.Period.Label()
	}
	data.LastYear = lastYearOf(sc)
	if r.InForce.ID != plan.ID {
		data.ReplacedBy = &r.InForce
	}
	data.Deletable = !r.InForce.Opened && model.May(p, model.OpImportPlan)
	if model.May(p, model.OpReadWarnings) {
		data.Warnings = len(plan.Warnings)
		if data.StateChanges, err = s.App.PlanStateChanges(c.Request().Context(), p, plan.ID); err != nil {
			return err
		}
	}
	for _, st := range model.PlanStates {
		data.States = append(data.States, choice{Value: string(st), Label: st.Label(), Selected: st == plan.State})
	}
	for m := 1; m < 12; m++ {
		p := model.Period{Year: plan.Year, Month: m}
		data.Months = append(data.Months, choice{Value: p.String(), Label: p.Label()})
	}
	unitFilter := ""
	if p.Confined() == "" {
		for _, u := range plan.EntryUnits() {
			slug := model.Slug(u)
			data.Units = append(data.Units, choice{Value: slug, Label: u, Selected: slug == data.Filter.Unit})
			if slug == data.Filter.Unit {
				unitFilter = u
			}
		}
	}
	if unitFilter == "" {
		data.Filter.Unit = "" // a unit sees its own anyway; an unknown slug filters nothing
	}
	for _, b := range model.AllBands() {
		label := b.ColorName + " — " + b.Label
		if b.Name == model.NotMeasured.Name {
			label = "non misurate"
		}
		data.BandChoices = append(data.BandChoices, choice{Value: b.Name, Label: label, Selected: b.Name == data.Filter.Band})
	}
	data.Overview = newOverview(plan, sc)
	if err := data.fillTree(plan, r, unitFilter); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "plan", data)
}

// newOverview summarises the scores for the top of the page: for a unit,
// its actions only; for the others the perspectives and the strategic
// objectives against their targets too.
func newOverview(plan *model.Plan, sc *model.Scorecard) overview {
	o := overview{Overview: sc.Overview(plan)}
	o.Coverage = model.FormatScore(&o.Overview.Coverage)
	for _, ps := range o.Perspectives {
		o.PerspectiveLines = append(o.PerspectiveLines, perspectiveLine{Name: ps.Name, Score: model.FormatScore(ps.Score), Band: ps.Band.Name,
			BandLabel: ps.Band.Label, Achieved: ps.Achieved, Strategic: ps.Strategic, Verdict: perspectiveVerdict(ps.Achieved, judgedIn(plan, sc, ps.Name), sc.Period.Month != 0)})
	}
	for _, st := range plan.Strategics() {
		ss := sc.StrategicScoreOf(st.Code)
		if ss == nil {
			continue
		}
		band := model.BandNamed(ss.Band)
		o.Strategic = append(o.Strategic, strategicLine{Code: st.Code, Title: st.Description, Score: model.FormatScore(ss.Score),
			Target: targetText(ss.Target), Achieved: verdict(ss), Band: band.Name, BandLabel: bandLabel(ss, band), Verdict: strategicVerdict(ss, sc.Period.Month != 0),
			Link: objectiveLink(sc, st.Code)})
	}
	if len(o.Strategic) > 0 {
		o.Chart = strategicChart(plan, sc)
	}
	if sc.Period.Month == 0 { // an interim period has no failures yet
		o.Missed = missedObjectives(plan, sc)
	}
	for _, as := range sc.Actions {
		if as.Measured != nil && (as.Measurement == nil || as.Measurement.Review == nil || as.Measurement.Review.Status != model.ReviewValidated) {
			o.Unvalidated++
		}
	}
	return o
}

// missedObjectives lists the strategic objectives judged and short of
// their target, with their red and orange actions, worst first.
func missedObjectives(plan *model.Plan, sc *model.Scorecard) []missedObjective {
	var out []missedObjective
	link := url.Values{"period": {sc.Period.String()}, "method": {string(sc.Method)}}.Encode()
	for _, st := range plan.Strategics() {
		ss := sc.StrategicScoreOf(st.Code)
		if v := strategicVerdict(ss, false); v.Class != "short" {
			continue
		}
		mo := missedObjective{Code: st.Code, Title: st.Description, Link: objectiveLink(sc, st.Code), Verdict: strategicVerdict(ss, false)}
		for a := range st.Actions() {
			as := sc.Action(a.Code)
			if as == nil || as.Attainment == nil || (as.Band != "red" && as.Band != "orange") {
				continue
			}
			b := model.BandNamed(as.Band)
			units := strings.Join(a.Units, ", ")
			if units == "" {
				units = "senza responsabile"
			}
			mo.Actions = append(mo.Actions, missedAction{Code: a.Code, Title: a.Title, Units: units, Value: as.Measured.Display(),
				Target: a.Target.DisplayOr("—"), Score: model.FormatScore(as.Attainment), Band: b.Name, BandLabel: b.Label, Note: as.Note,
				Link: fmt.Sprintf("/piani/%d/azioni/%s?%s", plan.ID, url.PathEscape(a.Code), link)})
		}
		slices.SortStableFunc(mo.Actions, func(x, y missedAction) int { return strings.Compare(bandRank[x.Band], bandRank[y.Band]) })
		out = append(out, mo)
	}
	return out
}

// bandRank puts red before orange.
var bandRank = map[string]string{"red": "0", "orange": "1"}

// objectiveLink is the plan page showing one strategic objective's
// actions, for the period and method scored.
func objectiveLink(sc *model.Scorecard, code string) string {
	return "?" + url.Values{"period": {sc.Period.String()}, "method": {string(sc.Method)}, "obiettivo": {code}}.Encode() + "#os-" + model.Slug(code)
}

// judgedIn counts the strategic objectives of a perspective that can be
// judged: measured enough, with a target.
func judgedIn(plan *model.Plan, sc *model.Scorecard, name string) int {
	for _, ps := range plan.Perspectives {
		if ps.Name == name {
			_, judged := sc.PerspectiveTally(ps)
			return judged
		}
	}
	return 0
}

func targetText(t *float64) string {
	if t == nil {
		return "—"
	}
	return model.FormatScore(t)
}

// verdict says whether a strategic objective met its target: «sì», «no»,
// «da valutare» while too little of it is measured (model.MinCoverage),
// «—» without a target or a score.
func verdict(ss *model.StrategicScore) string {
	if ss.Pending() {
		return "da valutare"
	}
	return achievedText(ss.Achieved)
}

// bandLabel is what an objective's colour means, said for one not judged
// yet.
func bandLabel(ss *model.StrategicScore, b model.Band) string {
	if ss.Pending() {
		return fmt.Sprintf("da valutare: misurato solo il %s del peso (ne serve almeno il %s)", model.FormatScore(&ss.Coverage), model.FormatScore(ptr(model.MinCoverage)))
	}
	return b.Label
}

func ptr(f float64) *float64 { return &f }

func achievedText(a *bool) string {
	switch {
	case a == nil:
		return "—"
	case *a:
		return "sì"
	}
	return "no"
}

// planTree builds the tree the page shows: every perspective, strategic
// and operational objective that holds an action the filter keeps.
func planTree(plan *model.Plan, r *app.Report, f planFilter, unit string, scope treeScope) (tree []perspectiveNode, shown, total int) {
	sc := r.Score
	needle := model.Fold(f.Query)
	link := url.Values{"period": {sc.Period.String()}, "method": {string(sc.Method)}}
	for _, ps := range plan.Perspectives {
		pn := perspectiveNode{Name: ps.Name, Band: "none", Open: true}
		if v, ok := sc.PerspectiveScore(ps); ok {
			b := sc.PerspectiveBand(ps) // by its objectives' progress towards their targets
			pn.Score, pn.Band, pn.BandLabel = model.FormatScore(&v), b.Name, b.Label
		}
		achieved, judged := sc.PerspectiveTally(ps)
		pn.Verdict = perspectiveVerdict(achieved, judged, sc.Period.Month != 0)
		for _, st := range ps.Strategic {
			inObjective := f.Objective == "" || f.Objective == st.Code
			sn := strategicNode{Code: st.Code, Title: st.Description, Band: "none", Open: (!f.Compact && !scope.Outline) || f.Active()}
			if ss := sc.StrategicScoreOf(st.Code); ss != nil {
				b := model.BandNamed(ss.Band)
				sn.Score, sn.Coverage, sn.Band, sn.BandLabel = model.FormatScore(ss.Score), model.FormatScore(&ss.Coverage), b.Name, bandLabel(ss, b)
				sn.Target, sn.Achieved = targetText(ss.Target), verdict(ss)
			}
			sn.Verdict = strategicVerdict(sc.StrategicScoreOf(st.Code), sc.Period.Month != 0)
			for _, o := range st.Operational {
				var rows []treeRow
				kept := 0
				for _, a := range o.Actions {
					total++
					as := sc.Action(a.Code)
					if as == nil || !inObjective && f.Objective != o.Code || unit != "" && !a.OwnedBy(unit) || f.Band != "" && as.Band != f.Band ||
						needle != "" && !matches(needle, a, as.Note, o, st, ps) || f.Note != "" && !noteMissing(a, as) {
						continue
					}
					if !scope.Outline && shown >= scope.From && (scope.To < 0 || shown < scope.To) {
						rows = append(rows, actionRow(plan, a, as, r.Previous, link, sc.Period.Month != 0))
					}
					shown++
					kept++
				}
				if len(rows) == 0 && !(scope.Outline && kept > 0) {
					continue
				}
				sn.Actions += kept
				or := treeRow{Level: "operational", Code: o.Code, Title: o.Title, KPI: ownKPI(o.KPI), Weight: model.FormatItalian(o.Weight) + "%", Band: "none"}
				if os := sc.OperationalScore(o.Code); os != nil {
					b := model.BandNamed(os.Band)
					or.Score, or.Coverage, or.Band, or.BandLabel = model.FormatScore(os.Score), model.FormatScore(&os.Coverage), b.Name, b.Label
				}
				if scope.Outline {
					or.Actions, or.Open = kept, scope.Link(o.Code)
				}
				sn.Rows = append(append(sn.Rows, or), rows...)
			}
			if scope.Outline {
				sn.Link = scope.Link(st.Code)
			}
			if len(sn.Rows) > 0 {
				pn.Strategic = append(pn.Strategic, sn)
			}
		}
		if len(pn.Strategic) > 0 {
			tree = append(tree, pn)
		}
	}
	return tree, shown, total
}

// treeScope is how much of the tree planTree builds.
type treeScope struct {
	Outline  bool // the objectives only, each with the count of its actions
	From, To int  // the window of the kept actions shown; To < 0 for all
	// Link is the address of an objective's actions, in the outline.
	Link func(code string) template.URL
}

// matches reports whether folded text needle is in an action's code
// (from its start: «1.4» finds 1.4.1, not 2.1.4), title, KPI, units, the
// plan's note or the unit's deviation note, or in the objectives and
// perspective above it.
func matches(needle string, a *model.Action, note string, o *model.OperationalObjective, st *model.StrategicObjective, ps *model.Perspective) bool {
	if strings.HasPrefix(a.Code, needle) {
		return true
	}
	for _, s := range []string{a.Title, a.KPI, strings.Join(a.Units, " "), a.Responsible, a.Note, note, o.Title, st.Description, ps.Name} {
		if strings.Contains(model.Fold(s), needle) {
			return true
		}
	}
	return false
}

// direction is the arrow of the way an action's KPI improves and its
// words; none for a qualitative or yes/no KPI, which have no way.
func direction(a *model.Action) (arrow, label string) {
	if a.Qualitative || !a.Target.Numeric() || a.Target.Kind == model.KindYesNo {
		return "", ""
	}
	if a.Direction == model.LowerIsBetter {
		return "↓", "più basso è meglio"
	}
	return "↑", "più alto è meglio"
}

// thresholds are an action's thresholds, each with its name.
func thresholds(a *model.Action) []string {
	var out []string
	for _, t := range []struct {
		label string
		v     *model.Value
		text  string
	}{{"soglia 80%", a.Threshold80, a.Threshold80Text}, {"soglia 60%", a.Threshold60, a.Threshold60Text}} {
		if s := t.v.DisplayOr(t.text); s != "" {
			out = append(out, t.label+": "+s)
		}
	}
	return out
}

func actionRow(plan *model.Plan, a *model.Action, as *model.ActionScore, prev *model.Scorecard, link url.Values, interim bool) treeRow {
	band := model.BandNamed(as.Band)
	if interim && as.Measured != nil {
		// before the year end a value is progress, not a verdict
		band = model.Band{Name: "interim", Label: "in corso: monitoraggio intermedio, confrontato con il target annuale"}
	}
	r := treeRow{Level: "action", Code: a.Code, Title: a.Title, KPI: a.KPI, Weight: model.FormatItalian(a.Weight) + "%",
		Units: strings.Join(a.Units, ", "), Target: a.Target.DisplayOr(""), Measured: "non misurata", Score: "—",
		Band: band.Name, BandLabel: actionBandLabel(band), Note: as.Note,
		Link: fmt.Sprintf("/piani/%d/azioni/%s?%s", plan.ID, url.PathEscape(a.Code), link.Encode())}
	r.Direction, r.DirectionLabel = direction(a)
	r.Thresholds = thresholds(a)
	r.LastYear = newLastYearValue(as.PreviousYear)
	if as.Measured != nil {
		r.Measured, r.Score = as.Measured.Display(), model.FormatScore(as.Attainment)
		r.Review, r.NoteMissing = as.Measurement.ReviewLabel(), noteMissing(a, as)
		if rv := as.Measurement; rv != nil && rv.Review != nil {
			r.ReviewComment = rv.Review.Comment
		}
	}
	if prev != nil {
		pv := &previousValue{Value: "non misurata"}
		if ps := prev.Action(a.Code); ps != nil && ps.Measured != nil {
			pv.Value = ps.Measured.Display()
			if ch, ok := model.Compare(a, ps, as); ok {
				pv.Arrow, pv.Sense, pv.Label = ch.Arrow, ch.Sense, ch.Label
			}
		}
		r.Previous = pv
	}
	return r
}

type historyData struct {
	page
	History                   *app.ActionHistory
	Period, Method            string
	Target, Weight, Units     string
	Direction, DirectionLabel string
	Thresholds                []string
	Rows                      []historyRow
	LastYear                  *lastYearValue // the action's figure at the previous year's end
}

type historyRow struct {
	Period, At, By, Source, Old, New, Attainment, Band, BandLabel, Note string
	Current                                                             bool // the period's value now
	// PeriodKey is the period as the query writes it; Review and
	// ReviewComment the Controller's verdict on a current value, ReviewBy
	// who gave it and when.
	PeriodKey, Review, ReviewComment, ReviewBy string
}

var sourceLabels = map[string]string{model.SourceUpload: "cartella caricata", model.SourceAPI: "servizio web (API)", model.SourceCLI: "riga di comando"}

// actionPage shows an action with every value submitted for it: who,
// when, the value it replaced, through what.
func (s *Server) actionPage(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	code, err := url.PathUnescape(c.Param("code"))
	if err != nil {
		return model.Errorf(model.ENotFound, "Azione «%s» inesistente.", c.Param("code"))
	}
	h, err := s.App.ActionHistory(c.Request().Context(), p, id, code, c.QueryParam("method"))
	if err != nil {
		return err
	}
	a := h.Action
	data := historyData{page: newPage(c, "Azione "+code), History: h, Period: c.QueryParam("period"), Method: string(h.Method),
		Target: a.Target.DisplayOr(""), Weight: model.FormatItalian(a.Weight) + "%", Units: strings.Join(a.Units, ", "), Thresholds: thresholds(a)}
	if data.Units == "" {
		data.Units = "senza responsabile"
	}
	data.Direction, data.DirectionLabel = direction(a)
	data.LastYear = newLastYearValue(h.PreviousYear)
	// newest first: the current value of each period is the last sent
	current := map[string]bool{}
	for i := len(h.Entries) - 1; i >= 0; i-- {
		e := h.Entries[i]
		att := e.Attainment
		band := model.BandOf(&att)
		row := historyRow{Period: e.Period.Label(), At: e.At.In(model.Rome).Format("02/01/2006 15:04"), By: model.WhoLabel(e.By),
			Source: sourceLabels[e.Source], New: e.Value.Display(), Attainment: model.FormatScore(&att), Band: band.Name, BandLabel: band.Label,
			Note: e.Note, Current: !current[e.Period.String()]}
		if row.Source == "" {
			row.Source = e.Source
		}
		if carried := e.CarriedLabel(); carried != "" {
			row.Source += ", " + carried
		}
		if e.Previous != nil {
			row.Old = e.Previous.Display()
		}
		if row.Current {
			row.PeriodKey, row.Review = e.Period.String(), e.ReviewLabel()
			if rv := e.Review; rv != nil {
				row.ReviewComment, row.ReviewBy = rv.Comment, rv.By+", "+rv.At.In(model.Rome).Format("02/01/2006")
			}
		}
		current[e.Period.String()] = true
		data.Rows = append(data.Rows, row)
	}
	return s.render(c, http.StatusOK, "action", data)
}

type warningsData struct {
	page
	Plan *model.Plan
}

// warningsPage shows a plan version's import warnings, any time after the
// upload.
func (s *Server) warningsPage(c echo.Context) error {
	p, _ := principal(c)
	id, err := planID(c)
	if err != nil {
		return err
	}
	plan, err := s.App.ImportWarnings(c.Request().Context(), p, id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "warnings", warningsData{page: newPage(c, fmt.Sprintf("Avvisi del piano %d", plan.Year)), Plan: plan})
}

// noteMissing reports whether an action's value is in the orange or red
// band without the note it needs.
func noteMissing(a *model.Action, as *model.ActionScore) bool {
	return as.Measured != nil && as.Note == "" && model.NeedsNote(a, *as.Measured)
}

// ownKPI is an objective's KPI as the tree shows it: «ponderazione» says
// only that its score weighs its children's, as every objective's does,
// so it is left out.
func ownKPI(kpi string) string {
	if model.Fold(strings.TrimSpace(kpi)) == "ponderazione" {
		return ""
	}
	return kpi
}

// actionBandLabel is a band said of an action: «non misurata», agreeing
// with «azione»; the other bands' labels are the same for all.
func actionBandLabel(b model.Band) string {
	if b.Name == model.NotMeasured.Name {
		return "non misurata"
	}
	return b.Label
}
