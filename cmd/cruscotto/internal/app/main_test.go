package app_test

import (
	"os"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model/sqlite"
)

// the SQLite database is the app's backend
var _ app.Backend = (*sqlite.DB)(nil)

// TestMain runs the package's tests with a cheap password hash: log-ins
// are what they test, not bcrypt's cost (sqlite.PasswordCost).
func TestMain(m *testing.M) {
	sqlite.PasswordCost = bcrypt.MinCost
	os.Exit(m.Run())
}
