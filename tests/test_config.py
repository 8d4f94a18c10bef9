"""Engine and server settings: sizes, fractions, sources and bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from gptship.config import EngineConfig, ServerConfig, kv_cache_bytes, parse_bytes
from gptship.errors import GptshipError


def test_parse_bytes() -> None:
    assert parse_bytes("8GiB") == 8 * 2**30
    assert parse_bytes("512 MB") == 512 * 10**6
    assert parse_bytes("1e9") == 10**9
    assert parse_bytes("1.5KiB") == 1536
    with pytest.raises(GptshipError, match="write it like 8GiB"):
        parse_bytes("8 gigs")


def test_kv_cache_budget() -> None:
    available = 16 * 2**30
    assert kv_cache_bytes(None, available, wanted=2**30) == 2**30
    assert kv_cache_bytes(None, available, wanted=10 * 2**30) == 4 * 2**30  # a quarter
    assert kv_cache_bytes("2GiB", available, wanted=0) == 2 * 2**30
    assert kv_cache_bytes(0.5, available, wanted=0) == 8 * 2**30
    assert kv_cache_bytes(123456, available, wanted=0) == 123456
    with pytest.raises(GptshipError, match=r"fraction must be in \(0, 1\]"):
        kv_cache_bytes(1.5, available, wanted=0)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"device": "tpu"}, "device 'tpu' is not supported"),
        ({"block_size": 0}, "block_size must be at least 1"),
        ({"max_num_seqs": 0}, "max_num_seqs must be at least 1"),
        ({"max_model_len": 1}, "max_model_len must be at least 2"),
    ],
)
def test_bad_engine_settings(options: dict[str, object], words: str) -> None:
    with pytest.raises(GptshipError, match=words):
        EngineConfig(**options)  # type: ignore[arg-type]


def test_server_settings_precedence(tmp_path: Path) -> None:
    yaml_file = tmp_path / "gptship.yaml"
    yaml_file.write_text(
        "model: models/a\nport: 7000\nmax-num-seqs: 8\nmax_queue: 3\n"
        "cors_origin: [https://a.example, https://b.example]\nlog-prompts: true\n"
    )
    env = {"GPTSHIP_PORT": "7100", "GPTSHIP_MAX_NUM_SEQS": "16", "GPTSHIP_API_KEY": "k1,k2"}
    flags = {"port": 7200, "host": None, "api_key": (), "cors_origin": ()}
    config = ServerConfig.resolve(flags, env, str(yaml_file))
    assert config.port == 7200  # flag over environment over file
    assert config.max_num_seqs == 16  # environment over file
    assert config.max_queue == 3 and config.log_prompts is True  # file over default
    assert config.host == "127.0.0.1"  # default
    assert config.api_key == ("k1", "k2")
    assert config.cors_origin == ("https://a.example", "https://b.example")
    assert config.engine_config().max_num_seqs == 16


@pytest.mark.parametrize(
    ("yaml_text", "env", "message"),
    [
        ("model: m\nmax_sequences: 4\n", {}, "unknown setting 'max_sequences'"),
        ("model: m\nport: high\n", {}, "'high' is not an int (port)"),
        ("model: [m\n", {}, "not valid YAML"),
        ("- model\n", {}, "must be a mapping"),
        (
            "model: m\n",
            {"GPTSHIP_LOG_PROMPTS": "maybe"},
            "GPTSHIP_LOG_PROMPTS: 'maybe' is not a bool",
        ),
        ("model: m\n", {"GPTSHIP_MAX_QUEUE": "-1"}, "max_queue must be 0 or more"),
        ("port: 1\n", {}, "no model"),
    ],
)
def test_server_settings_errors_name_the_source(
    tmp_path: Path, yaml_text: str, env: dict[str, str], message: str
) -> None:
    yaml_file = tmp_path / "gptship.yaml"
    yaml_file.write_text(yaml_text)
    with pytest.raises(GptshipError) as e:
        ServerConfig.resolve({}, env, str(yaml_file))
    assert message in str(e.value)


def test_kv_cache_memory_fraction_or_bytes() -> None:
    assert ServerConfig(model="m", kv_cache_memory="0.5").engine_config().kv_cache_memory == 0.5
    assert ServerConfig(model="m", kv_cache_memory="2GiB").engine_config().kv_cache_memory == "2GiB"
