"""The `gptship` command: one subcommand per thing a user does with a model."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from gptship import __version__
from gptship.config import format_bytes, parse_bytes
from gptship.errors import GptshipError

app = typer.Typer(
    name="gptship",
    help="Put a custom-trained GPT into production.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

P = ParamSpec("P")
R = TypeVar("R")

ModelDir = Annotated[Path, typer.Argument(help="A Hugging Face-format model directory.")]
Device = Annotated[str, typer.Option(help="cpu or cuda.")]
Dtype = Annotated[
    str,
    typer.Option(
        help="auto (float32 on CPU, the checkpoint's on GPU), float32, bfloat16, float16."
    ),
]


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Report a GptshipError as one line on stderr and exit 2: never a traceback."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except GptshipError as e:
            Console(stderr=True, highlight=False, soft_wrap=True).print(
                f"[bold red]error:[/] {e}", markup=True
            )
            raise typer.Exit(2) from None

    return run


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        print(__version__)
        raise typer.Exit()


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
def generate(
    model_dir: ModelDir,
    prompt: Annotated[str, typer.Option(help="The text to continue.")],
    max_tokens: Annotated[int, typer.Option(min=1, help="Most tokens to generate.")] = 128,
    temperature: Annotated[float, typer.Option(min=0.0, help="0 is greedy.")] = 0.0,
    seed: Annotated[int | None, typer.Option(help="Seed for sampling.")] = None,
    chat: Annotated[bool, typer.Option(help="Send the prompt as a user chat message.")] = False,
    device: Device = "cpu",
    dtype: Dtype = "auto",
) -> None:
    """Generate text with the plain reference loop; prints only the generated text."""
    from gptship.engine.reference import reference_stream
    from gptship.model.loader import load

    model, tokenizer = load(model_dir, device, dtype)
    if chat:
        ids = tokenizer.encode_chat([{"role": "user", "content": prompt}])
    else:
        ids = tokenizer.encode(prompt)
    tokens = reference_stream(
        model,
        ids,
        max_tokens,
        temperature=temperature,
        seed=seed,
        stop_ids=tokenizer.stop_token_ids,
    )
    generated: list[int] = []
    printed = ""
    for token in tokens:
        generated.append(token)
        text = tokenizer.decode(generated)
        # hold back a character that is still waiting for the rest of its UTF-8 bytes
        if not text.endswith("\ufffd"):
            sys.stdout.write(text[len(printed) :])
            sys.stdout.flush()
            printed = text
    text = tokenizer.decode(generated)
    sys.stdout.write(text[len(printed) :] + ("\n" if sys.stdout.isatty() else ""))


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
