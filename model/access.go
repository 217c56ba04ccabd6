package model

import (
	"strconv"
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

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAdmin, RoleUnit, RoleViewer:
		return r, nil
	}
	return "", Errorf(EInvalid, "Ruolo %q non valido: admin, unit o viewer.", s)
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

// User is a person who logs in.
type User struct {
	ID        int64     `json:"id"`
	Username  string    `json:"username"`
	Role      Role      `json:"role"`
	Unit      string    `json:"unit,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// PeriodState is whether a plan's period is open for collection.
type PeriodState struct {
	Period   Period     `json:"period"`
	ClosedAt *time.Time `json:"closed_at,omitempty"`
	// ClosesOn is a closing date set in advance: collection stays open
	// for the whole of that day, Europe/Rome time.
	ClosesOn *Date `json:"closes_on,omitempty"`
}

// Closed reports whether the period is closed at time now.
func (s PeriodState) Closed(now time.Time) bool {
	return s.ClosedAt != nil || (s.ClosesOn != nil && !now.Before(s.ClosesOn.End()))
}

// More error codes, for access.
const (
	EUnauthorized Code = "unauthorized" // not logged in
	EForbidden    Code = "forbidden"    // logged in, not allowed
	ETooLarge     Code = "toolarge"     // an upload over the size limit
)
