// Command genplan writes a synthetic plan workbook of a given size, for
// benchmarks and load tests (make bench).
package main

import (
	"flag"
	"fmt"
	"os"

	"cruscotto/exporter/planwriter"
)

func main() {
	actions := flag.Int("actions", 10000, "number of actions")
	year := flag.Int("year", 2020, "plan year")
	out := flag.String("o", "plan.xlsx", "output file")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	p := planwriter.Synthetic(*year, *actions)
	if err := planwriter.Write(f, p, planwriter.Layout{Merge: true, Numbers: true}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
