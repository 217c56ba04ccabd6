package model

import (
	"net/mail"
	"strings"
)

// ParseEmail checks an e-mail address and returns it in the form it is
// stored: the address alone (a display name dropped: «Mario Rossi
// <m.rossi@cciaa.it>» is m.rossi@cciaa.it), lower-case. "" clears it.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || !strings.Contains(a.Address, "@") || strings.ContainsAny(a.Address, " \t\r\n") {
		return "", Errorf(EInvalid, "«%s» non è un indirizzo e-mail valido: scriverlo come nome@dominio.it.", s)
	}
	local, domain, _ := strings.Cut(a.Address, "@")
	if local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", Errorf(EInvalid, "«%s» non è un indirizzo e-mail valido: scriverlo come nome@dominio.it.", s)
	}
	return strings.ToLower(a.Address), nil
}
