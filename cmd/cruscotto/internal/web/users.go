package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// adminRoutes are the admin's pages beside the plans: users and tokens,
// and the units' merged names. Every form is a POST with the session's
// CSRF token, answered with a redirect to the page that shows its outcome
// once (flash), so that a reload repeats nothing.
func (s *Server) adminRoutes(e *echo.Echo, in []echo.MiddlewareFunc) {
	users := append(in[:len(in):len(in)], may(model.OpManageUsers))
	e.GET("/utenti", s.usersPage, users...)
	e.POST("/utenti", s.addUser, users...)
	e.GET("/utenti/modifica", s.userPage, users...)
	e.POST("/utenti/ruolo", s.setRole, users...)
	e.POST("/utenti/password", s.resetPassword, users...)
	e.POST("/utenti/email", s.setUserEmail, users...)
	e.POST("/utenti/token", s.createToken, users...)
	e.POST("/utenti/token/revoca", s.revokeToken, users...)
	units := append(in[:len(in):len(in)], may(model.OpMergeUnits))
	e.GET("/strutture/alias", s.aliasesPage, units...)
	e.POST("/strutture/alias", s.mergeUnit, units...)
	e.POST("/strutture/alias/rimuovi", s.unmergeUnit, units...)
	e.POST("/strutture/email", s.setUnitEmail, append(in[:len(in):len(in)], may(model.OpManageUsers))...)
}

// roleOption is a role as the pages' selects offer it.
type roleOption struct {
	Value, Label string
	Selected     bool
}

func roleOptions(current model.Role) []roleOption {
	var out []roleOption
	for _, r := range []struct {
		role  model.Role
		label string
	}{{model.RoleUnit, "Struttura (compila la propria cartella)"}, {model.RoleViewer, "Direzione (legge piani e risultati)"},
		{model.RoleAdmin, "Amministrazione (Controller)"}} {
		out = append(out, roleOption{Value: string(r.role), Label: r.label, Selected: r.role == current})
	}
	return out
}

// userForm is what the admin typed in a form, shown again when refused.
type userForm struct {
	Username, Unit, Label, Expires string
	Role                           model.Role
}

// tokenRow is a token as the users page lists it.
type tokenRow struct {
	model.Token
	Usable bool
	State  string
}

// roleFields fills the role and unit selects of a form.
type roleFields struct {
	Roles []roleOption
	Units []string
	Unit  string // the unit selected
}

type usersData struct {
	page
	Flash       *flash
	Users       []model.User
	Tokens      []tokenRow
	UserFields  roleFields
	TokenFields roleFields
	Form        userForm // the user form refused, if any
	TokenForm   userForm // the token form refused, if any
}

func (s *Server) usersPage(c echo.Context) error {
	data := usersData{Flash: s.flash.take(c, s.now())}
	if unit := c.QueryParam("struttura"); unit != "" {
		// from the tracker's «nessun utente — crea un utente»: the form
		// for a user of that unit
		data.Form.Unit, data.Form.Role = unit, model.RoleUnit
	}
	return s.renderUsers(c, http.StatusOK, data, nil)
}

// refused renders the users page again with the refusal of one of its
// forms, and what was typed in it; internal errors go to the error page.
func (s *Server) refused(c echo.Context, err error, data usersData) error {
	if model.ErrorCode(err) == model.EInternal {
		return err
	}
	return s.renderUsers(c, statusOf(model.ErrorCode(err)), data, err)
}

// renderUsers shows the users page with data's flash and forms, and the
// refusal of a form if any.
func (s *Server) renderUsers(c echo.Context, status int, data usersData, refusal error) error {
	p, _ := principal(c)
	ctx := c.Request().Context()
	data.page = newPage(c, "Utenti e token")
	if refusal != nil {
		data.Error, data.Problems = model.ErrorMessage(refusal), model.ErrorProblems(refusal)
	}
	var err error
	if data.Users, err = s.App.Users(ctx, p); err != nil {
		return err
	}
	tokens, err := s.App.Tokens(ctx, p)
	if err != nil {
		return err
	}
	now := s.now()
	for i := len(tokens) - 1; i >= 0; i-- { // newest first
		t := tokens[i]
		data.Tokens = append(data.Tokens, tokenRow{Token: t, Usable: t.Usable(now), State: tokenState(t, now)})
	}
	units, err := s.App.KnownUnits(ctx, p)
	if err != nil {
		return err
	}
	data.UserFields = roleFields{Roles: roleOptions(data.Form.Role), Units: units, Unit: data.Form.Unit}
	data.TokenFields = roleFields{Roles: roleOptions(data.TokenForm.Role), Units: units, Unit: data.TokenForm.Unit}
	return s.render(c, status, "users", data)
}

// tokenState says in Italian whether a token works.
func tokenState(t model.Token, now time.Time) string {
	at := func(t *time.Time) string { return t.In(model.Rome).Format("02/01/2006 15:04") }
	switch {
	case t.RevokedAt != nil:
		return "revocato il " + at(t.RevokedAt)
	case t.ExpiresAt == nil:
		return "valido, senza scadenza"
	case !t.Usable(now):
		return "scaduto il " + at(t.ExpiresAt)
	}
	return "valido fino al " + at(t.ExpiresAt)
}

// roleAndUnit reads a form's role and unit: the unit only for the unit
// role, whose select the other roles leave as it was.
func roleAndUnit(c echo.Context) (model.Role, string, error) {
	role, err := model.ParseRole(c.FormValue("role"))
	if err != nil {
		return "", "", model.Errorf(model.EInvalid, "Scegliere il ruolo.")
	}
	unit := strings.TrimSpace(c.FormValue("unit"))
	if role != model.RoleUnit {
		unit = "" // the select the other roles leave as it was
	}
	return role, unit, model.CheckRoleUnit(role, unit)
}

// done keeps an outcome for the page and redirects to it.
func (s *Server) done(c echo.Context, to string, f flash) error {
	s.flash.set(c, f, s.now())
	return c.Redirect(http.StatusSeeOther, to)
}

// addUser creates a user; without a password typed, one is generated and
// shown once, as the CLI does.
func (s *Server) addUser(c echo.Context) error {
	p, _ := principal(c)
	form := userForm{Username: strings.TrimSpace(c.FormValue("username")), Unit: c.FormValue("unit"), Role: model.Role(c.FormValue("role"))}
	role, unit, err := roleAndUnit(c)
	if err != nil {
		return s.refused(c, err, usersData{Form: form})
	}
	password, generated := c.FormValue("password"), false
	if password == "" {
		password, generated = app.GeneratePassword(), true
	}
	u, err := s.App.AddUser(c.Request().Context(), p, form.Username, password, role, unit)
	if err != nil {
		return s.refused(c, err, usersData{Form: form})
	}
	f := flash{Notice: fmt.Sprintf("Utente «%s» creato: %s.", u.Username, roleText(u.Role, u.Unit))}
	if generated {
		if err := s.App.RequirePasswordChange(c.Request().Context(), p, u.Username); err != nil {
			return err
		}
		f.Secret, f.SecretOf = password, "La password provvisoria di «"+u.Username+"» (la cambierà al primo accesso)"
	}
	return s.done(c, "/utenti", f)
}

// roleText says a role in a sentence: «struttura «Mediazione»»,
// «direzione».
func roleText(r model.Role, unit string) string {
	if r == model.RoleUnit {
		return r.Label() + " «" + unit + "»"
	}
	return r.Label()
}

type userData struct {
	page
	Target   model.User
	RoleText string
	Fields   roleFields
	Self     bool
}

// userPage shows one user: role and unit to change, a password to reset.
func (s *Server) userPage(c echo.Context) error {
	return s.renderUser(c, http.StatusOK, c.QueryParam("utente"), nil)
}

func (s *Server) renderUser(c echo.Context, status int, username string, refusal error) error {
	p, _ := principal(c)
	ctx := c.Request().Context()
	users, err := s.App.Users(ctx, p)
	if err != nil {
		return err
	}
	data := userData{page: newPage(c, "Utente")}
	found := false
	for _, u := range users {
		if strings.EqualFold(u.Username, strings.TrimSpace(username)) {
			data.Target, found = u, true
		}
	}
	if !found {
		return model.Errorf(model.ENotFound, "L'utente «%s» non esiste.", username)
	}
	data.Title = "Utente " + data.Target.Username
	data.RoleText = roleText(data.Target.Role, data.Target.Unit)
	data.Self = data.Target.ID == p.UserID
	units, err := s.App.KnownUnits(ctx, p)
	if err != nil {
		return err
	}
	data.Fields = roleFields{Roles: roleOptions(data.Target.Role), Units: units, Unit: data.Target.Unit}
	if refusal != nil {
		if model.ErrorCode(refusal) == model.EInternal {
			return refusal
		}
		data.Error, data.Problems = model.ErrorMessage(refusal), model.ErrorProblems(refusal)
	}
	return s.render(c, status, "user", data)
}

func (s *Server) setRole(c echo.Context) error {
	p, _ := principal(c)
	username := c.FormValue("username")
	role, unit, err := roleAndUnit(c)
	if err == nil {
		var u model.User
		if u, err = s.App.SetRole(c.Request().Context(), p, username, role, unit); err == nil {
			return s.done(c, "/utenti", flash{Notice: fmt.Sprintf("«%s» ha ora il ruolo %s.", u.Username, roleText(u.Role, u.Unit))})
		}
	}
	return s.renderUser(c, statusOf(model.ErrorCode(err)), username, err)
}

// setUserEmail sets the address a user gets receipts and reminders at.
func (s *Server) setUserEmail(c echo.Context) error {
	p, _ := principal(c)
	username := c.FormValue("username")
	u, err := s.App.SetUserEmail(c.Request().Context(), p, username, c.FormValue("email"))
	if err != nil {
		return s.renderUser(c, statusOf(model.ErrorCode(err)), username, err)
	}
	notice := fmt.Sprintf("«%s» non ha più un indirizzo e-mail.", u.Username)
	if u.Email != "" {
		notice = fmt.Sprintf("Indirizzo e-mail di «%s»: %s.", u.Username, u.Email)
	}
	return s.done(c, "/utenti", flash{Notice: notice})
}

// setUnitEmail sets a unit's shared mailbox, from the units page.
func (s *Server) setUnitEmail(c echo.Context) error {
	p, _ := principal(c)
	unit := strings.TrimSpace(c.FormValue("unit"))
	email, err := s.App.SetUnitEmail(c.Request().Context(), p, unit, c.FormValue("email"))
	if err != nil {
		return s.renderAliases(c, statusOf(model.ErrorCode(err)), aliasesData{}, err)
	}
	notice := fmt.Sprintf("La struttura «%s» non ha più una casella condivisa.", unit)
	if email != "" {
		notice = fmt.Sprintf("Casella condivisa della struttura «%s»: %s.", unit, email)
	}
	return s.done(c, "/strutture/alias", flash{Notice: notice})
}

// resetPassword gives a user a generated password, shown once; the
// user's sessions end.
func (s *Server) resetPassword(c echo.Context) error {
	p, _ := principal(c)
	username := c.FormValue("username")
	password := app.GeneratePassword()
	u, err := s.App.ResetPassword(c.Request().Context(), p, username, password)
	if err == nil {
		err = s.App.RequirePasswordChange(c.Request().Context(), p, u.Username)
	}
	if err != nil {
		return s.renderUser(c, statusOf(model.ErrorCode(err)), username, err)
	}
	return s.done(c, "/utenti", flash{Notice: fmt.Sprintf("Nuova password per «%s»: le sue sessioni aperte sono chiuse.", u.Username),
		Secret: password, SecretOf: "La password provvisoria di «" + u.Username + "» (la cambierà al primo accesso)"})
}

// createToken makes an API token; its secret is shown once.
func (s *Server) createToken(c echo.Context) error {
	p, _ := principal(c)
	form := userForm{Label: strings.TrimSpace(c.FormValue("label")), Unit: c.FormValue("unit"), Role: model.Role(c.FormValue("role")),
		Expires: c.FormValue("expires")}
	role, unit, err := roleAndUnit(c)
	if err != nil {
		return s.refused(c, err, usersData{TokenForm: form})
	}
	var expires *time.Time
	if form.Expires != "" {
		d, err := model.ParseDate(form.Expires)
		if err != nil {
			return s.refused(c, model.Errorf(model.EInvalid, "Scadenza «%s» non valida: scegliere una data.", form.Expires), usersData{TokenForm: form})
		}
		end := d.End() // valid through that day
		expires = &end
	}
	tok, secret, err := s.App.NewToken(c.Request().Context(), p, role, unit, form.Label, expires)
	if err != nil {
		return s.refused(c, err, usersData{TokenForm: form})
	}
	return s.done(c, "/utenti", flash{Notice: fmt.Sprintf("Creato il %s: %s, %s.", tok.Name(), roleText(tok.Role, tok.Unit), tokenState(tok, s.now())),
		Secret: secret, SecretOf: "Il " + tok.Name()})
}

func (s *Server) revokeToken(c echo.Context) error {
	p, _ := principal(c)
	id, err := strconv.ParseInt(c.FormValue("id"), 10, 64)
	if err != nil {
		return model.Errorf(model.ENotFound, "Token inesistente.")
	}
	tok, err := s.App.RevokeToken(c.Request().Context(), p, id)
	if err != nil {
		return s.refused(c, err, usersData{})
	}
	return s.done(c, "/utenti", flash{Notice: fmt.Sprintf("%s revocato: le richieste con questo token ora sono rifiutate.", tok.Name())})
}
