package web_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/model"
)

// TestSlowBodiesHoldOnlyTheirSender: bodies trickling in from one unit
// hold that unit's two turns and no upload slot: a third upload of the
// same sender is told to wait (429), while
// another unit's upload goes through at once; and a body that does not
// arrive within the deadline is cut off (issue 19, item 3).
func TestSlowBodiesHoldOnlyTheirSender(t *testing.T) {
	f := setup(t)
	e := web.New(f.a, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{UploadSlots: 1, UploadWait: 100 * time.Millisecond,
		BodyDeadline: 500 * time.Millisecond})
	srv := httptest.NewServer(e)
	defer srv.Close()
	send := func(who string, body io.Reader) (int, string) {
		req, _ := http.NewRequestWithContext(context.Background(), "POST", srv.URL+"/api/plans/1/submissions", body)
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		req.Header.Set("Authorization", "Bearer "+f.tokens[who])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// two bodies of the unit that begin and then trickle
	type answer struct {
		code int
		body string
	}
	held := make(chan answer, 2)
	var feeds []*io.PipeWriter
	for range 2 {
		slow, feed := io.Pipe()
		feeds = append(feeds, feed)
		go func() { c, b := send("unit", slow); held <- answer{c, b} }()
		if _, err := feed.Write([]byte("--x\r\n")); err != nil {
			t.Fatal(err)
		}
	}
	// both are under way: the unit's third upload is refused unread (a
	// pause first, so that no probe holds a turn when they begin)
	time.Sleep(200 * time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, body := send("unit", strings.NewReader("--x--\r\n"))
		if code == http.StatusTooManyRequests {
			if !strings.Contains(body, "due invii in corso") {
				t.Errorf("429 without its sentence: %s", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the unit's third upload: %d %s", code, body)
		}
		time.Sleep(50 * time.Millisecond) // the two slow bodies are still being taken in (under the hourly limit)
	}
	// another token of the same unit has no more turns: they are the unit's
	_, second, err := f.db.NewToken(context.Background(), model.RoleUnit, "Mediazione", "secondo", nil)
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["unit2"] = second
	if code, body := send("unit2", strings.NewReader("--x--\r\n")); code != http.StatusTooManyRequests {
		t.Errorf("another token of the same unit: %d %s", code, body)
	}
	// another unit's upload does not wait for them
	begun := time.Now()
	if code, body := send("other", strings.NewReader("--x--\r\n")); code != http.StatusUnprocessableEntity || time.Since(begun) > time.Second {
		t.Errorf("another unit's upload: %d after %v: %s", code, time.Since(begun), body)
	}
	// the trickling bodies are cut off at the deadline
	for range 2 {
		a := <-held
		if a.code != http.StatusServiceUnavailable || !strings.Contains(a.body, "troppo lentamente") {
			t.Errorf("a body past its deadline: %d %s", a.code, a.body)
		}
	}
	for _, feed := range feeds {
		feed.Close()
	}
}

// TestUploadCSRFBeforeBody: a session's upload must carry its CSRF token
// in the header or in the form's first 64 KB (the page sends it first);
// one without is refused before the rest of its body is read.
func TestUploadCSRFBeforeBody(t *testing.T) {
	f := setup(t)
	b, csrf := loggedIn(t, f, "anna", model.RoleUnit, "Mediazione")
	post := func(fields [][2]string) int {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for _, fl := range fields {
			if fl[0] == "file" {
				part, _ := w.CreateFormFile("file", "m.xlsx")
				part.Write([]byte(fl[1]))
				continue
			}
			w.WriteField(fl[0], fl[1])
		}
		w.Close()
		req := httptest.NewRequest("POST", "/piani/1/strutture", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		for _, c := range b.cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		f.e.ServeHTTP(rec, req)
		return rec.Code
	}
	big := strings.Repeat("x", 100<<10)
	tests := []struct {
		name   string
		fields [][2]string
		want   int
	}{
		{"OKTokenFirst", [][2]string{{"csrf", csrf}, {"file", string(f.sheet)}}, http.StatusSeeOther},
		{"ErrNoToken", [][2]string{{"file", string(f.sheet)}}, http.StatusForbidden},
		{"ErrWrongToken", [][2]string{{"csrf", "sbagliato"}, {"file", string(f.sheet)}}, http.StatusForbidden},
		{"ErrTokenPast64KB", [][2]string{{"file", big}, {"csrf", csrf}}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := post(tt.fields); got != tt.want {
				t.Errorf("%d, want %d", got, tt.want)
			}
		})
	}
}

// TestUploadRate: each principal's uploads are bounded in a sliding hour;
// past it the answer is 429 with when to come back, and another
// principal is not affected.
func TestUploadRate(t *testing.T) {
	f := setup(t)
	e := web.New(f.a, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{UploadsPerHour: 3})
	send := func(who string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("PUT", "/api/plans/1/measurements", strings.NewReader(`{"1.4.1":"150"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+f.tokens[who])
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	for i := range 3 {
		if rec := send("unit"); rec.Code != http.StatusOK {
			t.Fatalf("upload %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	rec := send("unit")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "al massimo 3 all") {
		t.Errorf("the fourth: %d %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if rec := send("admin"); rec.Code != http.StatusOK {
		t.Errorf("another principal: %d %s", rec.Code, rec.Body)
	}
}

// TestSlowBodyIsAnswered: a body that trickles past its deadline gets
// its 503 at the deadline, the connection closed, even when it declared
// a length: the server must not first wait for the rest of it.
func TestSlowBodyIsAnswered(t *testing.T) {
	f := setup(t)
	e := web.New(f.a, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BodyDeadline: 300 * time.Millisecond})
	srv := httptest.NewServer(e)
	defer srv.Close()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/plans/1/submissions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000000\r\n\r\n--x\r\n", f.tokens["unit"])
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	begun := time.Now()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer after %v: %v", time.Since(begun), err)
	}
	if res.StatusCode != http.StatusServiceUnavailable || !res.Close || time.Since(begun) > 2*time.Second {
		t.Errorf("%d (close %v) after %v", res.StatusCode, res.Close, time.Since(begun))
	}
}
