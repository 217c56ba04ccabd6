// Command cruscotto runs the performance cycle of a Chamber of Commerce
// from its spreadsheets: it imports the plan workbook, collects the units'
// measurements and scores them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Exit codes.
const (
	exitOK       = 0
	exitRejected = 1 // the input was rejected; the reasons are on stderr
	exitUsage    = 2
)

// env is what a subcommand may touch, so tests can run it in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// runFunc runs a command or subcommand and returns its exit code.
type runFunc func(ctx context.Context, e env, args []string) int

type command struct {
	name, summary string
	run           runFunc
}

var commands []command

func init() {
	commands = []command{
		{"serve", "avvia il servizio web", runServe},
		{"import", "importa il file Excel del Piano della Performance", runImport},
		{"mapping", "propone o mostra quali colonne del piano leggere (mapping suggest, mapping show)", runMapping},
		{"plans", "elenca i piani importati", runPlans},
		{"measure", "registra i valori rilevati delle azioni", runMeasure},
		{"score", "calcola il raggiungimento di azioni e obiettivi", runScore},
		{"sheets", "scrive le cartelle di rilevazione di ogni struttura", runSheets},
		{"collect", "registra i valori delle cartelle di rilevazione compilate", runCollect},
		{"user", "gestisce gli utenti (user add, user passwd, user email)", runUser},
		{"unit", "gestisce le strutture (unit email: la casella condivisa)", runUnit},
		{"token", "gestisce i token per l'API (token create, list, revoke)", runToken},
		{"remind", "sollecita per e-mail le strutture che devono ancora inviare valori", runRemind},
		{"backup", "copia il database, anche mentre il servizio è in funzione", runBackup},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "cruscotto: comando sconosciuto «%s»\n\n", args[0])
	usage(e.stderr)
	return exitUsage
}

// dispatch runs the subcommand named by args[0] ("token list"), or prints
// the command's usage.
func dispatch(ctx context.Context, e env, args []string, usage string, subs map[string]runFunc) int {
	if len(args) > 0 {
		if run, ok := subs[args[0]]; ok {
			return run(ctx, e, args[1:])
		}
	}
	fmt.Fprintln(e.stderr, usage)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Uso: cruscotto COMANDO [opzioni]\n\nComandi:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\n\"cruscotto COMANDO -h\" mostra le opzioni di un comando.")
}

// parseFlags parses flags that may come before or after the positional
// arguments ("import FILE --json" as well as "import --json FILE").
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func newFlagSet(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Uso: cruscotto %s %s\n\nOpzioni:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// usageError reports a usage problem and returns the usage exit code.
func usageError(e env, fs *flag.FlagSet, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil && !strings.Contains(err.Error(), "flag provided but not defined") && !strings.Contains(err.Error(), "invalid value") {
		fmt.Fprintf(e.stderr, "cruscotto %s: %v\n", fs.Name(), err)
		fs.Usage()
	}
	return exitUsage
}
