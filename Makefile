# Jämställdhetsportalen – the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The lock tool (uv, itself installed from requirements-tools.lock with hashes), kept apart from
# the virtualenv so that the virtualenv holds exactly the lock's pins.
TOOLS := var/tools
UV := $(TOOLS)/bin/uv
COMPILE := $(UV) pip compile pyproject.toml --quiet --generate-hashes --python-version 3.11 \
	--custom-compile-command "make lock"

.PHONY: run test install lock upgrade lock-check messages translations assets lint bench bench-documents stress \
	clean system-packages bench-packages pdf-packages

# pyproject.toml declares ranges; the virtualenv is built from the lock alone, with hashes, and
# built anew whenever the lock changes, so it holds the lock's pins and nothing else. The portal
# itself is not installed into it: it runs from this folder (manage.py, celery -A, gunicorn).
$(STAMP): requirements-dev.lock pyproject.toml | lock-check
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(PYTHON) bin/check-lock --installed $(PY)
	@touch $(STAMP)

install: $(STAMP)

# Stops at once when pyproject.toml's dependencies and the lock files disagree.
lock-check:
	@$(PYTHON) bin/check-lock

$(UV): requirements-tools.lock
	rm -rf $(TOOLS)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-tools.lock
	@touch $(UV)

# Re-lock after changing pyproject.toml's dependencies; keeps every version that still fits.
lock: $(UV)
	$(COMPILE) -o requirements.lock
	$(COMPILE) --extra test --constraint requirements.lock -o requirements-dev.lock
	$(PYTHON) bin/check-lock --record

# Move every dependency to the newest version pyproject.toml allows (then run the suite).
upgrade: $(UV)
	$(COMPILE) --upgrade -o requirements.lock
	$(COMPILE) --upgrade --extra test --constraint requirements.lock -o requirements-dev.lock
	$(PYTHON) bin/check-lock --record

# Gathers every UI string of the code and templates into the Swedish catalog (then translate
# the new entries; tests/portal/test_translations.py fails while one is missing or fuzzy).
translations: $(STAMP)
	$(PY) manage.py makemessages -l sv --no-obsolete --ignore=.venv --ignore=var \
		--ignore=node_modules --ignore=static --ignore=staticfiles --ignore=tests --ignore=bench \
		--ignore=bin --ignore=docs --ignore=test-artifacts

# Compiled translations are built, not committed.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || $(MAKE) system-packages
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0

# The interface's design system (GOV.UK Frontend, themed in static/scss/), htmx and the HTML
# checker come from the npm registry at the versions and hashes of package-lock.json; the
# stylesheet is compiled from our Sass into static/build/ (built, not committed).
ASSETS := static/build/.built
node_modules/.installed: package-lock.json
	@command -v npm >/dev/null || $(MAKE) system-packages
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSETS): node_modules/.installed bin/build-assets $(wildcard static/scss/*.scss static/scss/app/*.scss)
	bin/build-assets
	@touch $(ASSETS)

assets: $(ASSETS)

# Debian packages the tests need: gettext for translations, Chromium for the browser tests,
# docker-compose to validate the production compose file offline, LibreOffice Calc to prove
# that workbooks saved by it import (Impress that the generated slides open, Writer that the Word feedback opens), poppler-utils to read generated PDFs back, and fonts with
# å, ä and ö for those PDFs (Liberation Sans also gives the documents' Arial its own metrics),
# and HarfBuzz's subsetter, with which WeasyPrint embeds a font's glyphs in about a millisecond
# (without it, fontTools takes some 200 ms a PDF).
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc-nogui"; \
	dpkg -s libreoffice-impress-nogui >/dev/null 2>&1 || missing="$$missing libreoffice-impress-nogui"; \
	dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	fc-list 2>/dev/null | grep -qi "liberation sans" || missing="$$missing fonts-liberation"; \
	dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# WeasyPrint's fast font subsetter (see system-packages); the portal and the benchmarks make PDFs.
pdf-packages:
	@dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libharfbuzz-subset0; }

run: lock-check pdf-packages $(STAMP) messages assets
	DEBUG=1 REQUIRE_STAFF_MFA=0 $(PY) manage.py migrate --noinput
	DEBUG=1 REQUIRE_STAFF_MFA=0 $(PY) manage.py seed_demo
	DEBUG=1 REQUIRE_STAFF_MFA=0 ./bin/serve-demo

# The suite runs in parallel processes (pytest-xdist), each with its own test database and Redis
# databases; PYTEST_ARGS adds options (e.g. PYTEST_ARGS="-n 0 -x" runs it in one process).
PYTEST_WORKERS ?= 2
test: lock-check system-packages $(STAMP) messages assets
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The load generator for the benchmarks (wrk, from Debian's packages).
bench-packages:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; }

# Performance at national scale on PostgreSQL and Redis (not part of `make test`).
bench: bench-packages pdf-packages $(STAMP) messages assets
	$(PY) bench/national.py

# The deadline rush under gunicorn, a worker and beat on PostgreSQL and Redis (not part of `make test`).
stress: bench-packages pdf-packages $(STAMP) messages assets
	$(PY) bench/stress.py

# Timings of the generated documents (not part of the test run).
bench-documents: pdf-packages $(STAMP) messages
	$(PY) bench/documents.py --runs 10

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles static/build node_modules
