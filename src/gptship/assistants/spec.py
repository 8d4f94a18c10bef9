"""An assistant as its operator declares it: a YAML file (`gptship serve --assistant FILE`)
or a mapping under `assistant:` in the server's YAML. Every error names the file and field.

    name: support                 # the model id clients send (default: the file's name)
    instructions: You are Wren, the customer support assistant of Example Ltd.
    collections:                  # what it may read, and nothing else
      - documents: knowledge/support   # a folder, indexed at start (changed files only)
        index: .cache/support-index    # where (default: beside the folder, "<folder>.index")
      - .cache/prebuilt-index          # or an index built by `gptship index`
    retrieval: {k: 4, mode: hybrid}
    handoff: If you need a person, our support team is on 1-800-555-0142.
    keys: [portal]                # key names that may use it (default: every key)
    answer: free                  # or quote: held to a line of a source, or the hand-off
    max_tokens: 256               # an answer's default length

Relative paths are relative to the file (or, inline, to the server's working directory).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from gptship.errors import GptshipError
from gptship.knowledge.search import Mode

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_FIELDS = {"name", "instructions", "collections", "retrieval", "handoff", "keys", "answer",
           "max_tokens"}  # fmt: skip
Answer = Literal["free", "quote"]


@dataclass(frozen=True)
class CollectionSpec:
    index: Path
    documents: Path | None  # None: a prebuilt index, used as it is


@dataclass(frozen=True)
class AssistantSpec:
    name: str
    instructions: str
    collections: tuple[CollectionSpec, ...]
    handoff: str
    k: int = 4
    mode: Mode = "hybrid"
    keys: tuple[str, ...] | None = None  # None: any key the server accepts
    answer: Answer = "free"  # quote: decoding held to a source's line (or the hand-off)
    max_tokens: int = 256
    source: str = ""  # the file it came from, for messages


def load_assistants(items: tuple[Any, ...]) -> list[AssistantSpec]:
    """Each item a path to an assistant's YAML file or an inline mapping; names unique."""
    specs = [_load(item) for item in items]
    names = [s.name for s in specs]
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice is not None:
        raise GptshipError(f"two assistants are named '{twice}': give each its own name")
    return specs


def _load(item: Any) -> AssistantSpec:
    if isinstance(item, Mapping):
        return parse(item, "assistant", Path.cwd(), None)
    path = Path(str(item))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise GptshipError(f"{path}: cannot read the assistant file ({e.strerror})") from None
    except yaml.YAMLError as e:
        raise GptshipError(f"{path}: not valid YAML ({e})") from None
    if not isinstance(data, Mapping):
        raise GptshipError(f"{path}: an assistant file is a mapping (name:, instructions:, ...)")
    return parse(data, str(path), path.parent, path.stem)


def parse(data: Mapping[str, Any], where: str, base: Path, stem: str | None) -> AssistantSpec:
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise GptshipError(
            f"{where}: unknown field '{unknown[0]}'; known: {', '.join(sorted(_FIELDS))}"
        )
    name = data.get("name", stem)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise GptshipError(f"{where}: name must be 1-64 letters, digits, '.', '_' or '-'")
    retrieval = data.get("retrieval") or {}
    if not isinstance(retrieval, Mapping) or set(retrieval) - {"k", "mode"}:
        raise GptshipError(f"{where}: retrieval takes k (passages) and mode only")
    k, mode = retrieval.get("k", 4), retrieval.get("mode", "hybrid")
    if type(k) is not int or not 1 <= k <= 16:
        raise GptshipError(f"{where}: retrieval.k must be a whole number from 1 to 16")
    if mode not in get_args(Mode):
        raise GptshipError(f"{where}: retrieval.mode must be one of {', '.join(get_args(Mode))}")
    keys = data.get("keys")
    if keys is not None and (
        not isinstance(keys, list) or not all(isinstance(x, str) for x in keys)
    ):
        raise GptshipError(f"{where}: keys must be a list of key names")
    answer = data.get("answer", "free")
    if answer not in get_args(Answer):
        raise GptshipError(f"{where}: answer must be free or quote")
    max_tokens = data.get("max_tokens", 256)
    if type(max_tokens) is not int or max_tokens < 1:
        raise GptshipError(f"{where}: max_tokens must be a positive whole number")
    return AssistantSpec(
        name=name,
        instructions=_text(data, "instructions", where),
        collections=_collections(data.get("collections"), where, base),
        handoff=_text(data, "handoff", where),
        k=k,
        mode=mode,
        keys=tuple(keys) if keys is not None else None,
        answer=answer,
        max_tokens=max_tokens,
        source=where,
    )


def _text(data: Mapping[str, Any], field: str, where: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise GptshipError(f"{where}: {field} is required, as text")
    return value.strip()


def _collections(value: Any, where: str, base: Path) -> tuple[CollectionSpec, ...]:
    if not isinstance(value, list) or not value:
        raise GptshipError(
            f"{where}: collections is required: a list of index folders, or of "
            "{documents: FOLDER, index: FOLDER}"
        )
    found = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            found.append(CollectionSpec(base / item, None))
        elif isinstance(item, Mapping) and isinstance(item.get("documents"), str):
            docs = base / item["documents"]
            index = item.get("index")
            if index is not None and not isinstance(index, str):
                raise GptshipError(f"{where}: collections[{i}].index must be a folder path")
            found.append(CollectionSpec(base / index if index else Path(f"{docs}.index"), docs))
        else:
            raise GptshipError(
                f"{where}: collections[{i}] must be an index folder or {{documents: FOLDER}}"
            )
    return tuple(found)
