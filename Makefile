# Everything a fresh machine needs comes from here: Python 3.11+ and make are enough.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 2

.PHONY: install run test lint format clean bench

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: migrate the database, create the first admin (printed once), serve on HOST:PORT
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ensure_admin --url http://$(HOST):$(PORT)
	$(BIN)/gunicorn config.asgi:application --worker-class uvicorn_worker.UvicornWorker \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --graceful-timeout 5 --access-logfile -

## test: the whole suite; on PostgreSQL when DATABASE_URL names one
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: the benchmark suite (not part of test): writes BENCHMARKS.md and the plot.
## Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and wrk (installed from Debian if missing).
bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@command -v wrk >/dev/null 2>&1 || \
		{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		  { apt-get install -y -qq wrk >/dev/null 2>&1 || \
		    { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }; } || \
		{ echo "wrk is missing: install it with 'apt-get install -y wrk'" >&2; exit 1; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache
