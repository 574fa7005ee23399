# KIM – Kommunales Integrationsmanagement. `make run` starts the demo, `make test` runs all tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint format setup demo-data browser clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "KIM braucht Python 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## Set up, migrate, load the demo data and start the server on http://127.0.0.1:8000
run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	@echo "KIM läuft auf http://$(HOST):$(PORT)/ (Beenden mit Strg+C)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

demo-data: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data

## The whole test suite, browser tests included (on SQLite; set DATABASE_URL for PostgreSQL)
test: setup browser
	$(BIN)/pytest

## Without the slow browser tests
test-fast: setup
	$(BIN)/pytest -m "not slow"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmark of the topic suggestion on the demo reports (prints figures; a fresh temporary SQLite
## database: migrate, load the demo data, run bench/topic_suggestion.py)
.PHONY: bench-topics
bench-topics: setup
	@tmp=$$(mktemp -d); \
	export DJANGO_SETTINGS_MODULE=kim.settings.dev DATABASE_URL="sqlite:///$$tmp/bench.sqlite3"; \
	$(BIN)/python manage.py migrate --noinput >/dev/null \
	&& $(BIN)/python manage.py load_demo_data >/dev/null \
	&& $(BIN)/python bench/topic_suggestion.py; \
	status=$$?; rm -rf "$$tmp"; exit $$status

## Headless Chromium for the browser tests (Debian package; installed when missing and run as root)
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Hinweis: /usr/bin/chromium fehlt (apt-get install chromium); Browsertests werden übersprungen."; fi

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
