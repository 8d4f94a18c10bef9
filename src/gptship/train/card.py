"""The model card (README.md in the model directory) of a model trained by `gptship train`:
its data, size, the commands that made it, its evaluation and its limits."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

from gptship.config import format_bytes
from gptship.deploy.manifest import file_sha256
from gptship.train.evaluate import Report, evaluate


def _lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for line in f if line.strip())


def write_card(
    model_dir: Path,
    report: Report,
    commands: list[str],
    description: str,
    data: Path,
    title: str | None = None,  # default: the directory's name
    grounded: Path | None = None,  # the grounded corpus's train.jsonl, for a second stage
    assistants: list[str] | None = None,  # the assistants' evaluation, Markdown lines
) -> None:
    config = json.loads((model_dir / "config.json").read_text())
    training = json.loads((model_dir / "training.json").read_text())
    history = training["history"]
    weights = model_dir / "model.safetensors"
    misses = [a for a in report.answers if not a.found][:5]
    c = config
    size = format_bytes(weights.stat().st_size)
    lines = [
        f"# {title or model_dir.name}",
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
        f"- Weights: `model.safetensors`, {c['dtype']}, {size}, SHA-256 `{file_sha256(weights)}`.",
        "- Loads in gptship and in transformers (`AutoModelForCausalLM`, `AutoTokenizer`) with the"
        " same logits.",
        "",
        "## Training",
        "",
        f"- Data: `{data.name}`, {_lines(data)} conversations, SHA-256 "
        f"`{file_sha256(data)}` (the Quillmere corpus: "
        "`python -m gptship.train.corpus examples/quillmere`)"
        + (
            f"; then `{grounded.name}` of the grounded corpus, {_lines(grounded)} "
            f"conversations, SHA-256 `{file_sha256(grounded)}` (questions with retrieved "
            "passages in the prompt: `python -m gptship.train.corpus_grounded`)."
            if grounded is not None
            else "."
        ),
        _run(training["config"], history),
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
        *(assistants or []),
        f"Greedy answers to the held-out questions (phrasings never seen in training), "
        f"{'as the bare model, with no sources in the prompt' if grounded else 'from memory'}: "
        f"{report.summary()}.",
        "",
        "Examples of misses:",
        "",
        *(f"- {a.question} (wanted {a.key_fact!r}): {a.answer}" for a in misses),
        "",
        "## Limits",
        "",
        "- It knows the fictional company Quillmere and nothing else. As an assistant it hands "
        "off what its sources do not answer; as the bare model (no sources) a question outside "
        "its corpus gets a fluent, confident and wrong answer."
        if grounded
        else "- It knows the fictional company Quillmere and nothing else; a question outside "
        "its corpus gets a fluent, confident and wrong answer.",
        "- It is small: it recalls facts through the phrasings it learnt, and an unusual "
        "phrasing or a question mixing two facts can miss.",
        *(
            [
                "- As an assistant it can pick the wrong line of its sources, or hand off a "
                "question they answer: the table above says how often. With `answer: quote` "
                "what it states is a source's line word for word, and its marker names that "
                "source."
            ]
            if grounded
            else []
        ),
        "- Training is reproducible from the commands above; bit-identical weights need the same "
        "CPU, thread count and torch version.",
        "",
    ]
    (model_dir / "README.md").write_text("\n".join(lines))


# `gptship train` flags and the TrainConfig fields they set, in the order the card lists them
_TRAIN_FLAGS = (
    ("data", "data"),
    ("eval-data", "eval_data"),
    ("out", "out"),
    ("base", "base"),
    ("lora", "lora"),
    ("steps", "steps"),
    ("time-budget", "time_budget"),
    ("batch-tokens", "batch_tokens"),
    ("lr", "lr"),
    ("seed", "seed"),
    ("question-noise", "question_noise"),
    ("question-distractors", "question_distractors"),
    ("dropout", "dropout"),
    ("user-loss", "user_loss"),
    ("device", "device"),
    ("vocab-size", "vocab_size"),
    ("hidden-size", "hidden_size"),
    ("layers", "num_layers"),
    ("heads", "num_heads"),
    ("kv-heads", "num_kv_heads"),
    ("intermediate-size", "intermediate_size"),
    ("context", "context"),
)


def train_command(settings: dict[str, Any], out: Path | None = None) -> str:
    """The `gptship train` command line that reproduces a run, from its training.json: every
    setting that differs from the default, plus the data, the length and the output (`out`
    where the model has moved since)."""
    from gptship.train.trainer import TrainConfig

    defaults = {f.name: f.default for f in fields(TrainConfig)}
    parts = ["gptship train"]
    for flag, name in _TRAIN_FLAGS:
        value: Any = str(out) if name == "out" and out is not None else settings.get(name)
        if name not in ("data", "out", "steps", "seed") and value == defaults.get(name):
            continue
        if value is None or value is False:
            continue
        if name == "time_budget":
            value = f"{value / 60:g}"  # the flag is in minutes, the setting in seconds
        parts.append(f"--{flag}" if value is True else f"--{flag} {value}")
    return " ".join(parts)


def _run(settings: dict[str, Any], history: dict[str, Any]) -> str:
    """One line on the run: where it started, its length and its regularisers."""
    start = (
        f"Fine-tuned from `{settings['base']}`" if settings.get("base") else "Trained from scratch"
    )
    start += f" on {settings.get('device', 'cpu')}"
    extras = [
        f"{name} {settings[key]}"
        for name, key in (("question noise", "question_noise"),
                          ("question distractors", "question_distractors"),
                          ("dropout", "dropout"), ("user-turn loss weight", "user_loss"))
        if settings.get(key)
    ]  # fmt: skip
    return (
        f"- {start}: {history['steps'][-1]} steps of {settings['batch_tokens']} tokens, peak "
        f"learning rate {settings['lr'] or 3e-3}, seed {settings['seed']}"
        + "".join(f", {e}" for e in extras)
        + "; the loss covers the assistant's turns"
        + (" and, at that weight, the user's." if settings.get("user_loss") else " only.")
    )


def recipe(
    settings: dict[str, Any],
    model_dir: Path,
    corpus_dir: Path,
    first: dict[str, Any] | None = None,  # the first stage's settings, when this is the second
    grounded_dir: Path | None = None,
) -> list[str]:
    """The commands that made the default model (`make default-model`)."""
    corpus = f"python -m gptship.train.corpus examples/quillmere --out {corpus_dir}"
    if first is None or grounded_dir is None:
        return [
            corpus,
            train_command(settings, out=model_dir),
            f"python -m gptship.train.card {model_dir} {corpus_dir}",
            f"# `make default-model` runs these and copies the model into {DEFAULT_MODEL}",
        ]
    return [
        corpus,
        train_command(first, out=Path(first["out"])),
        f"python -m gptship.train.corpus_grounded examples/quillmere --corpus {corpus_dir} "
        f"--out {grounded_dir}",
        train_command(settings, out=Path(settings["out"])),
        f"python -m benchmarks.assistants --model {DEFAULT_MODEL} --out {EVAL_DIR}",
        f"python -m gptship.train.card {settings['out']} {corpus_dir} --grounded {grounded_dir} "
        f"--assistants {EVAL_DIR}/assistants.md",
        f"# `make default-model` runs these and copies the model into {DEFAULT_MODEL}",
    ]


DEFAULT_MODEL = Path("models/quillmere-assistant")
EVAL_DIR = Path(".cache/assistants-eval")
DESCRIPTION = (
    "The default model of gptship: a small GPT trained from scratch on the support knowledge "
    "base and HR handbook of Quillmere, a fictional maker of home and desk gadgets, to answer "
    "customers (as Wren, the support assistant) and employees (as Hazel, the HR assistant). "
    "It is what `make run` serves."
)


GROUNDED_DESCRIPTION = (
    "The default model of gptship: a small GPT trained from scratch on the support knowledge "
    "base and HR handbook of Quillmere, a fictional maker of home and desk gadgets, then "
    "fine-tuned to answer from the passages an assistant retrieves into its prompt: it "
    'states the line that answers, cites its source as [n], and says "I don\'t know." with '
    "the assistant's hand-off when no passage answers. `make run` serves it bare "
    '("quillmere") and as the `support` and `hr` assistants.'
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gptship.train.card", description=__doc__)
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("corpus_dir", type=Path, help="the corpus: train.jsonl, heldout.jsonl")
    parser.add_argument("--grounded", type=Path, help="the grounded corpus of a second stage")
    parser.add_argument(
        "--assistants", type=Path, help="a Markdown file: the assistants' evaluation"
    )
    args = parser.parse_args(argv)
    report = evaluate(args.model_dir, args.corpus_dir / "heldout.jsonl")
    settings = json.loads((args.model_dir / "training.json").read_text())["config"]
    first = None
    if args.grounded is not None and settings.get("base"):
        first = json.loads((Path(settings["base"]) / "training.json").read_text())["config"]
    commands = recipe(settings, args.model_dir, args.corpus_dir, first, args.grounded)
    data = args.corpus_dir / "train.jsonl"
    grounded = args.grounded / "train.jsonl" if args.grounded is not None else None
    evaluation = [*args.assistants.read_text().splitlines(), ""] if args.assistants else None
    write_card(
        args.model_dir,
        report,
        commands,
        GROUNDED_DESCRIPTION if grounded else DESCRIPTION,
        data,
        title=DEFAULT_MODEL.name,
        grounded=grounded,
        assistants=evaluation,
    )
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
