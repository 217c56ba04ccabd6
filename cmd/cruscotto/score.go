package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

// runScore prints a plan's scores for a period, and writes the scored
// workbook and the filled plan.
func runScore(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "score", "[--db FILE] --plan ID [--period P] [--method step|linear] [--json] [--out FILE.xlsx] [--filled-plan FILE.xlsx]")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	planID := fs.Int64("plan", 0, "id del piano")
	period := fs.String("period", "", "periodo: AAAA o AAAA-MM (predefinito: l'anno del piano)")
	method := fs.String("method", "step", "step (a gradini, la regola della Camera) o linear (interpolazione)")
	asJSON := fs.Bool("json", false, "stampa i punteggi in JSON")
	out := fs.String("out", "", "scrive la cartella dei risultati per la direzione (.xlsx)")
	filled := fs.String("filled-plan", "", "scrive il file del piano caricato con i risultati accanto a ogni azione (.xlsx)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if *planID == 0 || len(rest) > 0 {
		return usageError(e, fs, fmt.Errorf("indicare il piano con --plan, senza altri argomenti"))
	}
	if _, err := model.ParseMethod(*method); err != nil {
		return usageError(e, fs, err)
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	plan, sc, err := a.Scores(ctx, cliPrincipal(), *planID, app.ScoreQuery{Period: *period, Method: *method})
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	if *out != "" {
		content, _, err := a.ScoredWorkbook(ctx, cliPrincipal(), *planID, *period, *method)
		if err == nil {
			err = os.WriteFile(*out, content, 0o644)
		}
		if err != nil {
			printError(e.stderr, err)
			return exitRejected
		}
		fmt.Fprintf(e.stderr, "Cartella dei risultati scritta in %s\n", *out)
	}
	if *filled != "" {
		content, _, err := a.FilledPlan(ctx, cliPrincipal(), *planID, *period, *method)
		if err == nil {
			err = os.WriteFile(*filled, content, 0o644)
		}
		if err != nil {
			printError(e.stderr, err)
			return exitRejected
		}
		fmt.Fprintf(e.stderr, "Piano con i risultati scritto in %s\n", *filled)
	}
	if *asJSON {
		return printJSON(e, sc)
	}
	printScorecard(e.stdout, plan, sc)
	return exitOK
}

func printScorecard(w io.Writer, p *model.Plan, sc *model.Scorecard) {
	method := "a gradini"
	if sc.Method == model.MethodLinear {
		method = "lineare"
	}
	fmt.Fprintf(w, "Piano %d (versione %d, id %d) — %s — metodo %s\n\n", p.Year, p.Version, p.ID, sc.Period.Label(), method)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OBIETTIVO STRATEGICO\tPUNTEGGIO\tTARGET\tRAGGIUNTO\tCOPERTURA\tFASCIA")
	for _, s := range sc.Strategic {
		achieved := "—"
		if s.Achieved != nil {
			achieved = map[bool]string{true: "sì", false: "no"}[*s.Achieved]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.Code, model.FormatScore(s.Score), model.FormatScore(s.Target), achieved, model.FormatScore(&s.Coverage), model.BandNamed(s.Band).ColorName)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t")
	fmt.Fprintln(tw, "OBIETTIVO OPERATIVO\tPUNTEGGIO\t\t\tCOPERTURA\tFASCIA")
	for _, o := range sc.Operational {
		fmt.Fprintf(tw, "%s\t%s\t\t\t%s\t%s\n", o.Code, model.FormatScore(o.Score), model.FormatScore(&o.Coverage), model.BandNamed(o.Band).ColorName)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t")
	fmt.Fprintln(tw, "AZIONE\tRAGGIUNGIMENTO\tTARGET\tRILEVATO\t\tFASCIA")
	actions := p.ActionsByCode()
	unmeasured := 0
	for _, as := range sc.Actions {
		measured := "non misurata"
		if as.Measured != nil {
			measured = as.Measured.Display()
		} else {
			unmeasured++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\t%s\n", as.Code, model.FormatScore(as.Attainment), actions[as.Code].Target.DisplayOr(""), measured, model.BandNamed(as.Band).ColorName)
	}
	tw.Flush()
	if unmeasured > 0 {
		fmt.Fprintf(w, "\n%d azioni su %d non ancora misurate: non contano nei punteggi, ne riducono la copertura.\n", unmeasured, len(sc.Actions))
	}
}
