"""Tools the deployment tests drive for real; a missing one skips with its install command,
except under CI=true, where a skip would hide an untested target, so it fails."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def require_tool(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        missing(f"{tool} is not installed: apt-get install {package}")
    assert path is not None
    return path


def missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


def require_unshare(flag: str) -> None:
    """`unshare FLAG` works here: -n, a process with no network at all; -m, a private mount
    table (both need root or CAP_SYS_ADMIN)."""
    require_tool("unshare", "util-linux")
    probe = subprocess.run(["unshare", flag, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        missing(f"unshare {flag} fails here ({probe.stderr.strip()}): run the tests as root")
