package app

import (
	"context"
	"sync"
	"testing"
	"time"

	"cruscotto/model"
)

// TestCacheReleasesKeyOnPanic: a generation that panics tells its waiters
// and frees its key, so the next asker generates the file anew instead of
// waiting forever.
func TestCacheReleasesKeyOnPanic(t *testing.T) {
	var c fileCache
	ctx := context.Background()
	started, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() { recover() }() // the panic goes on up to its asker
		c.get(ctx, "k", func() (cachedFile, error) {
			close(started)
			<-release
			panic("boom")
		})
	}()
	<-started
	waited := make(chan error, 1)
	go func() {
		_, err := c.get(ctx, "k", func() (cachedFile, error) { return cachedFile{}, nil })
		waited <- err
	}()
	time.Sleep(10 * time.Millisecond) // let the waiter find the flight (either way the test holds)
	close(release)
	wg.Wait()
	select {
	case err := <-waited:
		if err != nil && model.ErrorCode(err) != model.EInternal {
			t.Errorf("waiter: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a waiter still waits on a panicked generation")
	}
	done := make(chan struct{})
	go func() {
		f, err := c.get(ctx, "k", func() (cachedFile, error) { return cachedFile{name: "nuovo"}, nil })
		if err != nil || f.name != "nuovo" {
			t.Errorf("after the panic: %+v %v", f, err)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the key stays locked after a panic")
	}
}

// TestCacheWaiterHonoursContext: a request waiting for another's
// generation stops waiting when its own context ends.
func TestCacheWaiterHonoursContext(t *testing.T) {
	var c fileCache
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	go c.get(context.Background(), "k", func() (cachedFile, error) { close(started); <-release; return cachedFile{}, nil })
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	begun := time.Now()
	_, err := c.get(ctx, "k", func() (cachedFile, error) { return cachedFile{}, nil })
	if model.ErrorCode(err) != model.ETimeout || time.Since(begun) > 2*time.Second {
		t.Errorf("waiter: %v after %v", err, time.Since(begun))
	}
}
