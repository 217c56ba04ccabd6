package model_test

import (
	"testing"

	"cruscotto/model"
)

func TestParseEmail(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"m.rossi@cciaa.it", "m.rossi@cciaa.it"},
		{"  M.Rossi@CCIAA.it ", "m.rossi@cciaa.it"},
		{"Mario Rossi <Mario.Rossi@cciaa.it>", "mario.rossi@cciaa.it"},
		{"", ""},
	} {
		got, err := model.ParseEmail(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"rossi", "rossi@", "@cciaa.it", "rossi@cciaa", "a b@cciaa.it", "rossi@cciaa.it, bianchi@cciaa.it", "rossi@.it", "rossi@cciaa.it\r\nBcc: x@y.it"} {
		if got, err := model.ParseEmail(bad); err == nil {
			t.Errorf("ParseEmail(%q) accepted as %q", bad, got)
		}
	}
}
