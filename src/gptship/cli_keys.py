"""`gptship keys`: create, list and revoke the API keys a server accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gptship.cli_errors import user_errors
from gptship.server.keys import KEYS_FILE_ENV, create_key, list_keys, revoke_key

keys_app = typer.Typer(
    help="Create, list and revoke the API keys the server accepts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


KeyFile = Annotated[
    Path | None,
    typer.Option(
        "--file",
        envvar=KEYS_FILE_ENV,
        help="The key file. Default: ~/.config/gptship/api-keys.json.",
        show_default=False,
    ),
]
DEFAULT = "; default: the server's"


def keys_file(file: Path | None) -> Path:
    # resolved per call, not at import: HOME may differ between import and use (tests, sudo)
    return file if file is not None else Path.home() / ".config" / "gptship" / "api-keys.json"


@keys_app.command()
@user_errors
def create(
    name: Annotated[str, typer.Option(help="A unique name: letters, digits, '-', '_', '.'.")],
    file: KeyFile = None,
    rpm: Annotated[int | None, typer.Option(min=1, help=f"Requests per minute{DEFAULT}.")] = None,
    tpm: Annotated[int | None, typer.Option(min=1, help=f"Tokens per minute{DEFAULT}.")] = None,
    model: Annotated[
        list[str] | None,
        typer.Option(
            help="A model id (an assistant's name) the key may use; repeat for more. "
            "Default: every model."
        ),
    ] = None,
) -> None:
    """Create a key and print it. Only its SHA-256 is stored."""
    path = keys_file(file)
    plain = create_key(path, name, rpm, tpm, tuple(model) if model else None)
    print(plain)
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"Created key {name!r} in {path}. Copy it now: it cannot be shown again.", markup=False
    )


@keys_app.command("list")
@user_errors
def list_(file: KeyFile = None) -> None:
    """List the keys: names, creation times and limits (never the keys themselves)."""
    path = keys_file(file)
    entries = list_keys(path)
    if not entries:
        print(f"No keys in {path}.")
        return
    table = Table("name", "created", "requests/min", "tokens/min", "models")
    for e in entries:
        rpm, tpm = e.key.requests_per_minute, e.key.tokens_per_minute
        table.add_row(
            e.key.name,
            e.created,
            "default" if rpm is None else f"{rpm:,}",
            "default" if tpm is None else f"{tpm:,}",
            "all" if e.key.models is None else ", ".join(e.key.models),
        )
    Console(soft_wrap=True, highlight=False).print(table)


@keys_app.command()
@user_errors
def revoke(
    name: Annotated[str, typer.Argument(help="The key's name, as `gptship keys list` shows it.")],
    file: KeyFile = None,
) -> None:
    """Remove a key. Running servers stop accepting it within a second."""
    path = keys_file(file)
    revoke_key(path, name)
    print(f"Revoked key {name!r} in {path}; running servers stop accepting it within a second.")
