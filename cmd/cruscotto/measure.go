package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

// openApp opens the database named by --db.
func openApp(e env, path string) (*app.App, func(), bool) {
	db, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return nil, nil, false
	}
	return app.New(db), func() { db.Close() }, true
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "cli"
}

// cliPrincipal is whoever runs the command line: it has the database file,
// so it acts as an admin, under the system user's name.
func cliPrincipal() model.Principal {
	return model.Principal{Username: currentUser(), Role: model.RoleAdmin}
}

func runMeasure(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "measure", "[--db FILE] --plan ID [--period P] (--file VALUES.json | CODICE=VALORE ...)")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	planID := fs.Int64("plan", 0, "id del piano (vedi «cruscotto plans»)")
	period := fs.String("period", "", "periodo: AAAA per il consuntivo (predefinito: l'anno del piano) o AAAA-MM per un monitoraggio")
	file := fs.String("file", "", `file JSON {"1.1.1":"5","3.1.1":"27 gg"}`)
	pairs, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if *planID == 0 {
		return usageError(e, fs, fmt.Errorf("indicare il piano con --plan"))
	}
	values := map[string]any{}
	if *file != "" {
		data, err := readUpload(*file)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			return exitRejected
		}
		dec := json.NewDecoder(strings.NewReader(string(data)))
		if err := dec.Decode(&values); err != nil {
			fmt.Fprintf(e.stderr, "%s: non è un oggetto JSON codice → valore (%v)\n", *file, err)
			return exitRejected
		}
	}
	for _, p := range pairs {
		code, value, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(code) == "" {
			return usageError(e, fs, fmt.Errorf("«%s»: scrivere CODICE=VALORE, per esempio 1.1.1=5", p))
		}
		values[strings.TrimSpace(code)] = value
	}
	if len(values) == 0 {
		return usageError(e, fs, fmt.Errorf("nessun valore: usare --file o CODICE=VALORE"))
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	stored, err := a.Measure(ctx, cliPrincipal(), *planID, *period, values, model.SourceCLI)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	printStored(e.stdout, stored, len(values))
	return exitOK
}

func printStored(w io.Writer, stored []model.Measurement, sent int) {
	if len(stored) == 0 {
		if sent == 1 {
			fmt.Fprintln(w, "Nessun valore cambiato: il valore inviato è già quello registrato.")
		} else {
			fmt.Fprintf(w, "Nessun valore cambiato: i %d valori inviati sono già quelli registrati.\n", sent)
		}
		return
	}
	if len(stored) == 1 {
		fmt.Fprintf(w, "Registrato 1 valore (periodo %s):\n", stored[0].Period.Label())
	} else {
		fmt.Fprintf(w, "Registrati %d valori (periodo %s):\n", len(stored), stored[0].Period.Label())
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "AZIONE\tVALORE\tPRECEDENTE")
	for _, m := range stored {
		prev := "—"
		if m.Previous != nil {
			prev = m.Previous.Display()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", m.ActionCode, m.Value.Display(), prev)
	}
	tw.Flush()
	if unchanged := sent - len(stored); unchanged > 0 {
		fmt.Fprintf(w, "%s.\n", model.Plural(unchanged, "valore invariato non è stato registrato di nuovo", "valori invariati non sono stati registrati di nuovo"))
	}
}
