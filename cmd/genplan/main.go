// Command genplan writes a synthetic plan workbook of a given size, for
// benchmarks and load tests (make bench), or one of the small hostile
// workbooks the reader must refuse (-bomb), for timing the refusal.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"cruscotto/exporter/planwriter"
	"cruscotto/importer/workbook/bombtest"
)

func main() {
	actions := flag.Int("actions", 10000, "number of actions")
	year := flag.Int("year", 2020, "plan year")
	out := flag.String("o", "plan.xlsx", "output file")
	var names []string
	for _, b := range bombtest.Catalogue {
		names = append(names, b.Name)
	}
	bomb := flag.String("bomb", "", "write a hostile workbook instead: "+strings.Join(names, ", "))
	flag.Parse()
	if err := run(*out, *bomb, *year, *actions); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out, bomb string, year, actions int) error {
	if bomb != "" {
		for _, b := range bombtest.Catalogue {
			if b.Name == bomb {
				return os.WriteFile(out, b.Make(), 0o644)
			}
		}
		return fmt.Errorf("unknown bomb «%s»", bomb)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	p := planwriter.Synthetic(year, actions)
	if err := planwriter.Write(f, p, planwriter.Layout{Merge: true, Numbers: true}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
