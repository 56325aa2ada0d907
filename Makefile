# Two entry points for a fresh machine: `make run` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench bench-store bench-hostile model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,train]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/trainer

lint: $(STAMP)
	$(BIN)/ruff check trainer scoring tests benchmarks

test: lint
	$(BIN)/python -m pytest

# Rebuild the rubric model from corpus/ (deterministic: the same corpus gives the same bytes).
model: $(STAMP)
	$(BIN)/python -m scoring.training build --corpus corpus --out scoring/model/rubric.json

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scoring.py

bench-store: $(STAMP)
	$(BIN)/python benchmarks/bench_store.py

bench-hostile: $(STAMP)
	$(BIN)/python benchmarks/bench_hostile_yaml.py

clean:
	rm -rf $(VENV) build *.egg-info
