"""A CUDA bundle built on a machine whose torch is a CPU build: its requirements.lock and its
wheelhouse name torch's CUDA build and the libraries it needs, not the CPU build installed
here, so that the GPU server installs them with no network."""

from __future__ import annotations

import importlib.metadata as metadata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from gptship.deploy import wheelhouse
from gptship.deploy.bundle import requirements_lock
from tests.deploy.conftest import write_wheel

Cli = Callable[..., Result]


def pins(lock: str) -> dict[str, str]:
    lines = [x for x in lock.splitlines() if x and not x.startswith("#")]
    return dict(x.split("==") for x in lines)


def test_a_cuda_bundle_locks_the_cuda_build_of_torch(
    cli: Cli, chat_model: Path, tmp_path: Path, cuda_index: Path
) -> None:
    result = cli("build", chat_model, "--out", tmp_path / "b", "--device", "cuda")
    assert result.exit_code == 0, result.output
    lock = (tmp_path / "b" / "requirements.lock").read_text()
    cuda, here = pins(lock), pins(requirements_lock("cpu"))
    torch = metadata.version("torch").split("+")[0]
    assert cuda["torch"] == torch  # not the +cpu build that the index also holds
    assert cuda["nvidia-cublas"] == "13.1.1.3" and cuda["triton"] == "3.7.1"
    assert cuda["filelock"] == here["filelock"]  # kept as installed, not the index's newest
    assert {k: v for k, v in cuda.items() if k in here and k != "torch"} == {
        k: v for k, v in here.items() if k != "torch"
    }
    assert f"but torch {torch} and its CUDA libraries" in lock.split("\n# (python")[0]


def test_a_cpu_bundle_never_asks_the_index(
    cli: Cli, chat_model: Path, tmp_path: Path, cuda_index: Path
) -> None:
    for wheel in cuda_index.iterdir():
        wheel.unlink()  # pip would fail if it were asked
    result = cli("build", chat_model, "--out", tmp_path / "b", "--device", "cpu")
    assert result.exit_code == 0, result.output
    lock = pins((tmp_path / "b" / "requirements.lock").read_text())
    assert lock["torch"] == metadata.version("torch")
    assert not any(name.startswith("nvidia-") for name in lock)


def test_an_index_without_the_cuda_build_names_the_way_out(
    cli: Cli, chat_model: Path, tmp_path: Path, cuda_index: Path
) -> None:
    torch = metadata.version("torch").split("+")[0]
    (cuda_index / f"torch-{torch}-py3-none-any.whl").unlink()  # the +cpu build stays
    result = cli("build", chat_model, "--out", tmp_path / "b", "--device", "cuda")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    said = " ".join(result.output.split())
    assert f"resolving torch==={torch}" in said and "torch's CUDA build installed" in said
    assert not (tmp_path / "b").exists() and not list(tmp_path.glob(".b*"))


def test_the_wheelhouse_holds_exactly_the_locked_builds(
    tmp_path: Path, cuda_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`torch==V` in the lock downloads the wheel of version V itself, never V+cpu (which
    `==` would also accept and pip would prefer)."""
    torch, filelock = metadata.version("torch").split("+")[0], metadata.version("filelock")
    ours = write_wheel(tmp_path, "gptship", "0.1.0")
    monkeypatch.setattr(wheelhouse, "_gptship_source", lambda: str(ours))
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        f"# a lock\ngptship==0.1.0\ntorch=={torch}\nnvidia-cublas==13.1.1.3\n"
        f"triton==3.7.1\nfilelock=={filelock}\n"
    )
    found = wheelhouse.download(lock, tmp_path / "wheels")
    assert [p.name for p in found] == sorted(
        [f"torch-{torch}-py3-none-any.whl", "gptship-0.1.0-py3-none-any.whl",
         "nvidia_cublas-13.1.1.3-py3-none-any.whl", "triton-3.7.1-py3-none-any.whl",
         f"filelock-{filelock}-py3-none-any.whl"]
    )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "wheels" / f"torch-{torch}-py3-none-any.whl") as wheel:
        assert "nvidia-cublas" in wheel.read(f"torch-{torch}.dist-info/METADATA").decode()


@pytest.mark.slow
def test_the_package_index_resolves_torchs_cuda_libraries() -> None:
    """The real thing, metadata only (no wheel is downloaded): this machine's pip and package
    index. Skipped where torch is already a CUDA build."""
    here = pins(requirements_lock("cpu"))
    if any(name.startswith("nvidia-") for name in here):
        pytest.skip("torch here is a CUDA build: its lock comes from what is installed")
    cuda = pins(requirements_lock("cuda"))
    assert cuda["torch"] == here["torch"].split("+")[0]
    assert "triton" in cuda and any(name.startswith("nvidia-cublas") for name in cuda)
    assert {k: cuda[k] for k in here if k != "torch"} == {
        k: v for k, v in here.items() if k != "torch"
    }
