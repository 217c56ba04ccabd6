package entry

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrintHeaderFits(t *testing.T) {
	for _, left := range []string{"Mediazione", strings.Repeat("Qualità & servizi ", 30), strings.Repeat("&", 300)} {
		h := printHeader(left, "consuntivo 2024")
		if n := utf8.RuneCountInString(h); n > maxHeaderFooter {
			t.Errorf("header of %d characters for %.20q…", n, left)
		}
		l, _, _ := strings.Cut(strings.TrimPrefix(h, "&L"), "&Rconsuntivo 2024")
		if !strings.HasSuffix(h, "&Rconsuntivo 2024") || strings.Count(l, "&")%2 != 0 {
			t.Errorf("header %.60q… lost its right part or split an escaped &", h)
		}
	}
	if h := printHeader("Mediazione", "2024"); h != "&LMediazione&R2024" {
		t.Errorf("short header = %q", h)
	}
}
