package web

// The limits are tested here, inside the package, where the HTTP tests
// would need tens of thousands of bcrypt checks to fill them.

import (
	"fmt"
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
