package main

import (
	"context"
	"os"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"cruscotto/model/sqlite"
)

// TestMain runs the package's tests with a cheap password hash: log-ins
// are what they test, not bcrypt's cost (sqlite.PasswordCost).
// With CRUSCOTTO_TEST_AS_BINARY set, the test binary is cruscotto itself,
// for the tests that kill it.
func TestMain(m *testing.M) {
	sqlite.PasswordCost = bcrypt.MinCost
	if os.Getenv(asBinary) != "" {
		os.Exit(run(context.Background(), env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
	}
	os.Exit(m.Run())
}
