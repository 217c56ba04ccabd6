package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

type aliasesData struct {
	page
	Flash       *flash
	Aliases     []model.UnitAlias
	Suggestions []model.UnitSuggestion
	Units       []string
	Name        string // what was typed in a refused form
	Target      string
	// Confirm is set when a merge the imports did not suggest waits for
	// the admin's confirmation: what it would move.
	Confirm *app.MergeCheck
	// Mailboxes are the units' shared mailboxes, for those who manage
	// users.
	Mailboxes map[string]string
}

// aliasesPage lists the merged unit names, the pairs the imports found
// alike, and a form to merge two names.
func (s *Server) aliasesPage(c echo.Context) error {
	return s.renderAliases(c, http.StatusOK, aliasesData{Flash: s.flash.take(c, s.now())}, nil)
}

func (s *Server) renderAliases(c echo.Context, status int, data aliasesData, refusal error) error {
	p, _ := principal(c)
	ctx := c.Request().Context()
	data.page = newPage(c, "Nomi delle strutture")
	if refusal != nil {
		if model.ErrorCode(refusal) == model.EInternal {
			return refusal
		}
		data.Error, data.Problems = model.ErrorMessage(refusal), model.ErrorProblems(refusal)
	}
	var err error
	if data.Aliases, err = s.App.UnitAliases(ctx, p); err != nil {
		return err
	}
	if data.Suggestions, err = s.App.UnitSuggestions(ctx, p); err != nil {
		return err
	}
	if data.Units, err = s.App.KnownUnits(ctx, p); err != nil {
		return err
	}
	if model.May(p, model.OpManageUsers) {
		if data.Mailboxes, err = s.App.UnitMailboxes(ctx, p); err != nil {
			return err
		}
	}
	return s.render(c, status, "aliases", data)
}

func (s *Server) mergeUnit(c echo.Context) error {
	p, _ := principal(c)
	name, target := strings.TrimSpace(c.FormValue("name")), strings.TrimSpace(c.FormValue("target"))
	if c.FormValue("confirm") != "1" {
		check, err := s.App.CheckMerge(c.Request().Context(), p, name, target)
		if err != nil {
			return s.renderAliases(c, statusOf(model.ErrorCode(err)), aliasesData{Name: name, Target: target}, err)
		}
		if !check.Suggested {
			// not a pair the imports found alike: say what moves first
			return s.renderAliases(c, http.StatusOK, aliasesData{Name: name, Target: target, Confirm: &check}, nil)
		}
	}
	moved, err := s.App.MergeUnit(c.Request().Context(), p, name, target)
	if err != nil {
		return s.renderAliases(c, statusOf(model.ErrorCode(err)), aliasesData{Name: name, Target: target}, err)
	}
	return s.done(c, "/strutture/alias", flash{Notice: fmt.Sprintf("«%s» è ora letta come «%s» in tutti i piani%s.", name, target, movedText(moved))})
}

// movedText says who moved with a merged name: «; spostati 2 utenti e 1
// token», or nothing.
func movedText(m model.AliasMoved) string {
	if t := movedParts(m); t != "" {
		return "; passati alla nuova struttura: " + t
	}
	return ""
}

// movedParts counts the users, tokens and uploads a merge moved: «2
// utenti e 1 token».
func movedParts(m model.AliasMoved) string {
	var parts []string
	if m.Users > 0 {
		parts = append(parts, model.Plural(m.Users, "utente", "utenti"))
	}
	if m.Tokens > 0 {
		parts = append(parts, model.Plural(m.Tokens, "token", "token"))
	}
	if m.Uploads > 0 {
		parts = append(parts, model.Plural(m.Uploads, "caricamento", "caricamenti"))
	}
	return strings.Join(parts, " e ")
}

func (s *Server) unmergeUnit(c echo.Context) error {
	p, _ := principal(c)
	name := c.FormValue("name")
	back, err := s.App.UnmergeUnit(c.Request().Context(), p, name)
	if err != nil {
		return s.renderAliases(c, statusOf(model.ErrorCode(err)), aliasesData{}, err)
	}
	notice := fmt.Sprintf("«%s» è di nuovo una struttura a sé, come la scrive il piano.", name)
	if t := movedParts(back); t != "" {
		notice += " Tornati a «" + name + "»: " + t + "."
	}
	return s.done(c, "/strutture/alias", flash{Notice: notice})
}
