# The cluster platform. `make run` sets up and starts it; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app api
INSTALLED := $(VENV)/.installed
API_HOST ?= 127.0.0.1
API_PORT ?= 5000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: help install migrate seed run test test-postgres lint format openapi bench clean

help:
	@echo "make run            set up everything and start the platform"
	@echo "make test           set up and run every test (lint included)"
	@echo "make test-postgres  the same suite on PostgreSQL ($(PG_TEST_URL))"
	@echo "make bench          measure the API on the national demo dataset"
	@echo "make openapi        regenerate openapi.yaml from the code"

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

run: seed
	@echo ""
	@echo "API:      http://$(API_HOST):$(API_PORT)/api/v1"
	@echo "API docs: http://$(API_HOST):$(API_PORT)/api/docs"
	@echo "Health:   http://$(API_HOST):$(API_PORT)/api/v1/health"
	@echo ""
	$(BIN)/gunicorn "api:create_app()" --bind $(API_HOST):$(API_PORT) --workers 2 --threads 4

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install lint
	$(BIN)/pytest

test-postgres: install
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

openapi: install
	$(FLASK) openapi write --format yaml openapi.yaml

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis
