"""`gptship generate` and `gptship chat`: text from a model, on stdout as it is made."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gptship.cli_errors import user_errors
from gptship.cli_options import Device, Dtype, ModelDir, opt
from gptship.sampling import TEMPERATURE

LOW, HIGH = TEMPERATURE


@user_errors
def generate(
    model_dir: ModelDir,
    prompt: Annotated[str, typer.Option(help="The text to continue.")],
    max_tokens: Annotated[int, typer.Option(min=1, help="Most tokens to generate.")] = 128,
    temperature: Annotated[float, typer.Option(min=LOW, max=HIGH, help="0 is greedy.")] = 0.0,
    seed: Annotated[int | None, typer.Option(help="Seed for sampling.")] = None,
    chat: Annotated[bool, typer.Option(help="Send the prompt as a user chat message.")] = False,
    device: Device = "cpu",
    dtype: Dtype = "auto",
) -> None:
    """Generate text with the engine (gptship.LLM); prints only the generated text."""
    from gptship.llm import LLM

    llm = LLM(model_dir, device, dtype, max_num_seqs=1)
    tokens = llm.tokenizer.encode_chat([{"role": "user", "content": prompt}]) if chat else prompt
    # greedy unless asked; the model's generation_config.json sets the other sampling fields
    params = llm.sampling_params(temperature=temperature, max_tokens=max_tokens, seed=seed)
    written = 0
    for text in llm.stream(tokens, params):
        sys.stdout.write(text)
        sys.stdout.flush()
        written += len(text)
    if sys.stdout.isatty():
        sys.stdout.write("\n")
    if not written and not chat and llm.tokenizer.has_chat_template:
        # a chat model given bare text often ends at once: say so, not just print nothing
        sys.stderr.write(
            "gptship generate: the model ended without any text. It has a chat template: "
            "send the prompt as a user message with --chat (or talk to it: gptship chat)\n"
        )


@user_errors
def chat(
    model_dir: Annotated[
        Path | None, typer.Argument(help="A model directory to run here (or use --url).")
    ] = None,
    url: Annotated[str | None, opt("An OpenAI-compatible API, e.g. http://HOST:8000/v1.")] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            help="The key for --url.",
            envvar=["GPTSHIP_API_KEY", "OPENAI_API_KEY"],
            show_default=False,
        ),
    ] = None,
    model: Annotated[str | None, opt("The model at --url. Default: the first it lists.")] = None,
    system: Annotated[str | None, opt("A system prompt; /reset keeps it.")] = None,
    temperature: Annotated[
        float | None,
        typer.Option(min=LOW, max=HIGH, help="0 is greedy. Default: the model's own."),
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
