"""The settings of the engine and the server (`gptship serve`), each a field declared once
with its default and a one-line reason (gptship.settings turns them into flags, GPTSHIP_*
variables, YAML keys and docs/server.md's table), and the byte sizes they are written in."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gptship.errors import GptshipError
from gptship.settings import build, gather, setting

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
_CAPS = ("max_stops", "max_stop_length", "max_logit_bias", "max_output_tokens", "max_schema_bytes")


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


def _kv_memory(value: Any, where: str) -> int | float | str:
    """kv_cache_memory as given: bytes ("4GiB", or a YAML number) or a fraction ("0.5")."""
    if isinstance(value, bool):
        raise GptshipError(f"{where}: {value!r} is not a size or a fraction (kv_cache_memory)")
    if isinstance(value, int | float):
        return value
    text = str(value).strip()
    if re.fullmatch(r"0?\.\d+|1\.0*", text):
        return float(text)  # a fraction of free memory
    parse_bytes(text, what=f"{where} (kv_cache_memory)")  # fails now, not at load time
    return text


@dataclass(frozen=True)
class EngineConfig:
    """How the engine batches and caches. Every field has a default that works on a laptop."""

    device: str = setting("cpu", "cpu, cuda or cuda:N")
    dtype: str = setting(
        "auto", "auto (float32 on CPU: no fast bf16 there; the checkpoint's on GPU), float32, "
        "bfloat16 or float16"
    )  # fmt: skip
    kv_cache_memory: int | float | str | None = setting(
        None,
        "KV cache size: bytes (4GiB) or a fraction of free memory (0.5)",
        unset="enough for max-num-seqs full contexts, at most a quarter of free memory",
        parse=_kv_memory,
    )
    block_size: int = setting(16, "tokens per KV block: small ones waste less, large gather faster")
    max_num_seqs: int = setting(64, "sequences decoded together")
    max_num_batched_tokens: int = setting(
        512, "tokens per forward pass: bounds a step's latency; long prompts prefill in chunks"
    )
    max_model_len: int | None = setting(None, "context length served", unset="the model's")
    enable_prefix_caching: bool = setting(
        True, "reuse the KV blocks of identical prompt prefixes", name="prefix_caching"
    )
    seed: int = setting(0, "seeds the engine's own draws (for requests that name no seed)")
    cuda_graphs: bool = setting(
        True, "on CUDA, replay decode steps from captured graphs (one launch, not hundreds)"
    )
    max_stops: int = setting(16, "stop strings, and stop token ids, a request may give (OpenAI: 4)")
    max_stop_length: int = setting(256, "characters in a stop string (streams hold back its start)")
    max_logit_bias: int = setting(300, "logit_bias entries a request may give")
    max_output_tokens: int = setting(65536, "n x max_tokens of a request: all its samples' tokens")
    max_schema_bytes: int = setting(65536, "bytes of a response_format JSON schema")
    grammar_compile_timeout: float = setting(10.0, "seconds a JSON schema may take to compile")

    def __post_init__(self) -> None:
        if self.device not in ("cpu", "cuda") and not self.device.startswith("cuda:"):
            raise GptshipError(f"device '{self.device}' is not supported; use cpu or cuda")
        for name in ("block_size", "max_num_seqs", "max_num_batched_tokens", *_CAPS):
            if getattr(self, name) < 1:
                raise GptshipError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.max_model_len is not None and self.max_model_len < 2:
            raise GptshipError(f"max_model_len must be at least 2, got {self.max_model_len}")
        if not self.grammar_compile_timeout > 0:
            raise GptshipError(
                f"grammar_compile_timeout must be positive, got {self.grammar_compile_timeout}"
            )
        memory = self.kv_cache_memory
        if isinstance(memory, float) and not 0 < memory <= 1:
            raise GptshipError(f"kv_cache_memory fraction must be in (0, 1], got {memory}")
        if isinstance(memory, str):
            parse_bytes(memory, what="kv_cache_memory")


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


def _assistants(value: Any, where: str) -> tuple[Any, ...]:
    """Assistant files (a flag, or comma-separated in GPTSHIP_ASSISTANT), or in YAML a list
    whose items are files or inline assistants (mappings; gptship.assistants.spec)."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise GptshipError(f"{where}: a list of assistant files or assistants (assistant)")
    for item in items:
        if not isinstance(item, str | Mapping):
            raise GptshipError(f"{where}: {item!r} is neither a file nor an assistant")
    return tuple(i.strip() if isinstance(i, str) else i for i in items if i != "")


@dataclass(frozen=True)
class ServerConfig:
    """`gptship serve`: every setting, from flags, GPTSHIP_* variables or a YAML file."""

    model: str = setting("", "the model directory, or a bundle", unset="none", argument="MODEL_DIR")
    host: str = setting("127.0.0.1", "address to bind: a server is public only on purpose")
    port: int = setting(8000, "the port to listen on")
    served_model_name: str | None = setting(
        None, "the `model` clients send; any other is a 404", unset="the directory's name"
    )
    api_key: tuple[str, ...] = setting((), "a key clients must send as a Bearer token")
    api_keys_file: str | None = setting(None, "a file of hashed keys (`gptship keys create`)")
    metrics_public: bool = setting(False, "/metrics without a key even when keys are configured")
    rate_limit_rpm: int | None = setting(None, "requests per minute per key", unset="unlimited")
    rate_limit_tpm: int | None = setting(
        None, "prompt + max completion tokens per minute per key", unset="unlimited"
    )
    max_queue: int = setting(256, "sequences waiting beyond max-num-seqs before a 429")
    max_n: int = setting(16, "the largest `n` a request may ask for")
    max_request_bytes: int = setting(1 << 20, "request bodies above this get a 413")
    request_timeout: float = setting(600.0, "seconds before a request is aborted (504)")
    shutdown_timeout: float = setting(30.0, "seconds in-flight requests get after SIGTERM")
    engine_stall_timeout: float = setting(
        30.0, "seconds the engine loop may make no progress before the server exits (code 3)"
    )
    cors_origin: tuple[str, ...] = setting((), "a browser origin allowed to call the API")
    ssl_keyfile: str | None = setting(None, "TLS private key (PEM): serve HTTPS")
    ssl_certfile: str | None = setting(None, "TLS certificate (PEM)")
    log_prompts: bool = setting(False, "prompt text in the request log (off: prompts are private)")
    embedding_model: str | None = setting(
        None, "an encoder (BERT) directory served beside MODEL_DIR at /v1/embeddings"
    )
    embedding_model_name: str | None = setting(
        None, "the `model` /v1/embeddings requests send", unset="the directory's name"
    )
    assistant: tuple[Any, ...] = setting(
        (),
        "an assistant's YAML file: a model id answering from its own documents, with citations",
        parse=_assistants,
    )
    # its settings are flat (--max-num-seqs, GPTSHIP_MAX_NUM_SEQS, max_num_seqs:)
    engine: EngineConfig = field(default_factory=EngineConfig, metadata={"nested": True})

    def __post_init__(self) -> None:
        if not self.model:
            raise GptshipError("no model: pass MODEL_DIR, GPTSHIP_MODEL or `model:` in --config")
        checks = [
            ("port", 0 <= self.port <= 65535, "must be in 0..65535"),
            ("max_queue", self.max_queue >= 0, "must be 0 or more"),
            ("max_n", self.max_n >= 1, "must be at least 1"),
            ("max_request_bytes", self.max_request_bytes >= 1024, "must be at least 1024"),
            ("request_timeout", self.request_timeout > 0, "must be positive"),
            ("shutdown_timeout", self.shutdown_timeout >= 0, "must be 0 or more"),
            ("engine_stall_timeout", self.engine_stall_timeout > 0, "must be positive"),
        ]
        for name, ok, message in checks:
            if not ok:
                raise GptshipError(f"{name} {message}, got {getattr(self, name)!r}")
        if self.embedding_model_name is not None and self.embedding_model is None:
            raise GptshipError("embedding_model_name needs embedding_model (an encoder directory)")
        if (self.ssl_keyfile is None) != (self.ssl_certfile is None):
            raise GptshipError("TLS needs both ssl_keyfile and ssl_certfile")

    @classmethod
    def resolve(
        cls,
        flags: Mapping[str, Any],
        env: Mapping[str, str],
        config_file: str | None = None,
    ) -> ServerConfig:
        """One precedence order: flags, then GPTSHIP_* variables, then the YAML file, then
        the defaults. `flags` holds the flags by setting name (None: not given)."""
        return build(cls, gather(cls, flags, env, config_file))
