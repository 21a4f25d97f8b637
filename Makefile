# Two commands: `make run` and `make test`. Both create .venv and install the project when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test install install-dev bench clean-index

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changes. torch is pinned in the same pip call so that
# the CPU wheel is chosen before sentence-transformers can pull a CUDA build.
$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet --disable-pip-version-check "torch==2.13.0" -e .
	touch $@

# One pip call for the project and its dev extras (a second resolve costs minutes here).
$(DEV_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet --disable-pip-version-check "torch==2.13.0" -e ".[dev]"
	touch $(STAMP) $@

install: $(STAMP)

install-dev: $(DEV_STAMP)

run: $(STAMP)
	$(PY) -m bot run

test: $(DEV_STAMP)
	$(PY) -m pytest -q

bench: $(DEV_STAMP)
	$(PY) -m benchmarks.run

clean-index:
	rm -rf data/index
