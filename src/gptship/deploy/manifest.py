"""A bundle's MANIFEST: the SHA-256 of every file, checked before anything in it is trusted.

The format is `sha256sum`'s (`<hex>  <path>` per line, sorted by path), so an operator can
check a bundle with coreutils alone: `cd BUNDLE && sha256sum -c MANIFEST`. The optional
MANIFEST.sig is an ed25519 signature of the MANIFEST's bytes: signing the list of hashes
signs every file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from gptship.errors import GptshipError

MANIFEST = "MANIFEST"
SIGNATURE = "MANIFEST.sig"
_UNLISTED = (MANIFEST, SIGNATURE)


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return stream_sha256(f)


def stream_sha256(f: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: f.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def render(hashes: dict[str, str]) -> bytes:
    return "".join(f"{hashes[p]}  {p}\n" for p in sorted(hashes)).encode()


def parse(text: bytes, where: str) -> dict[str, str]:
    """MANIFEST bytes -> {relative path: sha256}; a malformed line names itself."""
    hashes: dict[str, str] = {}
    for number, line in enumerate(text.decode("utf-8", "replace").splitlines(), 1):
        digest, sep, path = line.partition("  ")
        if not sep or len(digest) != 64 or not _is_hex(digest) or not safe_path(path):
            raise GptshipError(
                f"{where}:{number}: not a MANIFEST line ('<sha256>  <relative path>'); "
                "the bundle is damaged: copy it again"
            )
        hashes[path] = digest
    return hashes


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


def safe_path(path: str) -> bool:
    """A relative POSIX path that stays inside the bundle."""
    p = PurePosixPath(path)
    return bool(path) and not p.is_absolute() and ".." not in p.parts and "\\" not in path


@dataclass(frozen=True)
class Problem:
    path: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}"


def compare(listed: dict[str, str], found: dict[str, str]) -> list[Problem]:
    """What differs between the MANIFEST and the files found, file by file."""
    problems = [Problem(p, "missing (listed in the MANIFEST)") for p in listed if p not in found]
    problems += [
        Problem(p, f"changed since the bundle was built (SHA-256 {found[p][:12]}..., the "
                f"MANIFEST says {listed[p][:12]}...)")
        for p in listed
        if p in found and found[p] != listed[p]
    ]  # fmt: skip
    problems += [Problem(p, "not in the MANIFEST (added after the build)") for p in found
                 if p not in listed]  # fmt: skip
    return sorted(problems, key=lambda x: x.path)


def hash_tree(root: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under root, MANIFEST and signature excepted.
    A link or special file is an error: a bundle holds regular files only."""
    hashes = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink() or not (path.is_dir() or path.is_file()):
            raise GptshipError(f"{root}/{relative}: not a regular file; a bundle holds only files")
        if path.is_file() and relative not in _UNLISTED:
            hashes[relative] = file_sha256(path)
    return hashes


def write(root: Path) -> bytes:
    """Write root/MANIFEST for every file under root; returns its bytes."""
    text = render(hash_tree(root))
    (root / MANIFEST).write_bytes(text)
    return text
