# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1:8000
# One test worker per core; test files stay whole on one worker (their
# module fixtures, such as the seeded demo, are built once).
PYTEST_PARALLEL ?= -n auto --dist loadfile
# The 15 slowest tests of each pass are listed at its end: where CI time goes.
PYTEST_DURATIONS ?= --durations=15

.PHONY: run test pytest install install-test messages browser qr-reader lint check-deploy clean lock bench

# Installs exactly the locked versions, each file checked against its hash.
$(VENV)/.runtime: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.test: requirements-test.lock $(VENV)/.runtime
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

# After a change to requirements*.txt: pins every transitive dependency with
# its hashes; versions already locked stay unless the change needs another.
# The test lock is resolved within the runtime lock, so tests run on the
# versions production runs. No index or find-links option is written: the
# files install from any machine's index. pip-compile runs on the oldest
# Python the portal runs on, Debian 12's python3 (3.11.2): a release that
# needs a newer Python would not install there.
LOCK_PYTHON ?= /usr/bin/python3
LOCK_VENV := $(VENV)/lock-tools
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

$(LOCK_VENV)/bin/pip-compile: requirements-test.txt
	$(LOCK_PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet "$$(grep '^pip-tools==' requirements-test.txt)"
	touch $@

lock: $(LOCK_VENV)/bin/pip-compile
	$(PIP_COMPILE) -o requirements.lock requirements.txt
	$(PIP_COMPILE) -c requirements.lock -o requirements-test.lock requirements-test.txt

install: $(VENV)/.runtime messages

install-test: $(VENV)/.test messages browser qr-reader

# The French catalogue is compiled here; .mo files are not committed.
messages: $(VENV)/.runtime
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	$(PY) manage.py compilemessages --ignore=.venv -v 0

# Browser tests drive Debian's Chromium; Playwright never downloads a browser.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests"; exit 1; fi; \
	fi

# The leave-behind tests read the printed QR code back with Debian's zbarimg.
ZBARIMG ?= /usr/bin/zbarimg
qr-reader:
	@if [ ! -x $(ZBARIMG) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zbar-tools >/dev/null; \
	  else echo "Install Debian's zbar-tools (sudo apt-get install zbar-tools) for the leave-behind tests"; exit 1; fi; \
	fi

run: install
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	@echo "Serving http://$(HOST)/ (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST)

lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install-test lint
	$(PY) manage.py makemigrations --check --dry-run -v 0 --settings=portal.settings.test
	$(MAKE) --no-print-directory pytest

# Tests that commit (browser journeys, concurrency) empty their worker's
# database afterwards, data migrations' rows included: they run second, once
# every other test is done, on the databases the first pass created (on
# PostgreSQL that saves migrating them again). Exit code 5 is "no test
# selected" (a PYTEST_ARGS that picks none of one kind).
pytest: $(VENV)/.test
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_DURATIONS) --create-db -m "not transactional" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_DURATIONS) --reuse-db -m transactional $(PYTEST_ARGS) || [ $$? -eq 5 ]

check-deploy: install
	DJANGO_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(64))") \
	DJANGO_ALLOWED_HOSTS=portal.example.com \
	$(PY) manage.py check --deploy --fail-level WARNING --settings=portal.settings.production

clean:
	rm -rf $(VENV) static db.sqlite3

# Time every page on the data in DATABASE_URL (after `seed_demo --scale large`),
# DEBUG off; the table is also written to bench/results/ (README, Benchmarks).
bench: $(VENV)/.runtime
	$(PY) manage.py benchmark --settings=portal.settings.bench --render
