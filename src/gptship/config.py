"""Typed settings shared by the CLI and the server, and the parsers they need.

Each setting is a dataclass field declared once, with its default and a one-line reason
(`setting(...)`). The flags of `gptship serve` and `gptship train` (cli_options.py), the
GPTSHIP_* variables, the YAML keys and the settings table in docs/server.md all come from
these fields (`settings_of`)."""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

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


def setting(
    default: Any = MISSING,
    reason: str = "",
    *,
    name: str | None = None,
    unset: str | None = None,
    scale: float | None = None,
    parse: Callable[[Any, str], Any] | None = None,
    argument: str | None = None,
) -> Any:
    """A settings field: its default and the one-line reason for it (the flag's help and the
    docs' table). `name`: the flag/variable/YAML name when it is not the field's; `unset`:
    what a None default means; `scale`: field = given value x scale (minutes -> seconds);
    `parse`: a parser of the given value, (value, where) -> field value; `argument`: given as
    this command-line argument, not as a flag."""
    meta = {"help": reason, "name": name, "unset": unset, "scale": scale, "parse": parse}
    meta["argument"] = argument
    return field(default=default, metadata=meta)


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

    def __post_init__(self) -> None:
        if self.device not in ("cpu", "cuda") and not self.device.startswith("cuda:"):
            raise GptshipError(f"device '{self.device}' is not supported; use cpu or cuda")
        for name in ("block_size", "max_num_seqs", "max_num_batched_tokens"):
            if getattr(self, name) < 1:
                raise GptshipError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.max_model_len is not None and self.max_model_len < 2:
            raise GptshipError(f"max_model_len must be at least 2, got {self.max_model_len}")
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
    cors_origin: tuple[str, ...] = setting((), "a browser origin allowed to call the API")
    ssl_keyfile: str | None = setting(None, "TLS private key (PEM): serve HTTPS")
    ssl_certfile: str | None = setting(None, "TLS certificate (PEM)")
    log_prompts: bool = setting(False, "prompt text in the request log (off: prompts are private)")
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
        ]
        for name, ok, message in checks:
            if not ok:
                raise GptshipError(f"{name} {message}, got {getattr(self, name)!r}")
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


@dataclass(frozen=True)
class Setting:
    """One user-facing setting: the name its flag, variable and YAML key use, and its field."""

    name: str  # max_num_seqs: --max-num-seqs, GPTSHIP_MAX_NUM_SEQS, `max_num_seqs:` in YAML
    field: str  # the dataclass field it sets
    section: str | None  # "engine": a field of the nested EngineConfig
    kind: type  # int, float, bool, str, Path or tuple (the field's type without None)
    default: Any  # MISSING: required
    help: str
    unset: str | None
    scale: float | None
    parse: Callable[[Any, str], Any] | None
    argument: str | None  # MODEL_DIR: a command-line argument, not a flag

    @property
    def flag(self) -> str:
        return self.argument or "--" + self.name.replace("_", "-")

    @property
    def variable(self) -> str:
        return "GPTSHIP_" + self.name.upper()

    def shown_default(self) -> str:
        """The default as the help and the docs show it."""
        value = self.default
        if value is MISSING:
            return "required"
        if value is None or value == () or value == "":
            return self.unset or "none"
        if isinstance(value, bool):
            return "on" if value else "off"
        if self.scale and isinstance(value, int | float):
            value = value / self.scale
        return f"{value:g}" if isinstance(value, float) else str(value)


def settings_of(cls: type) -> list[Setting]:
    """The settings of a settings dataclass, nested sections flattened, in field order."""
    hints = get_type_hints(cls)
    found: list[Setting] = []
    for f in fields(cls):
        if f.metadata.get("nested"):
            found += [replace(s, section=f.name) for s in settings_of(hints[f.name])]
            continue
        meta = f.metadata
        found.append(
            Setting(
                name=meta.get("name") or f.name,
                field=f.name,
                section=None,
                kind=_kind(hints[f.name]),
                default=f.default,
                help=meta.get("help", ""),
                unset=meta.get("unset"),
                scale=meta.get("scale"),
                parse=meta.get("parse"),
                argument=meta.get("argument"),
            )
        )
    return found


def _kind(hint: Any) -> type:
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else str  # several kinds: parsed from text
    origin = get_origin(hint)
    return origin if isinstance(origin, type) else hint


def gather(
    cls: type,
    flags: Mapping[str, Any],
    env: Mapping[str, str] | None,
    config_file: str | Path | None = None,
) -> dict[str, Any]:
    """Setting name -> value: flags over GPTSHIP_* variables (when `env` is given) over the
    YAML file. Each value is parsed and checked against its field's type, naming its source."""
    known = {s.name: s for s in settings_of(cls)}
    values: dict[str, Any] = {}
    if config_file is not None:
        values.update(_read_yaml(str(config_file), known))
    for s in known.values():
        raw = env.get(s.variable) if env is not None else None
        if raw is not None:
            values[s.name] = _coerce(s, raw, s.variable)
    for name, value in flags.items():
        if value is not None and value != () and value != []:
            values[name] = _coerce(known[name], value, known[name].flag)
    return values


T = TypeVar("T")


def build(cls: type[T], values: Mapping[str, Any]) -> T:
    """A settings dataclass from setting values (as `gather` returns them)."""
    top: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {}
    for s in settings_of(cls):
        if s.name not in values:
            if s.default is MISSING:
                raise GptshipError(
                    f"{s.name} is required: pass {s.flag} or `{s.name}:` in --config"
                )
            continue
        target = sections.setdefault(s.section, {}) if s.section else top
        target[s.field] = values[s.name]
    hints = get_type_hints(cls)
    for section, options in sections.items():
        top[section] = hints[section](**options)
    return cls(**top)


def _read_yaml(path: str, known: Mapping[str, Setting]) -> dict[str, Any]:
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
        if name not in known:
            raise GptshipError(f"{path}: unknown setting '{key}'; known: {', '.join(known)}")
        values[name] = _coerce(known[name], value, f"{path}: {key}")
    return values


def _coerce(s: Setting, value: Any, where: str) -> Any:
    """A setting's value from a flag, text (environment) or YAML, checked against its type."""
    if value is None or (isinstance(value, str) and value == "" and s.kind is not str):
        return None
    if s.parse is not None:
        return s.parse(value, where)
    try:
        parsed = _parse(s.kind, value)
    except (TypeError, ValueError):
        name = s.kind.__name__
        article = "an" if name[0] in "aeiou" else "a"
        raise GptshipError(f"{where}: {value!r} is not {article} {name} ({s.name})") from None
    return parsed * s.scale if s.scale and parsed is not None else parsed


def _parse(kind: type, value: Any) -> Any:
    if kind is tuple:
        items = value.split(",") if isinstance(value, str) else list(value)
        return tuple(str(v).strip() for v in items if str(v).strip())
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text not in _BOOLS:
            raise ValueError
        return _BOOLS[text]
    if isinstance(value, bool | list | dict):
        raise ValueError  # YAML's true is not a number, nor a list a path
    if kind is int and isinstance(value, float) and not value.is_integer():
        raise ValueError
    return kind(value)


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


def settings_table(cls: type) -> str:
    """The Markdown table of a settings dataclass (docs/server.md's, for ServerConfig)."""
    rows = ["| flag | variable | default | what it does |", "|---|---|---|---|"]
    for s in settings_of(cls):
        flag = f"`{s.flag}`"
        if s.kind is bool:
            flag += f", `--no-{s.flag[2:]}`"
        literal = s.default not in (MISSING, None, (), "") and not isinstance(s.default, bool)
        default = f"`{s.shown_default()}`" if literal else s.shown_default()
        rows.append(f"| {flag} | `{s.variable}` | {default} | {s.help} |")
    return "\n".join(rows) + "\n"
