"""`gptship info` and `gptship generate` on tiny model directories."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
import transformers
from click.testing import Result

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
