package web_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/exporter/entry"
	"cruscotto/model"
)

var (
	loadDuration    = flag.Duration("load.duration", 3*time.Second, "how long BenchmarkLoad runs (make loadtest: 30s)")
	loadDownloaders = flag.Int("load.downloaders", 50, "clients downloading unit workbooks")
	loadUploaders   = flag.Int("load.uploaders", 10, "clients uploading filled workbooks")
	loadMax         = flag.Int("load.max", 200000, "at most this many requests in all")
	loadRevalidate  = flag.Bool("load.revalidate", true, "downloaders keep each workbook's ETag and send it back (If-None-Match), as browsers do")
)

// filledVersions returns two fillings of a unit's workbook with different
// valid values (the target, then the 80% threshold or an assessment), so
// that every upload changes what is stored.
func filledVersions(tb testing.TB, book []byte, actions []*model.Action) [2][]byte {
	var out [2][]byte
	for v := range out {
		f, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			tb.Fatal(err)
		}
		for i, a := range actions {
			raw := "85%"
			switch {
			case a.Qualitative:
				raw = []string{"85%", "90%"}[v]
			case v == 1 && a.Threshold80 != nil:
				raw = a.Threshold80.Raw
			default:
				raw = a.Target.Raw
			}
			f.SetCellStr(entry.SheetEntry, fmt.Sprintf("H%d", entry.FirstRow+i), raw)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			tb.Fatal(err)
		}
		out[v] = buf.Bytes()
	}
	return out
}

// BenchmarkLoad serves the 2020 plan on loopback to 50 clients downloading
// unit workbooks and 10 uploading filled ones, for a bounded time and
// number of requests; it fails on any error or lost upload and reports
// the latency percentiles. make loadtest runs it for 30 s.
func BenchmarkLoad(b *testing.B) {
	f := setup(b)
	// ten clients each uploading as fast as they can: far above what the
	// hourly bound per sender lets a person do
	srv := httptest.NewServer(web.New(f.a, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{UploadsPerHour: 1 << 30}))
	defer srv.Close()
	ctx := context.Background()
	plan, err := f.db.Plan(ctx, 1)
	if err != nil {
		b.Fatal(err)
	}
	units := plan.EntryUnits()
	type uploader struct {
		unit, token string
		versions    [2][]byte
		ok          int
		last        int
	}
	var ups []*uploader
	for i := 0; i < *loadUploaders; i++ {
		unit := units[i%len(units)]
		_, tok, err := f.db.NewToken(ctx, model.RoleUnit, unit, fmt.Sprintf("carico-%d", i), nil)
		if err != nil {
			b.Fatal(err)
		}
		books, err := f.a.EntryWorkbooks(ctx, model.Principal{Username: "test", Role: model.RoleAdmin}, 1, "", []string{unit})
		if err != nil {
			b.Fatal(err)
		}
		ups = append(ups, &uploader{unit: unit, token: tok, versions: filledVersions(b, books[0].Content, plan.UnitActions(unit)), last: -1})
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 100}, Timeout: time.Minute}
	var (
		mu        sync.Mutex
		latencies = map[string][]time.Duration{}
		errs      []string
		requests  atomic.Int64
	)
	record := func(kind string, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		latencies[kind] = append(latencies[kind], d)
		if err != nil && len(errs) < 20 {
			errs = append(errs, err.Error())
		}
	}
	send := func(req *http.Request, token string) (*http.Response, error) {
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotModified {
			return resp, fmt.Errorf("%s %s: %d %.200s", req.Method, req.URL.Path, resp.StatusCode, body)
		}
		return resp, nil
	}
	do := func(req *http.Request, token string) error { _, err := send(req, token); return err }
	deadline := time.Now().Add(*loadDuration)
	more := func() bool { return time.Now().Before(deadline) && requests.Add(1) <= int64(*loadMax) }
	var wg sync.WaitGroup
	b.ResetTimer()
	for i := 0; i < *loadDownloaders; i++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 1))
			etags := map[string]string{} // what this client holds, by unit
			for more() {
				slug := model.Slug(units[r.IntN(len(units))])
				req, _ := http.NewRequest("GET", srv.URL+"/api/plans/1/units/"+slug+"/sheet.xlsx", nil)
				if tag := etags[slug]; tag != "" && *loadRevalidate {
					req.Header.Set("If-None-Match", tag)
				}
				start := time.Now()
				resp, err := send(req, f.tokens["admin"])
				kind := "download"
				if err == nil && resp.StatusCode == http.StatusNotModified {
					kind = "revalidate"
				}
				if err == nil {
					etags[slug] = resp.Header.Get("ETag")
				}
				record(kind, time.Since(start), err)
			}
		}(uint64(i))
	}
	for _, u := range ups {
		wg.Add(1)
		go func(u *uploader) {
			defer wg.Done()
			for v := 0; more(); v = 1 - v {
				var body bytes.Buffer
				w := multipart.NewWriter(&body)
				part, _ := w.CreateFormFile("file", "cartella.xlsx")
				part.Write(u.versions[v])
				w.Close()
				req, _ := http.NewRequest("POST", srv.URL+"/api/plans/1/submissions", &body)
				req.Header.Set("Content-Type", w.FormDataContentType())
				start := time.Now()
				err := do(req, u.token)
				record("upload", time.Since(start), err)
				if err == nil {
					u.ok++
					u.last = v
				}
			}
		}(u)
	}
	wg.Wait()
	b.StopTimer()
	if len(errs) > 0 {
		b.Fatalf("%d errors, first: %v", len(errs), errs)
	}
	// nothing lost: every accepted upload is kept, and each unit's current
	// values are those of the last file its client sent
	uploads, err := f.db.Uploads(ctx, model.UploadFilter{Kind: model.UploadSubmission})
	if err != nil {
		b.Fatal(err)
	}
	sent := 0
	for _, u := range ups {
		sent += u.ok
	}
	if len(uploads) != sent {
		b.Errorf("%d uploads kept, %d accepted", len(uploads), sent)
	}
	current, err := model.MeasurementsByCode(f.db.Measurements(ctx, model.CurrentIn(1, model.Period{Year: 2020})))
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range ups {
		if u.last < 0 || len(ups) > len(units) {
			continue // units shared by several clients have no single "last"
		}
		want := filledRaw(plan.UnitActions(u.unit), u.last)
		for _, a := range plan.UnitActions(u.unit) {
			if len(a.Units) > 1 {
				delete(want, a.Code) // shared with another unit's client
			}
		}
		for code, raw := range want {
			if m := current[code]; m == nil || m.Value.Raw != raw {
				b.Errorf("%s: %s stored as %v, want %q from the last upload", u.unit, code, m, raw)
			}
		}
	}
	for _, kind := range []string{"download", "revalidate", "upload"} {
		l := latencies[kind]
		slices.Sort(l)
		if len(l) == 0 {
			continue
		}
		q := func(p float64) time.Duration { return l[min(len(l)-1, int(p*float64(len(l))))] }
		b.Logf("%-8s %6d requests  p50 %v  p95 %v  p99 %v  max %v", kind, len(l), q(.50).Round(time.Millisecond), q(.95).Round(time.Millisecond),
			q(.99).Round(time.Millisecond), l[len(l)-1].Round(time.Millisecond))
		b.ReportMetric(float64(q(.99).Microseconds())/1000, kind+"-p99-ms")
	}
}

// filledRaw is what filledVersions typed, by action code.
func filledRaw(actions []*model.Action, v int) map[string]string {
	out := map[string]string{}
	for _, a := range actions {
		switch {
		case a.Qualitative:
			out[a.Code] = []string{"85%", "90%"}[v]
		case v == 1 && a.Threshold80 != nil:
			out[a.Code] = a.Threshold80.Raw
		default:
			out[a.Code] = a.Target.Raw
		}
	}
	return out
}
