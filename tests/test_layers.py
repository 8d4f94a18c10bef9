"""The import layers of docs/architecture.md hold (`make check` runs lint-imports), and an
import that runs up a layer breaks them: shown on a copy of the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(package_parent: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=package_parent,
        timeout=120,
        check=False,
    )


def test_the_package_keeps_its_layers() -> None:
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "imported", "contract"),
    [
        ("engine/engine.py", "gptship.server.app", "the engine never imports the server"),
        ("model/loader.py", "gptship.engine.kv_cache", "the model never imports the engine"),
        ("sampling.py", "gptship.model.tokenizer", "layers: cli > edges"),
    ],
)
def test_an_import_up_a_layer_fails(
    tmp_path: Path, module: str, imported: str, contract: str
) -> None:
    copy = tmp_path / "gptship"
    shutil.copytree(ROOT / "src" / "gptship", copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / module).open("a", encoding="utf-8") as f:
        f.write(f"\nimport {imported}  # a deliberate violation\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
