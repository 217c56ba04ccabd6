package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

func runImport(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "import", "[--db FILE] [--year YYYY] [--mapping MAPPATURA.json] [--state bozza|raccolta|archiviato] [--json] [--dry-run] FILE.xlsx")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	year := fs.Int("year", 0, "anno del piano (predefinito: il primo anno sotto «Target», o nel titolo)")
	mappingPath := fs.String("mapping", "", "le colonne da leggere (vedi «cruscotto mapping suggest»)")
	asJSON := fs.Bool("json", false, "stampa il piano in JSON")
	dryRun := fs.Bool("dry-run", false, "stampa cosa cambierebbe rispetto alla versione in vigore, senza importare nulla")
	state := fs.String("state", "", "lo stato di un piano nuovo: bozza (predefinito: lo vedono solo il Controller e la direzione), raccolta (aperto alle strutture); una nuova versione tiene lo stato del suo piano")
	files, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(files) != 1 {
		return usageError(e, fs, fmt.Errorf("indicare un solo file .xlsx da importare"))
	}
	if *year != 0 && (*year < 2000 || *year > 2100) {
		return usageError(e, fs, fmt.Errorf("anno %d non valido", *year))
	}
	data, err := readUpload(files[0])
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitRejected
	}
	opts := app.ImportOptions{Year: *year}
	if *state != "" {
		if opts.State, err = model.ParsePlanState(*state); err != nil {
			return usageError(e, fs, err)
		}
	}
	if *mappingPath != "" {
		if opts.Mapping, err = readMapping(*mappingPath); err != nil {
			fmt.Fprintf(e.stderr, "%s: ", *mappingPath)
			printError(e.stderr, err)
			return exitRejected
		}
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	if *dryRun {
		return previewImport(ctx, e, a, files[0], data, opts, *asJSON)
	}
	plan, created, err := a.ImportPlan(ctx, cliPrincipal(), filepath.Base(files[0]), data, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: ", files[0])
		printError(e.stderr, err)
		return exitRejected
	}
	var changes *app.PlanChanges
	if created && plan.Version > 1 {
		if changes, err = a.Changes(ctx, cliPrincipal(), plan.ID); err != nil {
			printError(e.stderr, err)
			return exitRejected
		}
	}
	if *asJSON {
		doc := struct {
			*model.Plan
			Changes *model.PlanDiff `json:"changes,omitempty"`
		}{Plan: plan}
		if changes != nil {
			doc.Changes = &changes.Diff
			warnUncarried(e.stderr, changes)
		}
		return printJSON(e, doc)
	}
	printPlanSummary(e.stdout, plan, created)
	if changes != nil {
		printChanges(e.stdout, changes)
	}
	return exitOK
}

// previewImport prints what importing a plan file would change (with
// asJSON, the diff's JSON: null when it would be a first version or a file
// imported already), and imports nothing.
func previewImport(ctx context.Context, e env, a *app.App, path string, data []byte, opts app.ImportOptions, asJSON bool) int {
	pending, err := a.PreviewRevision(ctx, cliPrincipal(), filepath.Base(path), data, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: ", path)
		printError(e.stderr, err)
		return exitRejected
	}
	if asJSON {
		if pending == nil {
			return printJSON(e, nil)
		}
		warnUncarried(e.stderr, &pending.Changes)
		return printJSON(e, pending.Changes.Diff)
	}
	if pending == nil {
		fmt.Fprintf(e.stdout, "%s: nessuna versione in vigore da sostituire (primo piano del suo anno, o file già importato). Nulla è stato importato.\n", path)
		return exitOK
	}
	printChanges(e.stdout, &pending.Changes)
	fmt.Fprintf(e.stdout, "Prova senza importare (--dry-run): nulla è stato importato.\n")
	return exitOK
}

// readUpload reads a user's file, refusing what is too large to be a plan
// before reading it.
func readUpload(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s: file non trovato", path)
		}
		return nil, fmt.Errorf("%s: impossibile aprire il file: %v", path, err)
	}
	defer f.Close()
	// the same limit as the service's, so a file the CLI takes the web
	// takes too
	data, err := io.ReadAll(io.LimitReader(f, model.MaxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: impossibile leggere il file: %v", path, err)
	}
	if len(data) > model.MaxUploadBytes {
		return nil, fmt.Errorf("%s: il file supera i %s consentiti: non sembra un file del Cruscotto", path, model.MaxUploadText)
	}
	return data, nil
}

// printError writes a user error as its sentence followed by one line per
// located problem; an internal error as a single line.
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, model.ErrorMessage(err))
	for _, p := range model.ErrorProblems(err) {
		fmt.Fprintln(w, p.String())
	}
	if model.ErrorCode(err) == model.EInternal {
		fmt.Fprintf(w, "dettaglio: %v\n", err)
	}
}

func printJSON(e env, v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return exitRejected
	}
	return exitOK
}

func printPlanSummary(w io.Writer, p *model.Plan, created bool) {
	if created {
		fmt.Fprintf(w, "Piano %d importato: versione %d, id %d (%s)\n", p.Year, p.Version, p.ID, p.FileName)
	} else {
		fmt.Fprintf(w, "File già importato: piano %d versione %d, id %d (%s). Nulla è cambiato.\n", p.Year, p.Version, p.ID, p.FileName)
	}
	c := p.Counts()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  stato\t%s\n", p.State.Label())
	fmt.Fprintf(tw, "  prospettive\t%d\n", c.Perspectives)
	fmt.Fprintf(tw, "  obiettivi strategici\t%d\n", c.Strategic)
	fmt.Fprintf(tw, "  obiettivi operativi\t%d\n", c.Operational)
	fmt.Fprintf(tw, "  azioni\t%d\n", c.Actions)
	fmt.Fprintf(tw, "  strutture responsabili\t%d\n", c.Units)
	tw.Flush()
	if len(p.Warnings) == 0 {
		fmt.Fprintln(w, "Nessun avviso.")
		return
	}
	fmt.Fprintf(w, "Avvisi (%d):\n", len(p.Warnings))
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "  %s\n", warn)
	}
}
