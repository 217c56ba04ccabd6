package web

// The limits are tested here, inside the package, where the HTTP tests
// would need tens of thousands of bcrypt checks to fill them.

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLimiterBounded(t *testing.T) {
	const keys = 10000
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t.Run("EvictsExpiredKeepsLive", func(t *testing.T) {
		l := newLimiter(5, time.Minute, keys)
		now := t0
		victim := func() bool { ok, _ := l.allow("victim", now); return ok }
		// 20,000 addresses, one every 10 ms: 6,000 in any minute
		for i := 0; i < 20000; i++ {
			now = now.Add(10 * time.Millisecond)
			if ok, _ := l.allow(fmt.Sprintf("10.%d.%d.%d", i>>16, i>>8&255, i&255), now); !ok {
				t.Fatalf("key %d refused on its first attempt", i)
			}
			if i == 15000 {
				for j := 0; j < 5; j++ {
					victim()
				}
				if victim() {
					t.Fatal("the sixth attempt of the victim passed")
				}
			}
			if n := l.hits.len(); n > keys {
				t.Fatalf("%d keys held, bound %d", n, keys)
			}
		}
		if victim() {
			t.Error("the victim, still within its window, was forgotten")
		}
		if n := l.hits.len(); n > 6100 {
			t.Errorf("%d keys held: the expired ones should be gone", n)
		}
		now = now.Add(time.Minute)
		if !victim() {
			t.Error("the victim is still refused after its window")
		}
	})
	t.Run("FullOfLiveKeys", func(t *testing.T) {
		l := newLimiter(5, time.Minute, keys)
		for i := 0; i <= keys; i++ {
			l.allow(fmt.Sprint("k", i), t0)
		}
		if n := l.hits.len(); n != keys {
			t.Errorf("%d keys held, want %d", n, keys)
		}
		if l.hits.lookup("k0") != nil || l.hits.lookup(fmt.Sprint("k", keys)) == nil {
			t.Error("the least recently used key should be the one dropped")
		}
	})
}

func TestBackoffDelays(t *testing.T) {
	b := newBackoff(100)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var waits []time.Duration
	for i := 0; i < 12; i++ {
		now = now.Add(b.wait("admin", now))
		b.fail("admin", now)
		waits = append(waits, b.wait("admin", now))
	}
	want := []time.Duration{0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60} // the attempt after the third failure waits
	for i := range want {
		if waits[i] != want[i]*time.Second {
			t.Fatalf("waits %v, want %v seconds", waits, want)
		}
	}
	if b.wait("Anna", now) != 0 {
		t.Error("another name waits")
	}
	b.succeed("admin")
	if b.wait("admin", now) != 0 {
		t.Error("a success does not reset the delay")
	}
	b.fail("bruno", now)
	b.fail("bruno", now)
	now = now.Add(16 * time.Minute)
	b.fail("bruno", now)
	if b.wait("bruno", now) != 0 {
		t.Error("failures long past still count")
	}
}

func TestAddressKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{"::ffff:203.0.113.7", "203.0.113.7"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := addressKey(tt.in); got != tt.want {
			t.Errorf("addressKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBackoffRunsFromTheFailure: an attempt reserved before a slow
// password check waits from when the check failed, not from its start.
func TestBackoffRunsFromTheFailure(t *testing.T) {
	b := newBackoff(100)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if w := b.begin("admin", now); w != 0 {
			t.Fatalf("attempt %d waits %v", i+1, w)
		}
		now = now.Add(900 * time.Millisecond) // bcrypt
		b.failed("admin", now)
	}
	if w := b.wait("admin", now.Add(500*time.Millisecond)); w != 500*time.Millisecond {
		t.Errorf("half a second after the third failure: wait %v, want 500ms", w)
	}
}

// TestLimitersUnderParallelAttempts: 200 attempts at the same instant,
// from one address and for one user name, are counted one by one — the
// address limit lets exactly its 5 through, the user's backoff exactly
// its free 3 — and those forgiven free their places for the next ones.
func TestLimitersUnderParallelAttempts(t *testing.T) {
	const attempts = 200
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	parallel := func(attempt func(i int) bool) int {
		var wg sync.WaitGroup
		var passed atomic.Int64
		start := make(chan struct{})
		for i := range attempts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start // every attempt ready, then all at once
				if attempt(i) {
					passed.Add(1)
				}
			}()
		}
		close(start)
		wg.Wait()
		return int(passed.Load())
	}
	t.Run("AddressLimit", func(t *testing.T) {
		l := newLimiter(5, time.Minute, 100)
		if n := parallel(func(int) bool { ok, _ := l.allow("ip:203.0.113.7", now); return ok }); n != 5 {
			t.Errorf("%d of %d attempts allowed, want 5", n, attempts)
		}
		// the 5 forgiven at once (right passwords) free 5 places
		for range 5 {
			l.forgive("ip:203.0.113.7", now)
		}
		if n := parallel(func(int) bool { ok, _ := l.allow("ip:203.0.113.7", now); return ok }); n != 5 {
			t.Errorf("%d of %d attempts allowed after forgiving 5, want 5", n, attempts)
		}
	})
	t.Run("ManyAddresses", func(t *testing.T) {
		l := newLimiter(5, time.Minute, 1000)
		if n := parallel(func(i int) bool { ok, _ := l.allow(fmt.Sprint("ip:10.0.0.", i), now); return ok }); n != attempts {
			t.Errorf("%d of %d addresses allowed their first attempt", n, attempts)
		}
	})
	t.Run("UserBackoff", func(t *testing.T) {
		b := newBackoff(100)
		if n := parallel(func(int) bool { return b.begin("admin", now) == 0 }); n != 3 {
			t.Errorf("%d of %d attempts for one name checked, want its 3 free ones", n, attempts)
		}
		if wait := b.wait("admin", now); wait <= 0 {
			t.Errorf("no wait after %d failures at once", attempts)
		}
		b.succeed("admin")
		if n := parallel(func(int) bool { return b.begin("admin", now) == 0 }); n != 3 {
			t.Errorf("%d attempts checked after a success, want 3 again", n)
		}
	})
}
