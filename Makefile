# `make run` serves the portal with demo data (and, without STRIPE_SECRET_KEY, localstripe for card payments);
# `make cluster` serves it from WORKERS processes on PostgreSQL behind HAProxy; `make test` runs ruff, mypy and the whole
# test suite. Every install comes from the lock files; `make lock` remakes them from pyproject.toml.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
# the venv's own pip, pinned too (a new venv starts with whatever pip its Python bundles)
PIP_VERSION := 26.3
# `make lock` runs pip-tools from a venv of its own, so the app's venv holds exactly what the lock files list
LOCK_VENV := $(VENV)/lock-tools
PIP_TOOLS := pip-tools==7.7.0
# the lock files name no package index: pip's own settings on each machine say where packages come from
PIP_COMPILE := CUSTOM_COMPILE_COMMAND='make lock' $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host $(LOCK_ARGS)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium poppler-utils haproxy postgresql-client zbar-tools

WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
# the suite runs on every core, one test file per worker at a time (a browser module keeps its one server)
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run cluster haproxy backup restore test install install-test lock system-packages e2e-assets lint migrate seed clean

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
	$(PIP) install --quiet pip==$(PIP_VERSION)

# Installs take exactly the lock file: every package pinned with its hashes, nothing resolved at install time
# (--no-deps), and the project itself is not installed (it runs from the checkout). A changed lock reinstalls.
$(VENV)/.installed: $(LOCK) | $(VENV)/bin/activate
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCK)
	touch $@

# the test lock holds the app's packages too, at the same versions, so it stands for both
$(VENV)/.installed-test: $(TEST_LOCK) | $(VENV)/bin/activate
	$(PIP) install --quiet --require-hashes --no-deps -r $(TEST_LOCK)
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Remakes both lock files from pyproject.toml. Versions already locked stay unless pyproject.toml rules them out;
# `make lock LOCK_ARGS=--upgrade` takes the newest allowed (or `LOCK_ARGS='--upgrade-package NAME'` for one).
# The test lock is resolved within the app's lock, so the tests run on the versions the app is served with.
lock:
	[ -x $(LOCK_VENV)/bin/pip-compile ] || { python3 -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/pip install --quiet pip==$(PIP_VERSION) $(PIP_TOOLS); }
	$(PIP_COMPILE) --extra demo --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra test --constraint $(LOCK) --output-file $(TEST_LOCK) pyproject.toml

migrate: install
	$(PY) -m integrations.database migrate

# a consistent backup while the portal serves, into BACKUP_DIR (else DATA_DIR/backups); see the README's "Backups"
backup: install
	$(PY) -m commands.backup

# into an empty database and data folder (FORCE=1 replaces what they hold); the file is checked whole first
restore: install
	@[ -n "$(FILE)" ] || { echo 'usage: make restore FILE=path/to/portal-....tar [FORCE=1]'; exit 2; }
	$(PY) -m commands.restore "$(FILE)" $(if $(filter 1 yes true,$(FORCE)),--force)

seed: install
	$(PY) -m commands.seed_demo

system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing="$$missing haproxy"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
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
	$(VENV)/bin/mypy

test: install-test system-packages e2e-assets lint
	$(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist loadfile

clean:
	rm -rf $(VENV) tests/e2e/node_modules
