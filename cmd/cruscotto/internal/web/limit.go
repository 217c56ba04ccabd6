package web

import (
	"container/list"
	"net"
	"strings"
	"sync"
	"time"
)

// bounded is a map of at most max entries that drops the least recently
// touched first. Stale entries sit at the back and go before live ones,
// and a flood of new keys can neither grow memory nor wipe every counter
// at once, as a reset would.
type bounded[V any] struct {
	max   int
	items map[string]*list.Element
	order *list.List // of *boundedEntry[V], most recently touched in front
}

type boundedEntry[V any] struct {
	key     string
	touched time.Time
	val     V
}

func newBounded[V any](max int) *bounded[V] {
	return &bounded[V]{max: max, items: map[string]*list.Element{}, order: list.New()}
}

// touch returns the key's value, created empty if new, and marks it used
// at now.
func (b *bounded[V]) touch(key string, now time.Time) *V {
	if el, ok := b.items[key]; ok {
		e := el.Value.(*boundedEntry[V])
		e.touched = now
		b.order.MoveToFront(el)
		return &e.val
	}
	for len(b.items) >= b.max {
		b.remove(b.order.Back().Value.(*boundedEntry[V]).key)
	}
	e := &boundedEntry[V]{key: key, touched: now}
	b.items[key] = b.order.PushFront(e)
	return &e.val
}

// lookup returns the key's value without touching it, or nil.
func (b *bounded[V]) lookup(key string) *V {
	if el, ok := b.items[key]; ok {
		return &el.Value.(*boundedEntry[V]).val
	}
	return nil
}

func (b *bounded[V]) remove(key string) {
	if el, ok := b.items[key]; ok {
		b.order.Remove(el)
		delete(b.items, key)
	}
}

// expire drops the entries untouched since before cutoff; they are all at
// the back, so this costs only what it drops.
func (b *bounded[V]) expire(cutoff time.Time) {
	for el := b.order.Back(); el != nil && el.Value.(*boundedEntry[V]).touched.Before(cutoff); el = b.order.Back() {
		b.remove(el.Value.(*boundedEntry[V]).key)
	}
}

func (b *bounded[V]) len() int { return len(b.items) }

// limiter allows max attempts per key in a sliding window: login attempts
// per client address.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   *bounded[[]time.Time]
}

func newLimiter(max int, window time.Duration, keys int) *limiter {
	return &limiter{max: max, window: window, hits: newBounded[[]time.Time](keys)}
}

// allow records an attempt and reports whether it is within the limit;
// if not, it says how long until the oldest attempt leaves the window.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hits.expire(now.Add(-l.window))
	hits := l.hits.touch(key, now)
	recent := (*hits)[:0]
	for _, t := range *hits {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.max {
		*hits = recent
		return false, recent[0].Add(l.window).Sub(now)
	}
	*hits = append(recent, now)
	return true, 0
}

// forgive takes back an attempt allow recorded at now: a login that
// succeeded, or that never reached the password check.
func (l *limiter) forgive(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	hits := l.hits.lookup(key)
	if hits == nil {
		return
	}
	for i := len(*hits) - 1; i >= 0; i-- {
		if (*hits)[i].Equal(now) {
			*hits = append((*hits)[:i], (*hits)[i+1:]...)
			return
		}
	}
}

// backoff makes each failed login for a user name, after the first few,
// wait twice as long as the one before, up to a cap. A lock-out would let
// anyone lock the admin out by failing on purpose; a capped delay only
// slows guessing, and the right password still gets in after the wait.
type backoff struct {
	mu     sync.Mutex
	free   int           // failures before any delay
	base   time.Duration // the first delay
	max    time.Duration
	forget time.Duration // a name with no failure for this long starts over
	users  *bounded[failures]
}

type failures struct {
	n     int
	until time.Time // no attempt before this
}

func newBackoff(keys int) *backoff {
	return &backoff{free: 3, base: time.Second, max: time.Minute, forget: 15 * time.Minute, users: newBounded[failures](keys)}
}

// wait says how long the name must still wait before its next attempt.
func (b *backoff) wait(name string, now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.users.expire(now.Add(-b.forget))
	if f := b.users.lookup(name); f != nil && f.until.After(now) {
		return f.until.Sub(now)
	}
	return 0
}

// begin reserves an attempt for the name: it says how long the name must
// still wait, or, when it need not, counts the attempt as a failure
// before the password is checked — parallel attempts each see the ones
// before them — until succeed forgets it.
func (b *backoff) begin(name string, now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.users.expire(now.Add(-b.forget))
	if f := b.users.lookup(name); f != nil && f.until.After(now) {
		return f.until.Sub(now)
	}
	b.failLocked(name, now)
	return 0
}

// fail records a failed attempt for the name.
func (b *backoff) fail(name string, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.users.expire(now.Add(-b.forget))
	b.failLocked(name, now)
}

func (b *backoff) failLocked(name string, now time.Time) {
	f := b.users.touch(name, now)
	f.n++
	if d := b.delay(f.n); d > 0 {
		f.until = now.Add(d)
	}
}

// delay is the wait after n consecutive failures: none for the first
// free-1, then base, doubling, up to max (free 3: the attempt after the
// third failure waits a second).
func (b *backoff) delay(n int) time.Duration {
	extra := n - b.free + 1
	switch {
	case extra <= 0:
		return 0
	case extra <= 30 && b.base<<(extra-1) < b.max:
		return b.base << (extra - 1)
	}
	return b.max
}

// failed starts the name's wait again from now, when an attempt reserved
// by begin has failed: the delay runs from the failure the person saw,
// not from when the password check began.
func (b *backoff) failed(name string, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if f := b.users.lookup(name); f != nil {
		if d := b.delay(f.n); d > 0 {
			f.until = now.Add(d)
		}
	}
}

// succeed forgets the name's failures.
func (b *backoff) succeed(name string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.users.remove(name)
}

// maxKeyLen bounds what a posted user name may cost in memory.
const maxKeyLen = 128

// nameKey is a user name's key for the backoff: user names are matched
// without case.
func nameKey(username string) string {
	k := strings.ToLower(username)
	if len(k) > maxKeyLen {
		k = k[:maxKeyLen]
	}
	return k
}

// addressKey is a client address's key for the limiter. An IPv6 client
// usually holds a whole /64, so it is limited as one.
func addressKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		if len(addr) > maxKeyLen {
			addr = addr[:maxKeyLen]
		}
		return addr
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip.String()
}

// inflight counts, per client address, the log-ins whose password is
// being checked: a log-in refused by the address limit while others are
// under way waits for them, since a success is forgiven.
type inflight struct {
	mu sync.Mutex
	n  map[string]int
}

func (f *inflight) add(key string, d int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == nil {
		f.n = map[string]int{}
	}
	if f.n[key] += d; f.n[key] <= 0 {
		delete(f.n, key)
	}
}

func (f *inflight) busy(key string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n[key] > 0
}
