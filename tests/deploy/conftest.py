"""Tools the deployment tests drive for real; a missing one skips with its install command,
except under CI=true, where a skip would hide an untested target, so it fails."""

from __future__ import annotations

import importlib.metadata as metadata
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openai
import pytest

from gptship.deploy.artifacts import Target
from gptship.deploy.cloud import write_cloud

CLOUD_TARGET = Target("support-bot", "1.0.0", "cpu", 10**8, port=8123)


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


TICKET = {
    "type": "object",
    "properties": {"status": {"enum": ["open", "closed"]}, "priority": {"enum": [1, 2, 3]}},
    "required": ["status", "priority"],
}
LOOKUP = {
    "type": "function",
    "function": {
        "name": "order_status",
        "parameters": {
            "type": "object",
            "properties": {"order": {"type": "integer", "minimum": 1, "maximum": 99999}},
            "required": ["order"],
        },
    },
}


def assert_structured_answers(client: openai.OpenAI, model: str) -> None:
    """An installed server enforces a JSON Schema and a forced tool call (its grammar
    library came with it): the outputs parse and validate."""
    ask = [{"role": "user", "content": "Where is order 55123?"}]
    answer = client.chat.completions.create(
        model=model,
        messages=ask,  # type: ignore[arg-type]
        max_tokens=40,
        response_format={"type": "json_schema", "json_schema": {"name": "t", "schema": TICKET}},
    )
    assert answer.choices[0].finish_reason == "stop", answer
    ticket = json.loads(answer.choices[0].message.content or "")
    assert ticket["status"] in ("open", "closed") and ticket["priority"] in (1, 2, 3), ticket
    forced = client.chat.completions.create(
        model=model,
        messages=ask,  # type: ignore[arg-type]
        max_tokens=100,
        tools=[LOOKUP],  # type: ignore[list-item]
        tool_choice={"type": "function", "function": {"name": "order_status"}},
    )
    choice = forced.choices[0]
    assert choice.finish_reason == "tool_calls", choice
    (call,) = choice.message.tool_calls or []
    arguments: Any = json.loads(call.function.arguments)  # type: ignore[union-attr]
    assert call.function.name == "order_status"  # type: ignore[union-attr]
    assert set(arguments) == {"order"} and 1 <= arguments["order"] <= 99999, arguments


def write_wheel(folder: Path, name: str, version: str, *requires: str) -> Path:
    """A wheel with metadata and nothing else: enough for pip to resolve and download it."""
    stem = f"{name.replace('-', '_')}-{version}"
    path = folder / f"{stem}-py3-none-any.whl"
    info = f"{name.replace('-', '_')}-{version.split('+')[0]}.dist-info"
    files = {
        f"{info}/METADATA": "Metadata-Version: 2.1\n"
        f"Name: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires),
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: gptship-tests\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    files[f"{info}/RECORD"] = "".join(f"{n},,\n" for n in files) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as wheel:
        for member, text in files.items():
            wheel.writestr(member, text)
    return path


@pytest.fixture
def cuda_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """pip sees only a folder of wheels: torch's CUDA build (its version as installed here, with
    one nvidia library and triton), torch's CPU build of that version, and filelock at the
    installed version and a later one."""
    index = tmp_path / "index"
    index.mkdir()
    torch, filelock = metadata.version("torch").split("+")[0], metadata.version("filelock")
    write_wheel(
        index,
        "torch",
        torch,
        "filelock",
        "nvidia-cublas==13.1.1.3; sys_platform == 'linux'",
        "triton==3.7.1",
    )
    write_wheel(index, "torch", f"{torch}+cpu", "filelock")
    write_wheel(index, "nvidia-cublas", "13.1.1.3")
    write_wheel(index, "triton", "3.7.1")
    write_wheel(index, "filelock", filelock)
    write_wheel(index, "filelock", "999.0")
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)  # no index, link or constraint of this host
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(index))
    return index


@pytest.fixture(scope="module")
def deploy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The deploy/ folder that write_cloud gives a bundle for CLOUD_TARGET: the cloud-init
    user-data and the Terraform examples."""
    out = tmp_path_factory.mktemp("bundle")
    written = write_cloud(CLOUD_TARGET, out)
    assert all(p.is_file() and p.is_relative_to(out / "deploy") for p in written)
    return out / "deploy"
