"""What the container tests need and no registry gives them: a Debian base image made here
by debootstrap (cached by release), and podman image stores of their own, configured through
environment variables for the test's commands only."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.deploy.conftest import missing, require_tool

RELEASE = "bookworm"  # its python3.11 matches the wheels (cp311)
PACKAGES = "python3.11,python3-venv"  # the interpreter, and ensurepip for the image's venv
MIRROR_VARIABLE = "GPTSHIP_TEST_DEBIAN_MIRROR"

# runc, since crun may not be installed; cgroupfs and files, since the test machines run
# without systemd; ulimits at or below the machine's hard limits, which podman otherwise
# raises to values runc is not allowed to set here
CONTAINERS_CONF = """\
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
log_driver = "k8s-file"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "{root}/tmp"
[network]
network_config_dir = "{root}/networks"
"""
# overlay, since vfs copies every layer whole (gigabytes, with torch)
STORAGE_CONF = """\
[storage]
driver = "overlay"
graphroot = "{root}/graph"
runroot = "{root}/run"
"""


class Store:
    """A podman image store under `root`, apart from the machine's own; with no registry
    configured, a missing image fails instead of being pulled."""

    def __init__(self, root: Path) -> None:
        require_tool("podman", "podman")
        require_tool("runc", "runc")
        if os.geteuid() != 0:
            missing("the container tests run podman as root: run the tests as root")
        root.mkdir(parents=True, exist_ok=True)
        files = {"containers.conf": CONTAINERS_CONF, "storage.conf": STORAGE_CONF,
                 "registries.conf": ""}  # fmt: skip
        for name, text in files.items():
            (root / name).write_text(text.format(root=root))
        self.root = root
        self.env = {
            **os.environ,
            "CONTAINERS_CONF": str(root / "containers.conf"),
            "CONTAINERS_STORAGE_CONF": str(root / "storage.conf"),
            "CONTAINERS_REGISTRIES_CONF": str(root / "registries.conf"),
        }

    def podman(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["podman", *args], capture_output=True, text=True,
                              env=self.env, timeout=timeout)  # fmt: skip

    def reset(self) -> None:
        """Remove every container, image and layer (gigabytes) of this store."""
        self.podman("system", "reset", "--force", timeout=900)
        shutil.rmtree(self.root, ignore_errors=True)


def base_rootfs() -> Path:
    """A minimal Debian with Python 3.11 as a tar of its root, made by debootstrap once per
    release and architecture, then reused from the user's cache folder."""
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()  # fmt: skip
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gptship-tests"
    tar = cache / f"debootstrap-{RELEASE}-{arch}-{PACKAGES.replace(',', '-')}.tar"
    if tar.is_file():
        return tar
    debootstrap = require_tool("debootstrap", "debootstrap")
    mirror = debian_mirror()
    cache.mkdir(parents=True, exist_ok=True)
    rootfs = cache / f".{tar.stem}.rootfs"
    shutil.rmtree(rootfs, ignore_errors=True)
    try:
        command = [debootstrap, "--variant=minbase", f"--include={PACKAGES}", RELEASE,
                   str(rootfs), mirror]  # fmt: skip
        made = subprocess.run(command, capture_output=True, text=True, timeout=900)
        assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
        for downloaded in ("var/cache/apt/archives", "var/lib/apt/lists"):
            shutil.rmtree(rootfs / downloaded)  # 100 MB the image does not need
        partial = tar.with_name(f".{tar.name}.partial")
        subprocess.run(["tar", "-C", str(rootfs), "-cf", str(partial), "."], check=True)
        partial.rename(tar)
    finally:
        shutil.rmtree(rootfs, ignore_errors=True)
    return tar


def debian_mirror() -> str:
    """The mirror for RELEASE: the environment's, or the one this machine's apt uses."""
    mirror = os.environ.get(MIRROR_VARIABLE)
    if mirror:
        return mirror
    policy = subprocess.run(["apt-cache", "policy"], capture_output=True, text=True).stdout
    found = re.search(rf"^\s*\d+\s+(\S+)\s+{RELEASE}/main\s", policy, re.MULTILINE)
    if found is None:
        missing(f"apt has no source for {RELEASE}/main: set {MIRROR_VARIABLE} to a mirror")
    assert found is not None
    return found.group(1)
