# `make run` serves the portal with demo data (and, without STRIPE_SECRET_KEY, localstripe for card payments);
# `make test` runs ruff and the whole test suite.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium poppler-utils

.PHONY: run test install install-test system-packages e2e-assets lint migrate seed clean

run: install migrate seed
	PYTHONMALLOC=malloc $(PY) app.py  # glibc's allocator gives closed pages' memory back (see README)

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
	$(PY) -m domain.demo

system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
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
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) tests/e2e/node_modules
