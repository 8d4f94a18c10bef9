"""API keys: a file of their SHA-256 digests, and the store the server checks requests against.

The key file is JSON, written atomically with mode 0600:

    {"version": 1, "keys": [{"name": "alice", "sha256": "<64 hex digits>",
      "created": "2025-01-31T12:00:00Z", "requests_per_minute": 60, "tokens_per_minute": null,
      "models": ["support"]}]}

A limit of null means the server's default applies; `models` (absent or null: every model)
scopes a key to those model ids: an assistant's key reaches that assistant and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gptship.errors import GptshipError

log = logging.getLogger("gptship.server")

API_KEY_ENV = "GPTSHIP_API_KEY"  # one or more plain keys, comma-separated
KEYS_FILE_ENV = "GPTSHIP_API_KEYS_FILE"
_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LIMITS = ("requests_per_minute", "tokens_per_minute")


@dataclass(frozen=True)
class ApiKey:
    """Who a request comes from, and its limits (None: the server's default)."""

    name: str
    requests_per_minute: int | None = None
    tokens_per_minute: int | None = None
    models: tuple[str, ...] | None = None  # the model ids it may use (None: all)


@dataclass(frozen=True)
class KeyEntry:
    """One entry of the key file. The plain key is never stored."""

    key: ApiKey
    sha256: str
    created: str  # ISO-8601 UTC


def hash_key(plain: str) -> str:
    # Keys are 256-bit random secrets, so a digest cannot be reversed by guessing; a slow
    # password hash (bcrypt, scrypt) only helps low-entropy secrets and would slow every request.
    return hashlib.sha256(plain.encode()).hexdigest()


def create_key(
    path: Path,
    name: str,
    rpm: int | None = None,
    tpm: int | None = None,
    models: tuple[str, ...] | None = None,
) -> str:
    """Add a key named `name` to the file (created if missing); return the plain key."""
    if not _NAME.fullmatch(name):
        raise GptshipError(f"bad key name {name!r}: use 1 to 64 letters, digits, '-', '_' or '.'")
    for flag, value in (("--rpm", rpm), ("--tpm", tpm)):
        if value is not None and value < 1:
            raise GptshipError(f"{flag} {value} is not a limit: give a positive number")
    entries = _read(path) if path.exists() else []
    if any(e.key.name == name for e in entries):
        raise GptshipError(
            f"a key named {name!r} already exists in {path}: pick another name, "
            f"or revoke it first with `gptship keys revoke {name}`"
        )
    plain = "gs-" + secrets.token_urlsafe(32)
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if models is not None and not models:
        raise GptshipError("a key scoped to no model could do nothing: name one with --model")
    key = ApiKey(name, rpm, tpm, tuple(models) if models is not None else None)
    _write(path, [*entries, KeyEntry(key, hash_key(plain), created)])
    return plain


def list_keys(path: Path) -> list[KeyEntry]:
    return _read(_existing(path))


def revoke_key(path: Path, name: str) -> None:
    entries = _read(_existing(path))
    kept = [e for e in entries if e.key.name != name]
    if len(kept) == len(entries):
        raise GptshipError(f"no key named {name!r} in {path}: `gptship keys list` shows the names")
    _write(path, kept)


class KeyStore:
    """The keys a server accepts. `enabled` is False only when no key source was configured.

    A key file is read again when it changes (checked at most once a second), so `gptship
    keys create` and `revoke` take effect on a running server without a restart."""

    def __init__(
        self,
        keys: Iterable[tuple[str, ApiKey]],
        *,
        enabled: bool = True,
        file: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._plain = [(bytes.fromhex(digest), key) for digest, key in keys]
        self._keys = list(self._plain)
        # a key file with every key revoked still locks the server: fail closed
        self.enabled = enabled or file is not None
        self._file, self._clock = file, clock
        self._stamp: tuple[int, int] | None = None  # the file's (mtime_ns, size) last read
        self._checked = -math.inf
        if file is not None:
            self._reload(strict=True)

    @classmethod
    def load(
        cls,
        api_key: str | Sequence[str] | None = None,
        file: str | Path | None = None,
        environ: Mapping[str, str] = os.environ,
        clock: Callable[[], float] = time.monotonic,
    ) -> KeyStore:
        """Plain keys from `api_key` (else $GPTSHIP_API_KEY), each comma-separated, named
        key-1, key-2, ...; plus the entries of `file` (else $GPTSHIP_API_KEYS_FILE)."""
        given = api_key or environ.get(API_KEY_ENV, "")
        parts = [given] if isinstance(given, str) else given
        keys = [k.strip() for part in parts for k in part.split(",") if k.strip()]
        pairs = [(hash_key(k), ApiKey(f"key-{i}")) for i, k in enumerate(keys, 1)]
        file = file or environ.get(KEYS_FILE_ENV)
        path = _existing(Path(file)) if file else None
        return cls(pairs, enabled=bool(pairs), file=path, clock=clock)

    def verify(self, presented: str) -> ApiKey | None:
        """The key whose digest matches, comparing against every stored key in constant time."""
        if self._file is not None and self._clock() - self._checked >= 1.0:
            self._reload(strict=False)
        digest = hashlib.sha256(presented.encode()).digest()
        found = None
        for stored, key in self._keys:
            # no early exit: the time taken must not tell which key (if any) matched
            if secrets.compare_digest(stored, digest) and found is None:
                found = key
        return found

    def _reload(self, strict: bool) -> None:
        """Read the key file if it changed. At start (`strict`) a bad file is an error; on a
        running server the last good keys stay, except that a deleted file revokes them all."""
        assert self._file is not None
        self._checked = self._clock()
        try:
            st = self._file.stat()
        except FileNotFoundError:
            if strict:
                raise
            self._keys, self._stamp = list(self._plain), None
            return
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._stamp:
            return
        try:
            entries = _read(self._file)
        except GptshipError:
            if strict:
                raise
            log.warning("%s: unreadable; keeping the keys read before", self._file)
            return
        plain_names = {key.name for _, key in self._plain}
        clash = next((e.key.name for e in entries if e.key.name in plain_names), None)
        if clash is not None:
            message = (
                f"{self._file} has a key named {clash!r}, the name given to a plain "
                "--api-key: revoke it and create it again under another name"
            )
            if strict:
                raise GptshipError(message)
            log.warning("%s; keeping the keys read before", message)
            return
        self._keys = self._plain + [(bytes.fromhex(e.sha256), e.key) for e in entries]
        self._stamp = stamp


def _existing(path: Path) -> Path:
    if not path.exists():
        raise GptshipError(
            f"no API key file at {path}: create a key with `gptship keys create --name NAME`"
        )
    return path


def _read(path: Path) -> list[KeyEntry]:
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise _bad(path, f"is not valid JSON ({e.msg} at line {e.lineno})") from None
    except (OSError, UnicodeDecodeError) as e:
        raise GptshipError(f"cannot read the API key file {path}: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise _bad(path, 'is not a key file: expected {"version": 1, "keys": [...]}')
    entries = [_entry(path, i, item) for i, item in enumerate(data["keys"])]
    names = [e.key.name for e in entries]
    if len(set(names)) != len(names):
        raise _bad(path, "names a key twice")
    return entries


def _entry(path: Path, i: int, item: Any) -> KeyEntry:
    where = f"has a bad entry keys[{i}]"
    if not isinstance(item, dict):
        raise _bad(path, f"{where}: expected an object")
    name, digest, created = item.get("name"), item.get("sha256"), item.get("created")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise _bad(path, f"{where}: 'name' must be letters, digits, '-', '_' or '.'")
    if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
        raise _bad(path, f"{where}: 'sha256' must be 64 lowercase hex digits")
    if not isinstance(created, str):
        raise _bad(path, f"{where}: 'created' must be an ISO-8601 time")
    for field in _LIMITS:
        value = item.get(field)
        if value is not None and (type(value) is not int or value < 1):
            raise _bad(path, f"{where}: {field!r} must be a positive integer or null")
    models = item.get("models")
    if models is not None and (
        not isinstance(models, list) or not models or not all(isinstance(m, str) for m in models)
    ):
        raise _bad(path, f"{where}: 'models' must be a non-empty list of model ids, or null")
    limits = (item.get("requests_per_minute"), item.get("tokens_per_minute"))
    key = ApiKey(name, *limits, tuple(models) if models is not None else None)
    return KeyEntry(key, digest, created)


def _bad(path: Path, what: str) -> GptshipError:
    return GptshipError(
        f"the API key file {path} {what}; fix it, or move it away and create the keys again"
    )


def _write(path: Path, entries: list[KeyEntry]) -> None:
    data = {
        "version": 1,
        "keys": [
            {"name": e.key.name, "sha256": e.sha256, "created": e.created}
            | {field: getattr(e.key, field) for field in _LIMITS}
            | ({"models": list(e.key.models)} if e.key.models is not None else {})
            for e in entries
        ],
    }
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # a temp file in the same directory, then a rename: readers see the old file or the new one
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            os.fchmod(f.fileno(), 0o600)
            json.dump(data, f, indent=2)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
