"""`gptship eval QUESTIONS --model ASSISTANT`: an assistant scored on a JSONL of questions
(gptship.assistants.evaluate), a table and a JSON report, and a non-zero exit below the
thresholds given: a deployment pipeline can gate on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from gptship.cli_errors import user_errors

if TYPE_CHECKING:
    from gptship.assistants.evaluate import Report

Share = Annotated[float | None, typer.Option(min=0.0, max=1.0, show_default=False)]


@user_errors
def eval_(
    questions: Annotated[Path, typer.Argument(help="JSONL: question, key_fact or refuse, ...")],
    model: Annotated[str, typer.Option(help="The assistant (a model id) to ask.")],
    base_url: Annotated[str, typer.Option(help="Its OpenAI API.")] = "http://127.0.0.1:8000/v1",
    api_key: Annotated[
        str | None, typer.Option(envvar="OPENAI_API_KEY", help="A key, if the server wants one.")
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Write the JSON report here.")] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Questions in flight.")] = 2,
    min_key_facts: Share = None,
    min_citations: Share = None,
    min_refusals: Share = None,
    max_leaks: Annotated[int | None, typer.Option(min=0, show_default=False)] = None,
) -> None:
    """Ask an assistant every question of a file and score its answers: key facts stated,
    citations that hold the fact, hand-offs where nothing answers, leaks from other
    collections, latency. Exits 1 when a --min-*/--max-leaks threshold is missed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from gptship.assistants.evaluate import ask_all, read_items, score

    items = read_items(questions)
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    columns = (TextColumn(f"[bold]asking {model}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ask", total=len(items))
        answers = ask_all(base_url, model, api_key, items, concurrency, lambda: bar.advance(task))
    result = score(model, answers)
    if report is not None:
        report.write_text(json.dumps(result.json(), indent=2, ensure_ascii=False) + "\n")
    failed = _missed(result, min_key_facts, min_citations, min_refusals, max_leaks)
    Console(highlight=False).print(_table(result, failed))
    for line in failed:
        console.print(f"[red]below threshold:[/red] {line}")
    if failed:
        raise typer.Exit(1)


def _missed(
    r: Report,
    key_facts: float | None,
    citations: float | None,
    refusals: float | None,
    leaks: int | None,
) -> list[str]:
    wanted = [("key facts", r.key_facts, key_facts), ("citations", r.citations, citations),
              ("refusals", r.refusals, refusals)]  # fmt: skip
    failed = [
        f"{name} {_pct(got)} < {_pct(least)}"
        for name, got, least in wanted
        if least is not None and (got is None or got < least)
    ]
    if leaks is not None and r.leaks > leaks:
        failed.append(f"leaks {r.leaks} > {leaks}")
    return failed


def _table(r: Report, failed: list[str]) -> Table:
    table = Table("measure", "value", title=f"{r.model}: {r.questions} questions")
    table.add_row("key facts", _pct(r.key_facts))
    table.add_row("citations holding the fact", _pct(r.citations))
    table.add_row("hand-offs where nothing answers", _pct(r.refusals))
    table.add_row("leaks", str(r.leaks))
    table.add_row("latency p50 / p95", f"{r.p50_ms:.0f} / {r.p95_ms:.0f} ms")
    table.add_row("verdict", "below threshold" if failed else "pass")
    return table


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.1%}"
