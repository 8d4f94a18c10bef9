"""Settings as data: each is a dataclass field declared once, with its default and a
one-line reason (`setting(...)`). The flags of `gptship serve` and `gptship train`
(cli_options.py), the GPTSHIP_* variables, the YAML keys and the settings tables in the
docs all come from these fields (`settings_of`); `gather` reads them from those sources in
one precedence order and `build` makes the dataclass."""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from gptship.errors import GptshipError


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
