"""`gptship build --image`: the bundle as a container image, built from the bundle's own
Dockerfile with whichever tool this machine has, and `--save`: the image as an OCI archive
to carry to a host with no registry."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gptship.deploy import signing
from gptship.errors import GptshipError

# a docker whose daemon answers first: its store is where `docker run` and compose look;
# then podman, which needs no daemon and also runs what it builds; then buildah, which
# only builds (into the store podman reads)
TOOLS = ("docker", "podman", "buildah")
INSTALL = (
    "install one: apt-get install podman (or buildah), or start the docker daemon "
    "(systemctl start docker)"
)


@dataclass(frozen=True)
class Tool:
    name: str  # docker, podman or buildah
    path: str  # the executable


def image_tag(name: str, version: str) -> str:
    return f"gptship-{name}:{version}"


def find_tool(wanted: str = "auto") -> Tool:
    """The tool that builds images here: `wanted`, or the first of TOOLS that works."""
    if wanted != "auto" and wanted not in TOOLS:
        raise GptshipError(f"--image-tool '{wanted}': use auto, {', '.join(TOOLS)}")
    idle_docker = False
    for name in TOOLS if wanted == "auto" else (wanted,):
        path = shutil.which(name)
        if path is None:
            continue
        if name != "docker" or _docker_daemon_answers(path):
            return Tool(name, path)
        idle_docker = True
    if idle_docker:
        raise GptshipError(
            "docker is installed but its daemon does not answer (docker version shows why); "
            f"{INSTALL}"
        )
    if wanted == "auto":
        raise GptshipError(f"--image: no docker, podman or buildah is installed; {INSTALL}")
    raise GptshipError(f"--image-tool {wanted}: {wanted} is not installed; {INSTALL}")


def _docker_daemon_answers(docker: str) -> bool:
    """A docker command line whose daemon does not answer builds nothing (podman's docker
    shim answers: it is podman)."""
    try:
        probe = subprocess.run([docker, "version", "--format", "{{.Server.Version}}"],
                               capture_output=True, text=True, timeout=30)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0 and probe.stdout.strip() != ""


def check_archive_path(archive: Path, tool: Tool) -> None:
    """Refuse a --save path before the build spends minutes on it."""
    if archive.exists():
        raise GptshipError(f"--save {archive}: already exists; remove it or choose another")
    if not archive.parent.is_dir():
        raise GptshipError(f"--save {archive}: no such folder {archive.parent}")
    if tool.name == "buildah" and ":" in str(archive):
        raise GptshipError(f"--save {archive}: buildah cannot write to a path with ':' in it")


def build_command(
    tool: Tool, bundle: Path, tag: str, base_image: str | None, trust_key: Path | None = None
) -> list[str]:
    command = [tool.path, "build", "--tag", tag, "--file", str(bundle / "Dockerfile")]
    if base_image:
        command += ["--build-arg", f"BASE_IMAGE={base_image}"]
    if trust_key is not None:  # a signed bundle's Dockerfile checks MANIFEST.sig with it
        command += ["--build-arg", f"TRUST_KEY={trust_key_arg(trust_key)}"]
    return [*command, str(bundle)]


def trust_key_arg(trust_key: Path) -> str:
    """A PEM public key as the Dockerfile's TRUST_KEY: the one base64 line inside it."""
    try:
        return signing.pem_body(trust_key.read_bytes())
    except (OSError, UnicodeDecodeError) as e:
        raise GptshipError(f"{trust_key}: cannot read the public key ({e})") from e


def save_command(tool: Tool, tag: str, archive: Path) -> list[str]:
    if tool.name == "podman":
        return [tool.path, "save", "--format", "oci-archive", "--output", str(archive), tag]
    if tool.name == "buildah":
        return [tool.path, "push", tag, f"oci-archive:{archive}:{tag}"]
    # docker 25 and later write an OCI image layout (with docker's manifest.json beside it)
    return [tool.path, "save", "--output", str(archive), tag]


def build_image(
    tool: Tool, bundle: Path, tag: str, base_image: str | None = None, trust_key: Path | None = None
) -> None:
    """Build the bundle's Dockerfile (a signed bundle's checks its signature with `trust_key`);
    the tool's own output shows the steps as they run."""
    # podman and buildah build OCI-format images unless told, and the OCI format has no
    # HEALTHCHECK; docker ignores the variable (podman's docker shim reads it too)
    env = {**os.environ, "BUILDAH_FORMAT": "docker"}
    _run(build_command(tool, bundle, tag, base_image, trust_key), f"{tool.name} build", env)


def save_image(tool: Tool, tag: str, archive: Path) -> None:
    partial = archive.with_name(f".{archive.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        _run(save_command(tool, tag, partial), f"saving {tag} with {tool.name}")
        partial.rename(archive)  # a failed save never leaves a truncated archive behind
    finally:
        partial.unlink(missing_ok=True)


def _run(command: list[str], what: str, env: dict[str, str] | None = None) -> None:
    try:
        result = subprocess.run(command, env=env)
    except OSError as e:
        raise GptshipError(f"{what}: cannot run {command[0]} ({e.strerror})") from e
    if result.returncode != 0:
        raise GptshipError(f"{what} failed (exit {result.returncode}); its output is above")
