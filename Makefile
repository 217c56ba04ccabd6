# Cruscotto — make targets. Go and gcc (for go-sqlite3's cgo) are all a
# fresh machine needs for build, run and test.

GO          ?= go
DB          ?= cruscotto.db
BENCH_DIR   ?= /tmp/cruscotto-bench
PYTHON      ?= /usr/bin/python3
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BOMBS       ?= sharedstrings sharedstrings-under nested-sheet nested-sheet-under nested-sst nested-sst-under merges huge-merge many-sheets styled-cells fonts cell-styles

.PHONY: all build run deps test bench loadtest fuzz lint clean docs-screenshots

all: lint test

build:
	$(GO) build -o bin/cruscotto ./cmd/cruscotto

# run starts the service on $(ADDR) with the embedded database $(DB); on a
# new database it creates the user «admin» and prints its password once.
ADDR ?= :8080
run: build
	./bin/cruscotto serve --addr $(ADDR) --db $(DB)

# deps installs what the tests drive (LibreOffice, openpyxl, Chromium: apt,
# as root, only when missing) and the Go modules.
deps:
	bash .ci/install

# test runs every test, then the differential fuzz target (our reader
# against excelize) for a few seconds; make fuzz runs the targets longer.
FUZZTIME ?= 10s
test: deps
	$(GO) test -race -count=1 -timeout 20m ./...
	$(GO) test -run '^$$' -fuzz '^FuzzAgainstExcelize$$' -fuzztime $(FUZZTIME) ./importer/workbook/difftest/

# bench runs the Go benchmarks, then times on one generated 10,000-action
# plan the whole `cruscotto import` (wall time and peak memory) against
# what a user would otherwise script: openpyxl reading every cell.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...  # BenchmarkLoad runs 3 s here; make loadtest runs it for 30 s
	mkdir -p $(BENCH_DIR)
	$(GO) run ./cmd/genplan -actions 10000 -o $(BENCH_DIR)/plan-10k.xlsx
	rm -f $(BENCH_DIR)/bench.db*
	$(PYTHON) importer/testdata/maxrss.py ./bin/cruscotto import --db $(BENCH_DIR)/bench.db $(BENCH_DIR)/plan-10k.xlsx
	$(PYTHON) importer/testdata/bench_openpyxl.py $(BENCH_DIR)/plan-10k.xlsx
	@# the small hostile workbooks of issue 9: each must be refused in
	@# under 2 s and 100 MB (exit 1 is the refusal)
	@for b in $(BOMBS); do \
		$(GO) run ./cmd/genplan -bomb $$b -o $(BENCH_DIR)/bomb-$$b.xlsx; rm -f $(BENCH_DIR)/bomb.db*; \
		printf '%-14s ' $$b; $(PYTHON) importer/testdata/maxrss.py ./bin/cruscotto import --db $(BENCH_DIR)/bomb.db $(BENCH_DIR)/bomb-$$b.xlsx 2>/dev/null; \
		test $$? -eq 1 || exit 1; \
	done

# loadtest serves the 2020 plan on loopback to 50 clients downloading unit
# workbooks (keeping their ETags and revalidating, as browsers do) and 10
# uploading filled ones for 30 s (bounded in requests too), then the 50
# revalidating clients alone for 30 s; it fails on any error or lost
# upload, and prints the latency percentiles.
loadtest:
	$(GO) test -run '^$$' -bench '^BenchmarkLoad$$' -benchtime 1x -v ./cmd/cruscotto/internal/web/ -args -load.duration=30s
	$(GO) test -run '^$$' -bench '^BenchmarkLoad$$' -benchtime 1x -v ./cmd/cruscotto/internal/web/ -args -load.duration=30s -load.uploaders=0

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseText -fuzztime 30s ./model/
	$(GO) test -run '^$$' -fuzz FuzzReadSheet -fuzztime 30s ./importer/workbook/
	$(GO) test -run '^$$' -fuzz '^FuzzAgainstExcelize$$' -fuzztime 2m ./importer/workbook/difftest/

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) -checks all ./...

clean:
	rm -rf bin $(BENCH_DIR)

# docs-screenshots runs the browser tests keeping their screenshots, and
# makes the guide's pictures (docs/img) from them: the top of each page,
# 1000 px wide. Needs ImageMagick's convert.
SHOTS ?= /tmp/cruscotto-shots
GUIDE_SHOTS = 01-accesso:accesso mappatura-01-proposta-1366:mappatura ruoli-01-utenti-1366:utenti \
	20-admin-piano-1366:piano-controller modulo-01-da-fare-1366:struttura-da-fare modulo-02-fasce-1366:modulo \
	invii-4-ricevuta-1366:ricevuta invii-6-strutture-dopo-1366:stato-invii modulo-05-verifica-1366:verifica \
	25-direzione-piano-1366:sintesi-direzione revisione-1-conferma-1366:revisione
docs-screenshots:
	rm -rf $(SHOTS) && mkdir -p $(SHOTS) docs/img
	CRUSCOTTO_SCREENSHOTS=$(SHOTS) $(GO) test -count=1 -timeout 15m -run 'TestBrowser' ./cmd/cruscotto
	@for s in $(GUIDE_SHOTS); do \
		convert $(SHOTS)/$${s%%:*}.png -crop x1100+0+0 +repage -resize 1000x -strip -quality 60 docs/img/$${s##*:}.jpg || exit 1; \
	done
