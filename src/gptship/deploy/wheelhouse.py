"""`gptship build --wheelhouse`: every wheel the bundle's requirements.lock names, so that
install.sh installs on a server with no network (pip --no-index --find-links wheels); and the
lock of a CUDA bundle built where torch is a CPU build, resolved from the package index."""

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
    # `===`: exactly this version string, so torch 2.13.0 is never met by a local 2.13.0+cpu
    exact = [x.replace("==", "===", 1) for x in others]
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirements:
        requirements.write("\n".join(exact) + "\n")
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


def resolve(requirement: str, constraints: dict[str, str]) -> dict[str, str]:
    """{name: version} of `requirement` and everything it needs, as pip would install them
    here from its package index (metadata only: no wheel is downloaded), keeping the packages
    in `constraints` at their versions. A CPU machine builds a CUDA bundle's lock this way:
    `torch===2.13.0` is the index's CUDA build, with its nvidia-* libraries and triton."""
    with tempfile.TemporaryDirectory() as work:
        pins = Path(work, "constraints.txt")
        pins.write_text("".join(f"{name}=={version}\n" for name, version in constraints.items()))
        report = Path(work, "report.json")
        _pip("install", "--dry-run", "--ignore-installed", "--only-binary=:all:",
             "--constraint", str(pins), "--report", str(report), requirement,
             doing=f"resolving {requirement}")  # fmt: skip
        chosen = json.loads(report.read_text())["install"]
    return {item["metadata"]["name"]: item["metadata"]["version"] for item in chosen}


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


def _pip(*args: str, doing: str = "building the wheelhouse") -> None:
    command = [sys.executable, "-m", "pip", *args, "--quiet", "--progress-bar", "off",
               "--disable-pip-version-check"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        tail = " ".join(result.stderr.strip().splitlines()[-3:])
        raise GptshipError(f"pip {args[0]} failed while {doing}: {tail}")
