package sqlite

// HoldWriter takes the writer's turn, as a long write transaction does,
// until the returned function gives it back.
func HoldWriter(db *DB) func() {
	db.writer <- struct{}{}
	return func() { <-db.writer }
}
