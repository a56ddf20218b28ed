# The cluster platform. `make run` sets up and starts it; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app api
INSTALLED := $(VENV)/.installed
# One pytest worker per core; each test module stays on one worker, and the browser tests
# share one (tests/conftest.py). PYTEST_PARALLEL= runs the suite in one process.
PYTEST_PARALLEL ?= -n auto
NPM_INSTALLED := frontend/node_modules/.installed
API_HOST ?= 127.0.0.1
# The one place the ports are set: `make run API_PORT=5100 WEB_PORT=5200`. The web app's
# config.js, the API's CORS origins and the links in e-mails follow from them.
API_PORT ?= 5000
WEB_PORT ?= 5173
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: help install migrate seed run test test-postgres lint format openapi bench clean \
	frontend-install frontend-build frontend-check chromium redis

help:
	@echo "make run            set up everything and start the platform"
	@echo "make test           set up and run every test (lint included)"
	@echo "make test-postgres  the same suite on PostgreSQL ($(PG_TEST_URL))"
	@echo "make bench          measure the API and the web app on the demo dataset"
	@echo "make openapi        regenerate openapi.yaml from the code"

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

$(NPM_INSTALLED): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_INSTALLED)

frontend-install: $(NPM_INSTALLED)

frontend-build: $(NPM_INSTALLED)
	cd frontend && npm run build

frontend-check: $(NPM_INSTALLED)
	cd frontend && npm run typecheck && npm run lint && npm test

# The browser tests drive Debian's Chromium; install it when it is missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The rate-limit tests run a Redis of their own (shared counters across workers).
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
		echo "Installing Debian's redis-server for the rate-limit tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

run: seed frontend-build
	@printf '%s\n' '// Written by `make run`: the API is on the page'"'"'s own host, port $(API_PORT).' \
		'window.__PLATFORM_CONFIG__ = { apiBaseUrl: "", apiPort: $(API_PORT) };' > frontend/dist/config.js
	@echo ""
	@echo "Web app:  http://$(API_HOST):$(WEB_PORT)   (log in as koordinator@demo.dk / demo-kaffe-og-kvalitet)"
	@echo "API:      http://$(API_HOST):$(API_PORT)/api/v1"
	@echo "API docs: http://$(API_HOST):$(API_PORT)/api/docs"
	@echo "Health:   http://$(API_HOST):$(API_PORT)/api/v1/health"
	@echo "E-mail:   the worker writes outgoing mail to instance/mail/ as .eml files"
	@echo "Stop everything with Ctrl-C."
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	export CORS_ORIGINS="$${CORS_ORIGINS:-http://localhost:$(WEB_PORT),http://127.0.0.1:$(WEB_PORT)}"; \
	export WEB_APP_URL="$${WEB_APP_URL:-http://$(API_HOST):$(WEB_PORT)}"; \
	$(BIN)/gunicorn "api:create_app()" --bind $(API_HOST):$(API_PORT) --workers 1 --threads 8 & \
	$(FLASK) send-mail & \
	cd frontend && npm run preview -- --port $(WEB_PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install lint frontend-check frontend-build chromium redis
	$(BIN)/pytest $(PYTEST_PARALLEL)

test-postgres: install frontend-build chromium redis
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest $(PYTEST_PARALLEL)

openapi: install
	$(FLASK) openapi write --format yaml openapi.yaml

bench: install frontend-build chromium
	@status=0; \
	$(BIN)/python -m bench || status=$$?; \
	$(BIN)/python -m bench.registry || status=$$?; \
	$(BIN)/python -m bench.meetings || status=$$?; \
	$(BIN)/python -m bench.files || status=$$?; \
	$(BIN)/python -m bench.posts || status=$$?; \
	$(BIN)/python -m bench.economy || status=$$?; \
	$(BIN)/python -m bench.indicators || status=$$?; \
	$(BIN)/python -m bench.surveys || status=$$?; \
	$(BIN)/python -m bench.frontend || status=$$?; \
	exit $$status

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis test-artifacts \
		frontend/node_modules frontend/dist
