"""Engine and server settings: sizes, fractions, sources and bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from gptship.config import EngineConfig, ServerConfig, kv_cache_bytes, parse_bytes
from gptship.errors import GptshipError
from gptship.settings import settings_of, settings_table


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
        ({"kv_cache_memory": 1.5}, r"kv_cache_memory fraction must be in \(0, 1\]"),
        ({"kv_cache_memory": "lots"}, "kv_cache_memory 'lots' is not a size"),
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
    assert config.engine.max_num_seqs == 16  # environment over file
    assert config.max_queue == 3 and config.log_prompts is True  # file over default
    assert config.host == "127.0.0.1"  # default
    assert config.api_key == ("k1", "k2")
    assert config.cors_origin == ("https://a.example", "https://b.example")


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
        ("model: m\nmax_num_seqs: 0\n", {}, "max_num_seqs must be at least 1, got 0"),
        ("model: m\n", {"GPTSHIP_CUDA_GRAPHS": "sure"}, "'sure' is not a bool (cuda_graphs)"),
        ("model: m\nkv_cache_memory: 2 gigs\n", {}, "is not a size"),
        ("model: m\nblock_size: 1.5\n", {}, "1.5 is not an int (block_size)"),
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


def test_kv_cache_memory_fraction_or_bytes(tmp_path: Path) -> None:
    def memory(flag: str | None, text: str = "") -> object:
        (tmp_path / "s.yaml").write_text("model: m\n" + text)
        flags = {"kv_cache_memory": flag}
        return ServerConfig.resolve(flags, {}, str(tmp_path / "s.yaml")).engine.kv_cache_memory

    assert memory("0.5") == 0.5  # a fraction of free memory
    assert memory("2GiB") == "2GiB"
    assert memory(None, "kv_cache_memory: 0.25\n") == 0.25
    assert memory(None, "kv-cache-memory: 1048576\n") == 1048576  # bytes
    assert memory(None) is None


def test_engine_switches_reach_the_engine_config(tmp_path: Path) -> None:
    """--no-prefix-caching and --no-cuda-graphs (and block size, seed) from each source."""
    flags = {"model": "m", "prefix_caching": False, "cuda_graphs": False, "block_size": 32}
    engine = ServerConfig.resolve({**flags, "seed": 7}, {}).engine
    assert engine == EngineConfig(
        enable_prefix_caching=False, cuda_graphs=False, block_size=32, seed=7
    )
    env = {"GPTSHIP_PREFIX_CACHING": "false", "GPTSHIP_CUDA_GRAPHS": "off", "GPTSHIP_SEED": "3"}
    engine = ServerConfig.resolve({"model": "m"}, env).engine
    assert (engine.enable_prefix_caching, engine.cuda_graphs, engine.seed) == (False, False, 3)
    yaml_file = tmp_path / "gptship.yaml"
    yaml_file.write_text("model: m\nprefix-caching: false\ncuda_graphs: false\nblock-size: 8\n")
    engine = ServerConfig.resolve({}, {}, str(yaml_file)).engine
    assert (engine.enable_prefix_caching, engine.cuda_graphs, engine.block_size) == (
        False,
        False,
        8,
    )
    default = ServerConfig.resolve({"model": "m"}, {}).engine
    assert default == EngineConfig() and default.enable_prefix_caching and default.cuda_graphs


def test_every_setting_is_written_once() -> None:
    """ServerConfig declares no engine field itself; every setting has one name and a reason."""
    server = {f for f in ServerConfig.__dataclass_fields__ if f != "engine"}
    assert not server & set(EngineConfig.__dataclass_fields__)
    settings = settings_of(ServerConfig)
    assert len({s.name for s in settings}) == len(settings)
    assert all(s.help for s in settings)


def test_docs_table_matches_settings() -> None:
    """docs/server.md's settings table is settings_table(ServerConfig), field for field."""
    docs = (Path(__file__).parents[1] / "docs" / "server.md").read_text()
    table = settings_table(ServerConfig)
    assert table in docs, (
        "docs/server.md's settings table is out of date; replace it with the output of\n"
        "python -c 'from gptship.config import *; from gptship.settings import *; "
        "print(settings_table(ServerConfig))'\n\n" + table
    )
    for s in settings_of(ServerConfig):
        assert f"| `{s.flag}`" in docs and f"`{s.variable}`" in docs
