"""`gptship info`, `generate`, `serve` and `train` on tiny model directories (no server
runs: `serve` stops at its ServerConfig)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
import transformers
from click.testing import Result

from gptship.config import EngineConfig, ServerConfig
from gptship.model.tokenizer import Tokenizer
from tests.tiny import make_model_dir
from tests.tiny_tokenizer import CHATML_TEMPLATE

Model = tuple[Path, transformers.PreTrainedModel]


def test_version_prints_alone(cli: Callable[..., Result]) -> None:
    from gptship import __version__

    result = cli("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == __version__


def test_info_reports_what_serving_costs(llama_dir: Model, cli: Callable[..., Result]) -> None:
    path, hf = llama_dir
    result = cli("info", path, "--memory", "1MiB")
    assert result.exit_code == 0, result.output
    out = result.stdout
    params = sum(p.numel() for p in hf.parameters())
    # 2 (K and V) x 2 layers x 2 kv heads x head_dim 16 x 4 bytes (float32 on CPU)
    kv_per_token = 2 * 2 * 2 * 16 * 4
    sequences = (2**20 - params * 4) // (kv_per_token * 256)
    for expected in [
        "LlamaForCausalLM",
        f"{params:,}",
        "float32 on cpu",
        "256 tokens",
        "512 (tokenizer: 352)",
        "no (gptship's default is used)",
        f"{kv_per_token} B",
        f"full-context sequences in 1MiB  {sequences} ",
    ]:
        assert expected in out, f"{expected!r} not in:\n{out}"


def test_info_sees_a_chat_template_and_dtype(tmp_path: Path, cli: Callable[..., Result]) -> None:
    make_model_dir("qwen2", tmp_path, chat_template=CHATML_TEMPLATE, dtype=torch.bfloat16)
    out = cli("info", tmp_path, "--dtype", "bfloat16").stdout
    assert "chat template" in out and "yes" in out
    assert "bfloat16 on cpu (checkpoint: bfloat16)" in out


def test_generate_greedy_prints_only_the_text(llama_dir: Model, cli: Callable[..., Result]) -> None:
    path, hf = llama_dir
    tokenizer = Tokenizer.from_dir(path)
    prompt = "The quick brown fox"
    ids = tokenizer.encode(prompt)
    expected = hf.generate(torch.tensor([ids]), max_new_tokens=24, do_sample=False)
    result = cli("generate", path, "--prompt", prompt, "--max-tokens", 24)
    assert result.exit_code == 0, result.output
    assert result.stdout == tokenizer.decode(expected[0, len(ids) :].tolist())
    assert result.stderr == ""


def test_generate_with_a_seed_repeats(llama_dir: Model, cli: Callable[..., Result]) -> None:
    path, _ = llama_dir
    runs = [
        cli("generate", path, "--prompt", "Hello", "--temperature", 1.0, "--seed", s).stdout
        for s in (7, 7, 8)
    ]
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_generate_chat_uses_the_template(tmp_path: Path, cli: Callable[..., Result]) -> None:
    hf = make_model_dir("gpt2", tmp_path, chat_template=CHATML_TEMPLATE)
    tokenizer = Tokenizer.from_dir(tmp_path)
    ids = tokenizer.encode_chat([{"role": "user", "content": "Hi there"}])
    expected = hf.generate(torch.tensor([ids]), max_new_tokens=8, do_sample=False)
    result = cli("generate", tmp_path, "--prompt", "Hi there", "--chat", "--max-tokens", 8)
    assert result.stdout == tokenizer.decode(expected[0, len(ids) :].tolist())


def test_generate_says_why_a_chat_model_printed_nothing(cli: Callable[..., Result]) -> None:
    """The default model, given bare text, ends at once: generate says to use --chat."""
    default = Path(__file__).parents[1] / "models" / "quillmere-assistant"
    result = cli("generate", default, "--prompt", "How do I return an order?")
    assert result.stdout == "" and "--chat" in result.stderr
    answer = cli("generate", default, "--prompt", "How do I return an order?", "--chat")
    assert answer.stdout and "--chat" not in answer.stderr


def test_the_installed_command_runs(llama_dir: Model) -> None:
    """The console script itself (not the in-process runner): exit codes and streams."""
    path, _ = llama_dir
    gptship = Path(sys.executable).parent / "gptship"
    env = {**os.environ, "COLUMNS": "200"}
    ok = subprocess.run(
        [gptship, "generate", path, "--prompt", "Hi", "--max-tokens", "4"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert ok.returncode == 0 and ok.stderr == "", ok.stderr
    bad = subprocess.run(
        [gptship, "info", path / "nope"], capture_output=True, text=True, env=env, timeout=120
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    assert f"{path / 'nope'}: no such model directory" in bad.stderr


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message of a GPU-less machine")
def test_cuda_without_a_gpu_is_a_clear_error(llama_dir: Model, cli: Callable[..., Result]) -> None:
    path, _ = llama_dir
    result = cli("generate", path, "--prompt", "Hi", "--device", "cuda")
    assert result.exit_code == 2
    assert "sees no CUDA GPU" in result.stderr and "use device cpu" in result.stderr
    assert "Traceback" not in result.output


def test_serve_flags_reach_the_engine_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """The generated flags of `gptship serve` land in ServerConfig.engine (no server runs)."""
    seen: list[ServerConfig] = []
    server = types.ModuleType("gptship.server.run")
    server.serve = seen.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gptship.server.run", server)
    for name in list(os.environ):
        if name.startswith("GPTSHIP_"):
            monkeypatch.delenv(name)
    result = cli("serve", tmp_path, "--no-prefix-caching", "--no-cuda-graphs", "--block-size", 8,
                 "--seed", 5, "--max-num-seqs", 4, "--kv-cache-memory", "0.5", "--port", 9000,
                 "--api-key", "a", "--api-key", "b")  # fmt: skip
    assert result.exit_code == 0, result.output
    (config,) = seen
    assert config.engine == EngineConfig(
        enable_prefix_caching=False,
        cuda_graphs=False,
        block_size=8,
        seed=5,
        max_num_seqs=4,
        kv_cache_memory=0.5,
    )
    assert (config.model, config.port, config.api_key) == (str(tmp_path), 9000, ("a", "b"))
    bad = cli("serve", tmp_path, "--kv-cache-memory", "lots")
    assert bad.exit_code == 2 and "--kv-cache-memory (kv_cache_memory) 'lots'" in bad.stderr


def test_train_reads_a_recipe_and_flags_win(tmp_path: Path, cli: Callable[..., Result]) -> None:
    from tests.train.test_trainer import write_data

    data = write_data(tmp_path / "train.jsonl", 40)
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(
        f"data: {data}\nout: {tmp_path / 'model'}\nsteps: 5\nbatch-tokens: 256\n"
        "dropout: 0.1\nuser_loss: 0.3\nhidden_size: 32\nlayers: 1\nheads: 2\nkv_heads: 1\n"
        "intermediate_size: 64\nvocab_size: 300\ncontext: 64\n"
    )
    result = cli("train", "--config", recipe, "--steps", 2)
    assert result.exit_code == 0, result.output
    settings = json.loads((tmp_path / "model" / "training.json").read_text())["config"]
    assert settings["steps"] == 2  # the flag over the recipe
    assert (settings["dropout"], settings["user_loss"], settings["num_layers"]) == (0.1, 0.3, 1)
    assert settings["data"] == str(data)
    missing = cli("train", "--steps", 2)
    assert missing.exit_code == 2 and "data is required: pass --data" in missing.stderr
    unknown = tmp_path / "bad.yaml"
    unknown.write_text("data: x\nlayer: 2\n")
    bad = cli("train", "--config", unknown)
    assert bad.exit_code == 2 and "unknown setting 'layer'" in bad.stderr


def test_generate_streams_through_the_engine(
    llama_dir: Model, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    """`gptship generate` runs gptship.LLM (not the reference loop) and prints its deltas."""
    import gptship.engine.reference

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("generate must not use the reference loop")

    monkeypatch.setattr(gptship.engine.reference, "reference_stream", refuse)
    path, _ = llama_dir
    result = cli("generate", path, "--prompt", "Hello", "--max-tokens", 8)
    assert result.exit_code == 0, result.output
    bad = cli("generate", path, "--prompt", "Hello", "--temperature", 3)
    assert bad.exit_code == 2 and "--temperature" in bad.stderr
