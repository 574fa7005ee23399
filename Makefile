# KIM – Kommunales Integrationsmanagement. `make run` starts the demo, `make test` runs all tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint format setup demo-data browser clean

setup: $(VENV)/.installed node_modules/.installed catalogs

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

## Load benchmark (issue #12, README „Leistung“): SCALE=district (default) or SCALE=state. A fresh
## PostgreSQL database on BENCH_PGHOST as BENCH_PGUSER, the generated data (bench/generate.py), KIM
## under gunicorn, figures at 1 and 16 users (bench/run.py); KEEP=1 keeps the database. Not in CI.
SCALE ?= district
BENCH_PGHOST ?= 127.0.0.1
BENCH_PGUSER ?= postgres
.PHONY: bench
bench: setup $(VENV)/.bench-installed
	@db="kim_bench_$(SCALE)_$$(date +%s)"; \
	export DATABASE_URL="postgres://$(BENCH_PGUSER)@$(BENCH_PGHOST):5432/$$db"; \
	createdb -h $(BENCH_PGHOST) -U $(BENCH_PGUSER) "$$db" \
	&& psql -q -h $(BENCH_PGHOST) -U $(BENCH_PGUSER) -d "$$db" \
		-c "ALTER DATABASE \"$$db\" SET jit = off" \
		-c "ALTER DATABASE \"$$db\" SET random_page_cost = 1.1" \
	&& $(BIN)/python manage.py migrate --noinput >/dev/null \
	&& $(BIN)/python bench/generate.py --scale $(SCALE) \
	&& $(BIN)/python bench/run.py --scale $(SCALE); \
	status=$$?; \
	if [ -n "$(KEEP)" ]; then echo "Datenbank bleibt: $$DATABASE_URL"; \
	else dropdb -h $(BENCH_PGHOST) -U $(BENCH_PGUSER) --if-exists --force "$$db"; fi; \
	exit $$status

$(VENV)/.bench-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

## Translations (kim/core/catalogs.py): extract the German msgids from src/kim, fill the German
## catalogue (msgstr = msgid) and the English one from src/kim/locale_src/en/<app>.py, compile.
## msgids without English are appended to their app's file with an empty text: fill those in and
## run it again (the test core/tests/test_translations.py fails until every msgid has English).
.PHONY: messages catalogs
messages: setup
	cd src/kim && ../../$(BIN)/python ../../manage.py makemessages -l de -l en --no-obsolete --add-location file
	$(BIN)/python manage.py fill_catalogs --add-missing --prune
	$(BIN)/ruff format --quiet src/kim/locale_src
	@$(MAKE) --no-print-directory catalogs

## The compiled catalogues (.mo, not in git), built by setup; gettext's msgfmt is installed when
## missing (Debian package, as root)
catalogs: $(patsubst %.po,%.mo,$(wildcard src/kim/locale/*/LC_MESSAGES/django.po))

%.mo: %.po
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; } \
		|| { echo "msgfmt fehlt: apt-get install gettext"; exit 1; }
	msgfmt --check-format -o $@ $<

## Headless Chromium for the browser tests (Debian package; installed when missing and run as root)
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Hinweis: /usr/bin/chromium fehlt (apt-get install chromium); Browsertests werden übersprungen."; fi

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
