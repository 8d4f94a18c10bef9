"""Shared fixtures: tiny model directories and a way to run the CLI in-process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import transformers
from click.testing import Result
from typer.testing import CliRunner

from gptship.cli import app
from tests.tiny import make_model_dir
from tests.tiny_tokenizer import CHATML_TEMPLATE


@pytest.fixture
def llama_dir(tmp_path: Path) -> tuple[Path, transformers.PreTrainedModel]:
    path = tmp_path / "llama"
    return path, make_model_dir("llama", path)


@pytest.fixture(scope="session")
def chat_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Llama with a ChatML template, shared by every test that only reads it."""
    path = tmp_path_factory.mktemp("tiny-chat")
    make_model_dir("llama", path, chat_template=CHATML_TEMPLATE)
    return path


@pytest.fixture(scope="session")
def long_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A context of 8192: one request can generate for many seconds, for tests that need a
    request still running (closing the stream aborts it)."""
    path = tmp_path_factory.mktemp("tiny-long")
    make_model_dir("llama", path, chat_template=CHATML_TEMPLATE, max_position_embeddings=8192)
    return path


@pytest.fixture
def cli() -> Callable[..., Result]:
    runner = CliRunner()

    def run(*args: object) -> Result:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report what tests measured (tests/figures.py), passing or not."""
    from tests.figures import FIGURES

    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
