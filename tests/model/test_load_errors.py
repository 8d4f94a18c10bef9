"""Broken model directories: each gives one line naming the file and the fix, exit code 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.tiny import make_model_dir


def edit_config(path: Path, **changes: object) -> None:
    config = json.loads((path / "config.json").read_text())
    (path / "config.json").write_text(json.dumps({**config, **changes}))


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def corrupt_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[8:40] = b"\x00garbage, not a JSON header\xff\xfe\x00"
    path.write_bytes(bytes(data))


def drop_shard(path: Path) -> None:
    shards = sorted(path.glob("model-*.safetensors"))
    shards[1].unlink()


# (case, how to break the directory, the file the message names, words it must contain)
CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("no config", lambda p: (p / "config.json").unlink(), "config.json", "not found"),
    ("no tokenizer", lambda p: (p / "tokenizer.json").unlink(), "tokenizer.json", "not found"),
    (
        "no weights",
        lambda p: (p / "model.safetensors").unlink(),
        "",
        "no model.safetensors",
    ),
    (
        "truncated weights",
        lambda p: truncate(p / "model.safetensors"),
        "model.safetensors",
        "truncated",
    ),
    (
        "corrupt weights",
        lambda p: corrupt_header(p / "model.safetensors"),
        "model.safetensors",
        "not a valid safetensors file",
    ),
    (
        "bad json",
        lambda p: (p / "config.json").write_text("{oops"),
        "config.json",
        "not valid JSON",
    ),
    (
        "shape mismatch",
        lambda p: edit_config(p, intermediate_size=128),
        "model.safetensors",
        "does not match the shape",
    ),
    (
        "missing tensor",
        lambda p: edit_config(p, num_hidden_layers=3),
        "model.safetensors",
        "'model.layers.2.input_layernorm.weight' is missing",
    ),
    (
        "unused tensors",
        lambda p: edit_config(p, num_hidden_layers=1),
        "model.safetensors",
        "tensors that config.json does not use",
    ),
    (
        "unknown architecture",
        lambda p: edit_config(p, architectures=["FalconForCausalLM"]),
        "config.json",
        "supported: GPT2LMHeadModel, LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM",
    ),
    (
        "unsupported rope scaling",
        lambda p: edit_config(p, rope_parameters={"rope_type": "yarn", "factor": 4.0}),
        "config.json",
        "rope scaling 'yarn' is not supported",
    ),
    ("bad field type", lambda p: edit_config(p, hidden_size="64"), "config.json", "'hidden_size'"),
]


@pytest.mark.parametrize("command", ["info", "generate"])
@pytest.mark.parametrize(("case", "breaks", "file", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_directory(
    case: str,
    breaks: Callable[[Path], None],
    file: str,
    words: str,
    command: str,
    tmp_path: Path,
    cli: Callable[..., Result],
) -> None:
    make_model_dir("llama", tmp_path)
    breaks(tmp_path)
    args = ["--prompt", "hi"] if command == "generate" else []
    result = cli(command, tmp_path, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr
    assert message.startswith("error: ") and message.count("\n") == 1, message
    assert f"{tmp_path / file}" in message and words in message, message


def test_missing_shard(tmp_path: Path, cli: Callable[..., Result]) -> None:
    make_model_dir("llama", tmp_path, shard=True)
    missing = sorted(tmp_path.glob("model-*.safetensors"))[1]
    drop_shard(tmp_path)
    result = cli("info", tmp_path)
    assert result.exit_code == 2
    assert f"{missing}: not found, but the shard index lists it" in result.stderr


def test_tokenizer_larger_than_embedding(tmp_path: Path, cli: Callable[..., Result]) -> None:
    make_model_dir("llama", tmp_path, vocab_size=300)  # the tiny tokenizer has 352 tokens
    for args in (["info"], ["generate", "--prompt", "hi"]):
        result = cli(args[0], tmp_path, *args[1:])
        assert result.exit_code == 2
        assert f"{tmp_path / 'tokenizer.json'}: 352 tokens" in result.stderr
        assert "only 300 rows" in result.stderr


def test_missing_directory(tmp_path: Path, cli: Callable[..., Result]) -> None:
    result = cli("generate", tmp_path / "absent", "--prompt", "hi")
    assert result.exit_code == 2
    assert f"{tmp_path / 'absent'}: no such model directory" in result.stderr


def test_bad_memory_budget(tmp_path: Path, cli: Callable[..., Result]) -> None:
    make_model_dir("llama", tmp_path)
    result = cli("info", tmp_path, "--memory", "lots")
    assert result.exit_code == 2
    assert "--memory 'lots' is not a size" in result.stderr
