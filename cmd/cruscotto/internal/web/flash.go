package web

import (
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// flash is what a form's outcome page shows once, after the form's POST
// answered with a redirect: a reload repeats nothing (no second token, no
// third password), and a secret shown once travels neither in the URL,
// which browsers keep in their history, nor in a cookie.
type flash struct {
	Notice string
	// Secret is a password or token shown once; SecretOf says whose.
	Secret, SecretOf string
	// Import is the outcome of a plan sent from the plans page.
	Import *importResult
}

// flashTTL is how long an outcome waits for its page: the redirect
// follows at once, so only a lost one waits this long.
const flashTTL = 5 * time.Minute

// flashes keeps each session's next outcome in memory; the zero value is
// ready. A restart between a POST and its redirect loses the outcome: the
// admin makes a new password or token.
type flashes struct {
	mu    sync.Mutex
	items *bounded[flash]
}

// flashKey is the session an outcome belongs to: its cookie, which only
// that browser holds. Token requests have no session and get no flash.
func flashKey(c echo.Context) string {
	if c.Get("session") != true {
		return ""
	}
	ck, err := c.Cookie(SessionCookie)
	if err != nil {
		return ""
	}
	return ck.Value
}

// set keeps f for the session of c, replacing its previous one.
func (fl *flashes) set(c echo.Context, f flash, now time.Time) {
	key := flashKey(c)
	if key == "" {
		return
	}
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if fl.items == nil {
		fl.items = newBounded[flash](limiterKeys)
	}
	fl.items.expire(now.Add(-flashTTL))
	*fl.items.touch(key, now) = f
}

// take returns and forgets the session's outcome, if any.
func (fl *flashes) take(c echo.Context, now time.Time) *flash {
	key := flashKey(c)
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if key == "" || fl.items == nil {
		return nil
	}
	fl.items.expire(now.Add(-flashTTL))
	f := fl.items.lookup(key)
	if f == nil {
		return nil
	}
	out := *f
	fl.items.remove(key)
	return &out
}
