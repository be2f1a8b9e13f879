# The README's two commands are `make run` and `make test`; everything else supports them.
# Only Python 3.11 and make are assumed: the virtualenv and its packages are made here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Not read from the environment (`?=`): some shells export HOST as the machine's own name.
# Override on the command line instead: `make run HOST=0.0.0.0`.
HOST = 127.0.0.1
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format install install-dev migrate content admin-password api-snapshot clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 was not found; install it or set PYTHON=/path/to/python3.11." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Marker files: reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(MANAGE) migrate --no-input

content: migrate
	$(MANAGE) load_troms_content

# The background worker (rebuilding the documents a change touches) runs beside the server and
# stops with it. The login is printed last before the server starts, so it is on screen above
# its log.
run: content
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(MANAGE) db_worker --no-reload & worker=$$!; \
	$(MANAGE) ensure_local_admin --host $(HOST) --port $(PORT) && \
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)} $(MANAGE) runserver $(HOST):$(PORT)

admin-password: migrate
	$(MANAGE) ensure_local_admin --reset-password --host $(HOST) --port $(PORT)

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# lint-imports checks the apps' layers and cycles (the contracts are in pyproject.toml).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

api-snapshot: install-dev
	UPDATE_API_SNAPSHOTS=1 $(BIN)/python -m pytest tests/api -k snapshot

clean:
	rm -rf $(VENV) static

# Citizen search latency, p50 and p95 at 300 and 3 000 pages (bench/search_bench.py): on SQLite,
# and on PostgreSQL when BENCH_POSTGRES_URL names a server whose role may create databases, e.g.
# `make bench-search BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres`.
.PHONY: bench-search
bench-search: install-dev
	$(BIN)/python bench/search_bench.py --database sqlite
	@if [ -n "$(BENCH_POSTGRES_URL)" ]; then \
		$(BIN)/python bench/search_bench.py --database "$(BENCH_POSTGRES_URL)"; \
	else \
		echo "PostgreSQL not measured: set BENCH_POSTGRES_URL to a server to measure it too."; \
	fi

# API benchmarks (bench/api_bench.py), not part of `make test`: our API against stock Wagtail
# API v2 and a bare WSGI app, under gunicorn on loopback. wrk comes from Debian; the script
# installs it when run as root. BENCH_ARGS passes options, e.g. BENCH_ARGS="--duration 30".
.PHONY: bench-api bench-soak

bench-api: install
	$(BIN)/python bench/api_bench.py $(BENCH_ARGS)

# The same, then ten minutes at 80 % of the measured maximum; any failed request fails it.
bench-soak: install
	$(BIN)/python bench/api_bench.py --soak 600 $(BENCH_ARGS)

# Peak memory and time of a worker uploading the largest images it accepts (bench/image_memory.py).
.PHONY: bench-images
bench-images: install
	$(BIN)/python bench/image_memory.py $(BENCH_ARGS)

# The site's cost at its 15 loaded pages and at 10 000 (bench/scale_bench.py): API reads, search,
# the finder, the admin's overview and editors' saves, with ratios and the targets checked
# (PASS/FAIL; BENCH_STRICT=1 makes a FAIL the exit status). With BENCH_POSTGRES_URL, also on
# PostgreSQL at 100 000 pages; BENCH_SCALE_PAGES=3000 tries a smaller site on both.
.PHONY: bench-scale
bench-scale: install-dev
	BENCH_SCALE_PAGES=$(BENCH_SCALE_PAGES) BENCH_STRICT=$(BENCH_STRICT) \
		$(BIN)/python bench/scale_bench.py --database sqlite
	@if [ -n "$(BENCH_POSTGRES_URL)" ]; then \
		BENCH_SCALE_PAGES=$(BENCH_SCALE_PAGES) BENCH_STRICT=$(BENCH_STRICT) \
			$(BIN)/python bench/scale_bench.py --database "$(BENCH_POSTGRES_URL)"; \
	else \
		echo "PostgreSQL not measured: set BENCH_POSTGRES_URL to a server to measure it too."; \
	fi
