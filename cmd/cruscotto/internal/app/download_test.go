package app_test

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// movingClock is a clock one second later at every reading: a workbook
// generated twice differs (its identity carries the time), so equal
// bytes prove it came from the cache.
func movingClock() func() time.Time {
	var n atomic.Int64
	start := time.Date(2021, 1, 10, 9, 0, 0, 0, time.UTC)
	return func() time.Time { return start.Add(time.Duration(n.Add(1)) * time.Second) }
}

func TestDownloadCache(t *testing.T) {
	ctx := context.Background()
	a, db, _ := mustApp(t, app.Options{Now: movingClock()})
	med := unitOf("Mediazione")
	entry := app.FileRequest{Kind: app.FileEntry, PlanID: 1, Unit: "mediazione"}
	first, err := a.Download(ctx, med, entry)
	if err != nil {
		t.Fatal(err)
	}
	second, err := a.Download(ctx, med, entry)
	if err != nil || second.ETag != first.ETag || !bytes.Equal(second.Content, first.Content) {
		t.Fatalf("the second download was made again or tagged apart: %v, %s vs %s", err, second.ETag, first.ETag)
	}
	entry.Held = []string{`"abc"`, first.ETag}
	if d, err := a.Download(ctx, med, entry); err != nil || !d.NotModified || d.Content != nil {
		t.Fatalf("a current copy: %+v, %v", d, err)
	}
	// what the file shows changes: a value, a closing date
	if _, err := a.Measure(ctx, med, 1, "", map[string]any{"1.4.1": "150"}, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	after, err := a.Download(ctx, med, entry)
	if err != nil || after.NotModified || after.ETag == first.ETag || bytes.Equal(after.Content, first.Content) {
		t.Fatalf("after a new value: not modified %v, same tag %v, %v", after.NotModified, after.ETag == first.ETag, err)
	}
	// another unit's value is not in Mediazione's workbook
	plan, err := db.Plan(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	mine := map[string]bool{}
	for _, x := range plan.UnitActions("Mediazione") {
		mine[x.Code] = true
	}
	for _, x := range plan.UnitActions("SG") {
		if v, err := model.ParseMeasured(x, "1"); err == nil && !mine[x.Code] && v.Numeric() {
			if _, err := a.Measure(ctx, admin, 1, "", map[string]any{x.Code: "1"}, model.SourceAPI); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	entry.Held = []string{after.ETag}
	if d, err := a.Download(ctx, med, entry); err != nil || !d.NotModified {
		t.Fatalf("another unit's value changed Mediazione's workbook: %+v, %v", d, err)
	}
	if _, err := a.SetPeriod(ctx, admin, 1, model.Period{Year: 2021}, false, "2022-01-31"); err != nil {
		t.Fatal(err)
	}
	entry.Held = []string{after.ETag}
	if d, err := a.Download(ctx, med, entry); err != nil || !d.NotModified {
		t.Fatalf("another period's closing date changed the file: %+v, %v", d, err)
	}
	if _, err := a.SetPeriod(ctx, admin, 1, model.Period{Year: 2020}, false, "2021-01-31"); err != nil {
		t.Fatal(err)
	}
	if d, err := a.Download(ctx, med, entry); err != nil || d.NotModified {
		t.Fatalf("its period's closing date did not change the file: %+v, %v", d, err)
	}
	// access is checked before anything else, a current tag or not
	entry.Unit, entry.Held = "sg", []string{"*"}
	if _, err := a.Download(ctx, med, entry); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("another unit's workbook: %v", err)
	}
	if _, err := a.Download(ctx, med, app.FileRequest{Kind: app.FileScored, PlanID: 1}); model.ErrorCode(err) != model.EForbidden {
		t.Errorf("a unit's scored workbook: %v", err)
	}
	// the scored workbook: by method too
	step, err := a.Download(ctx, admin, app.FileRequest{Kind: app.FileScored, PlanID: 1})
	if err != nil {
		t.Fatal(err)
	}
	linear, err := a.Download(ctx, admin, app.FileRequest{Kind: app.FileScored, PlanID: 1, Method: "linear"})
	if err != nil || linear.ETag == step.ETag {
		t.Errorf("the methods share a tag: %v", err)
	}
}

// TestDownloadOnceForMany: many clients asking at once for one file that
// is not kept get one generation, shared.
func TestDownloadOnceForMany(t *testing.T) {
	ctx := context.Background()
	a, _, _ := mustApp(t, app.Options{Now: movingClock()})
	req := app.FileRequest{Kind: app.FileEntry, PlanID: 1, Unit: "mediazione"}
	var wg sync.WaitGroup
	got := make([][]byte, 20)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := a.Download(ctx, admin, req)
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = d.Content
		}()
	}
	wg.Wait()
	for i := range got {
		if !bytes.Equal(got[i], got[0]) {
			t.Fatalf("client %d got a file generated apart", i)
		}
	}
}

// TestDownloadCacheIsBounded: past its bytes the oldest file goes, and is
// made again when asked for.
func TestDownloadCacheIsBounded(t *testing.T) {
	ctx := context.Background()
	probe, _, _ := mustApp(t)
	one, err := probe.Download(ctx, admin, app.FileRequest{Kind: app.FileEntry, PlanID: 1, Unit: "mediazione"})
	if err != nil {
		t.Fatal(err)
	}
	// room for about four workbooks
	a, _, _ := mustApp(t, app.Options{Now: movingClock(), CacheBytes: int64(len(one.Content)) * 9 / 2})
	get := func(unit string) []byte {
		d, err := a.Download(ctx, admin, app.FileRequest{Kind: app.FileEntry, PlanID: 1, Unit: unit})
		if err != nil {
			t.Fatal(err)
		}
		return d.Content
	}
	first := get("mediazione")
	for _, u := range []string{"asl", "sg", "ragioneria", "personale", "controller"} {
		get(u)
	}
	if bytes.Equal(get("mediazione"), first) {
		t.Error("the oldest workbook was still kept past the cache's bound")
	}
}

// TestReviewChangesTheFiles: the Controller's review of a value is shown
// in the unit's workbook («Cosa scrivere») and in the scored workbook
// (Dettaglio's «Verifica del Controller»): a review, and a review
// changed, make both new, not the copies made before it.
func TestReviewChangesTheFiles(t *testing.T) {
	ctx := context.Background()
	a, _, _ := mustApp(t, app.Options{Now: movingClock()})
	med := unitOf("Mediazione")
	if _, err := a.Measure(ctx, med, 1, "", map[string]any{"1.4.1": "150"}, model.SourceAPI); err != nil {
		t.Fatal(err)
	}
	files := []struct {
		who model.Principal
		req app.FileRequest
	}{
		{med, app.FileRequest{Kind: app.FileEntry, PlanID: 1, Unit: "mediazione"}},
		{admin, app.FileRequest{Kind: app.FileScored, PlanID: 1}},
	}
	tags := func() []string {
		var out []string
		for _, f := range files {
			d, err := a.Download(ctx, f.who, f.req)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, d.ETag)
		}
		return out
	}
	before := tags()
	for i, status := range []model.ReviewStatus{model.ReviewToRevise, model.ReviewValidated} {
		if _, err := a.ReviewValue(ctx, admin, 1, "", "1.4.1", status, "controllare la fonte"); err != nil {
			t.Fatal(err)
		}
		after := tags()
		for k := range files {
			if after[k] == before[k] {
				t.Errorf("review %d: the %s workbook kept its tag", i+1, files[k].req.Kind)
			}
		}
		before = after
	}
}
