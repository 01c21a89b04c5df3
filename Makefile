# WIR-monitor: `make demo` sets everything up and runs the pipeline on demo data; `make test` tests.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)

.PHONY: setup system-packages demo test lint dev handleiding handleiding-schermen clean benchmark portal

# Debian's chromium (the PDF), poppler-utils (pdftotext, for tests) and fonts; installs only what is missing,
# and is cheap when nothing is, so it runs on every `make setup`.
system-packages:
	bash scripts/install-system-packages.sh

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: system-packages $(STAMP)

demo: setup
	$(BIN)/wir-monitor demo
	$(BIN)/wir-monitor run
	$(BIN)/wir-monitor status

# The portal on the demo set, with demo accounts whose (new, random) passwords are printed here only.
PORT ?= 8000
portal: setup
	$(BIN)/wir-monitor demo
	$(BIN)/wir-monitor run
	$(BIN)/python -m pipeline.portal.demo
	$(BIN)/wir-monitor portal --port $(PORT)

lint: setup
	$(BIN)/ruff check .

test: lint
	$(BIN)/dagster definitions validate -m pipeline.definitions
	$(BIN)/pytest -n 2 --dist loadfile

# The performance benchmark at 1×, 10× and 100× (by hand, not in CI: it takes a while). SCHALEN="1 10" for fewer.
SCHALEN ?= 1 10 100
benchmark: setup
	$(BIN)/python -m benchmarks --schalen $(SCHALEN)

dev: setup
	$(BIN)/dagster dev -m pipeline.definitions

handleiding: setup
	$(BIN)/wir-monitor handleiding -o reports/handleiding-aanleveren.pdf

# The portal screenshots in the handleiding (pipeline/handleiding/img/ and docs/img/), from the real portal in
# Chromium; every page of the portal at 1280 and 390 pixels wide lands in reports/portaal-schermen/ alongside.
handleiding-schermen: setup
	$(BIN)/python -m tests.portal_browser.screenshots --handleiding reports/portaal-schermen

clean:
	rm -rf data reports/*/ .dagster
