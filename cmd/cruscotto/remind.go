package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"cruscotto/cmd/cruscotto/internal/app"
	"cruscotto/cmd/cruscotto/internal/mail"
	"cruscotto/model/sqlite"
)

// smtpFlags are the mail relay's settings, shared by serve and remind.
type smtpFlags struct {
	addr, from, user, tls *string
}

func addSMTPFlags(fs *flag.FlagSet) smtpFlags {
	return smtpFlags{
		addr: fs.String("smtp", "", "il server di posta, HOST:PORTA (senza, non si invia nulla)"),
		from: fs.String("smtp-from", "", "l'indirizzo del mittente"),
		user: fs.String("smtp-user", "", "l'utente per l'autenticazione SMTP (la password in "+mail.PasswordEnv+")"),
		tls:  fs.String("smtp-tls", mail.StartTLS, "starttls, tls o none (none solo per 127.0.0.1 e ::1)"),
	}
}

// config returns the checked settings; the password comes from the
// environment, never from a flag.
func (f smtpFlags) config() (mail.Config, error) {
	cfg := mail.Config{Addr: *f.addr, From: *f.from, User: *f.user, Password: os.Getenv(mail.PasswordEnv), TLS: *f.tls}
	return cfg, cfg.Check()
}

func runRemind(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "remind", "[--db FILE] --plan ID [--period P] --smtp HOST:PORTA --smtp-from INDIRIZZO [--smtp-user U] [--smtp-tls MODO] [--base-url URL] [--dry-run] [--force] [--json]")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	planID := fs.Int64("plan", 0, "id del piano (vedi «cruscotto plans»)")
	period := fs.String("period", "", "periodo: AAAA per il consuntivo (predefinito) o AAAA-MM per un monitoraggio")
	baseURL := fs.String("base-url", "", "l'indirizzo del servizio, per il collegamento alla pagina della struttura (https://cruscotto.cciaa.it)")
	dryRun := fs.Bool("dry-run", false, "mostra chi riceverebbe cosa, senza inviare né registrare nulla")
	force := fs.Bool("force", false, "sollecita anche le strutture già sollecitate oggi")
	asJSON := fs.Bool("json", false, "scrive l'esito in JSON")
	smtpf := addSMTPFlags(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if *planID == 0 || len(rest) > 0 {
		return usageError(e, fs, fmt.Errorf("indicare il piano con --plan"))
	}
	cfg, err := smtpf.config()
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	db, err := sqlite.Open(*dbPath)
	if err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return exitRejected
	}
	defer db.Close()
	a := app.New(db, app.Options{Mail: cfg})
	res, err := a.Remind(ctx, cliPrincipal(), app.RemindOptions{PlanID: *planID, Period: *period, DryRun: *dryRun, Force: *force, BaseURL: *baseURL})
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	var d app.Delivery
	var derr error
	if !*dryRun {
		d, derr = a.DeliverNow(ctx)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(struct {
			*app.RemindResult
			Sent   int `json:"sent"`
			Queued int `json:"still_queued"`
		}{res, d.Sent, d.Queued}, "", "  ")
		fmt.Fprintln(e.stdout, string(out))
	} else {
		printReminders(e, res)
	}
	switch {
	case derr != nil:
		printError(e.stderr, derr)
		return exitRejected
	case d.Queued > 0:
		fmt.Fprintf(e.stderr, "%s in coda: il server di posta non li ha accettati (%s). Verranno inviati dal servizio, o dal prossimo «cruscotto remind».\n", plural(d.Queued, "messaggio", "messaggi"), d.LastError)
		return exitRejected
	case !*dryRun:
		fmt.Fprintf(e.stdout, "%s.\n", plural(d.Sent, "messaggio inviato", "messaggi inviati"))
	}
	return exitOK
}

func printReminders(e env, res *app.RemindResult) {
	verb := "sollecitate"
	if res.DryRun {
		verb = "da sollecitare (prova: nulla è stato inviato né registrato)"
	}
	fmt.Fprintf(e.stdout, "Piano %d, %s: strutture %s\n", res.PlanYear, res.Period.Label(), verb)
	if len(res.Units) == 0 {
		fmt.Fprintln(e.stdout, "  nessuna: tutte le strutture hanno inviato i loro valori.")
	}
	for _, u := range res.Units {
		fmt.Fprintf(e.stdout, "  %s — %s mancanti (%s)", u.Unit, plural(len(u.Missing), "valore", "valori"), strings.Join(u.Missing, ", "))
		if u.Skipped != "" {
			fmt.Fprintf(e.stdout, ": non sollecitata, %s\n", u.Skipped)
			continue
		}
		fmt.Fprintf(e.stdout, " → %s\n", strings.Join(u.Recipients, ", "))
		if res.DryRun {
			fmt.Fprintf(e.stdout, "    Oggetto: %s\n", u.Subject)
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// runPlansReminders sets the days before a closing date on which the
// service reminds a plan's units by itself: «7,1» (the default), «14,7,2»,
// or «nessuno».
func runPlansReminders(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "plans reminders", "[--db FILE] ID GIORNI (per esempio 7,1, o nessuno)")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return usageError(e, fs, err)
	}
	if len(rest) != 2 {
		return usageError(e, fs, fmt.Errorf("indicare il piano e i giorni prima della chiusura, per esempio: plans reminders 1 7,1"))
	}
	var id int64
	if _, err := fmt.Sscan(rest[0], &id); err != nil || id <= 0 {
		return usageError(e, fs, fmt.Errorf("«%s» non è l'id di un piano", rest[0]))
	}
	a, closeDB, ok := openApp(e, *dbPath)
	if !ok {
		return exitRejected
	}
	defer closeDB()
	days, err := a.SetReminderDays(ctx, cliPrincipal(), id, rest[1])
	if err != nil {
		printError(e.stderr, err)
		return exitRejected
	}
	if len(days) == 0 {
		fmt.Fprintln(e.stdout, "Il servizio non sollecita più da sé le strutture di questo piano.")
		return exitOK
	}
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = fmt.Sprint(d)
	}
	fmt.Fprintf(e.stdout, "Il servizio sollecita le strutture in ritardo %s giorni prima della chiusura di ogni periodo.\n", strings.Join(parts, " e "))
	return exitOK
}
