package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"cruscotto/model"
)

// runSheets writes the data-entry workbook of each unit of a plan.
func runSheets(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "sheets", "[--db FILE] --plan ID [--period P] [--unit NOME] --out CARTELLA")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	planID := fs.Int64("plan", 0, "id del piano")
	period := fs.String("period", "", "periodo: AAAA (consuntivo, predefinito l'anno del piano) o AAAA-MM")
	unit := fs.String("unit", "", "solo la cartella di questa struttura")
	out := fs.String("out", "", "cartella in cui scrivere i file")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if *planID == 0 || *out == "" || len(rest) > 0 {
		return usageError(e, fs, fmt.Errorf("indicare --plan e --out"))
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	var units []string
	if *unit != "" {
		units = []string{*unit}
	}
	books, err := a.EntryWorkbooks(ctx, cliPrincipal(), *planID, *period, units)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return exitRejected
	}
	if len(books) > 0 && books[0].PlanID != *planID {
		fmt.Fprintf(e.stdout, "Il piano %d è stato sostituito da una revisione: le cartelle sono della versione %d in vigore (id %d), con i valori riportati.\n",
			*planID, books[0].Version, books[0].PlanID)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STRUTTURA\tFILE")
	for _, b := range books {
		path := filepath.Join(*out, b.FileName)
		if err := os.WriteFile(path, b.Content, 0o644); err != nil {
			fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
			return exitRejected
		}
		fmt.Fprintf(tw, "%s\t%s\n", b.Unit, path)
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%s in %s\n", model.Plural(len(books), "cartella di rilevazione scritta", "cartelle di rilevazione scritte"), *out)
	return exitOK
}
