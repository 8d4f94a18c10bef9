"""The `gptship` command: one subcommand per thing a user does with a model."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from gptship import __version__
from gptship.cli_deploy import TrustKey, build, verify
from gptship.cli_errors import user_errors
from gptship.cli_keys import keys_app
from gptship.config import format_bytes, parse_bytes

app = typer.Typer(
    name="gptship",
    help="Put a custom-trained GPT into production.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


ModelDir = Annotated[Path, typer.Argument(help="A Hugging Face-format model directory.")]
Device = Annotated[str, typer.Option(help="cpu or cuda.")]
Dtype = Annotated[
    str,
    typer.Option(
        help="auto (float32 on CPU, the checkpoint's on GPU), float32, bfloat16, float16."
    ),
]


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


def _opt(help_text: str) -> Any:
    return typer.Option(help=help_text, show_default=False)


@app.command()
@user_errors
def serve(
    model_dir: Annotated[
        str | None,
        typer.Argument(help="A model directory (or GPTSHIP_MODEL, or model: in --config)."),
    ] = None,
    config: Annotated[str | None, _opt("A YAML file of settings (flag names, - or _).")] = None,
    host: Annotated[str | None, _opt("Address to bind. Default 127.0.0.1.")] = None,
    port: Annotated[int | None, _opt("Port. Default 8000.")] = None,
    served_model_name: Annotated[
        str | None, _opt("The model name clients send. Default: the directory's name.")
    ] = None,
    api_key: Annotated[list[str] | None, _opt("An API key clients must send (repeatable).")] = None,
    api_keys_file: Annotated[
        str | None, _opt("A file of hashed keys (gptship keys create).")
    ] = None,
    metrics_public: Annotated[bool | None, _opt("Serve /metrics without a key.")] = None,
    rate_limit_rpm: Annotated[
        int | None, _opt("Requests per minute per key (default: unlimited).")
    ] = None,
    rate_limit_tpm: Annotated[
        int | None, _opt("Tokens per minute per key (default: unlimited).")
    ] = None,
    device: Annotated[str | None, _opt("cpu or cuda. Default cpu.")] = None,
    dtype: Annotated[str | None, _opt("auto, float32, bfloat16 or float16. Default auto.")] = None,
    max_model_len: Annotated[
        int | None, _opt("Context length to serve. Default: the model's.")
    ] = None,
    max_num_seqs: Annotated[int | None, _opt("Sequences decoded together. Default 64.")] = None,
    max_num_batched_tokens: Annotated[
        int | None, _opt("Tokens per forward pass. Default 512.")
    ] = None,
    max_queue: Annotated[
        int | None, _opt("Sequences queued beyond max-num-seqs before 429. Default 256.")
    ] = None,
    kv_cache_memory: Annotated[
        str | None, _opt("KV cache size (4GiB) or fraction of free memory (0.5).")
    ] = None,
    max_n: Annotated[int | None, _opt("Largest n a request may ask for. Default 16.")] = None,
    max_request_bytes: Annotated[int | None, _opt("Largest request body. Default 1 MiB.")] = None,
    request_timeout: Annotated[
        float | None, _opt("Seconds before a request is aborted. Default 600.")
    ] = None,
    shutdown_timeout: Annotated[
        float | None, _opt("Seconds in-flight requests get after SIGTERM. Default 30.")
    ] = None,
    cors_origin: Annotated[
        list[str] | None, _opt("A browser origin allowed to call the API (repeatable).")
    ] = None,
    ssl_keyfile: Annotated[str | None, _opt("TLS private key (PEM).")] = None,
    ssl_certfile: Annotated[str | None, _opt("TLS certificate (PEM).")] = None,
    log_prompts: Annotated[bool | None, _opt("Put prompt text in the request log.")] = None,
    trust_key: TrustKey = None,
) -> None:
    """Serve a model directory, or a bundle from `gptship build`, over an OpenAI-compatible
    HTTP API. A bundle is checked against its MANIFEST first and refused if any file differs.

    Settings come from flags, then GPTSHIP_* environment variables (GPTSHIP_PORT, ...), then
    --config (a bundle's gptship.yaml by default), then the defaults: the first that sets a
    value wins.
    """
    flags = {k: v for k, v in locals().items() if k not in ("config", "model_dir", "trust_key")}
    import os

    from gptship.config import ServerConfig
    from gptship.deploy import bundle
    from gptship.errors import GptshipError
    from gptship.server.run import serve as run_server

    flags["model"] = model_dir
    flags["api_key"] = tuple(api_key or ())
    flags["cors_origin"] = tuple(cors_origin or ())
    settings = ServerConfig.resolve(flags, os.environ, config)
    if bundle.is_bundle(Path(settings.model)):
        from gptship.deploy.verify import verify as verify_bundle

        root = Path(settings.model)
        verify_bundle(root, trust_key)  # before anything in it is read
        flags["model"] = str(root / bundle.MODEL)
        settings = ServerConfig.resolve(flags, os.environ, config or str(root / bundle.SETTINGS))
    elif trust_key is not None:
        raise GptshipError(f"{settings.model}: --trust-key checks bundles; this is not one")
    run_server(settings)


app.add_typer(keys_app, name="keys")
app.command()(build)
app.command()(verify)


@app.command()
@user_errors
def chat(
    model_dir: Annotated[
        Path | None, typer.Argument(help="A model directory to run here (or use --url).")
    ] = None,
    url: Annotated[str | None, _opt("An OpenAI-compatible API, e.g. http://HOST:8000/v1.")] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            help="The key for --url.",
            envvar=["GPTSHIP_API_KEY", "OPENAI_API_KEY"],
            show_default=False,
        ),
    ] = None,
    model: Annotated[str | None, _opt("The model at --url. Default: the first it lists.")] = None,
    system: Annotated[str | None, _opt("A system prompt; /reset keeps it.")] = None,
    temperature: Annotated[
        float | None, typer.Option(min=0.0, help="0 is greedy. Default: the model's own.")
    ] = None,
    max_tokens: Annotated[int, typer.Option(min=1, help="Most tokens per reply.")] = 512,
    seed: Annotated[int | None, typer.Option(help="Seed for sampling.")] = None,
    device: Device = "cpu",
    dtype: Dtype = "auto",
) -> None:
    """Chat in the terminal: replies stream to stdout; each line of input is a turn.

    /reset forgets the conversation, /exit (or Ctrl-D) leaves, Ctrl-C stops a reply.
    """
    from gptship.chat import Sampling, open_backend, run

    sampling = Sampling(temperature, max_tokens, seed)
    backend = open_backend(
        model_dir, url, sampling, api_key=api_key, model=model, device=device, dtype=dtype
    )
    run(backend, system, sys.stdin, sys.stdout, sys.stderr)


@app.command()
@user_errors
def train(
    data: Annotated[Path, typer.Option(help='Chat JSONL: one {"messages": [...]} per line.')],
    out: Annotated[Path, typer.Option(help="Where to write the model directory.")],
    base: Annotated[
        Path | None, _opt("Fine-tune this model instead of training a new one.")
    ] = None,
    lora: Annotated[
        bool, typer.Option(help="With --base: train a LoRA, merged on export.")
    ] = False,
    eval_data: Annotated[Path | None, _opt("Held-out conversations: an eval loss.")] = None,
    steps: Annotated[int | None, _opt("Optimizer steps (the schedule spans them).")] = None,
    time_budget: Annotated[float | None, _opt("Stop after this many minutes.")] = None,
    batch_tokens: Annotated[int, typer.Option(help="Tokens per step.")] = 8192,
    lr: Annotated[
        float | None, _opt("Peak learning rate (default: 3e-3 new, 1e-4 tuning).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seeds the weights and the data order.")] = 0,
    question_noise: Annotated[
        float, typer.Option(help="Share of user-turn words dropped, from epoch 2 on.")
    ] = 0.0,
    question_distractors: Annotated[
        float, typer.Option(help="Chance of random words around a user turn, from epoch 2.")
    ] = 0.0,
    dropout: Annotated[
        float, typer.Option(help="Dropout on attention and MLP outputs while training.")
    ] = 0.0,
    user_loss: Annotated[
        float, typer.Option(help="Weight of a loss on user turns (assistant turns: 1).")
    ] = 0.0,
    resume: Annotated[bool, typer.Option(help="Continue from OUT's checkpoint.")] = False,
    device: Annotated[str, typer.Option(help="cpu or cuda (float32 on both).")] = "cpu",
    vocab_size: Annotated[int, typer.Option(help="New model: BPE vocabulary.")] = 4096,
    hidden_size: Annotated[int, typer.Option(help="New model: width.")] = 256,
    layers: Annotated[int, typer.Option(help="New model: layers.")] = 6,
    heads: Annotated[int, typer.Option(help="New model: attention heads.")] = 8,
    kv_heads: Annotated[int, typer.Option(help="New model: key/value heads.")] = 4,
    intermediate_size: Annotated[int, typer.Option(help="New model: MLP width.")] = 704,
    context: Annotated[int, typer.Option(help="New model: context length.")] = 1024,
) -> None:
    """Train a GPT on chat data (loss on the assistant's turns), and write it as a Hugging
    Face-format model directory that `gptship serve` and transformers both load."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from gptship.train.trainer import Progress as Step
    from gptship.train.trainer import TrainConfig
    from gptship.train.trainer import train as run_training

    config = TrainConfig(
        data=data,
        out=out,
        eval_data=eval_data,
        base=base,
        lora=lora,
        steps=steps,
        time_budget=time_budget * 60 if time_budget is not None else None,
        batch_tokens=batch_tokens,
        lr=lr,
        seed=seed,
        question_noise=question_noise,
        question_distractors=question_distractors,
        dropout=dropout,
        user_loss=user_loss,
        resume=resume,
        device=device,
        vocab_size=vocab_size,
        hidden_size=hidden_size,
        num_layers=layers,
        num_heads=heads,
        num_kv_heads=kv_heads,
        intermediate_size=intermediate_size,
        context=context,
    )
    columns = (
        TextColumn("[bold]training"),
        BarColumn(),
        TextColumn("{task.completed:.0f}/{task.total:.0f}"),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        TextColumn("ETA {task.fields[eta]}"),
    )
    # the bar runs over steps, or over seconds of the time budget when there are no steps
    total = float(steps) if steps else (config.time_budget or 1.0)
    console = Console(stderr=True)
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("train", total=total, status="", eta="?")
        logged = [0.0]

        def report(p: Step) -> None:
            done = p.step if steps else p.elapsed
            rate = p.step / p.elapsed if p.elapsed else 0.0
            left = (total - done) / rate if steps and rate else total - done
            status = f"loss {p.loss:.3f}  {p.tokens_per_s:,.0f} tok/s"
            if p.eval_loss is not None:
                status += f"  held-out {p.eval_loss:.3f}"
            eta = f"{max(left, 0) / 60:.1f} min"
            bar.update(task, completed=done, status=status, eta=eta)
            # no live bar in a log file: a line every 5% instead
            if not console.is_terminal and (done - logged[0] >= total / 20 or done >= total):
                logged[0] = done
                console.print(f"step {p.step}: {status}; {p.elapsed / 60:.1f} min, ETA {eta}")

        history = run_training(config, report)
    final = f"held-out loss {history.eval_loss[-1]:.3f}, " if history.eval_loss else ""
    Console(stderr=True, soft_wrap=True).print(
        f"trained {history.steps[-1] if history.steps else 0} steps, {final}"
        f"train loss {history.loss[-1] if history.loss else float('nan'):.3f}; wrote {out}"
    )
