"""Command-line options generated from a settings dataclass (gptship.settings.settings_of):
a setting's flag, help and default are written once, on its field."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import MISSING
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from gptship.settings import Setting, settings_of

F = TypeVar("F", bound=Callable[..., Any])


def settings_options(cls: type, *, skip: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Give a command taking `**settings` one option per setting of `cls` (but `skip`); each
    arrives by setting name, None when not given, so a file or a variable can set it."""

    def add(command: F) -> F:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        generated = [_parameter(s) for s in settings_of(cls) if s.name not in skip]
        command.__signature__ = signature.replace(parameters=[*own, *generated])  # type: ignore[attr-defined]
        return command

    return add


def _parameter(s: Setting) -> inspect.Parameter:
    kind: Any = {tuple: list[str], bool: bool, int: int, float: float, Path: Path}.get(s.kind, str)
    declaration = f"{s.flag}/--no-{s.flag[2:]}" if s.kind is bool else s.flag
    repeat = " Repeatable." if s.kind is tuple else ""
    shown = f"Default: {s.shown_default()}." if s.default is not MISSING else "Required."
    help_text = f"{s.help}.{repeat} {shown}"
    option = typer.Option(declaration, help=help_text, show_default=False)
    return inspect.Parameter(
        s.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[kind | None, option],
    )


# the hand-written options that several commands share
ModelDir = Annotated[Path, typer.Argument(help="A Hugging Face-format model directory.")]
Device = Annotated[str, typer.Option(help="cpu or cuda.")]
Dtype = Annotated[
    str,
    typer.Option(
        help="auto (float32 on CPU, the checkpoint's on GPU), float32, bfloat16, float16."
    ),
]


def opt(help_text: str) -> Any:
    """An option whose default (None) means 'not given' and is not shown."""
    return typer.Option(help=help_text, show_default=False)
