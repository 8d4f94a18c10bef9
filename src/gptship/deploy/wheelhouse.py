"""`gptship build --wheelhouse`: every wheel the bundle's requirements.lock names, so that
install.sh installs on a server with no network (pip --no-index --find-links wheels)."""

from __future__ import annotations

import importlib.metadata as metadata
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from gptship.errors import GptshipError


def download(lock: Path, wheels: Path) -> list[Path]:
    """Fetch the wheels of every pinned requirement but gptship (from the package index this
    machine's pip uses) and build gptship's own wheel; returns the wheel files."""
    wheels.mkdir(parents=True, exist_ok=True)
    pins = [x for x in lock.read_text().splitlines() if x and not x.startswith("#")]
    others = [x for x in pins if not x.startswith("gptship==")]
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirements:
        requirements.write("\n".join(others) + "\n")
        requirements.flush()
        _pip("download", "--only-binary=:all:", "--no-deps", "--dest", str(wheels),
             "--requirement", requirements.name)  # fmt: skip
    _pip("wheel", "--no-deps", "--wheel-dir", str(wheels), _gptship_source())
    found = sorted(wheels.glob("*.whl"))
    if len(found) != len(pins):
        raise GptshipError(
            f"{wheels}: {len(found)} wheels for {len(pins)} pinned requirements; a dependency "
            "has no wheel for this platform"
        )
    return found


def _gptship_source() -> str:
    """Where gptship was installed from: its source tree (an editable or local install), or
    the exact release from the package index."""
    dist = metadata.distribution("gptship")
    direct = dist.read_text("direct_url.json")
    if direct:
        url = json.loads(direct).get("url", "")
        if url.startswith("file://"):
            return unquote(urlparse(url).path)
    return f"gptship=={dist.version}"


def _pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", *args, "--quiet", "--progress-bar", "off",
               "--disable-pip-version-check"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        tail = " ".join(result.stderr.strip().splitlines()[-3:])
        raise GptshipError(f"pip {args[0]} failed while building the wheelhouse: {tail}")
