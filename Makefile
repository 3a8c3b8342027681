# `make run` serves the portal with demo data (and, without STRIPE_SECRET_KEY, localstripe for card payments);
# `make cluster` serves it from WORKERS processes on PostgreSQL behind HAProxy; `make test` runs ruff and the whole
# test suite.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium poppler-utils haproxy

WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
# the suite runs on every core, one test file per worker at a time (a browser module keeps its one server)
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run cluster haproxy test install install-test system-packages e2e-assets lint migrate seed clean

run: install migrate seed
	PYTHONMALLOC=malloc $(PY) app.py  # glibc's allocator gives closed pages' memory back (see README)

# migrates and seeds once itself, then starts the app processes, one shared localstripe and HAProxy
cluster: install haproxy
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
		*) echo 'make cluster needs DATABASE_URL=postgres://user:password@host:5432/database (see the README)'; exit 2;; esac
	WORKERS=$(WORKERS) $(PY) -m integrations.cluster

haproxy:
	@command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { echo "Installing Debian package: haproxy"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq haproxy; }

$(VENV)/bin/activate:
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e '.[demo]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(PY) -m integrations.database migrate

seed: install
	$(PY) -m domain.overview.demo

system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing="$$missing haproxy"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

e2e-assets: tests/e2e/node_modules/axe-core/axe.min.js

tests/e2e/node_modules/axe-core/axe.min.js: tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	touch $@

lint: install-test
	$(VENV)/bin/ruff check .

test: install-test system-packages e2e-assets lint
	$(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist loadfile

clean:
	rm -rf $(VENV) tests/e2e/node_modules
