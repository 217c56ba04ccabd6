package app

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"

	"cruscotto/model"
)

// FileKind is a workbook the service generates for download.
type FileKind string

// The generated workbooks that are cached.
const (
	FileEntry  FileKind = "entry"  // a unit's data-entry workbook
	FileScored FileKind = "scored" // the scored workbook
	FileFilled FileKind = "filled" // the filled plan
)

// FileRequest names a generated workbook: the plan, the period and method
// as people write them, and for FileEntry the unit's slug. Held are the
// ETags of the copies the client holds ("*" for any).
type FileRequest struct {
	Kind                 FileKind
	PlanID               int64
	Unit, Period, Method string
	Held                 []string
}

// Download is a generated workbook and its ETag, the digest of its content
// key. NotModified says that the client's copy is current: Content is then
// nil and nothing was generated.
type Download struct {
	FileName    string
	ETag        string
	Content     []byte
	NotModified bool
}

// DefaultCacheBytes bounds the generated workbooks kept in memory.
const DefaultCacheBytes = 64 << 20

// Download serves a generated workbook for who. Its content key — the
// kind, the plan version, the unit and its actions, the period and its
// closing, the method, the newest measurement stored (for a unit's
// workbook, of its own actions), and the previous year's plan in force
// with, for a unit's workbook, the newest value of those actions there —
// changes
// whenever anything the file shows may have: a client whose ETag matches
// gets NotModified without any work, and concurrent requests for one key
// generate the file once and share it.
func (a *App) Download(ctx context.Context, who model.Principal, r FileRequest) (*Download, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if r.Kind == FileEntry { // as UnitWorkbook: the version in force's
		if err := model.Authorize(who, model.OpEntryWorkbook); err != nil {
			return nil, err
		}
		id, err := a.inForceID(ctx, r.PlanID)
		if err != nil {
			return nil, err
		}
		r.PlanID = id
	}
	key, err := a.contentKey(ctx, who, r)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(key))
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	if slices.Contains(r.Held, etag) || slices.Contains(r.Held, "*") {
		return &Download{ETag: etag, NotModified: true}, nil
	}
	f, err := a.files.get(ctx, key, func() (cachedFile, error) {
		// others may wait for this file: the asker leaving does not stop
		// it (the export's own deadline does)
		content, name, err := a.generate(context.WithoutCancel(ctx), who, r)
		return cachedFile{name: name, content: content}, err
	})
	if err != nil {
		return nil, err
	}
	return &Download{FileName: f.name, ETag: etag, Content: f.content}, nil
}

// contentKey checks that who may have the file and returns what it is
// made from, as a string.
func (a *App) contentKey(ctx context.Context, who model.Principal, r FileRequest) (string, error) {
	op := model.OpResults
	if r.Kind == FileEntry {
		op = model.OpEntryWorkbook
	}
	if err := model.Authorize(who, op); err != nil {
		return "", err
	}
	plan, p, err := a.planPeriod(ctx, who, r.PlanID, r.Period)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s|plan %d %s|period %s", r.Kind, plan.ID, plan.SHA256, p)
	switch r.Kind {
	case FileEntry:
		unit, ok := UnitBySlug(plan, r.Unit)
		if !ok || !model.MayOn(who, model.OpEntryWorkbook, unit) {
			return "", model.ErrNoSuchUnit(r.Unit)
		}
		st, err := a.period(ctx, plan.ID, p)
		if err != nil {
			return "", err
		}
		// its own actions' values only: another unit's upload leaves it be
		var codes []string
		for _, act := range plan.UnitActions(unit) {
			codes = append(codes, act.Code)
		}
		rev, err := a.store.Revision(ctx, plan.ID, codes)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "|unit %s|closes %v|rev %s|%s", unit, st.ClosesOn, rev, strings.Join(codes, ",")) // merged names change the codes
		last, err := a.lastYearKey(ctx, plan, codes)
		if err != nil {
			return "", err
		}
		b.WriteString(last)
	case FileScored, FileFilled:
		m, err := model.ParseMethod(r.Method)
		if err != nil {
			return "", err
		}
		rev, err := a.store.Revision(ctx, 0, nil)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "|method %s|rev %s|units ", m, rev)
		for _, u := range plan.Units { // merged unit names change «Per unità»
			b.WriteString(u.Name + ",")
		}
		if r.Kind == FileScored { // Dettaglio shows last year; rev already counts its values
			last, err := a.lastYearKey(ctx, plan, nil)
			if err != nil {
				return "", err
			}
			b.WriteString(last)
		}
	default:
		return "", fmt.Errorf("download: unknown kind «%s»", r.Kind)
	}
	return b.String(), nil
}

// generate makes the file, by the operation that serves it uncached.
func (a *App) generate(ctx context.Context, who model.Principal, r FileRequest) ([]byte, string, error) {
	switch r.Kind {
	case FileEntry:
		book, err := a.UnitWorkbook(ctx, who, r.PlanID, r.Unit, r.Period)
		return book.Content, book.FileName, err
	case FileScored:
		return a.ScoredWorkbook(ctx, who, r.PlanID, r.Period, r.Method)
	}
	return a.FilledPlan(ctx, who, r.PlanID, r.Period, r.Method)
}

type cachedFile struct {
	name    string
	content []byte
}

// fileCache keeps generated files by content key, least recently used
// first out, within a bound on their bytes; one generation per key runs
// at a time and its waiters share the result. The zero value is ready.
type fileCache struct {
	mu       sync.Mutex
	max      int64 // 0: DefaultCacheBytes
	bytes    int64
	order    *list.List // of *cacheEntry, most recent first
	entries  map[string]*list.Element
	inflight map[string]*flight
}

type cacheEntry struct {
	key  string
	file cachedFile
}

type flight struct {
	done chan struct{}
	file cachedFile
	err  error
}

func (c *fileCache) limit() int64 {
	if c.max > 0 {
		return c.max
	}
	return DefaultCacheBytes
}

// get returns the file of key, made by generate when it is neither
// kept nor being made. A waiter gives up when its ctx ends; the key is
// released however generate ends, a panic included (which goes on up to
// the asker after the waiters are told).
func (c *fileCache) get(ctx context.Context, key string, generate func() (cachedFile, error)) (cachedFile, error) {
	c.mu.Lock()
	if c.entries == nil {
		c.order, c.entries, c.inflight = list.New(), map[string]*list.Element{}, map[string]*flight{}
	}
	if e, ok := c.entries[key]; ok {
		c.order.MoveToFront(e)
		f := e.Value.(*cacheEntry).file
		c.mu.Unlock()
		return f, nil
	}
	if fl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		select {
		case <-fl.done:
			return fl.file, fl.err
		case <-ctx.Done():
			return cachedFile{}, model.Errorf(model.ETimeout, "Richiesta interrotta prima che il file fosse pronto: riprovare.")
		}
	}
	fl := &flight{done: make(chan struct{})}
	c.inflight[key] = fl
	c.mu.Unlock()

	finished := false
	defer func() {
		if finished {
			return
		}
		// generate panicked: release the key and tell the waiters
		c.mu.Lock()
		delete(c.inflight, key)
		c.mu.Unlock()
		fl.err = model.Errorf(model.EInternal, "Il file non è stato generato per un errore interno: riprovare, e se si ripete avvisare l'amministratore.")
		close(fl.done)
	}()
	fl.file, fl.err = generate()
	finished = true

	c.mu.Lock()
	delete(c.inflight, key)
	if size := int64(len(fl.file.content)); fl.err == nil && size <= c.limit()/4 {
		c.entries[key] = c.order.PushFront(&cacheEntry{key: key, file: fl.file})
		c.bytes += size
		for c.bytes > c.limit() {
			last := c.order.Back()
			old := last.Value.(*cacheEntry)
			c.order.Remove(last)
			delete(c.entries, old.key)
			c.bytes -= int64(len(old.file.content))
		}
	}
	c.mu.Unlock()
	close(fl.done)
	return fl.file, fl.err
}
