# Jämställdhetsportalen – the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install messages lint bench bench-documents stress clean system-packages bench-packages

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# Compiled translations are built, not committed.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || $(MAKE) system-packages
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0

# Debian packages the tests need: gettext for translations, Chromium for the browser tests,
# docker-compose to validate the production compose file offline, LibreOffice Calc to prove
# that workbooks saved by it import (and Impress that the generated slides open), poppler-utils to read generated PDFs back, and fonts with
# å, ä and ö for those PDFs.
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v docker-compose >/dev/null || missing="$$missing docker-compose"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc-nogui"; \
	dpkg -s libreoffice-impress-nogui >/dev/null 2>&1 || missing="$$missing libreoffice-impress-nogui"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

run: $(STAMP) messages
	DEBUG=1 REQUIRE_STAFF_MFA=0 $(PY) manage.py migrate --noinput
	DEBUG=1 REQUIRE_STAFF_MFA=0 $(PY) manage.py seed_demo
	DEBUG=1 REQUIRE_STAFF_MFA=0 ./bin/serve-demo

test: system-packages $(STAMP) messages
	$(PY) -m pytest $(PYTEST_ARGS)

# The load generator for the benchmarks (wrk, from Debian's packages).
bench-packages:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; }

# Performance at national scale on PostgreSQL and Redis (not part of `make test`).
bench: bench-packages $(STAMP) messages
	$(PY) bench/national.py

# The deadline rush under gunicorn, a worker and beat on PostgreSQL and Redis (not part of `make test`).
stress: bench-packages $(STAMP) messages
	$(PY) bench/stress.py

# Timings of the generated documents (not part of the test run).
bench-documents: $(STAMP) messages
	$(PY) bench/documents.py --runs 10

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles
