"""`gptship index DOCS_DIR --out INDEX`: a folder of documents as a knowledge collection
(gptship.knowledge), built or brought up to date."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from gptship.cli_errors import user_errors
from gptship.errors import GptshipError

if TYPE_CHECKING:
    from gptship.knowledge.index import Report

DEFAULT_EMBEDDING_MODEL = Path("models/all-MiniLM-L6-v2")  # where `make embedding-model` puts it


@user_errors
def index(
    docs: Annotated[
        Path, typer.Argument(help="A folder of Markdown, text, HTML and PDF documents.")
    ],
    out: Annotated[Path, typer.Option(help="The index folder, created or updated.")],
    embedding_model: Annotated[
        Path,
        typer.Option(
            envvar="GPTSHIP_EMBEDDING_MODEL",
            help="A sentence-embedding model directory (BERT family), as for serve.",
        ),
    ] = DEFAULT_EMBEDDING_MODEL,
    max_chars: Annotated[
        int, typer.Option(min=100, max=4000, help="A passage's length at most, in characters.")
    ] = 600,
    rebuild: Annotated[
        bool, typer.Option(help="Re-embed every document (another model or passage size).")
    ] = False,
) -> None:
    """Split documents into passages that keep their title, headings and line or page, embed
    them, and store them for retrieval. Run it again after the documents change: only the
    changed ones are embedded again."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from gptship.knowledge.index import embedding_of, update
    from gptship.model.embedder import Embedder

    if not embedding_model.is_dir():
        hint = " (`make embedding-model` unpacks all-MiniLM-L6-v2 there)"
        raise GptshipError(
            f"{embedding_model}: no such embedding model directory"
            f"{hint if embedding_model == DEFAULT_EMBEDDING_MODEL else ''}; "
            "pass --embedding-model DIR"
        )
    model, embed = embedding_of(Embedder.from_dir(embedding_model), embedding_model)
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    columns = (TextColumn("[bold]embedding"), BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bar:
        task = bar.add_task("embed", total=None)
        report = update(
            docs,
            out,
            model,
            embed,
            max_chars,
            rebuild=rebuild,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    summarize(console, report, out)


def summarize(console: Console, report: Report, out: Path) -> None:
    """The skipped documents, a line each, then one line of what the update did."""
    for error in report.skipped:
        console.print(f"[yellow]skipped[/] {escape(str(error))}")
    documents = len(report.added) + len(report.changed) + report.unchanged
    console.print(
        f"indexed {documents} documents ({len(report.added)} added, {len(report.changed)} "
        f"changed, {len(report.removed)} removed, {report.unchanged} unchanged"
        f"{f', {len(report.skipped)} skipped' if report.skipped else ''}): "
        f"{report.passages} passages embedded, {report.total} in {out}"
    )
