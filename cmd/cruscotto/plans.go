package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"cruscotto/model"
)

// runPlans lists the stored plans, or runs a «plans» subcommand: diff,
// reminders, state, delete.
func runPlans(ctx context.Context, e env, args []string) int {
	if len(args) > 0 && args[0] == "diff" {
		return runPlansDiff(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "reminders" {
		return runPlansReminders(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "state" {
		return runPlansState(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "delete" {
		return runPlansDelete(ctx, e, args[1:])
	}
	fs := newFlagSet(e, "plans", "[--db FILE] [--json] | diff [--db FILE] [--json] VECCHIO NUOVO | reminders [--db FILE] ID GIORNI | state [--db FILE] ID bozza|raccolta|archiviato | delete [--db FILE] --yes ID")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	asJSON := fs.Bool("json", false, "stampa l'elenco in JSON")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(rest) > 0 {
		return usageError(e, fs, fmt.Errorf("argomenti inattesi: %v", rest))
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	plans, err := a.Plans(ctx, cliPrincipal())
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	if *asJSON {
		return printJSON(e, plans)
	}
	if len(plans) == 0 {
		fmt.Fprintln(e.stdout, "Nessun piano importato. Usare «cruscotto import FILE.xlsx».")
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tANNO\tVERSIONE\tSTATO\tAZIONI\tSTRUTTURE\tAVVISI\tIMPORTATO\tFILE")
	for _, p := range plans {
		v := fmt.Sprint(p.Version)
		if p.Current {
			v += " (in vigore)"
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", p.ID, p.Year, v, p.State.Label(), p.Actions, p.Units, p.Warnings, p.ImportedAt.In(model.Rome).Format("02/01/2006 15:04"), p.FileName)
	}
	tw.Flush()
	return exitOK
}

// runPlansState moves a plan, every version of its year, to a state:
// «plans state 1 raccolta» opens it to the units.
func runPlansState(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "plans state", "[--db FILE] [--closes PERIODO=AAAA-MM-GG]… ID bozza|raccolta|archiviato")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	closing := map[string]string{}
	fs.Func("closes", "aprendo il piano, un periodo e la sua data di chiusura (2020=2021-01-31, 2020-06=2020-07-15); ripetibile", func(v string) error {
		p, d, ok := strings.Cut(v, "=")
		if !ok {
			return fmt.Errorf("scrivere PERIODO=AAAA-MM-GG, per esempio 2020=2021-01-31")
		}
		closing[p] = d
		return nil
	})
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(rest) != 2 {
		return usageError(e, fs, fmt.Errorf("indicare il piano e lo stato, per esempio: plans state 1 raccolta"))
	}
	var id int64
	if _, err := fmt.Sscan(rest[0], &id); err != nil || id <= 0 {
		return usageError(e, fs, fmt.Errorf("«%s» non è l'id di un piano", rest[0]))
	}
	state, err := model.ParsePlanState(rest[1])
	if err != nil {
		return usageError(e, fs, err)
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	p, err := a.SetPlanState(ctx, cliPrincipal(), id, state, closing)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	fmt.Fprintf(e.stdout, "Piano %d: %s.%s\n", p.Year, p.State.Label(), stateHint(p.State))
	return exitOK
}

// stateHint says what a state means for the units.
func stateHint(s model.PlanState) string {
	switch s {
	case model.StateCollecting:
		return " Le strutture lo vedono, scaricano le loro cartelle e inviano i valori."
	case model.StateArchived:
		return " Le strutture non lo vedono più; resta consultabile in sola lettura."
	}
	return " Lo vedono solo il Controller e la direzione."
}

// runPlansDelete deletes a plan never opened for collection, every
// version of its year; without --yes it says what would go and stops.
func runPlansDelete(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "plans delete", "[--db FILE] --yes ID")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	yes := fs.Bool("yes", false, "conferma l'eliminazione")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	var id int64
	if len(rest) != 1 {
		return usageError(e, fs, fmt.Errorf("indicare l'id del piano da eliminare"))
	}
	if _, err := fmt.Sscan(rest[0], &id); err != nil || id <= 0 {
		return usageError(e, fs, fmt.Errorf("«%s» non è l'id di un piano", rest[0]))
	}
	if !*yes {
		fmt.Fprintf(e.stderr, "L'eliminazione toglie tutte le versioni del piano e i valori inseriti su di esso (i file caricati restano nel registro), solo se non è mai stato aperto alla raccolta. Per confermare: cruscotto plans delete --yes %d\n", id)
		return exitUsage
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	year, versions, err := a.DeletePlan(ctx, cliPrincipal(), id)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	fmt.Fprintf(e.stdout, "Piano %d eliminato (%s). I file caricati restano nel registro.\n", year, model.Plural(versions, "versione", "versioni"))
	return exitOK
}
