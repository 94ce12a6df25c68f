# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1:8000
# One test worker per core; test files stay whole on one worker (their
# module fixtures, such as the seeded demo, are built once).
PYTEST_PARALLEL ?= -n auto --dist loadfile

.PHONY: run test pytest install install-test messages browser lint check-deploy clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.runtime messages

install-test: $(VENV)/.test messages browser

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
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) --create-db -m "not transactional" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) --reuse-db -m transactional $(PYTEST_ARGS) || [ $$? -eq 5 ]

check-deploy: install
	DJANGO_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(64))") \
	DJANGO_ALLOWED_HOSTS=portal.example.com \
	$(PY) manage.py check --deploy --fail-level WARNING --settings=portal.settings.production

clean:
	rm -rf $(VENV) static db.sqlite3
