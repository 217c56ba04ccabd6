package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"cruscotto/importer/workbook"
	"cruscotto/importer/workbook/bombtest"
	"cruscotto/model"
)

type errorBody struct {
	Error   string
	Details []struct{ Cell, Message string }
}

// TestBombsOverHTTP sends each bomb as a plan (admin), as a unit's
// submission, and inside the entry sheet of the unit's own signed
// workbook: a refusal in one sentence, no more read than one part's
// limit, and the service answers afterwards.
func TestBombsOverHTTP(t *testing.T) {
	f := setup(t)
	for _, b := range bombtest.Catalogue {
		data := b.Make()
		for _, send := range []struct {
			who, path string
			data      []byte
		}{
			{"admin", "/api/plans", data},
			{"unit", "/api/plans/1/submissions", data},
			{"unit", "/api/plans/1/submissions", bombtest.Transplant(f.sheet, "xl/worksheets/sheet1.xml", data)},
		} {
			t.Run(b.Name+" to "+send.path, func(t *testing.T) {
				body, ct := multipartBody(t, "bomba.xlsx", send.data)
				before := workbook.WorkDone()
				rec := f.do(t, send.who, "POST", send.path, body, ct)
				inflated := workbook.WorkDone().Inflated - before.Inflated
				var doc errorBody
				json.Unmarshal(rec.Body.Bytes(), &doc)
				// a bomb in a sheet of a workbook without the signed
				// identity is not even read
				// identity is not even read, and one in the entry sheet may
				// meet the bound on its rows first
				refused := strings.Contains(doc.Error, b.Refusal) || strings.Contains(doc.Error, "non è una cartella di rilevazione") || strings.Contains(doc.Error, "righe compilate")
				if rec.Code != 422 || !refused {
					t.Errorf("%d %.300s, want 422 mentioning %q", rec.Code, rec.Body.String(), b.Refusal)
				}
				if inflated > workbook.DefaultLimits.MaxPartBytes {
					t.Errorf("inflated %d MB, want at most one part's limit", inflated>>20)
				}
			})
		}
	}
	if rec := f.do(t, "admin", "GET", "/healthz", nil, ""); rec.Code != 200 {
		t.Errorf("service not answering after the bombs: %d", rec.Code)
	}
	cur, _ := model.MeasurementsByCode(f.db.Measurements(context.Background(), model.CurrentIn(1, model.Period{Year: 2020})))
	if len(cur) != 0 {
		t.Errorf("a bomb stored values: %v", cur)
	}
}

// TestConcurrentBombsStayBounded sends six bombs at once from one unit,
// as reported: two are taken in at a time and parses queue for a few
// slots, so memory in use stays bounded however many arrive.
func TestConcurrentBombsStayBounded(t *testing.T) {
	f := setup(t)
	data := bombtest.SharedStrings(6_000_000)
	// what the earlier tests of the package left is not the bombs' doing:
	// the peak is measured over a collected heap
	runtime.GC()
	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	var wg sync.WaitGroup
	codes := make([]int, 6)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, ct := multipartBody(t, fmt.Sprintf("bomba-%d.xlsx", i), data)
			codes[i] = f.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct).Code
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	// one sender has two uploads under way at most: the others are told
	// to wait (429), unread
	refused := 0
	for i, c := range codes {
		switch c {
		case 422:
			refused++
		case 429:
		default:
			t.Errorf("bomb %d: %d", i, c)
		}
	}
	if refused < 2 {
		t.Errorf("%d bombs read and refused, want at least 2", refused)
	}
	if peak > 250<<20 {
		t.Errorf("heap in use peaked at %d MB with six bombs at once", peak>>20)
	}
	t.Logf("heap in use peaked at %d MB", peak>>20)
}

// TestManyProblemsAreCapped: a unit's own, validly signed workbook with
// 20,000 made-up rows is refused unread, and values sent as JSON list at
// most the first 200 problems.
func TestManyProblemsAreCapped(t *testing.T) {
	f := setup(t)
	t.Run("extra rows in the unit's workbook", func(t *testing.T) {
		data := bombtest.ExtraRows(f.sheet, "Rilevazione", 20_000)
		body, ct := multipartBody(t, "righe.xlsx", data)
		rec := f.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct)
		var doc errorBody
		json.Unmarshal(rec.Body.Bytes(), &doc)
		t.Logf("refused in a %d-byte response", rec.Body.Len())
		if rec.Code != 422 || !strings.Contains(doc.Error, "righe compilate") || rec.Body.Len() > 10_000 {
			t.Errorf("%d, %d bytes: %.300s", rec.Code, rec.Body.Len(), rec.Body.String())
		}
	})
	t.Run("a few extra rows are listed cell by cell", func(t *testing.T) {
		data := bombtest.ExtraRows(f.sheet, "Rilevazione", 3)
		body, ct := multipartBody(t, "righe.xlsx", data)
		rec := f.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct)
		var doc errorBody
		json.Unmarshal(rec.Body.Bytes(), &doc)
		if rec.Code != 422 || len(doc.Details) != 3 || !strings.HasPrefix(doc.Details[0].Cell, "Rilevazione!A") {
			t.Errorf("%d %.500s", rec.Code, rec.Body.String())
		}
	})
	values := func(n int) io.Reader {
		if n < 0 { // one value of -n bytes
			return strings.NewReader(`{"1.4.1":"` + strings.Repeat("1", -n) + `"}`)
		}
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `"99.%d":"1"`, i)
		}
		b.WriteString("}")
		return strings.NewReader(b.String())
	}
	tests := []struct {
		name    string
		n       int
		status  int
		frag    string
		details int
	}{
		{"10,000 unknown codes", 10_000, 422, "10.000 valori da correggere", model.MaxListedProblems + 1},
		{"200,000 unknown codes", 200_000, 422, "Al massimo 30000 valori", 0},
		{"a body over the byte bound", -4_000_000, 413, "al massimo 30000 valori", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rec := f.do(t, "admin", "PUT", "/api/plans/1/measurements", values(tt.n), "application/json")
			runtime.ReadMemStats(&after)
			var doc errorBody
			json.Unmarshal(rec.Body.Bytes(), &doc)
			if rec.Code != tt.status || !strings.Contains(doc.Error, tt.frag) || len(doc.Details) != tt.details {
				t.Errorf("%d with %d details: %.300s", rec.Code, len(doc.Details), rec.Body.String())
			}
			t.Logf("%d: %d-byte response, %d MB allocated", rec.Code, rec.Body.Len(), (after.TotalAlloc-before.TotalAlloc)>>20)
			if rec.Body.Len() > 100_000 {
				t.Errorf("a %d-byte response", rec.Body.Len())
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 100<<20 {
				t.Errorf("allocated %d MB", grew>>20)
			}
		})
	}
}

// TestCorrectionBomb: a unit's own workbook with 4 million empty fonts in
// its styles and 100 bad rows (a 54 KB upload) used to make its correction
// download take minutes of CPU and over a gigabyte in excelize. The reader
// now refuses its styles outright, the refusal is not by cell, and the
// correction download answers at once with a sentence (issue 19, item 1).
func TestCorrectionBomb(t *testing.T) {
	f := setup(t)
	data := bombtest.PadStyles(bombtest.ExtraRows(f.sheet, "Rilevazione", 100), 4_000_000)
	t.Logf("the bomb is %d KB", len(data)>>10)
	body, ct := multipartBody(t, "stili.xlsx", data)
	begun := time.Now()
	rec := f.do(t, "unit", "POST", "/api/plans/1/submissions", body, ct)
	var doc struct {
		Error      string
		Upload     int64
		Correction string
	}
	json.Unmarshal(rec.Body.Bytes(), &doc)
	if rec.Code != 422 || !strings.Contains(doc.Error, "tipi di carattere") || doc.Correction != "" || time.Since(begun) > 5*time.Second {
		t.Fatalf("upload: %d after %v: %.300s", rec.Code, time.Since(begun), rec.Body.String())
	}
	begun = time.Now()
	corr := f.do(t, "unit", "GET", fmt.Sprintf("/api/uploads/%d/correction.xlsx", doc.Upload), nil, "")
	if corr.Code != http.StatusConflict || time.Since(begun) > 5*time.Second {
		t.Errorf("correction: %d after %v: %.300s", corr.Code, time.Since(begun), corr.Body.String())
	}
}
