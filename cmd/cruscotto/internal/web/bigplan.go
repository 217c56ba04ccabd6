package web

import (
	"html/template"
	"strconv"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// A plan of more than bigPlan actions is too big for one page (10,000
// actions were 7.7 MB of HTML): without a filter its page is the outline
// of its objectives, each linking to its actions; with a filter the
// actions come pageSize at a time. Smaller plans keep the whole tree.
const (
	bigPlan  = 500
	pageSize = 200
)

// pager is the page of a big plan's actions shown and the links to the
// others.
type pager struct {
	Page, Pages, First, Last int // First and Last count the actions shown from 1
	Prev, Next               template.URL
	Pick                     []pageLink
}

// pageLink is a page's number and address; no address for the current
// page and none for a gap («…»).
type pageLink struct {
	Label string
	Link  template.URL
	Here  bool
}

// fillTree builds the page's tree: the whole of a small plan, narrowed
// by the filter; a big plan's outline without a filter, or a page of its
// filtered actions.
func (d *planData) fillTree(plan *model.Plan, r *app.Report, unitFilter string) error {
	scope := treeScope{From: 0, To: -1}
	if d.Big = plan.Counts().Actions > bigPlan; d.Big {
		d.Outline = !d.Filter.Active()
		scope.Outline = d.Outline
		scope.From, scope.To = (d.Filter.Page-1)*pageSize, d.Filter.Page*pageSize
		scope.Link = func(code string) template.URL {
			return filterLink(plan.ID, d.Period, d.Method, d.Filter, "obiettivo", code, "pagina", "")
		}
	}
	if d.Filter.Objective != "" {
		d.Objective = objectiveName(plan, d.Filter.Objective)
		if d.Objective == "" {
			return model.Errorf(model.ENotFound, "Obiettivo «%s» inesistente nel piano %d.", d.Filter.Objective, plan.Year)
		}
	}
	d.Tree, d.Shown, d.Total = planTree(plan, r, d.Filter, unitFilter, scope)
	if d.Big && !d.Outline {
		d.Pager = newPager(*d, d.Shown)
		if d.Pager != nil && d.Filter.Page > d.Pager.Pages { // past the end: the last page
			d.Filter.Page = d.Pager.Pages
			scope.From, scope.To = (d.Filter.Page-1)*pageSize, d.Filter.Page*pageSize
			d.Tree, _, _ = planTree(plan, r, d.Filter, unitFilter, scope)
			d.Pager = newPager(*d, d.Shown)
		}
	}
	return nil
}

// newPager pages shown actions for the filtered page d; nil when they fit
// in one page.
func newPager(d planData, shown int) *pager {
	pages := (shown + pageSize - 1) / pageSize
	if pages <= 1 {
		return nil
	}
	p := &pager{Page: min(d.Filter.Page, pages), Pages: pages}
	p.First, p.Last = (p.Page-1)*pageSize+1, min(p.Page*pageSize, shown)
	link := func(n int) template.URL { return d.FilterLink("pagina", strconv.Itoa(n)) }
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	if p.Page < pages {
		p.Next = link(p.Page + 1)
	}
	// the first, the last and two on either side of the current one
	gap := false
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < p.Page-2 || n > p.Page+2) {
			if !gap {
				p.Pick = append(p.Pick, pageLink{Label: "…"})
			}
			gap = true
			continue
		}
		gap = false
		pl := pageLink{Label: strconv.Itoa(n), Here: n == p.Page}
		if !pl.Here {
			pl.Link = link(n)
		}
		p.Pick = append(p.Pick, pl)
	}
	return p
}

// objectiveName names the strategic or operational objective code, "" when
// the plan has none so coded.
func objectiveName(plan *model.Plan, code string) string {
	switch n, _ := plan.Objective(code); n.Level {
	case model.LevelStrategic:
		return "obiettivo strategico " + n.Strategic.Code + " — " + n.Strategic.Description
	case model.LevelOperational:
		return "obiettivo operativo " + n.Operational.Code + " — " + n.Operational.Title
	}
	return ""
}

// PageSize is how many of a big plan's actions a page shows.
func (planData) PageSize() int { return pageSize }
