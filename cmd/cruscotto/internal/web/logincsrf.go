package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
)

// LoginCookie holds the log-in form's pre-session token: another site
// cannot read it, nor send it (SameSite=Strict), so it cannot post the
// form to log a browser into an account of its choosing.
const LoginCookie = "cruscotto_login"

// loginToken returns the log-in form's token, set anew in the cookie when
// the browser has none.
func loginToken(c echo.Context) string {
	if ck, err := c.Cookie(LoginCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	b := make([]byte, 32)
	rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: LoginCookie, Value: token, Path: "/accesso", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: c.Scheme() == "https", MaxAge: 12 * 3600})
	return token
}

// loginForgery reports whether a log-in post did not come from our own
// form: another origin (Origin, else Referer) or a token that is not the
// cookie's, read from the posted form only, never from the query string.
func loginForgery(c echo.Context) bool {
	r := c.Request()
	self := c.Scheme() + "://" + r.Host
	if o := r.Header.Get("Origin"); o != "" {
		if o != self {
			return true
		}
	} else if ref := r.Header.Get("Referer"); ref != "" {
		u, err := url.Parse(ref)
		if err != nil || u.Scheme+"://"+u.Host != self {
			return true
		}
	}
	ck, err := c.Cookie(LoginCookie)
	if err != nil || ck.Value == "" {
		return true
	}
	return subtle.ConstantTimeCompare([]byte(ck.Value), []byte(r.PostFormValue("csrf"))) != 1
}
