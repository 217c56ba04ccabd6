package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"cruscotto/model"
)

const tokenUsage = `Uso: cruscotto token create [--db FILE] --role admin|unit|viewer [--unit NOME] [--label TESTO] [--expires 90d|12h|2027-03-31]
     cruscotto token list [--db FILE]
     cruscotto token revoke [--db FILE] ID`

func runToken(ctx context.Context, e env, args []string) int {
	return dispatch(ctx, e, args, tokenUsage, map[string]runFunc{
		"create": runTokenCreate,
		"list":   runTokenList,
		"revoke": runTokenRevoke,
	})
}

func runTokenCreate(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "token create", "[--db FILE] --role admin|unit|viewer [--unit NOME] [--label TESTO] [--expires 90d|12h|2027-03-31]")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	roleName := fs.String("role", "", "admin, unit o viewer")
	unit := fs.String("unit", "", "la struttura, per il ruolo unit")
	label := fs.String("label", "", "a cosa serve il token")
	expiresIn := fs.String("expires", "", "scadenza: una durata (90d, 12h) o una data (2027-03-31, valido per tutto quel giorno)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	role, rerr := model.ParseRole(*roleName)
	if rerr != nil || len(rest) > 0 {
		return usageError(e, fs, fmt.Errorf("indicare --role"))
	}
	var expires *time.Time
	if *expiresIn != "" {
		t, err := parseExpiry(*expiresIn, time.Now())
		if err != nil {
			printError(e.stderr, err)
			return exitUsage
		}
		expires = &t
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	tok, secret, err := a.NewToken(ctx, cliPrincipal(), role, *unit, *label, expires)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	// the secret alone on stdout, so that scripts can capture it
	fmt.Fprintln(e.stdout, secret)
	fmt.Fprintf(e.stderr, "Creato %s%s: annotarlo, non sarà mostrato di nuovo.\n", tok.Name(), expiryNote(tok.ExpiresAt))
	return exitOK
}

func expiryNote(t *time.Time) string {
	if t == nil {
		return ", senza scadenza"
	}
	return ", valido fino al " + t.In(model.Rome).Format("02/01/2006 15:04")
}

// parseExpiry reads --expires: a number of days ("90d") or hours ("12h")
// from now, or a date ("2027-03-31") through which the token is valid, so
// it expires at the start of the next day, local time.
func parseExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if d, err := model.ParseDate(s); err == nil {
		end := d.End() // valid through that day, Europe/Rome
		if !end.After(now) {
			return time.Time{}, model.Errorf(model.EInvalid, "La data di scadenza %s è già passata.", s)
		}
		return end, nil
	}
	unit := map[string]time.Duration{"d": 24 * time.Hour, "h": time.Hour}
	if len(s) > 1 {
		if u, ok := unit[s[len(s)-1:]]; ok {
			if n, err := strconv.Atoi(s[:len(s)-1]); err == nil && n > 0 && n <= 100*366 {
				return now.Add(time.Duration(n) * u), nil
			}
		}
	}
	return time.Time{}, model.Errorf(model.EInvalid, "Scadenza «%s» non valida: scrivere giorni (90d), ore (12h) o una data (2027-03-31).", s)
}

// runTokenList prints one line per token, its id first, and never the
// secret, which is not stored.
func runTokenList(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "token list", "[--db FILE]")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	rest, err := parseFlags(fs, args)
	if err != nil || len(rest) > 0 {
		return usageError(e, fs, err)
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	tokens, err := a.Tokens(ctx, cliPrincipal())
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	if len(tokens) == 0 {
		fmt.Fprintln(e.stderr, "Nessun token: crearne uno con «cruscotto token create».")
		return exitOK
	}
	w := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tRUOLO\tSTRUTTURA\tETICHETTA\tCREATO\tULTIMO USO\tSTATO")
	now := time.Now()
	for _, t := range tokens {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, orDash(t.Unit), orDash(t.Label),
			listTime(&t.CreatedAt), listTime(t.LastUsedAt), tokenState(t, now))
	}
	if err := w.Flush(); err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	return exitOK
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func listTime(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return t.In(model.Rome).Format("2006-01-02 15:04")
}

func tokenState(t model.Token, now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return "revocato il " + listTime(t.RevokedAt)
	case t.ExpiresAt == nil:
		return "valido"
	case !t.Usable(now):
		return "scaduto il " + listTime(t.ExpiresAt)
	}
	return "valido fino al " + listTime(t.ExpiresAt)
}

func runTokenRevoke(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "token revoke", "[--db FILE] ID")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	var id int64
	if len(rest) == 1 {
		id, err = strconv.ParseInt(strings.TrimPrefix(rest[0], "#"), 10, 64)
	}
	if len(rest) != 1 || err != nil || id <= 0 {
		return usageError(e, fs, fmt.Errorf("indicare il numero del token (vedi «cruscotto token list»)"))
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	t, err := a.RevokeToken(ctx, cliPrincipal(), id)
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	fmt.Fprintf(e.stdout, "%s revocato: le richieste con questo token ricevono 401.\n", t.Name())
	return exitOK
}
