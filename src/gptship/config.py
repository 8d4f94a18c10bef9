"""Typed settings shared by the CLI and the server, and the parsers they need."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from gptship.errors import GptshipError

_UNITS = {
    "": 1,
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}


def parse_bytes(text: str, *, what: str = "memory") -> int:
    """'8GiB', '512 MB', '1e9' -> bytes."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([a-z]*)\s*", text.lower())
    if not match or match.group(2) not in _UNITS:
        raise GptshipError(f"{what} '{text}' is not a size; write it like 8GiB, 512MiB or 2GB")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def format_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"


@dataclass(frozen=True)
class EngineConfig:
    """How the engine batches and caches. Every field has a default that works on a laptop."""

    device: str = "cpu"  # "cpu" or "cuda"
    dtype: str = "auto"  # auto: float32 on CPU (no fast bf16 there), the checkpoint's on GPU
    # bytes (int or "4GiB") or a fraction (0, 1] of free memory; None: enough for
    # max_num_seqs full contexts, capped at a quarter of free memory
    kv_cache_memory: int | float | str | None = None
    block_size: int = 16  # tokens per KV block: small blocks waste less, large ones gather faster
    max_num_seqs: int = 64  # sequences in the running batch
    # tokens per forward pass: bounds a step's latency; long prompts are prefilled in chunks
    max_num_batched_tokens: int = 512
    max_model_len: int | None = None  # None: the model's context length
    enable_prefix_caching: bool = True  # reuse KV blocks of identical prompt prefixes
    seed: int = 0  # seeds the engine's own draws (seeds of requests that name none)
    # on CUDA, replay decode steps from captured graphs (one launch per step, not hundreds)
    cuda_graphs: bool = True

    def __post_init__(self) -> None:
        if self.device not in ("cpu", "cuda") and not self.device.startswith("cuda:"):
            raise GptshipError(f"device '{self.device}' is not supported; use cpu or cuda")
        for name in ("block_size", "max_num_seqs", "max_num_batched_tokens"):
            if getattr(self, name) < 1:
                raise GptshipError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.max_model_len is not None and self.max_model_len < 2:
            raise GptshipError(f"max_model_len must be at least 2, got {self.max_model_len}")


def kv_cache_bytes(setting: int | float | str | None, available: int, wanted: int) -> int:
    """Resolve EngineConfig.kv_cache_memory against `available` free bytes."""
    if setting is None:
        return min(wanted, available // 4)
    if isinstance(setting, str):
        return parse_bytes(setting, what="kv_cache_memory")
    if isinstance(setting, float):
        if not 0 < setting <= 1:
            raise GptshipError(f"kv_cache_memory fraction must be in (0, 1], got {setting}")
        return int(available * setting)
    return setting


@dataclass(frozen=True)
class ServerConfig:
    """`gptship serve`: every setting, from flags, GPTSHIP_* variables or a YAML file."""

    model: str = ""  # the model directory
    host: str = "127.0.0.1"  # loopback unless asked: a server is public only on purpose
    port: int = 8000
    served_model_name: str | None = None  # the `model` clients send; None: the directory name
    api_key: tuple[str, ...] = ()  # plain keys (flag / GPTSHIP_API_KEY, comma-separated)
    api_keys_file: str | None = None  # a file of hashed keys (`gptship keys create`)
    metrics_public: bool = False  # /metrics without a key even when keys are configured
    rate_limit_rpm: int | None = None  # per key, requests per minute; None: unlimited
    rate_limit_tpm: int | None = None  # per key, prompt + max completion tokens per minute
    device: str = "cpu"
    dtype: str = "auto"
    max_model_len: int | None = None  # None: the model's context
    max_num_seqs: int = 64  # requests decoded together
    max_num_batched_tokens: int = 512  # tokens per forward pass
    max_queue: int = 256  # requests waiting beyond max_num_seqs before a 429
    kv_cache_memory: str | None = None  # "4GiB", or a fraction of free memory like "0.5"
    max_n: int = 16  # cap on `n`
    max_request_bytes: int = 1 << 20  # request bodies above this get a 413
    request_timeout: float = 600.0  # seconds before a request is aborted
    shutdown_timeout: float = 30.0  # seconds in-flight requests get after SIGTERM
    cors_origin: tuple[str, ...] = ()  # browser origins allowed to call the API
    ssl_keyfile: str | None = None
    ssl_certfile: str | None = None
    log_prompts: bool = False  # prompt text in the request log (off: prompts are private)

    def __post_init__(self) -> None:
        if not self.model:
            raise GptshipError("no model: pass MODEL_DIR, GPTSHIP_MODEL or `model:` in --config")
        checks = [
            ("port", 0 <= self.port <= 65535, "must be in 0..65535"),
            ("max_num_seqs", self.max_num_seqs >= 1, "must be at least 1"),
            ("max_queue", self.max_queue >= 0, "must be 0 or more"),
            ("max_n", self.max_n >= 1, "must be at least 1"),
            ("max_request_bytes", self.max_request_bytes >= 1024, "must be at least 1024"),
            ("request_timeout", self.request_timeout > 0, "must be positive"),
            ("shutdown_timeout", self.shutdown_timeout >= 0, "must be 0 or more"),
        ]
        for name, ok, message in checks:
            if not ok:
                raise GptshipError(f"{name} {message}, got {getattr(self, name)!r}")
        if (self.ssl_keyfile is None) != (self.ssl_certfile is None):
            raise GptshipError("TLS needs both ssl_keyfile and ssl_certfile")

    def engine_config(self) -> EngineConfig:
        memory: str | float | None = self.kv_cache_memory
        if self.kv_cache_memory is not None and re.fullmatch(
            r"0?\.\d+|1\.0*", self.kv_cache_memory
        ):
            memory = float(self.kv_cache_memory)  # a fraction of free memory
        return EngineConfig(
            device=self.device,
            dtype=self.dtype,
            kv_cache_memory=memory,
            max_num_seqs=self.max_num_seqs,
            max_num_batched_tokens=self.max_num_batched_tokens,
            max_model_len=self.max_model_len,
        )

    @classmethod
    def resolve(
        cls,
        flags: dict[str, Any],
        env: Mapping[str, str],
        config_file: str | None = None,
    ) -> ServerConfig:
        """One precedence order: flags, then GPTSHIP_* variables, then the YAML file, then
        the defaults. `flags` holds only the flags the user gave (None: not given)."""
        values: dict[str, Any] = {}
        if config_file is not None:
            values.update(_read_yaml(config_file))
        for name in _FIELDS:
            raw = env.get(f"GPTSHIP_{name.upper()}")
            if raw is not None:
                values[name] = _coerce(name, raw, f"GPTSHIP_{name.upper()}")
        values.update({k: v for k, v in flags.items() if v is not None and v != ()})
        return cls(**values)


def _read_yaml(path: str) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text())
    except OSError as e:
        raise GptshipError(f"{path}: cannot read the config file ({e.strerror})") from e
    except yaml.YAMLError as e:
        raise GptshipError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from e
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GptshipError(f"{path}: the config file must be a mapping of setting: value")
    values = {}
    for key, value in data.items():
        name = str(key).replace("-", "_")
        if name not in _FIELDS:
            known = ", ".join(sorted(_FIELDS))
            raise GptshipError(f"{path}: unknown setting '{key}'; known: {known}")
        values[name] = _coerce(name, value, f"{path}: {key}")
    return values


def _coerce(name: str, value: Any, where: str) -> Any:
    """A setting from text (environment) or YAML, checked against the field's type."""
    kind = _FIELDS[name]
    if value is None or (isinstance(value, str) and value == "" and "None" in kind):
        return None
    try:
        if kind.startswith("tuple"):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(v).strip() for v in items if str(v).strip())
        if kind.startswith("bool"):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in _BOOLS:
                raise ValueError
            return _BOOLS[text]
        if kind.startswith("int"):
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if kind.startswith("float"):
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        article = "an" if kind[0] in "aeiou" else "a"
        raise GptshipError(
            f"{where}: {value!r} is not {article} {kind.split(' ')[0]} ({name})"
        ) from None


_BOOLS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}
_FIELDS = {f.name: str(f.type) for f in fields(ServerConfig)}
