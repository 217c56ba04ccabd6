package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/model"
)

const userUsage = `Uso: cruscotto user add [--db FILE] --role admin|unit|viewer [--unit NOME] [--email INDIRIZZO] NOMEUTENTE
     cruscotto user passwd [--db FILE] NOMEUTENTE
     cruscotto user email [--db FILE] NOMEUTENTE INDIRIZZO   ("" toglie l'indirizzo)
(la password si legge da stdin; se manca, ne viene generata e mostrata una)`

func runUser(ctx context.Context, e env, args []string) int {
	return dispatch(ctx, e, args, userUsage, map[string]runFunc{
		"add":    runUserAdd,
		"passwd": runUserPasswd,
		"email":  runUserEmail,
	})
}

// runUserEmail sets the address a user gets reminders and receipts at.
func runUserEmail(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "user email", "[--db FILE] NOMEUTENTE INDIRIZZO")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	names, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(names) != 2 {
		return usageError(e, fs, fmt.Errorf("indicare un nome utente e un indirizzo e-mail (\"\" per toglierlo)"))
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	u, err := a.SetUserEmail(ctx, cliPrincipal(), names[0], names[1])
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	if u.Email == "" {
		fmt.Fprintf(e.stdout, "L'utente «%s» non ha più un indirizzo e-mail.\n", u.Username)
	} else {
		fmt.Fprintf(e.stdout, "Indirizzo e-mail di «%s»: %s\n", u.Username, u.Email)
	}
	return exitOK
}

const unitUsage = `Uso: cruscotto unit email [--db FILE] STRUTTURA INDIRIZZO   (la casella condivisa della struttura; "" la toglie)`

func runUnit(ctx context.Context, e env, args []string) int {
	return dispatch(ctx, e, args, unitUsage, map[string]runFunc{
		"email": runUnitEmail,
	})
}

// runUnitEmail sets a unit's shared mailbox, which gets its reminders
// beside its users.
func runUnitEmail(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "unit email", "[--db FILE] STRUTTURA INDIRIZZO")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	names, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(names) != 2 {
		return usageError(e, fs, fmt.Errorf("indicare una struttura e un indirizzo e-mail (\"\" per toglierlo)"))
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	email, err := a.SetUnitEmail(ctx, cliPrincipal(), names[0], names[1])
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	if email == "" {
		fmt.Fprintf(e.stdout, "La struttura «%s» non ha più una casella condivisa.\n", names[0])
	} else {
		fmt.Fprintf(e.stdout, "Casella condivisa della struttura «%s»: %s\n", names[0], email)
	}
	return exitOK
}

func runUserAdd(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "user add", "[--db FILE] --role admin|unit|viewer [--unit NOME] NOMEUTENTE (password da stdin, o generata)")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	roleName := fs.String("role", "", "admin, unit o viewer")
	unit := fs.String("unit", "", "la struttura, per il ruolo unit")
	email := fs.String("email", "", "l'indirizzo e-mail dell'utente, per promemoria e ricevute")
	names, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if _, err := model.ParseEmail(*email); err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	role, rerr := model.ParseRole(*roleName)
	if rerr != nil || len(names) != 1 {
		return usageError(e, fs, fmt.Errorf("indicare --role e un nome utente"))
	}
	password, generated := newPassword(e.stdin)
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	u, err := a.AddUser(ctx, cliPrincipal(), names[0], password, role, *unit)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	if *email != "" {
		if u, err = a.SetUserEmail(ctx, cliPrincipal(), u.Username, *email); err != nil {
			printError(e.stderr, err)
			return exitRejected
		}
	}
	fmt.Fprintf(e.stdout, "Utente «%s» creato (ruolo %s%s%s).\n", u.Username, u.Role, map[bool]string{true: ", struttura " + u.Unit}[u.Unit != ""],
		map[bool]string{true: ", e-mail " + u.Email}[u.Email != ""])
	if generated {
		if err := a.RequirePasswordChange(ctx, cliPrincipal(), u.Username); err != nil {
			printError(e.stderr, err)
			return exitRejected
		}
		fmt.Fprintf(e.stdout, "Password provvisoria (da cambiare al primo accesso): %s\n", password)
	}
	return exitOK
}

// runUserPasswd resets a user's password, for someone who forgot it; the
// user's sessions end, so whoever held one must log in with the new one.
func runUserPasswd(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "user passwd", "[--db FILE] NOMEUTENTE (password da stdin, o generata)")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	names, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(names) != 1 {
		return usageError(e, fs, fmt.Errorf("indicare un nome utente"))
	}
	password, generated := newPassword(e.stdin)
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	u, err := a.ResetPassword(ctx, cliPrincipal(), names[0], password)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	fmt.Fprintf(e.stdout, "Password di «%s» cambiata; le sue sessioni sono chiuse.\n", u.Username)
	if generated {
		if err := a.RequirePasswordChange(ctx, cliPrincipal(), u.Username); err != nil {
			printError(e.stderr, err)
			return exitRejected
		}
		fmt.Fprintf(e.stdout, "Password provvisoria (da cambiare al primo accesso): %s\n", password)
	}
	return exitOK
}

// newPassword reads a password from stdin or, when none is given,
// generates one to print.
func newPassword(stdin io.Reader) (password string, generated bool) {
	if password = readPassword(stdin); password != "" {
		return password, false
	}
	return app.GeneratePassword(), true
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
