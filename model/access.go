package model

import (
	"strconv"
	"strings"
	"time"
)

// Role is what a user or token may do.
type Role string

// The roles.
const (
	// RoleAdmin is the Controller's staff: everything.
	RoleAdmin Role = "admin"
	// RoleUnit is bound to one unit: its own workbook, values and scores.
	RoleUnit Role = "unit"
	// RoleViewer is management: plans, scores and the scored workbook.
	RoleViewer Role = "viewer"
)

// Label is the role's name as people read it: amministrazione,
// struttura, direzione.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "amministrazione"
	case RoleUnit:
		return "struttura"
	case RoleViewer:
		return "direzione"
	}
	return string(r)
}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAdmin, RoleUnit, RoleViewer:
		return r, nil
	}
	return "", Errorf(EInvalid, "Ruolo «%s» non valido: admin, unit o viewer.", s)
}

// CheckRoleUnit is the rule binding roles to units: a user or token of
// the unit role belongs to one unit, every other role to none. unit is
// trimmed of spaces before the check.
func CheckRoleUnit(role Role, unit string) error {
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	switch hasUnit := strings.TrimSpace(unit) != ""; {
	case role == RoleUnit && !hasUnit:
		return Errorf(EInvalid, "Un utente di ruolo «%s» appartiene a una struttura: indicarla.", RoleUnit.Label())
	case role != RoleUnit && hasUnit:
		return Errorf(EInvalid, "Solo il ruolo «%s» appartiene a una struttura: il ruolo «%s» non ne ha.", RoleUnit.Label(), role.Label())
	}
	return nil
}

// Principal is who is asking: a logged-in user or an API token. Access is
// decided by Role, Unit and the numeric ids, never by Username, which is
// only a display name.
type Principal struct {
	UserID   int64  `json:"-"` // the user, for sessions and passwords
	TokenID  int64  `json:"-"` // the API token, for bearer requests
	Username string `json:"username"`
	Role     Role   `json:"role"`
	Unit     string `json:"unit,omitempty"` // for RoleUnit
	// MustChangePassword is set for a session of a user whose password
	// was generated for them: it must be changed before anything else.
	MustChangePassword bool `json:"-"`
}

// Key identifies the principal for records and quotas: "user:3",
// "token:12", or "" for a principal that is neither (the CLI).
func (p Principal) Key() string {
	switch {
	case p.TokenID != 0:
		return "token:" + strconv.FormatInt(p.TokenID, 10)
	case p.UserID != 0:
		return "user:" + strconv.FormatInt(p.UserID, 10)
	}
	return ""
}

// Token is an API token as listed for the admin: never its secret, which
// is shown once when created and stored only as a hash.
type Token struct {
	ID         int64      `json:"id"`
	Role       Role       `json:"role"`
	Unit       string     `json:"unit,omitempty"`
	Label      string     `json:"label,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Name is the token's display name, unique because it carries the id:
// records say who submitted what, and many tokens have no label.
func (t Token) Name() string {
	if t.Label == "" {
		return "token #" + strconv.FormatInt(t.ID, 10)
	}
	return "token #" + strconv.FormatInt(t.ID, 10) + " (" + t.Label + ")"
}

// Usable reports whether the token may still be used at time now.
func (t Token) Usable(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || now.Before(*t.ExpiresAt))
}

// MinPasswordLength is the shortest password accepted, wherever it is set.
const MinPasswordLength = 8

// CheckPassword refuses a password too short to keep.
func CheckPassword(password string) error {
	if len([]rune(password)) < MinPasswordLength {
		return Errorf(EInvalid, "La password deve avere almeno %d caratteri.", MinPasswordLength)
	}
	return nil
}

// CheckRoleChange is the rule for giving user u the role role when admins
// users are admins: the last admin stays one, or no one could manage the
// users any more.
func CheckRoleChange(u User, role Role, admins int) error {
	if u.Role == RoleAdmin && role != RoleAdmin && admins <= 1 {
		return Errorf(EConflict, "%s è l'unico utente di ruolo admin: nominare prima un altro admin, altrimenti nessuno potrebbe più gestire gli utenti.", u.Username)
	}
	return nil
}

// CheckTokenExpiry refuses a token whose expiry is not after now.
func CheckTokenExpiry(expires *time.Time, now time.Time) error {
	if expires != nil && !now.Before(*expires) {
		return Errorf(EInvalid, "La scadenza del token è già passata.")
	}
	return nil
}

// CheckCredentials checks a new user's name and password.
func CheckCredentials(username, password string) error {
	if strings.TrimSpace(username) == "" || CheckPassword(password) != nil {
		return Errorf(EInvalid, "Servono un nome utente e una password di almeno %d caratteri.", MinPasswordLength)
	}
	return nil
}

// User is a person who logs in.
type User struct {
	ID        int64     `json:"id"`
	Username  string    `json:"username"`
	Role      Role      `json:"role"`
	Unit      string    `json:"unit,omitempty"`
	Email     string    `json:"email,omitempty"` // shown to admins only
	CreatedAt time.Time `json:"created_at"`
}

// More error codes, for access.
const (
	EUnauthorized Code = "unauthorized" // not logged in
	EForbidden    Code = "forbidden"    // logged in, not allowed
	ETooLarge     Code = "toolarge"     // an upload over the size limit
	ETooMany      Code = "toomany"      // too many requests of one sender at once or in a while
)
