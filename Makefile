# The README's commands. `make test` and `make check` create or update .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check format clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# the server on a small local model (a tiny random Llama until the trained default model
# ships): http://127.0.0.1:8000/v1
DEMO_MODEL := .cache/demo-model
run: $(STAMP)
	$(BIN)/python -m tests.demo_model $(DEMO_MODEL)
	@echo "gptship: serving $(DEMO_MODEL) at http://127.0.0.1:8000/v1 (no API key: loopback only)"
	@echo "try:  curl http://127.0.0.1:8000/v1/chat/completions -H 'Content-Type: application/json' \\"
	@echo "        -d '{\"model\": \"gptship-demo\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}'"
	$(BIN)/gptship serve $(DEMO_MODEL) --served-model-name gptship-demo

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
