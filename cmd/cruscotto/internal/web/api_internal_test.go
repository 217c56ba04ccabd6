package web

import (
	"slices"
	"testing"
)

func TestHeldETags(t *testing.T) {
	tests := []struct {
		header string
		want   []string
	}{
		{"", nil},
		{`"abc"`, []string{`"abc"`}},
		{`W/"abc", "def" ,*`, []string{`"abc"`, `"def"`, "*"}},
		{` , "x",`, []string{`"x"`}},
	}
	for _, tt := range tests {
		if got := heldETags(tt.header); !slices.Equal(got, tt.want) {
			t.Errorf("heldETags(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}
