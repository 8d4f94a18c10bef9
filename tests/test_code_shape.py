"""The package stays readable: no module over 400 lines, and no function over 60 lines in
the server, the engine and the CLI (where requests and commands are read top to bottom)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "src" / "gptship"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def _short_function_scope() -> list[Path]:
    return [
        *PACKAGE.glob("server/**/*.py"),
        *PACKAGE.glob("engine/**/*.py"),
        *PACKAGE.glob("cli*.py"),
    ]


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    }
    assert not long, f"split these modules by concept: {long}"


def test_no_function_is_over_60_lines_in_server_engine_and_cli() -> None:
    long = []
    for path in _short_function_scope():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = node.end_lineno - start + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} {lines}")
    assert not long, f"break these functions up: {long}"


def test_the_scope_is_not_empty() -> None:
    names = {p.name for p in _short_function_scope()}
    assert {"engine.py", "scheduler.py", "pipeline.py", "cli.py"} <= names
