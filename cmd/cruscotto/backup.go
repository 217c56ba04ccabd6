package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// runBackup copies a database, live or not, consistently: see
// sqlite.Backup.
func runBackup(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "backup", "--db FILE --out FILE [--force]")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite da copiare (anche mentre il servizio è in funzione)")
	out := fs.String("out", "", "file della copia")
	force := fs.Bool("force", false, "sostituisce --out se esiste già")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(rest) > 0 || *out == "" {
		return usageError(e, fs, fmt.Errorf("indicare --out"))
	}
	if _, err := os.Stat(*dbPath); err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: il database %s non esiste.\n", *dbPath)
		return exitRejected
	}
	res, err := sqlite.Backup(ctx, *dbPath, *out, *force)
	if len(res.Removed) > 0 {
		fmt.Fprintf(e.stdout, "Rimossi %s lasciati da una copia interrotta: %s.\n",
			model.Plural(len(res.Removed), "file temporaneo", "file temporanei"), strings.Join(res.Removed, ", "))
	}
	if errors.Is(err, sqlite.ErrBackupRunning) {
		fmt.Fprintf(e.stderr, "cruscotto: un'altra copia verso %s è in corso: attendere che finisca.\n", *out)
		return exitRejected
	}
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(e.stderr, "cruscotto: %s esiste già: indicare un altro file o aggiungere --force per sostituirlo.\n", *out)
		return exitRejected
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: copia non riuscita: %v\n", err)
		return exitRejected
	}
	fmt.Fprintf(e.stdout, "Copia di %s scritta in %s.\n", *dbPath, *out)
	return exitOK
}
