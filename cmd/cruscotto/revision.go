package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// runPlansDiff prints what changed between two versions of a year's plan.
func runPlansDiff(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "plans diff", "[--db FILE] [--json] VECCHIO NUOVO")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	asJSON := fs.Bool("json", false, `stampa {"changed","added","removed","not_carried"} in JSON`)
	ids, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(ids) != 2 {
		return usageError(e, fs, fmt.Errorf("indicare due id di piano: la versione vecchia e la nuova (vedi «cruscotto plans»)"))
	}
	var old, new int64
	for i, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return usageError(e, fs, fmt.Errorf("id di piano «%s» non valido", s))
		}
		if i == 0 {
			old = id
		} else {
			new = id
		}
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	changes, err := a.DiffPlans(ctx, cliPrincipal(), old, new)
	if err != nil {
		printError(e.stderr, err)
		if c := model.ErrorCode(err); c == model.EInvalid || c == model.ENotFound {
			return exitUsage // not two versions of one plan: the call's words are off
		}
		return exitRejected
	}
	if *asJSON {
		return printJSON(e, changes.Diff)
	}
	printChanges(e.stdout, changes)
	return exitOK
}

// warnUncarried says on stderr, beside a JSON document on stdout, how
// many values a revision leaves behind.
func warnUncarried(w io.Writer, c *app.PlanChanges) {
	if n := len(c.Diff.NotCarried); n > 0 {
		fmt.Fprintf(w, "Attenzione: %s nella versione %d (vedi «not_carried»).\n", model.Plural(n, "valore non è riportato e resta", "valori non sono riportati e restano"), c.Old.Version)
	}
}

// printChanges writes a revision's diff as people read it.
func printChanges(w io.Writer, c *app.PlanChanges) {
	d := c.Diff
	if d.Empty() {
		fmt.Fprintf(w, "Nessuna differenza rispetto alla versione %d del piano %d: ogni valore è riportato.\n", c.Old.Version, c.Old.Year)
		return
	}
	fmt.Fprintf(w, "Cosa è cambiato rispetto alla versione %d del piano %d (id %d):\n", c.Old.Version, c.Old.Year, c.Old.ID)
	if len(d.Changed) > 0 {
		fmt.Fprintf(w, "  modifiche (%d):\n", len(d.Changed))
		for _, ch := range d.Changed {
			fmt.Fprintf(w, "    %s\n", ch)
		}
	}
	if len(d.Added) > 0 {
		fmt.Fprintf(w, "  aggiunti (%d): %s\n", len(d.Added), strings.Join(d.Added, ", "))
	}
	if len(d.Removed) > 0 {
		fmt.Fprintf(w, "  tolti (%d): %s\n", len(d.Removed), strings.Join(d.Removed, ", "))
	}
	if len(d.NotCarried) > 0 {
		fmt.Fprintf(w, "Attenzione: %s, perché l'azione è stata tolta o si misura in un'altra forma; %s nella versione %d:\n",
			model.Plural(len(d.NotCarried), "valore non è riportato", "valori non sono riportati"), map[bool]string{true: "resta", false: "restano"}[len(d.NotCarried) == 1], c.Old.Version)
		for _, v := range d.NotCarried {
			fmt.Fprintf(w, "    %s, %s: %s\n", v.Code, v.Period.Label(), v.Value)
		}
	}
	if c.Carried > 0 {
		fmt.Fprintf(w, "Valori riportati dalla versione %d: %d.\n", c.Old.Version, c.Carried)
	}
}
