package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/web"
	"cruscotto/model"
	"cruscotto/model/sqlite"
)

func runServe(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "serve", "[--addr :8080] [--db FILE]")
	addr := fs.String("addr", ":8080", "indirizzo di ascolto")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	rest, err := parseFlags(fs, args)
	if err != nil || len(rest) > 0 {
		return usageError(e, fs, err)
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	if err := ensureAdmin(ctx, a.DB, e.stderr); err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return exitRejected
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return exitRejected
	}
	srv := web.HTTPServer(*addr, web.New(a, log))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	log.Info("Cruscotto in ascolto", "addr", ln.Addr().String(), "db", *dbPath)
	select {
	case err := <-done:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
			return exitRejected
		}
	case <-ctx.Done():
		log.Info("arresto: attendo le richieste in corso")
		if err := web.Shutdown(srv, 30*time.Second); err != nil {
			log.Error("arresto", "err", err)
		}
	}
	return exitOK
}

// ensureAdmin creates the first admin on a new database: the password is
// CRUSCOTTO_ADMIN_PASSWORD, or a random one printed once. Another process
// starting on the same new database may create it first: then nothing is
// printed.
func ensureAdmin(ctx context.Context, db *sqlite.DB, w io.Writer) error {
	has, err := db.HasAdmin(ctx)
	if err != nil || has {
		return err
	}
	password := os.Getenv("CRUSCOTTO_ADMIN_PASSWORD")
	generated := password == ""
	if generated {
		password = sqlite.RandomSecret(12)
	}
	created, err := db.AddFirstAdmin(ctx, "admin", password)
	if err != nil || !created {
		return err
	}
	if generated {
		fmt.Fprintf(w, "Creato l'utente «admin» con password: %s\n(annotarla: non sarà mostrata di nuovo)\n", password)
	} else {
		fmt.Fprintln(w, "Creato l'utente «admin» con la password di CRUSCOTTO_ADMIN_PASSWORD.")
	}
	return nil
}

func runUser(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(e.stderr, "Uso: cruscotto user add [--db FILE] --role admin|unit|viewer [--unit NOME] NOMEUTENTE")
		return exitUsage
	}
	fs := newFlagSet(e, "user add", "[--db FILE] --role admin|unit|viewer [--unit NOME] NOMEUTENTE (password da stdin, o generata)")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	roleName := fs.String("role", "", "admin, unit o viewer")
	unit := fs.String("unit", "", "la struttura, per il ruolo unit")
	names, err := parseFlags(fs, args[1:])
	if err != nil {
		return usageError(e, fs, err)
	}
	role, rerr := model.ParseRole(*roleName)
	if rerr != nil || len(names) != 1 {
		return usageError(e, fs, fmt.Errorf("indicare --role e un nome utente"))
	}
	password := readPassword(e.stdin)
	generated := password == ""
	if generated {
		password = sqlite.RandomSecret(12)
	}
	a, closeDB, ok := openForRole(ctx, e, *dbPath, role, *unit)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	u, err := a.DB.AddUser(ctx, names[0], password, role, *unit)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	fmt.Fprintf(e.stdout, "Utente %q creato (ruolo %s%s).\n", u.Username, u.Role, map[bool]string{true: ", struttura " + u.Unit}[u.Unit != ""])
	if generated {
		fmt.Fprintf(e.stdout, "Password: %s\n", password)
	}
	return exitOK
}

// readPassword takes the first line of stdin, if any.
func readPassword(r io.Reader) string {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice != 0 {
			return "" // a terminal: generate one instead of echoing it
		}
	}
	b, _ := io.ReadAll(io.LimitReader(r, 1024))
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimRight(line, "\r")
}

// openForRole opens the database for a new user or token of role; for the
// unit role, the unit must be one a stored plan knows.
func openForRole(ctx context.Context, e env, dbPath string, role model.Role, unit string) (*app.App, func(), bool) {
	a, closeDB, ok := openApp(e, dbPath)
	if !ok {
		return nil, nil, false
	}
	if role == model.RoleUnit {
		if err := checkUnitExists(ctx, a.DB, unit); err != nil {
			printError(e.stderr, err)
			closeDB()
			return nil, nil, false
		}
	}
	return a, closeDB, true
}

// checkUnitExists refuses a unit name no stored plan knows, which would be
// a user who can see nothing.
func checkUnitExists(ctx context.Context, db *sqlite.DB, unit string) error {
	plans, err := db.Plans(ctx)
	if err != nil {
		return err
	}
	for _, s := range plans {
		p, err := db.Plan(ctx, s.ID)
		if err != nil {
			return err
		}
		for _, u := range p.EntryUnits() {
			if u == unit {
				return nil
			}
		}
	}
	return model.Errorf(model.EInvalid, "La struttura %q non compare in nessun piano importato: scriverla come nel piano (vedi «cruscotto import»).", unit)
}

func runToken(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(e.stderr, "Uso: cruscotto token create [--db FILE] --role admin|unit|viewer [--unit NOME] [--label TESTO]")
		return exitUsage
	}
	fs := newFlagSet(e, "token create", "[--db FILE] --role admin|unit|viewer [--unit NOME] [--label TESTO]")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	roleName := fs.String("role", "", "admin, unit o viewer")
	unit := fs.String("unit", "", "la struttura, per il ruolo unit")
	label := fs.String("label", "", "a cosa serve il token")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return usageError(e, fs, err)
	}
	role, rerr := model.ParseRole(*roleName)
	if rerr != nil || len(rest) > 0 {
		return usageError(e, fs, fmt.Errorf("indicare --role"))
	}
	a, closeDB, ok := openForRole(ctx, e, *dbPath, role, *unit)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	token, err := a.DB.CreateToken(ctx, role, *unit, *label)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	fmt.Fprintln(e.stdout, token)
	return exitOK
}
