package web_test

import (
	"strings"
	"testing"
)

// TestStyleSheetIsBalanced: every block of the style sheet closes, and
// closes where it opened. A media query left open swallows every rule
// after it: the tracker's chips lost their colours on desktops that way.
func TestStyleSheetIsBalanced(t *testing.T) {
	f := setup(t)
	rec := f.do(t, "", "GET", "/static/style.css", nil, "")
	if rec.Code != 200 {
		t.Fatalf("style.css: %d", rec.Code)
	}
	depth := 0
	for i, line := range strings.Split(rec.Body.String(), "\n") {
		if depth > 0 && strings.HasPrefix(line, "@media") {
			t.Errorf("line %d: a media query opens inside another block", i+1)
		}
		depth += strings.Count(line, "{") - strings.Count(line, "}")
		if depth < 0 {
			t.Fatalf("line %d: a block closes that never opened", i+1)
		}
	}
	if depth != 0 {
		t.Errorf("%d blocks never close", depth)
	}
}
