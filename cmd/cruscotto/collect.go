package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

func runCollect(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "collect", "[--db FILE] [--plan ID] [--errors-out FILE.xlsx] FILE.xlsx…")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	planID := fs.Int64("plan", 0, "rifiuta i file che non sono di questo piano")
	errorsOut := fs.String("errors-out", "", "dove scrivere la cartella di correzione di un file rifiutato (con più file: una cartella)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(files) == 0 {
		return usageError(e, fs, fmt.Errorf("indicare almeno un file .xlsx compilato"))
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	code := exitOK
	for _, file := range files {
		data, err := readUpload(file)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			code = exitRejected
			continue
		}
		res, err := a.Collect(ctx, cliPrincipal(), *planID, filepath.Base(file), data)
		if err != nil {
			code = exitRejected
			fmt.Fprintf(e.stderr, "%s: ", file)
			printError(e.stderr, err)
			if *errorsOut != "" {
				writeCorrection(e, file, data, err, *errorsOut, len(files) > 1)
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%s: struttura %s, piano %d versione %d, %s\n", file, res.Identity.Unit, res.Plan.Year, res.Plan.Version, res.Identity.Period.Label())
		if r := res.Revised; r != nil {
			fmt.Fprintf(e.stdout, "La cartella era della versione %d: il piano è stato rivisto e i valori sono registrati nella versione %d, in vigore.\n", r.From, r.To)
			for _, c := range r.Changes {
				fmt.Fprintf(e.stdout, "  %s\n", c)
			}
		}
		printStored(e.stdout, res.Stored, len(res.Stored)+res.Unchanged)
		if len(res.Kept) > 0 {
			fmt.Fprintf(e.stdout, "Non aggiornate (nel file come al download, modificate nel frattempo da un'altra struttura): %s\n", strings.Join(res.Kept, ", "))
		}
		if res.Blank > 0 {
			fmt.Fprintf(e.stdout, "%s: non ancora %s.\n", model.Plural(res.Blank, "azione lasciata vuota", "azioni lasciate vuote"), map[bool]string{true: "misurata", false: "misurate"}[res.Blank == 1])
		}
	}
	return code
}

func writeCorrection(e env, file string, data []byte, refusal error, out string, many bool) {
	fixed, err := app.CorrectionWorkbook(data, refusal)
	if err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: cartella di correzione non creata: %v\n", err)
		return
	}
	if fixed == nil {
		return // the refusal is about the whole file, not its cells
	}
	path := out
	if many {
		if err := os.MkdirAll(out, 0o755); err != nil {
			fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
			return
		}
		path = filepath.Join(out, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+"-correzioni.xlsx")
	}
	if err := os.WriteFile(path, fixed, 0o644); err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return
	}
	fmt.Fprintf(e.stderr, "Cartella di correzione, con le celle da correggere evidenziate: %s\n", path)
}
