"""The `gptship` command: one subcommand per thing a user does with a model. Each lives in
a cli_*.py module by concept; this one assembles them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gptship import __version__
from gptship.cli_deploy import build, verify
from gptship.cli_errors import user_errors
from gptship.cli_eval import eval_
from gptship.cli_generate import chat, generate
from gptship.cli_index import index
from gptship.cli_keys import keys_app
from gptship.cli_options import Device, Dtype, ModelDir
from gptship.cli_serve import serve
from gptship.cli_train import train
from gptship.config import format_bytes, parse_bytes

app = typer.Typer(
    name="gptship",
    help="Put a custom-trained GPT into production.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(wanted: bool) -> None:
    if wanted:
        print(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    pass


@app.command()
@user_errors
def info(
    model_dir: ModelDir,
    memory: Annotated[
        str, typer.Option(help="Memory budget for weights + KV cache, e.g. 8GiB.")
    ] = "8GiB",
    device: Device = "cpu",
    dtype: Dtype = "auto",
) -> None:
    """Check a model directory and show what serving it costs."""
    from gptship.model.summary import summarize

    budget = parse_bytes(memory, what="--memory")
    s = summarize(model_dir, device, dtype)
    table = Table(show_header=False, box=None)
    dtype_name, saved_name = (str(d).removeprefix("torch.") for d in (s.dtype, s.checkpoint_dtype))
    rows = [
        ("architecture", s.architecture),
        ("parameters", f"{s.parameters:,}"),
        ("dtype", f"{dtype_name} on {device} (checkpoint: {saved_name})"),
        ("context length", f"{s.context_length:,} tokens"),
        ("vocab size", f"{s.vocab_size:,} (tokenizer: {s.tokenizer_vocab_size:,})"),
        ("chat template", "yes" if s.has_chat_template else "no (gptship's default is used)"),
        ("weights", format_bytes(s.weight_bytes)),
        ("KV cache per token", format_bytes(s.kv_bytes_per_token)),
        (
            f"full-context sequences in {memory}",
            f"{s.sequences_that_fit(budget):,} "
            f"({format_bytes(s.kv_bytes_per_token * s.context_length)} of KV cache each)",
        ),
    ]
    for key, value in rows:
        table.add_row(f"[bold]{key}[/]", value)
    Console(soft_wrap=True).print(table)


@app.command()
@user_errors
def convert(
    src: Annotated[Path, typer.Argument(help="A nanoGPT-style ckpt.pt, or its directory.")],
    out: Annotated[Path, typer.Option(help="Where to write the HF-format model directory.")],
    tokenizer: Annotated[
        Path | None,
        typer.Option(
            help="tokenizer.json (or a directory with one); default: meta.pkl beside SRC."
        ),
    ] = None,
    tolerance: Annotated[
        float,
        typer.Option(help="Largest logit difference the proof accepts, per unit of logit scale."),
    ] = 1e-4,
    force: Annotated[bool, typer.Option(help="Replace OUT if it exists.")] = False,
) -> None:
    """Import a raw training checkpoint, proving the conversion on real logits."""
    from gptship.model.nanogpt import convert_nanogpt

    report = convert_nanogpt(src, out, tokenizer=tokenizer, force=force, tolerance=tolerance)
    Console(stderr=True, soft_wrap=True).print(
        f"converted {report.num_parameters:,} parameters; max |logit difference| "
        f"{report.max_abs_diff:.2e} on logits up to {report.logit_scale:.3g} "
        f"(tolerance {report.tolerance:.0e} per unit); wrote {report.out_dir}"
    )


# the commands that live in their own modules
app.command()(generate)
app.command()(serve)
app.add_typer(keys_app, name="keys")
app.command()(build)
app.command()(verify)
app.command()(chat)
app.command()(train)
app.command()(index)
app.command("eval")(eval_)
