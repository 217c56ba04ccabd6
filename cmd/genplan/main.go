// Command genplan writes a synthetic plan workbook of a given size, for
// benchmarks and load tests (make bench), or one of the small hostile
// workbooks the reader must refuse (-bomb), for timing the refusal.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"cruscotto/exporter/planwriter"
	"cruscotto/importer/workbook/bombtest"
)

// bombs are the hostile files of issue 9, at the sizes it reported and,
// for the "-under" ones, just under the reader's part size limit, so that
// its count and depth limits are what refuses them.
var bombs = map[string]func() []byte{
	"sharedstrings-under": func() []byte { return bombtest.SharedStrings(6_000_000) },
	"nested-sheet-under":  func() []byte { return bombtest.NestedSheet(4_000_000) },
	"nested-sst-under":    func() []byte { return bombtest.NestedStrings(4_000_000) },
	"sharedstrings":       func() []byte { return bombtest.SharedStrings(25_000_000) },
	"nested-sheet":        func() []byte { return bombtest.NestedSheet(17_000_000) },
	"nested-sst":          func() []byte { return bombtest.NestedStrings(17_000_000) },
	"merges":              func() []byte { return bombtest.DuplicateMerges(4000) },
	"huge-merge":          func() []byte { return bombtest.HugeMerge(40_000) },
}

func main() {
	actions := flag.Int("actions", 10000, "number of actions")
	year := flag.Int("year", 2020, "plan year")
	out := flag.String("o", "plan.xlsx", "output file")
	var names []string
	for n := range bombs {
		names = append(names, n)
	}
	sort.Strings(names)
	bomb := flag.String("bomb", "", "write a hostile workbook instead: "+strings.Join(names, ", "))
	flag.Parse()
	if err := run(*out, *bomb, *year, *actions); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out, bomb string, year, actions int) error {
	if bomb != "" {
		make, ok := bombs[bomb]
		if !ok {
			return fmt.Errorf("unknown bomb %q", bomb)
		}
		return os.WriteFile(out, make(), 0o644)
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
