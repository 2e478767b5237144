# nianbao: two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# Set-up is quiet: one line a step, the tools' own output in setup.log.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SETUP_LOG := setup.log
DB ?= data/archive.db
PORT ?= 8001
DEMO_DB ?= data/demo/archive.db
PORTAL_PORT ?= 8101

.PHONY: demo test bench bench-archive-build bench-archive-pages lint serve publish nightly crawl clean sysdeps

$(STAMP): pyproject.toml
	@: > $(SETUP_LOG)
	@SYSDEPS_LOG=$(SETUP_LOG) scripts/sysdeps.sh
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "nianbao needs Python >= 3.11"; exit 1; }
	@echo "setup: Python environment in $(VENV) (log: $(SETUP_LOG))"
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV) >> $(SETUP_LOG) 2>&1 || { echo "setup: could not create $(VENV); see $(SETUP_LOG)"; exit 1; }
	@echo "setup: installing nianbao and its dependencies (a few minutes the first time)"
	@{ $(BIN)/pip install -q --disable-pip-version-check --upgrade pip && \
	   $(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'; } >> $(SETUP_LOG) 2>&1 \
	   || { echo "setup: pip failed; the last lines of $(SETUP_LOG):"; tail -n 15 $(SETUP_LOG); exit 1; }
	@touch $(STAMP)
	@echo "setup: done"

## sysdeps: system packages the later formats need (none are needed for HTML and text reports)
sysdeps:
	@scripts/sysdeps.sh

## demo: crawl the bundled demo portal (from port PORTAL_PORT, one a site) into its own archive, serve it on PORT
demo: $(STAMP)
	@$(BIN)/python -m demo.run --db $(DEMO_DB) --port $(PORT) --portal-port $(PORTAL_PORT)

## test: lint and run the whole suite
test: $(STAMP)
	$(BIN)/ruff check .
	@# the suite starts many crawl and parse processes: compiled once here, they do not each recompile
	@# the project's sources when the environment sets PYTHONDONTWRITEBYTECODE
	@$(BIN)/python -m compileall -q crawler parsers demo scripts tests > /dev/null
	$(BIN)/pytest -n 2

## bench: parse, crawl and archive benchmarks, one run, one table (never part of the tests);
## BENCH_REPORTS=N sizes the synthetic archive (default 100000: ~30 min on 2 quiet cores, ~4.5 GB in /tmp).
## The archive section alone, in two steps (latency on a quiet machine, on an archive built before):
##   make bench-archive-build BENCH_ARCHIVE_DIR=/srv/bench-100k   # build + keep it: build time, bytes per report
##   make bench-archive-pages BENCH_ARCHIVE_DIR=/srv/bench-100k   # CPU ms a request and p50/p95 of each page
## (or `python -m scripts.bench --only archive` for build and pages in a temporary folder)
BENCH_REPORTS ?= 100000
BENCH_ARCHIVE_DIR ?= data/bench-archive
bench: $(STAMP)
	BENCH_REPORTS=$(BENCH_REPORTS) $(BIN)/python -m scripts.bench

bench-archive-build: $(STAMP)
	$(BIN)/python -m scripts.bench_archive $(BENCH_REPORTS) --out $(BENCH_ARCHIVE_DIR) --build-only

bench-archive-pages: $(STAMP)
	$(BIN)/python -m scripts.bench_archive --reuse $(BENCH_ARCHIVE_DIR)/archive.db

lint: $(STAMP)
	$(BIN)/ruff check .

## serve: open $(DB) in Datasette with its metadata, views, search, charts and archived copies
serve: $(STAMP)
	@$(BIN)/nianbao serve --db $(DB) --port $(PORT)

## publish: a dated, checksummed snapshot of $(DB) plus CSV exports, under data/snapshots/<date>/
publish: $(STAMP)
	$(BIN)/python -m crawler.publish.snapshot --db $(DB) --out data/snapshots

crawl: $(STAMP)
	@$(BIN)/nianbao crawl --sources data/sources.yaml --db $(DB)

nightly: $(STAMP)
	@$(BIN)/nianbao crawl --sources data/sources.yaml --db $(DB) --nightly

clean:
	rm -rf $(VENV) build *.egg-info $(SETUP_LOG)
