# The project's user interface: `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
YEAR   ?= 2022
YEARS  ?= 2021 2022 2023 2024 2025
LANGS  ?= vi
JOBS   ?=
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help env git-filter build report test test-fast lint lab bench sample template clean ground-truth

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (khuyencong)" >/dev/null
	@touch $(STAMP)

env: $(STAMP) git-filter ## create .venv from pyproject.toml (done by every target on first use) and the notebook git filter

# JupyterLab saves outputs into the notebooks, and the kernel's language_info and its own cell
# metadata; this filter (nbstripout, named in .gitattributes) strips them from what git stores, so
# the working copy may keep them. Skipped outside a git checkout. .pre-commit-config.yaml and
# README use the same arguments.
git-filter: $(STAMP)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '.venv/bin/nbstripout --keep-id --extra-keys "metadata.language_info cell.metadata.jp-MarkdownHeadingCollapsed"' && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv '.venv/bin/nbstripout --keep-id --extra-keys "metadata.language_info cell.metadata.jp-MarkdownHeadingCollapsed" -t'; fi

build: $(STAMP) ## build data/processed/ from data/raw/ (every year present)
	$(BIN)/khuyencong build

report: build ## build the data and render every report of YEARS (default: all sample years), HTML and PDF (LANGS=both adds English)
	$(BIN)/khuyencong report --year $(YEARS) --format html,pdf --lang $(LANGS) $(if $(JOBS),--jobs $(JOBS))

# The suite runs on every CPU (pytest-xdist; TEST_JOBS=1 runs it in one process); the notebooks'
# cells stay together, one notebook per worker (--dist loadfile).
TEST_JOBS ?= auto
test: $(STAMP) ## run the unit, end-to-end and notebook tests (builds the sample year first; TEST_JOBS=N workers)
	$(BIN)/khuyencong build --year $(YEAR)
	$(BIN)/python -m pytest -q -n $(TEST_JOBS)
	$(BIN)/python -m pytest -q -n $(TEST_JOBS) --dist loadfile --nbval-lax notebooks/ -p no:cacheprovider

ground-truth: $(STAMP) ## rewrite tests/ground_truth/ from the sample (on purpose; review the diff)
	$(BIN)/python tests/ground_truth/refresh.py

test-fast: $(STAMP) ## the tests that need no Jupyter kernel or browser (skips those marked slow)
	$(BIN)/python -m pytest -q -n $(TEST_JOBS) -m "not slow"

lint: $(STAMP) ## ruff on src and tests
	$(BIN)/ruff check src tests benchmarks

# As root (most containers) JupyterLab refuses to start without --allow-root: added then.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
lab: build git-filter ## build the data, then JupyterLab on notebooks/ (LAB_ARGS="--no-browser --port 8890" passes flags)
	$(BIN)/jupyter lab notebooks/ $(LAB_ARGS)

bench: build ## benchmark: naive loop vs khuyencong report vs rerun vs in-process without kernels (ratios; PROVINCES=N extrapolates the naive loop from N provinces, ALL=1 adds the whole sample)
	$(BIN)/python benchmarks/bench_report.py $(if $(PROVINCES),--provinces $(PROVINCES)) $(if $(ALL),--all) $(if $(JOBS),--jobs $(JOBS))

sample: $(STAMP) ## regenerate the illustrative sample returns in data/raw/2022
	$(BIN)/khuyencong sample --year 2022

template: $(STAMP) ## write the empty return form for YEAR to build/
	@mkdir -p build
	$(BIN)/khuyencong template --year $(YEAR) --out build/bao-cao-khuyen-cong-$(YEAR).xlsx

clean: ## remove generated data and reports (keeps .venv)
	rm -rf data/processed/[0-9]* data/processed/*.parquet reports/[0-9]* reports/index.html build
