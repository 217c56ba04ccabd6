package web_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// authFixture is a server over an empty database with the users «admin»
// and «anna», a clock the test moves, and the given trusted proxies.
type authFixture struct {
	*fixture
	now *time.Time
}

func setupAuth(t *testing.T, proxies ...string) *authFixture {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	for _, u := range []string{"admin", "anna"} {
		if _, err := db.AddUser(ctx, u, "password-"+u, model.RoleAdmin, ""); err != nil {
			t.Fatal(err)
		}
	}
	trusted, err := web.ParseTrustedProxies(proxies)
	if err != nil {
		t.Fatal(err)
	}
	// one clock for the store's sessions and the server's login limits
	a := app.New(db, app.Options{Now: func() time.Time { return now }})
	e := web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{TrustedProxies: trusted})
	return &authFixture{fixture: &fixture{e: e, a: a, db: db, tokens: map[string]string{}}, now: &now}
}

// login posts the login form from the peer address remote, with extra
// request headers.
func (f *authFixture) login(t *testing.T, remote, username, password string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := f.loginRequest(t, username, password)
	req.RemoteAddr = remote
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.e.ServeHTTP(rec, req)
	return rec
}

// loginRequest is a log-in posted from the log-in page: with the page's
// token and cookie.
func (f *authFixture) loginRequest(t *testing.T, username, password string) *http.Request {
	t.Helper()
	page := httptest.NewRecorder()
	f.e.ServeHTTP(page, httptest.NewRequest("GET", "/accesso", nil))
	token := csrfField.FindStringSubmatch(page.Body.String())[1]
	req := httptest.NewRequest("POST", "/accesso", strings.NewReader(url.Values{"username": {username}, "password": {password}, "csrf": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range page.Result().Cookies() {
		req.AddCookie(c)
	}
	return req
}

// TestLoginLimitPerAddress sends seven failed logins, each for another
// user name so that only the address limit counts, and checks which
// address is limited: the peer's unless a trusted proxy says otherwise.
func TestLoginLimitPerAddress(t *testing.T) {
	tests := []struct {
		name    string
		proxies []string
		remote  string
		xff     func(i int) string // "" for none
		limited bool               // the sixth and seventh refused
	}{
		{"Direct", nil, "203.0.113.7:4000", nil, true},
		{"ForgedXFFUntrusted", nil, "203.0.113.7:4000", func(i int) string { return fmt.Sprintf("198.51.100.%d", i) }, true},
		// echo on its own trusts private addresses; without --trusted-proxy we do not
		{"ForgedXFFPrivatePeer", nil, "10.0.0.2:4000", func(i int) string { return fmt.Sprintf("198.51.100.%d", i) }, true},
		{"ForgedXFFOtherProxy", []string{"192.0.2.10"}, "203.0.113.7:4000", func(i int) string { return fmt.Sprintf("198.51.100.%d", i) }, true},
		{"TrustedProxyManyClients", []string{"10.0.0.0/8"}, "10.0.0.2:4000", func(i int) string { return fmt.Sprintf("198.51.100.%d", i) }, false},
		{"TrustedProxyOneClient", []string{"10.0.0.0/8", "192.0.2.10"}, "10.0.0.2:4000", func(int) string { return "198.51.100.9" }, true},
		{"TrustedProxyClientForgesXFF", []string{"10.0.0.0/8"}, "10.0.0.2:4000", func(i int) string { return fmt.Sprintf("192.0.2.%d, 198.51.100.9", i) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupAuth(t, tt.proxies...)
			var codes []int
			var last *httptest.ResponseRecorder
			for i := 0; i < 7; i++ {
				h := map[string]string{}
				if tt.xff != nil {
					h["X-Forwarded-For"] = tt.xff(i)
				}
				last = f.login(t, tt.remote, fmt.Sprint("utente", i), "sbagliata", h)
				codes = append(codes, last.Code)
			}
			want := []int{401, 401, 401, 401, 401, 401, 401}
			if tt.limited {
				want[5], want[6] = 429, 429
			}
			if fmt.Sprint(codes) != fmt.Sprint(want) {
				t.Fatalf("codes %v, want %v", codes, want)
			}
			if tt.limited && (last.Header().Get("Retry-After") != "60" || !strings.Contains(last.Body.String(), "da questo indirizzo")) {
				t.Errorf("429 without Retry-After or sentence: %q %s", last.Header().Get("Retry-After"), last.Body.String())
			}
			*f.now = f.now.Add(time.Minute)
			if rec := f.login(t, tt.remote, "admin", "password-admin", map[string]string{"X-Forwarded-For": "198.51.100.9"}); rec.Code != http.StatusSeeOther {
				t.Errorf("a minute later: %d", rec.Code)
			}
		})
	}
}

// TestSuccessfulLoginsAreNotLimited: an office behind one address logs
// in, ten people in a minute; only failures count against the address.
func TestSuccessfulLoginsAreNotLimited(t *testing.T) {
	f := setupAuth(t)
	for i := 0; i < 10; i++ {
		if rec := f.login(t, "203.0.113.7:4000", "admin", "password-admin", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("login %d from a shared address: %d", i+1, rec.Code)
		}
	}
}

// TestLoginDelayPerUser checks the growing delay per user name, each
// attempt from another address so that the address limit never applies.
func TestLoginDelayPerUser(t *testing.T) {
	f := setupAuth(t)
	steps := []struct {
		after      time.Duration
		password   string
		code       int
		retryAfter string
	}{
		{0, "sbagliata", 401, ""},
		{0, "sbagliata", 401, ""},
		{0, "sbagliata", 401, ""}, // the third failure: next attempt in 1 s
		{0, "password-admin", 429, "1"},
		{time.Second, "sbagliata", 401, ""}, // next in 2 s
		{time.Second, "password-admin", 429, "1"},
		{time.Second, "sbagliata", 401, ""}, // next in 4 s
		{3 * time.Second, "password-admin", 429, "1"},
		{time.Second, "password-admin", 303, ""}, // success resets
		{0, "sbagliata", 401, ""},
		{0, "sbagliata", 401, ""},
	}
	for i, s := range steps {
		*f.now = f.now.Add(s.after)
		rec := f.login(t, fmt.Sprintf("203.0.113.%d:4000", i), "Admin", s.password, nil)
		if rec.Code != s.code || rec.Header().Get("Retry-After") != s.retryAfter {
			t.Fatalf("step %d: %d Retry-After %q, want %d %q", i, rec.Code, rec.Header().Get("Retry-After"), s.code, s.retryAfter)
		}
		if rec.Code == 429 && !strings.Contains(rec.Body.String(), "Troppi tentativi falliti per questo utente: riprovare tra") {
			t.Errorf("step %d: no Italian sentence", i)
		}
	}
	if rec := f.login(t, "203.0.113.200:4000", "anna", "password-anna", nil); rec.Code != 303 {
		t.Errorf("another user is delayed: %d", rec.Code)
	}
}

// TestLoginFloodDoesNotLockOut floods «admin» with failures from many
// addresses: the admin waits at most a minute, then gets in.
func TestLoginFloodDoesNotLockOut(t *testing.T) {
	f := setupAuth(t)
	longest := 0
	for i := 0; i < 400; i++ { // two attempts a second for 200 s
		*f.now = f.now.Add(500 * time.Millisecond)
		rec := f.login(t, fmt.Sprintf("198.51.%d.%d:4000", i/250, i%250), "admin", "tentativo", nil)
		if ra, _ := strconv.Atoi(rec.Header().Get("Retry-After")); ra > longest {
			longest = ra
		}
	}
	if longest != 60 {
		t.Errorf("longest delay %d s, want it grown and capped at 60", longest)
	}
	*f.now = f.now.Add(60 * time.Second)
	if rec := f.login(t, "203.0.113.1:4000", "admin", "password-admin", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("admin after the flood and a minute: %d", rec.Code)
	}
}

func TestSecureCookie(t *testing.T) {
	tests := []struct {
		name    string
		proxies []string
		remote  string
		tls     bool
		proto   string
		secure  bool
	}{
		{"PlainHTTP", nil, "203.0.113.7:4000", false, "", false},
		{"DirectTLS", nil, "203.0.113.7:4000", true, "", true},
		{"ForgedProtoUntrusted", nil, "203.0.113.7:4000", false, "https", false},
		{"ForgedProtoPrivatePeer", nil, "10.0.0.2:4000", false, "https", false},
		{"TrustedProxyHTTPS", []string{"10.0.0.0/8"}, "10.0.0.2:4000", false, "https", true},
		{"TrustedProxyHTTP", []string{"10.0.0.0/8"}, "10.0.0.2:4000", false, "http", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupAuth(t, tt.proxies...)
			req := f.loginRequest(t, "anna", "password-anna")
			req.RemoteAddr = tt.remote
			if tt.tls {
				req.TLS = &tls.ConnectionState{}
			}
			if tt.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			rec := httptest.NewRecorder()
			f.e.ServeHTTP(rec, req)
			cookies := rec.Result().Cookies()
			if rec.Code != http.StatusSeeOther || len(cookies) != 1 {
				t.Fatalf("login: %d %v", rec.Code, cookies)
			}
			if cookies[0].Secure != tt.secure {
				t.Errorf("Secure %v, want %v", cookies[0].Secure, tt.secure)
			}
		})
	}
}

func TestNoStore(t *testing.T) {
	f := setupAuth(t)
	_, tok, err := f.db.NewToken(context.Background(), model.RoleViewer, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["viewer"] = tok
	b := &browser{f: f.fixture}
	if rec := b.do(t, "POST", "/accesso", url.Values{"username": {"anna"}, "password": {"password-anna"}}); rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("login answer: Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
	tests := []struct {
		name    string
		do      func() *httptest.ResponseRecorder
		noStore bool
	}{
		{"TokenAPI", func() *httptest.ResponseRecorder { return f.do(t, "viewer", "GET", "/api/plans", nil, "") }, true},
		{"TokenAPIError", func() *httptest.ResponseRecorder { return f.do(t, "viewer", "GET", "/api/plans/9", nil, "") }, true},
		{"SessionPage", func() *httptest.ResponseRecorder { return b.do(t, "GET", "/piani", nil) }, true},
		{"SessionStatic", func() *httptest.ResponseRecorder { return b.do(t, "GET", "/static/style.css", nil) }, false},
		{"TokenStatic", func() *httptest.ResponseRecorder { return f.do(t, "viewer", "GET", "/static/bands.css", nil, "") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.do()
			if got := rec.Header().Get("Cache-Control") == "no-store"; got != tt.noStore || rec.Code >= 500 {
				t.Errorf("%d Cache-Control %q, want no-store %v", rec.Code, rec.Header().Get("Cache-Control"), tt.noStore)
			}
		})
	}
}

func TestTokenRevokedOrExpired(t *testing.T) {
	f := setupAuth(t)
	ctx := context.Background()
	in := f.now.Add(24 * time.Hour)
	revoked, secret, err := f.db.NewToken(ctx, model.RoleAdmin, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["revoked"] = secret
	if _, f.tokens["expiring"], err = f.db.NewToken(ctx, model.RoleAdmin, "", "", &in); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"revoked", "expiring"} {
		if rec := f.do(t, who, "GET", "/api/plans", nil, ""); rec.Code != 200 {
			t.Fatalf("%s before: %d", who, rec.Code)
		}
	}
	if _, err := f.db.RevokeToken(ctx, revoked.ID); err != nil {
		t.Fatal(err)
	}
	*f.now = f.now.Add(24 * time.Hour)
	for _, who := range []string{"revoked", "expiring"} {
		if rec := f.do(t, who, "GET", "/api/plans", nil, ""); rec.Code != 401 || !strings.Contains(rec.Body.String(), "Token scaduto o revocato") {
			t.Errorf("%s after: %d %s", who, rec.Code, rec.Body.String())
		}
	}
}

func TestParseTrustedProxies(t *testing.T) {
	tests := []struct {
		in   []string
		want string // the networks, or "error"
	}{
		{nil, "[]"},
		{[]string{"10.0.0.0/8"}, "[10.0.0.0/8]"},
		{[]string{"10.0.0.0/8, 192.0.2.10", "2001:db8::/32"}, "[10.0.0.0/8 192.0.2.10/32 2001:db8::/32]"},
		{[]string{"::1"}, "[::1/128]"},
		{[]string{"10.0.0.0/33"}, "error"},
		{[]string{"proxy.local"}, "error"},
	}
	for _, tt := range tests {
		got, err := web.ParseTrustedProxies(tt.in)
		s := fmt.Sprint(got)
		if err != nil {
			s = "error"
			if model.ErrorCode(err) != model.EInvalid {
				t.Errorf("%v: %v", tt.in, err)
			}
		}
		if s != tt.want {
			t.Errorf("%v: got %s, want %s", tt.in, s, tt.want)
		}
	}
}

// TestLoginRaceReservesAttempts: 200 guesses sent at once from one
// address reach the password check no more often than the address limit
// allows (5 a minute): each attempt is reserved before the check, not
// counted after it. A right password is forgiven and does not use up the
// address's attempts.
func TestLoginRaceReservesAttempts(t *testing.T) {
	tests := []struct {
		name string
		user func(i int) string
	}{
		{"OneUser", func(int) string { return "admin" }},
		{"ManyUsers", func(i int) string { return fmt.Sprint("utente", i) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupAuth(t)
			var wg sync.WaitGroup
			codes := make([]int, 200)
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i] = f.login(t, "203.0.113.7:4000", tt.user(i), "sbagliata", nil).Code
				}()
			}
			wg.Wait()
			checked := 0
			for _, c := range codes {
				switch c {
				case http.StatusUnauthorized:
					checked++
				case http.StatusTooManyRequests:
				default:
					t.Errorf("answer %d", c)
				}
			}
			if checked > 5 {
				t.Errorf("%d password checks from one address, want at most 5", checked)
			}
		})
	}
	t.Run("RightPasswordForgiven", func(t *testing.T) {
		f := setupAuth(t)
		for range 6 {
			if rec := f.login(t, "203.0.113.8:4000", "anna", "password-anna", nil); rec.Code != http.StatusSeeOther {
				t.Fatalf("login: %d", rec.Code)
			}
		}
		for i := range 5 {
			if rec := f.login(t, "203.0.113.8:4000", fmt.Sprint("utente", i), "sbagliata", nil); rec.Code != http.StatusUnauthorized {
				t.Errorf("failure %d after good logins: %d", i, rec.Code)
			}
		}
	})
}

// TestLoginCSRF: a log-in is taken only from our own form — the token of
// the log-in page's cookie, posted in the form, from our own origin —
// so another site cannot log a browser into an account of its choosing;
// the session's CSRF token is never read from the query string.
func TestLoginCSRF(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *http.Request)
		code int
	}{
		{"OK", func(r *http.Request) {}, http.StatusSeeOther},
		{"OKSameOrigin", func(r *http.Request) { r.Header.Set("Origin", "http://example.com") }, http.StatusSeeOther},
		{"OKSameReferer", func(r *http.Request) { r.Header.Set("Referer", "http://example.com/accesso") }, http.StatusSeeOther},
		{"ErrNoCookie", func(r *http.Request) { r.Header.Del("Cookie") }, http.StatusForbidden},
		{"ErrOtherOrigin", func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") }, http.StatusForbidden},
		{"ErrOtherReferer", func(r *http.Request) { r.Header.Set("Referer", "https://evil.example/login.html") }, http.StatusForbidden},
		{"ErrTokenInQueryOnly", func(r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			form, _ := url.ParseQuery(string(body))
			r.URL.RawQuery = "csrf=" + form.Get("csrf")
			form.Del("csrf")
			r.Body = io.NopCloser(strings.NewReader(form.Encode()))
			r.ContentLength = int64(len(form.Encode()))
		}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setupAuth(t)
			req := f.loginRequest(t, "anna", "password-anna")
			tt.edit(req)
			rec := httptest.NewRecorder()
			f.e.ServeHTTP(rec, req)
			if rec.Code != tt.code {
				t.Errorf("log-in: %d, want %d", rec.Code, tt.code)
			}
			if tt.code == http.StatusForbidden && !strings.Contains(rec.Body.String(), "non viene da questo sito") {
				t.Errorf("refusal without its sentence: %.300s", rec.Body.String())
			}
		})
	}
	t.Run("ErrSessionTokenInQuery", func(t *testing.T) {
		f := setupAuth(t)
		login := httptest.NewRecorder()
		f.e.ServeHTTP(login, f.loginRequest(t, "anna", "password-anna"))
		b := &browser{f: f.fixture, cookies: login.Result().Cookies()}
		token := csrfField.FindStringSubmatch(b.do(t, "GET", "/password", nil).Body.String())[1]
		if rec := b.do(t, "POST", "/uscita?csrf="+token, url.Values{}); rec.Code != http.StatusForbidden {
			t.Errorf("a session token in the query string: %d", rec.Code)
		}
		if rec := b.do(t, "POST", "/uscita", url.Values{"csrf": {token}}); rec.Code != http.StatusSeeOther {
			t.Errorf("the same token posted: %d", rec.Code)
		}
	})
}

// TestOfficeLogsInAtOnce: eight people behind one address log in at the
// same moment with their right passwords: all get in, although the
// address allows five attempts a minute — those under way are forgiven
// when they succeed, and the others wait for them.
func TestOfficeLogsInAtOnce(t *testing.T) {
	f := setupAuth(t)
	ctx := context.Background()
	// password checks that take a while, so that the log-ins overlap
	cost := sqlite.PasswordCost
	sqlite.PasswordCost = 8
	defer func() { sqlite.PasswordCost = cost }()
	for i := range 8 {
		if _, err := f.db.AddUser(ctx, fmt.Sprintf("ufficio%d", i), fmt.Sprintf("password-ufficio%d", i), model.RoleViewer, ""); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	codes := make([]int, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = f.login(t, "203.0.113.50:4000", fmt.Sprintf("ufficio%d", i), fmt.Sprintf("password-ufficio%d", i), nil).Code
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusSeeOther {
			t.Errorf("ufficio%d: %d", i, c)
		}
	}
}
