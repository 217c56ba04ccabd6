package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// wantsPage reports whether an error is answered with the Italian error
// page rather than JSON: on every path but the API's and /healthz, and on
// an API path a browser navigated to. The pages link the API's downloads
// (a unit's workbook, the scored workbook, a correction workbook); a
// refusal of one of them, clicked on a page, must be a page with a way
// back, not raw JSON. Browsers navigating send Accept: text/html; the
// programs of the API do not, and keep their JSON.
func wantsPage(r *http.Request) bool {
	if r.URL.Path == "/healthz" {
		return false
	}
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		return true
	}
	return r.Header.Get("Authorization") == "" && strings.Contains(r.Header.Get("Accept"), "text/html")
}

// errorData is what the error page shows.
type errorData struct {
	page
	Status int
	Back   string // where «Torna indietro» leads
	Login  bool   // the refusal asks to log in
}

// errorTitles name the refusals people meet, by HTTP status.
var errorTitles = map[int]string{
	http.StatusUnauthorized:          "Accesso richiesto",
	http.StatusForbidden:             "Operazione non consentita",
	http.StatusNotFound:              "Pagina inesistente",
	http.StatusMethodNotAllowed:      "Operazione non consentita",
	http.StatusConflict:              "Operazione non possibile",
	http.StatusRequestEntityTooLarge: "File troppo grande",
	http.StatusUnprocessableEntity:   "Dati da correggere",
	http.StatusTooManyRequests:       "Troppe richieste",
	http.StatusServiceUnavailable:    "Servizio non disponibile",
	http.StatusInternalServerError:   "Errore interno",
}

func (s *Server) errorPage(c echo.Context, status int, doc errorDoc) error {
	title := errorTitles[status]
	if title == "" {
		title = "Errore"
	}
	data := errorData{page: newPage(c, title), Status: status, Back: backLink(c.Request()), Login: status == http.StatusUnauthorized}
	data.Error, data.Problems = doc.Error, doc.Details
	return s.render(c, status, "error", data)
}

// backLink is where the error page's «Torna indietro» leads, without
// JavaScript (the CSP allows none): the page the request came from, when
// it is one of this service's pages and not the one that failed, else
// the plans.
func backLink(r *http.Request) string {
	const home = "/piani"
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || (ref.Scheme != "http" && ref.Scheme != "https") {
		return home
	}
	back := ref.EscapedPath()
	if ref.RawQuery != "" {
		back += "?" + ref.RawQuery
	}
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, "/api/") ||
		(r.Method == http.MethodGet && back == r.URL.RequestURI()) {
		return home
	}
	return back
}
