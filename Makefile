# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test setup browser libmagic lint check clean lock audit bench wrk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every package, transitive ones included, from the lock with its hashes.
$(VENV)/.installed: $(BIN)/python requirements-dev.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# After changing requirements*.txt: pin the whole tree again, with hashes.
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed
	$(LOCK) --output-file requirements.lock requirements.txt
	$(LOCK) --output-file requirements-dev.lock requirements-dev.txt

# Known vulnerabilities in the locked packages (asks the PyPI advisory database, so
# it needs the network; not part of CI).
audit: $(VENV)/.installed
	$(BIN)/pip-audit --require-hashes --disable-pip -r requirements.lock

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed node_modules/.installed

# Debian's Chromium for the browser tests (never a test tool's own download), GNU
# gettext for the translation check, libmagic for upload checks, Pango for the case
# file PDFs (WeasyPrint).
browser:
	@test -x $(CHROMIUM) && command -v msgfmt >/dev/null && test -e /usr/lib/x86_64-linux-gnu/libmagic.so.1 -o -e /usr/lib/aarch64-linux-gnu/libmagic.so.1 || { \
		echo "Installing Debian's chromium, gettext and libmagic1"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext libmagic1 libpango-1.0-0 libpangoft2-1.0-0; }

# python-magic needs the system's libmagic.
libmagic:
	@test -e /usr/lib/x86_64-linux-gnu/libmagic.so.1 -o -e /usr/lib/aarch64-linux-gnu/libmagic.so.1 || { \
		echo "Installing libmagic1"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmagic1; }

run: setup libmagic
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	# The background worker sends notifications, and the periodic jobs (sweep, scheduled
	# publishing, renewals, pruning) run every minute; both stop with the web server.
	$(BIN)/python manage.py db_worker & worker=$$!; \
	( while true; do $(BIN)/python manage.py run_periodic_jobs; sleep 60; done ) & timer=$$!; \
	trap 'kill $$worker $$timer 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --settings=settings.test
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=settings.test
	# worksteal: an idle worker takes tests from a busy one, so the long browser
	# sweeps do not leave one core waiting at the end (6.6 → 5.5 min here).
	$(BIN)/python -m pytest -n auto --dist worksteal

# Benchmarks (never part of `make test`): public pages beside a bare Django view,
# queries per page, the queue and exports at 1,000 and 100,000 households, and 200
# applicants at once on PostgreSQL. About twelve minutes; figures in benchmarks/README.md.
wrk:
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

bench: setup libmagic wrk
	benchmarks/run

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media private_media staticfiles
