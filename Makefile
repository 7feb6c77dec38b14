# The two commands of the README: `make run` and `make test`.
# Each creates the virtual environment on first use, from nothing but python3.
PYTHON ?= python3
VENV ?= .venv
BIN ?= $(VENV)/bin
STAMP ?= $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job on the shipped seeds: ingest -> claims -> audit -> dataset -> baselines ->
# report (the last build puts the fresh results table into the dataset card).
run: $(STAMP)
	$(BIN)/claimkit ingest seeds --out data/articles.jsonl
	$(BIN)/claimkit extract
	$(BIN)/claimkit filter
	$(BIN)/claimkit audit
	$(BIN)/claimkit validate
	$(BIN)/claimkit build
	$(BIN)/claimkit baselines --results baselines/RESULTS.md
	$(BIN)/claimkit build

# The whole test suite, plus lint.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n auto

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_foundation.py

clean:
	rm -rf $(VENV) dist
