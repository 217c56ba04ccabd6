package web

import (
	"fmt"
	"strings"

	"cruscotto/model"
)

// chart is a horizontal bar chart of the strategic objectives' scores
// against their targets, drawn on the server as SVG: no JavaScript, and
// colours as presentation attributes, which the CSP allows.
type chart struct {
	Width, Height int
	Desc          string // the whole chart in words, for screen readers
	Bars          []chartBar
	Ticks         []chartTick
	AxisY, GridY2 int     // where the axis labels sit, where the grid lines end
	PlotX, PlotW  float64 // the plot area: 0% at PlotX, 100% at PlotX+PlotW
	LabelX        float64 // where the objectives' names end
	Legend        chartLegend
}

// chartLegend places the legend under the axis: a swatch for the bars, a
// line for the targets.
type chartLegend struct {
	Y, BoxY, LineY1, LineY2      int
	BoxX, ScoreX, LineX, TargetX float64
}

type chartBar struct {
	Label              string // the objective's code and short name
	Link               string // the plan page showing its actions
	Title              string // the bar in words
	Y, BarY, TextY     int
	Width              float64 // 0 when not measured
	Fill               string
	Value              string
	ValueX             float64
	HasTarget          bool
	TargetX            float64
	TargetY1, TargetY2 int
}

type chartTick struct {
	X     float64
	Label string
}

const (
	chartRow    = 34  // height of one objective's row
	chartLabelW = 190 // room for an objective's short name
	chartWidth  = 560
	chartLabelN = 24 // characters of a short name
)

func strategicChart(plan *model.Plan, sc *model.Scorecard) *chart {
	c := &chart{Width: chartWidth, PlotX: chartLabelW, PlotW: chartWidth - chartLabelW - 60}
	x := func(pct float64) float64 { return c.PlotX + c.PlotW*max(0, min(pct, 100))/100 }
	var desc []string
	y := 10
	for _, st := range plan.Strategics() {
		ss := sc.StrategicScoreOf(st.Code)
		if ss == nil {
			continue
		}
		v := strategicVerdict(ss, sc.Period.Month != 0)
		b := chartBar{Label: shortName(st.Code, st.Description, chartLabelN), Y: y, BarY: y + 6, TextY: y + 21, Fill: verdictFill[v.Class],
			Value: "non misurato", Link: objectiveLink(sc, st.Code)}
		if ss.Score != nil {
			b.Width = x(*ss.Score) - c.PlotX
			b.Value = model.FormatScore(ss.Score)
		}
		b.ValueX = c.PlotX + b.Width + 6
		words := fmt.Sprintf("Obiettivo %s: %s", st.Code, b.Value)
		if ss.Target != nil {
			b.HasTarget, b.TargetX, b.TargetY1, b.TargetY2 = true, x(*ss.Target), y+2, y+chartRow-6
			words += fmt.Sprintf(", target %s, %s", model.FormatScore(ss.Target), map[string]string{"sì": "raggiunto", "no": "non raggiunto", "—": "non valutabile"}[achievedText(ss.Achieved)])
			if ss.Score != nil && b.TargetX > b.ValueX-4 && b.TargetX < b.ValueX+48 {
				b.ValueX = b.TargetX + 6 // keep the value clear of the target line
			}
		}
		b.Title = words
		if v.Class == "pending" {
			b.Title += " (" + v.Text + ")"
		}
		desc = append(desc, b.Title)
		c.Bars = append(c.Bars, b)
		y += chartRow
	}
	for pct := 0; pct <= 100; pct += 20 {
		c.Ticks = append(c.Ticks, chartTick{X: x(float64(pct)), Label: fmt.Sprintf("%d%%", pct)})
	}
	c.AxisY, c.GridY2, c.LabelX = y+14, y+4, c.PlotX-8
	ly := y + 40
	c.Legend = chartLegend{Y: ly, BoxY: ly - 10, LineY1: ly - 12, LineY2: ly + 2,
		BoxX: c.PlotX, ScoreX: c.PlotX + 20, LineX: c.PlotX + 230, TargetX: c.PlotX + 238}
	c.Height = y + 52
	c.Desc = strings.Join(desc, "; ") + "."
	return c
}

// verdictFill colours a bar by its objective's verdict, not by the
// actions' scale: met is blue, short of the target grey-blue, the rest
// light grey.
var verdictFill = map[string]string{"met": "#2F5597", "short": "#9DB3D9", "pending": "#D0D7DE", "none": "#D0D7DE"}
