package main

import (
	"context"
	"fmt"
	"os"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// maxMappingBytes bounds a mapping file: a plan of 30 columns maps in a
// few kilobytes.
const maxMappingBytes = 1 << 20

// runMapping dispatches «mapping suggest» and «mapping show».
func runMapping(ctx context.Context, e env, args []string) int {
	usage := "Uso: cruscotto mapping suggest FILE.xlsx | cruscotto mapping show [--db FILE] --plan ID"
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "suggest":
		return runMappingSuggest(ctx, e, args[1:])
	case "show":
		return runMappingShow(ctx, e, args[1:])
	}
	fmt.Fprintln(e.stderr, usage)
	return exitUsage
}

// runMappingSuggest prints the importer's reading of a plan workbook's
// headers as a mapping, to edit and give back with «import --mapping».
func runMappingSuggest(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "mapping suggest", "FILE.xlsx")
	files, err := parseFlags(fs, args)
	if err != nil || len(files) != 1 {
		return usageError(e, fs, fmt.Errorf("indicare un file .xlsx"))
	}
	data, err := readUpload(files[0])
	if err != nil {
		fmt.Fprintln(e.stderr, err)
		return exitRejected
	}
	m, err := app.New(nil).SuggestMapping(ctx, data)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: ", files[0])
		printError(e.stderr, err)
		return exitRejected
	}
	if len(m.Sheets) == 0 {
		fmt.Fprintf(e.stderr, "%s: nessuna intestazione del piano riconosciuta: scrivere la mappatura a mano (formato in docs/architettura.md, «Column mappings»).\n", files[0])
		return exitRejected
	}
	e.stdout.Write(m.JSON())
	return exitOK
}

// runMappingShow prints the mapping a stored plan was read with.
func runMappingShow(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "mapping show", "[--db FILE] --plan ID")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	planID := fs.Int64("plan", 0, "id del piano")
	rest, err := parseFlags(fs, args)
	if err != nil || len(rest) > 0 || *planID == 0 {
		return usageError(e, fs, fmt.Errorf("indicare --plan"))
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	m, err := a.PlanMapping(ctx, cliPrincipal(), *planID)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	e.stdout.Write(m.JSON())
	return exitOK
}

// readMapping reads and checks a mapping file.
func readMapping(path string) (*model.Mapping, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, model.Errorf(model.EInvalid, "File della mappatura %s non trovato.", path)
	}
	if st.Size() > maxMappingBytes {
		return nil, model.Errorf(model.EInvalid, "Il file della mappatura supera %d KB: non sembra una mappatura.", maxMappingBytes>>10)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mapping %s: %w", path, err)
	}
	return model.ParseMapping(data)
}
