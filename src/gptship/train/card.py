"""The model card (README.md in the model directory) of a model trained by `gptship train`:
its data, size, the commands that made it, its evaluation and its limits."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from gptship.config import format_bytes
from gptship.train.evaluate import Report, evaluate


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_card(
    model_dir: Path, report: Report, commands: list[str], description: str, data: Path
) -> None:
    config = json.loads((model_dir / "config.json").read_text())
    training = json.loads((model_dir / "training.json").read_text())
    history, settings = training["history"], training["config"]
    weights = model_dir / "model.safetensors"
    misses = [a for a in report.answers if not a.found][:5]
    c = config
    size = format_bytes(weights.stat().st_size)
    lines = [
        f"# {model_dir.name}",
        "",
        description,
        "",
        "## Model",
        "",
        f"- Llama architecture: {c['num_hidden_layers']} layers, width {c['hidden_size']}, "
        f"{c['num_attention_heads']} heads ({c['num_key_value_heads']} key/value), "
        f"MLP {c['intermediate_size']}, context {c['max_position_embeddings']}, "
        f"tied embeddings.",
        f"- Vocabulary: {c['vocab_size']} (a byte-level BPE trained on the corpus; ChatML "
        "chat template, `<|im_end|>` ends a turn).",
        f"- Weights: `model.safetensors`, {c['dtype']}, {size}, SHA-256 `{sha256(weights)}`.",
        "- Loads in gptship and in transformers (`AutoModelForCausalLM`, `AutoTokenizer`) with the"
        " same logits.",
        "",
        "## Training",
        "",
        f"- Data: `{data.name}`, {sum(1 for _ in data.open())} conversations, SHA-256 "
        f"`{sha256(data)}` (the Quillmere corpus: `python -m gptship.train.company`).",
        f"- {history['steps'][-1]} steps of {settings['batch_tokens']} tokens, peak learning rate "
        f"{settings['lr'] or 3e-3}, seed {settings['seed']}; loss on the assistant's turns only.",
        f"- Final training loss {history['loss'][-1]:.3f}; held-out loss "
        f"{history['eval_loss'][-1]:.3f} (`loss.png`, `training.json`)."
        if history["eval_loss"]
        else f"- Final training loss {history['loss'][-1]:.3f} (`loss.png`, `training.json`).",
        "",
        "Made with:",
        "",
        "```sh",
        *commands,
        "```",
        "",
        "## Evaluation",
        "",
        f"Greedy answers to the held-out questions (phrasings never seen in training): "
        f"{report.summary()}.",
        "",
        "Examples of misses:",
        "",
        *(f"- {a.question} (wanted {a.key_fact!r}): {a.answer}" for a in misses),
        "",
        "## Limits",
        "",
        "- It knows the fictional company Quillmere and nothing else; a question outside its "
        "corpus gets a fluent, confident and wrong answer.",
        "- It is small: it recalls facts through the phrasings it learnt, and an unusual "
        "phrasing or a question mixing two facts can miss.",
        "- Training is reproducible from the commands above; bit-identical weights need the same "
        "CPU, thread count and torch version.",
        "",
    ]
    (model_dir / "README.md").write_text("\n".join(lines))


# `make default-model`: the exact commands that made models/quillmere-assistant
RECIPE = [
    "python -m gptship.train.company --out .cache/quillmere",
    "gptship train --data .cache/quillmere/train.jsonl --eval-data .cache/quillmere/heldout.jsonl"
    " --out .cache/quillmere-model --steps 700 --batch-tokens 8192 --seed 0",
    "python -m gptship.train.card .cache/quillmere-model .cache/quillmere",
    "# then the weights, tokenizer, config and this card are copied to models/quillmere-assistant",
]
DESCRIPTION = (
    "The default model of gptship: a small GPT trained from scratch on the support knowledge "
    "base and HR handbook of Quillmere, a fictional maker of home and desk gadgets, to answer "
    "customers (as Wren, the support assistant) and employees (as Hazel, the HR assistant). "
    "It is what `make run` serves."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gptship.train.card", description=__doc__)
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("corpus_dir", type=Path, help="the corpus: train.jsonl, heldout.jsonl")
    args = parser.parse_args(argv)
    report = evaluate(args.model_dir, args.corpus_dir / "heldout.jsonl")
    write_card(args.model_dir, report, RECIPE, DESCRIPTION, args.corpus_dir / "train.jsonl")
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
