package app

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestParseWaitsForASlot: with every parse slot taken, a parse waits —
// it is counted waiting and does not finish — and runs as soon as a slot
// is given back, within its deadline.
func TestParseWaitsForASlot(t *testing.T) {
	data, err := os.ReadFile("../../../../testdata/piano-performance-2020.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	a := New(nil, Options{Timeout: time.Minute})
	sem := a.parses.get()
	for range cap(sem) { // every slot taken, as by long parses
		sem <- struct{}{}
	}
	done := make(chan error, 1)
	go func() {
		_, err := a.SuggestMapping(context.Background(), data)
		done <- err
	}()
	for a.parses.waits.Load() == 0 { // the parse has found the slots taken
		select {
		case err := <-done:
			t.Fatalf("the parse ran with every slot taken: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	select {
	case err := <-done:
		t.Fatalf("the parse finished while waiting: %v", err)
	default:
	}
	<-sem // one slot given back
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the parse did not run once a slot was free")
	}
	if n := a.parses.waits.Load(); n != 1 {
		t.Errorf("%d parses waited, want 1", n)
	}
}

// TestParseGivesUpAtItsDeadline: a parse that never gets a slot is
// refused when its deadline passes, with a sentence, and leaves nothing
// taken.
func TestParseGivesUpAtItsDeadline(t *testing.T) {
	a := New(nil, Options{Timeout: 50 * time.Millisecond})
	sem := a.parses.get()
	for range cap(sem) {
		sem <- struct{}{}
	}
	_, err := a.SuggestMapping(context.Background(), []byte("PK"))
	if err != errBusy {
		t.Fatalf("err = %v, want errBusy", err)
	}
	if len(sem) != cap(sem) {
		t.Errorf("%d slots taken after giving up, want %d", len(sem), cap(sem))
	}
}
