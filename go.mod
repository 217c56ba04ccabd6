module cruscotto

go 1.26.8

require golang.org/x/text v0.43.0

require github.com/mattn/go-sqlite3 v1.14.53 // indirect
