"""`gptship train`: a Llama trained from scratch on chat data (with its own BPE tokenizer),
or a fine-tune of an existing model (full, or LoRA merged on export).

Sequences are packed end to end into flat batches of about `batch_tokens` tokens (the
model's own forward, no padding); the loss covers the assistant tokens only. A checkpoint
(model, optimizer, step, data order) is written every `checkpoint_every` seconds and when
training stops, so `--resume` continues where it left off."""

from __future__ import annotations

import itertools
import json
import math
import random
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F

from gptship.model.attention import AttentionBatch
from gptship.model.base import CausalLM
from gptship.model.config import ConfigReader
from gptship.model.export import save_model_dir
from gptship.model.layers import RotaryEmbedding
from gptship.model.llama import Llama
from gptship.model.loader import load
from gptship.model.tokenizer import Tokenizer
from gptship.train.bpe import BOS, END, PAD, save_tokenizer, train_bpe
from gptship.train.config import TrainConfig as TrainConfig  # re-exported: callers import it here
from gptship.train.data import (
    Example,
    add_distractors,
    corpus_words,
    drop_words,
    encode,
    read_conversations,
)
from gptship.train.lora import add_lora, merge_lora

CHECKPOINT = "checkpoint.pt"


@dataclass
class History:
    steps: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    eval_steps: list[int] = field(default_factory=list)
    eval_loss: list[float] = field(default_factory=list)


@dataclass
class Progress:
    step: int
    total: int | None
    loss: float
    tokens_per_s: float
    elapsed: float
    eval_loss: float | None


def train(config: TrainConfig, report: Callable[[Progress], None] = lambda p: None) -> History:
    """Train, then write config.json, model.safetensors, the tokenizer files, a model
    card stub (training.json) and the loss curve into config.out."""
    torch.manual_seed(config.seed)
    conversations = read_conversations(config.data)
    work = config.out / ".train"
    model, tokenizer, hf_config = _model(config, conversations, work)

    words = corpus_words(conversations)

    def epoch_examples(epoch: int) -> list[Example]:
        rng = random.Random(config.seed * 1_000_003 + epoch)
        chosen = iter(conversations)
        if epoch and config.question_noise:
            chosen = (drop_words(c, rng, config.question_noise) for c in chosen)
        if epoch and config.question_distractors:
            chosen = (add_distractors(c, rng, config.question_distractors, words) for c in chosen)
        return [e for e in (encode(tokenizer, c) for c in chosen) if any(e.learn)]

    evals = (
        [encode(tokenizer, c) for c in read_conversations(config.eval_data)]
        if config.eval_data
        else []
    )
    params = add_lora(model, config.lora_rank) if config.lora else list(model.parameters())
    hooks = add_residual_dropout(model, config.dropout) if config.dropout else []
    optimizer = torch.optim.AdamW(
        params, lr=config.learning_rate, betas=(0.9, 0.95), weight_decay=config.weight_decay
    )
    history, step, elapsed = History(), 0, 0.0
    if config.resume and (work / CHECKPOINT).is_file():
        state = torch.load(work / CHECKPOINT, weights_only=False, map_location=config.device)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        history, step, elapsed = History(**state["history"]), state["step"], state["elapsed"]
        if "rng" in state:
            torch.set_rng_state(state["rng"].cpu())
        if state.get("cuda_rng") is not None and torch.device(config.device).type == "cuda":
            torch.cuda.set_rng_state(state["cuda_rng"].cpu())
    batches = _batches(
        epoch_examples,
        config.batch_tokens,
        min(config.context, hf_config["max_position_embeddings"]),
        config.seed,
        config.user_loss,
    )
    for _ in range(step):  # the data order resumes where it stopped
        next(batches)
    model.train()
    start, last_save, ema = time.monotonic() - elapsed, time.monotonic(), None
    try:
        while not _done(config, step, time.monotonic() - start):
            ids, targets = next(batches)
            lr = config.learning_rate * _schedule(config, step, time.monotonic() - start)
            for group in optimizer.param_groups:
                group["lr"] = lr
            tick = time.monotonic()
            loss = _loss(model, ids, targets)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            step += 1
            value = loss.item()
            ema = value if ema is None else 0.9 * ema + 0.1 * value
            history.steps.append(step)
            history.loss.append(value)
            eval_loss = None
            if evals and (
                step % config.eval_every == 0 or _done(config, step, time.monotonic() - start)
            ):
                eval_loss = evaluate(model, evals, config.batch_tokens)
                history.eval_steps.append(step)
                history.eval_loss.append(eval_loss)
            speed = sum(len(x) for x in ids) / max(time.monotonic() - tick, 1e-9)
            report(Progress(step, config.steps, ema, speed, time.monotonic() - start, eval_loss))
            if time.monotonic() - last_save >= config.checkpoint_every:
                _save_checkpoint(work, model, optimizer, history, step, time.monotonic() - start)
                last_save = time.monotonic()
    finally:  # Ctrl-C included: nothing trained is lost
        _save_checkpoint(work, model, optimizer, history, step, time.monotonic() - start)
    model.eval().to("cpu")
    for hook in hooks:
        hook.remove()
    if config.lora:
        merge_lora(model)
    _export(config, model, tokenizer, hf_config, history)
    return history


def _model(
    config: TrainConfig, conversations: list[list[dict[str, str]]], work: Path
) -> tuple[CausalLM, Tokenizer, dict[str, Any]]:
    if config.base is not None:
        model, tokenizer = load(config.base, config.device, "float32")
        hf_config = json.loads((config.base / "config.json").read_text())
        return model, tokenizer, hf_config
    tokenizer_dir = work / "tokenizer"
    if not (tokenizer_dir / "tokenizer.json").is_file():  # resumed runs keep their tokenizer
        texts = (m["content"] for c in conversations for m in c)
        save_tokenizer(train_bpe(texts, config.vocab_size), tokenizer_dir, config.context)
    tokenizer = Tokenizer.from_dir(tokenizer_dir)
    hf_config = new_llama_config(config, tokenizer)
    model = Llama(
        Llama.parse_config(ConfigReader(hf_config, work / "config.json"), "LlamaForCausalLM")
    )
    _init_weights(model)  # on the CPU: the same first weights whatever the device
    model.to(config.device)
    for module in model.modules():
        if isinstance(module, RotaryEmbedding):
            module.build(torch.device(config.device))
    return model, tokenizer, hf_config


def new_llama_config(config: TrainConfig, tokenizer: Tokenizer) -> dict[str, Any]:
    backend = tokenizer.backend
    vocab = -(-backend.get_vocab_size() // 64) * 64  # padded rows: faster matmuls
    return {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "vocab_size": vocab,
        "hidden_size": config.hidden_size,
        "intermediate_size": config.intermediate_size,
        "num_hidden_layers": config.num_layers,
        "num_attention_heads": config.num_heads,
        "num_key_value_heads": config.num_kv_heads,
        "max_position_embeddings": config.context,
        "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0,
        "hidden_act": "silu",
        "tie_word_embeddings": True,
        "attention_bias": False,
        "mlp_bias": False,
        "bos_token_id": backend.token_to_id(BOS),
        "eos_token_id": backend.token_to_id(END),
        "pad_token_id": backend.token_to_id(PAD),
    }


def _init_weights(model: CausalLM) -> None:
    """GPT-2's recipe: N(0, 0.02), and the projections into the residual stream scaled down
    by the depth so that the residual's variance does not grow with it."""
    depth = model.config.num_layers
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.fill_(1.0)
            elif name.endswith(("o_proj.weight", "down_proj.weight")):
                p.normal_(0.0, 0.02 / math.sqrt(2 * depth))
            else:
                p.normal_(0.0, 0.02)


# the projections whose outputs are added to the residual stream, in gptship's models
_RESIDUAL_OUTPUTS = ("o_proj", "down_proj", "c_proj")


def add_residual_dropout(model: CausalLM, rate: float) -> list[torch.utils.hooks.RemovableHandle]:
    """Dropout on every attention and MLP output while the model trains, as forward hooks,
    so the model's own code (the inference path) stays free of it."""

    def hook(module: torch.nn.Module, inputs: Any, output: torch.Tensor) -> torch.Tensor:
        return F.dropout(output, rate, training=module.training)

    return [
        module.register_forward_hook(hook)
        for name, module in model.named_modules()
        if name.rsplit(".", 1)[-1] in _RESIDUAL_OUTPUTS
    ]


def _batches(
    epoch_examples: Callable[[int], list[Example]],
    batch_tokens: int,
    context: int,
    seed: int,
    user_weight: float = 0.0,
) -> Iterator[tuple[list[list[int]], list[list[float]]]]:
    """Endless shuffled epochs, packed into batches of about batch_tokens tokens, with each
    token's weight as a target: 1 in an assistant turn, user_weight in a user turn."""
    rng = random.Random(seed)
    for epoch in itertools.count():
        examples = epoch_examples(epoch)
        order = list(range(len(examples)))
        rng.shuffle(order)
        ids: list[list[int]] = []
        weights: list[list[float]] = []
        for i in order:
            e = examples[i]
            ids.append(e.ids[:context])
            weights.append(e.weights(user_weight)[:context])
            if sum(map(len, ids)) >= batch_tokens:
                yield ids, weights
                ids, weights = [], []


def _loss(model: CausalLM, ids: list[list[int]], weights: list[list[float]]) -> torch.Tensor:
    """Weighted mean cross-entropy of every target token given the tokens before it."""
    device = model.lm_head.weight.device
    flat = torch.tensor([t for x in ids for t in x], device=device)
    hidden = model(flat, AttentionBatch.prefill([len(x) for x in ids], device))
    # position i predicts token i + 1 of the same sequence, weighted by that token's weight;
    # a sequence's last position predicts nothing (weight 0)
    targets = torch.tensor([t for x in ids for t in (*x[1:], 0)], device=device)
    weight = torch.tensor([v for w in weights for v in (*w[1:], 0.0)], device=device)
    rows = (weight > 0).nonzero().squeeze(1)
    logits = model.compute_logits(hidden[rows])
    losses = F.cross_entropy(logits, targets[rows], reduction="none")
    return (losses * weight[rows]).sum() / weight[rows].sum()


@torch.no_grad()
def evaluate(model: CausalLM, examples: list[Example], batch_tokens: int) -> float:
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    batch: list[Example] = []
    for e in [*examples, None]:
        if e is not None:
            batch.append(e)
        if batch and (e is None or sum(len(b.ids) for b in batch) >= batch_tokens):
            n = sum(sum(b.learn[1:]) for b in batch)
            if n:
                loss = _loss(model, [b.ids for b in batch], [b.weights(0.0) for b in batch])
                total += loss.item() * n
                count += n
            batch = []
    model.train(was_training)
    return total / max(count, 1)


def _schedule(config: TrainConfig, step: int, elapsed: float) -> float:
    """Linear warm-up, then cosine down to a tenth over the steps (or the time budget)."""
    if step < config.warmup:
        return (step + 1) / config.warmup
    progress = 0.0
    if config.steps:
        progress = step / config.steps
    if config.time_budget:
        progress = max(progress, elapsed / config.time_budget)
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))


def _done(config: TrainConfig, step: int, elapsed: float) -> bool:
    if config.steps is not None and step >= config.steps:
        return True
    return config.time_budget is not None and elapsed >= config.time_budget


def _save_checkpoint(
    work: Path,
    model: CausalLM,
    optimizer: torch.optim.Optimizer,
    history: History,
    step: int,
    elapsed: float,
) -> None:
    work.mkdir(parents=True, exist_ok=True)
    on_cuda = torch.cuda.is_initialized()  # type: ignore[no-untyped-call]
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "history": asdict(history),
        "step": step,
        "elapsed": elapsed,
        # dropout's draws continue where they stopped
        "rng": torch.get_rng_state(),
        "cuda_rng": torch.cuda.get_rng_state() if on_cuda else None,
    }
    tmp = work / (CHECKPOINT + ".tmp")
    torch.save(state, tmp)
    tmp.replace(work / CHECKPOINT)


def _export(
    config: TrainConfig,
    model: CausalLM,
    tokenizer: Tokenizer,
    hf_config: dict[str, Any],
    history: History,
) -> None:
    out = config.out
    save_model_dir(model, out, hf_config)
    source = config.base if config.base is not None else out / ".train" / "tokenizer"
    for name in (
        "tokenizer.json",
        "tokenizer_config.json",
        "generation_config.json",
        "chat_template.jinja",
    ):
        if (source / name).is_file():
            shutil.copyfile(source / name, out / name)
    summary = {
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()}
    }
    summary["history"] = asdict(history)
    (out / "training.json").write_text(json.dumps(summary, indent=1) + "\n")
    plot_losses(history, out / "loss.png")


def plot_losses(history: History, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on servers
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
    ax.plot(history.steps, history.loss, label="train loss", linewidth=0.8)
    if history.eval_steps:
        ax.plot(history.eval_steps, history.eval_loss, "o-", label="held-out loss")
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy (assistant tokens)")
    ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
