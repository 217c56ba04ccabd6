package model

import (
	"crypto/rand"
	"encoding/base64"
)

// RandomSecret returns n random bytes, URL-safe base64 encoded: passwords
// generated for people, session cookies, API tokens.
func RandomSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the kernel's random source does not fail
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
