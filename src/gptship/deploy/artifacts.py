"""The deployment files a bundle carries, rendered from templates/ for its name, version and
device: the air-gapped installer and its systemd unit, and the container's Dockerfile (the
device's: wheels/ holds that device's torch) and compose.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).parent / "templates"
SHUTDOWN_TIMEOUT = 30  # the server's default drain (--shutdown-timeout)
GIB = 1 << 30
IMAGE_UID = 10001  # the image's user: numeric, so no passwd entry, and no host user's id


@dataclass(frozen=True)
class Target:
    name: str
    version: str
    device: str
    weight_bytes: int
    port: int = 8000  # the bundle's serving port (BuildOptions.port): what the image exposes
    signed: bool = False  # it carries MANIFEST.sig: the image checks it when it is built

    @property
    def prefix(self) -> str:
        return f"/opt/gptship/{self.name}"

    @property
    def memory_max(self) -> str:
        """systemd's MemoryMax: the weights, a KV cache as large again, and 2 GiB for torch
        and the server, in whole GiB."""
        return f"{-(-(2 * self.weight_bytes + 2 * GIB) // GIB)}G"


def render(target: Target, out: Path) -> list[Path]:
    """Write install.sh, deploy/gptship-NAME.service, Dockerfile and compose.yaml under
    `out`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # shell, unit, Dockerfile and YAML, not HTML
    )
    values = {
        "name": target.name,
        "version": target.version,
        "device": target.device,
        "prefix": target.prefix,
        "memory_max": target.memory_max,
        "shutdown_timeout": SHUTDOWN_TIMEOUT,
        "stop_timeout": SHUTDOWN_TIMEOUT + 15,
        "port": target.port,
        "uid": IMAGE_UID,
        "signed": target.signed,
    }
    files = {
        "install.sh": out / "install.sh",
        "gptship.service": out / "deploy" / f"gptship-{target.name}.service",
        f"Dockerfile.{target.device}": out / "Dockerfile",
        "compose.yaml": out / "compose.yaml",
    }
    for template, path in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template).render(values))
    files["install.sh"].chmod(0o755)
    return list(files.values())
