"""The offline API: `LLM(model_dir).generate(prompts, params)` -> one RequestOutput each;
`.chat(messages)` for a chat model's conversations."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from gptship.config import EngineConfig
from gptship.engine.engine import LLMEngine
from gptship.engine.outputs import RequestOutput
from gptship.errors import GptshipError
from gptship.model.generation_config import OPENAI_DEFAULTS
from gptship.sampling import SamplingParams

Prompt = str | Sequence[int]
Conversation = Sequence[Mapping[str, Any]]  # OpenAI's messages: [{"role", "content"}, ...]


class LLM:
    """A model and an engine, for batch jobs in a Python process (no server)."""

    def __init__(
        self,
        model_dir: str | Path,
        device: str = "cpu",
        dtype: str = "auto",
        kv_cache_memory: int | float | str | None = None,
        **engine_options: Any,
    ) -> None:
        config = EngineConfig(
            device=device, dtype=dtype, kv_cache_memory=kv_cache_memory, **engine_options
        )
        self.engine = LLMEngine.from_dir(model_dir, config)
        assert self.engine.tokenizer is not None  # from_dir always loads one
        self.tokenizer = self.engine.tokenizer
        self._ids = 0

    def generate(
        self,
        prompts: Prompt | Sequence[Prompt],
        sampling_params: SamplingParams | Sequence[SamplingParams] | None = None,
        progress: bool | None = None,
    ) -> list[RequestOutput]:
        """Complete every prompt (a string or a list of token ids); outputs in prompt order.

        `progress`: a progress bar on stderr; by default for 8 prompts or more on a terminal.
        """
        batch = _as_list(prompts)
        params = sampling_params or self.sampling_params()
        all_params = [params] * len(batch) if isinstance(params, SamplingParams) else list(params)
        if len(all_params) != len(batch):
            raise GptshipError(
                f"{len(batch)} prompts but {len(all_params)} sampling params; pass one or one each"
            )
        ids = [self._add(prompt, p) for prompt, p in zip(batch, all_params, strict=True)]
        results: dict[str, RequestOutput] = {}
        show = progress if progress is not None else len(batch) >= 8 and sys.stderr.isatty()
        with Progress(
            TextColumn("generating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            disable=not show,
            transient=True,
        ) as bar:
            task = bar.add_task("generate", total=len(batch))
            while self.engine.has_unfinished():
                for out in self.engine.step():
                    if out.request_id in results:
                        results[out.request_id].extend(out)
                    else:
                        results[out.request_id] = out
                    if out.finished:
                        bar.advance(task)
        return [results[i] for i in ids]

    def chat(
        self,
        messages: Conversation | Sequence[Conversation],
        sampling_params: SamplingParams | None = None,
        progress: bool | None = None,
    ) -> list[RequestOutput]:
        """Answer one conversation, or a batch of them, as `/v1/chat/completions` does: each
        through the model's chat template, with its generation_config.json defaults, and
        (unless `sampling_params` says) up to the rest of the context. Messages are
        OpenAI's: {"role": "system" | "user" | "assistant", "content": "..."}."""
        if _is_conversation(messages):
            batch = [cast(Conversation, messages)]
        else:
            batch = list(cast(Sequence[Conversation], messages))
        prompts = [self.tokenizer.encode_chat([dict(m) for m in c]) for c in batch]
        if sampling_params is not None:
            return self.generate(prompts, sampling_params, progress)
        most = self.engine.config.max_output_tokens
        room = [max(1, min(self.engine.max_model_len - len(p), most)) for p in prompts]
        params = [self.sampling_params(max_tokens=n) for n in room]
        return self.generate(prompts, params, progress)

    def stream(self, prompt: Prompt, params: SamplingParams | None = None) -> Iterator[str]:
        """One prompt's completion, text delta by text delta as the engine makes it (a
        character still waiting for the rest of its UTF-8 bytes comes with the next delta).
        Stopping early aborts the request, which frees its KV blocks."""
        params = params or self.sampling_params()
        if params.n != 1:
            raise GptshipError(f"stream() yields one completion; n must be 1, got {params.n}")
        request_id = self._add(prompt, params)
        try:
            while self.engine.has_unfinished():
                for out in self.engine.step():
                    if out.request_id != request_id:
                        continue
                    if out.outputs and out.outputs[0].text:
                        yield out.outputs[0].text
                    if out.finished:
                        return
        finally:
            self.engine.abort(request_id)  # a no-op once finished

    def sampling_params(self, **fields: Any) -> SamplingParams:
        """SamplingParams for this model: a sampling field left out (or None) takes the
        model's generation_config.json value, else OpenAI's, as the server does."""
        given = {name: fields.pop(name, None) for name in OPENAI_DEFAULTS}
        return SamplingParams(**self.tokenizer.sampling_defaults.fill(given), **fields)

    def _add(self, prompt: Prompt, params: SamplingParams) -> str:
        request_id = f"offline-{self._ids}"
        self._ids += 1
        tokens = self.tokenizer.encode(prompt) if isinstance(prompt, str) else list(prompt)
        self.engine.validate(tokens, params)
        self.engine.add_request(request_id, tokens, params)
        return request_id


def _is_conversation(messages: object) -> bool:
    return isinstance(messages, Sequence) and (not messages or isinstance(messages[0], Mapping))


def _as_list(prompts: Prompt | Sequence[Prompt]) -> list[Prompt]:
    if isinstance(prompts, str):
        return [prompts]
    if prompts and all(isinstance(t, int) for t in prompts):
        return [list(prompts)]  # type: ignore[arg-type]
    return list(prompts)  # type: ignore[arg-type]
