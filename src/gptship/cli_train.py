"""`gptship train`: its flags are TrainConfig's settings (gptship.train.config), and
`--config` reads a recipe file of them (examples/quillmere/train.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from rich.console import Console

from gptship.cli_errors import user_errors
from gptship.cli_options import opt, settings_options
from gptship.settings import build, gather
from gptship.train.config import TrainConfig

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from gptship.train.trainer import Progress as Step


@user_errors
@settings_options(TrainConfig)
def train(
    config: Annotated[
        Path | None, opt("A recipe: a YAML file of these settings (flag names); flags win.")
    ] = None,
    **settings: Any,
) -> None:
    """Train a GPT on chat data (loss on the assistant's turns), and write it as a Hugging
    Face-format model directory that `gptship serve` and transformers both load."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from gptship.train.trainer import train as run_training

    train_config = build(TrainConfig, gather(TrainConfig, settings, None, config))
    columns = (
        TextColumn("[bold]training"),
        BarColumn(),
        TextColumn("{task.completed:.0f}/{task.total:.0f}"),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        TextColumn("ETA {task.fields[eta]}"),
    )
    console = Console(stderr=True)
    with Progress(*columns, console=console) as bar:
        history = run_training(train_config, ProgressReport(train_config, bar, console))
    final = f"held-out loss {history.eval_loss[-1]:.3f}, " if history.eval_loss else ""
    Console(stderr=True, soft_wrap=True).print(
        f"trained {history.steps[-1] if history.steps else 0} steps, {final}"
        f"train loss {history.loss[-1] if history.loss else float('nan'):.3f}; "
        f"wrote {train_config.out}"
    )


class ProgressReport:
    """The progress bar, over steps, or over seconds of the time budget when there are no
    steps; in a log file (no live bar), a line every 5% instead."""

    def __init__(self, config: TrainConfig, bar: Progress, console: Console) -> None:
        self.by_steps = bool(config.steps)
        self.total = float(config.steps) if config.steps else (config.time_budget or 1.0)
        self.bar, self.console, self.logged = bar, console, 0.0
        self.task: TaskID = bar.add_task("train", total=self.total, status="", eta="?")

    def __call__(self, p: Step) -> None:
        done = p.step if self.by_steps else p.elapsed
        rate = p.step / p.elapsed if p.elapsed else 0.0
        left = (self.total - done) / rate if self.by_steps and rate else self.total - done
        status = f"loss {p.loss:.3f}  {p.tokens_per_s:,.0f} tok/s"
        if p.eval_loss is not None:
            status += f"  held-out {p.eval_loss:.3f}"
        eta = f"{max(left, 0) / 60:.1f} min"
        self.bar.update(self.task, completed=done, status=status, eta=eta)
        if not self.console.is_terminal and (
            done - self.logged >= self.total / 20 or done >= self.total
        ):
            self.logged = done
            self.console.print(f"step {p.step}: {status}; {p.elapsed / 60:.1f} min, ETA {eta}")
