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
	"cruscotto/model/sqlite"
)

func runServe(ctx context.Context, e env, args []string) int {
	fs := newFlagSet(e, "serve", "[--addr :8080] [--db FILE] [--trusted-proxy CIDR]... [--base-url URL] [--smtp HOST:PORTA --smtp-from INDIRIZZO [--smtp-user U] [--smtp-tls MODO]]")
	addr := fs.String("addr", ":8080", "indirizzo di ascolto")
	dbPath := fs.String("db", "cruscotto.db", "database SQLite")
	baseURL := fs.String("base-url", "", "l'indirizzo pubblico del servizio, per i collegamenti nei messaggi (https://cruscotto.cciaa.it)")
	smtpf := addSMTPFlags(fs)
	var proxies stringList
	fs.Var(&proxies, "trusted-proxy", "rete o indirizzo del proxy inverso davanti al servizio (ripetibile, o separati da virgole):\nsolo da lì si crede a X-Forwarded-For e X-Forwarded-Proto")
	rest, err := parseFlags(fs, args)
	if err != nil || len(rest) > 0 {
		return usageError(e, fs, err)
	}
	trusted, err := web.ParseTrustedProxies(proxies)
	if err != nil {
		printError(e.stderr, err)
		return exitUsage
	}
	mailCfg, err := smtpf.config()
	if err != nil {
		printError(e.stderr, err)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	db, err := sqlite.Open(*dbPath)
	if err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return exitRejected
	}
	defer db.Close()
	a := app.New(db, app.Options{Mail: mailCfg, BaseURL: *baseURL})
	if err := ensureAdmin(ctx, a, e.stderr); err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return exitRejected
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "cruscotto: %v\n", err)
		return exitRejected
	}
	srv := web.HTTPServer(*addr, web.New(a, log, web.Config{TrustedProxies: trusted}))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	mailCtx, stopMail := context.WithCancel(ctx)
	defer stopMail()
	go a.MailLoop(mailCtx, mailInterval, *baseURL, func(format string, args ...any) { log.Info(fmt.Sprintf(format, args...)) })
	log.Info("Cruscotto in ascolto", "addr", ln.Addr().String(), "db", *dbPath, "trusted_proxies", proxies.String(), "smtp", mailCfg.Addr)
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

// mailInterval is how often the service sends what is due: automatic
// reminders and the outbox.
var mailInterval = time.Minute

// stringList is a flag that may be given more than once.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// ensureAdmin creates the first admin on a new database: the password is
// CRUSCOTTO_ADMIN_PASSWORD, or a random one printed once. Another process
// starting on the same new database may create it first: then nothing is
// printed.
func ensureAdmin(ctx context.Context, a *app.App, w io.Writer) error {
	has, err := a.HasAdmin(ctx)
	if err != nil || has {
		return err
	}
	password := os.Getenv("CRUSCOTTO_ADMIN_PASSWORD")
	generated := password == ""
	if generated {
		password = app.GeneratePassword()
	}
	created, err := a.AddFirstAdmin(ctx, "admin", password)
	if err != nil || !created {
		return err
	}
	if generated {
		if err := a.RequirePasswordChange(ctx, cliPrincipal(), "admin"); err != nil {
			return err
		}
		fmt.Fprintf(w, "Creato l'utente «admin» con password provvisoria: %s\n(da cambiare al primo accesso; non sarà mostrata di nuovo)\n", password)
	} else {
		fmt.Fprintln(w, "Creato l'utente «admin» con la password di CRUSCOTTO_ADMIN_PASSWORD.")
	}
	return nil
}
