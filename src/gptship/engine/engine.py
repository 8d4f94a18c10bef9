"""LLMEngine.step(): schedule -> run -> sample -> update -> outputs. Synchronous."""

from __future__ import annotations

import itertools
import os
import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from gptship.config import EngineConfig, kv_cache_bytes
from gptship.engine.detokenizer import IncrementalDetokenizer
from gptship.engine.kv_cache import BlockManager
from gptship.engine.outputs import CompletionOutput, RequestOutput, TokenLogprob
from gptship.engine.request import ParamError, Request, RequestStatus, SamplingParams
from gptship.engine.runner import ModelRunner
from gptship.engine.sampler import SamplerOutput, SamplingBatch, sample
from gptship.engine.scheduler import Scheduler
from gptship.errors import GptshipError
from gptship.model.base import CausalLM
from gptship.model.tokenizer import Tokenizer

if TYPE_CHECKING:
    from gptship.engine.structured import GrammarCompiler, GrammarMatcher

_SEED_MASK = (1 << 63) - 1


@dataclass
class _Group:
    """A user request: its n samples, and their detokenizers when there is a tokenizer."""

    samples: list[Request]
    detokenizers: list[IncrementalDetokenizer] = field(default_factory=list)


class LLMEngine:
    def __init__(
        self, model: CausalLM, tokenizer: Tokenizer | None, config: EngineConfig | None = None
    ) -> None:
        self.config = config = config or EngineConfig()
        self.model, self.tokenizer = model, tokenizer
        context = model.config.max_position_embeddings
        if config.max_model_len is not None and config.max_model_len > context:
            raise GptshipError(
                f"max_model_len {config.max_model_len} is beyond the model's context of "
                f"{context} tokens (config.json); lower it"
            )
        self.max_model_len = config.max_model_len or context
        runner_dtype = next(model.parameters()).dtype
        block_bytes = ModelRunner.bytes_per_block(model, config.block_size, runner_dtype)
        wanted = config.max_num_seqs * self.max_model_len * block_bytes // config.block_size
        budget = kv_cache_bytes(config.kv_cache_memory, _free_memory(config.device), wanted)
        num_blocks = budget // block_bytes - 1  # the runner keeps one as scratch
        if num_blocks < 1:
            raise GptshipError(
                f"kv_cache_memory {budget} bytes holds fewer than 2 KV blocks "
                f"({block_bytes} bytes each); raise kv_cache_memory"
            )
        self.kv = BlockManager(num_blocks, config.block_size, config.enable_prefix_caching)
        self.scheduler = Scheduler(
            self.kv, config.max_num_seqs, config.max_num_batched_tokens, self.max_model_len
        )
        self.runner = ModelRunner(model, num_blocks, config.block_size)
        if self.runner.device.type == "cuda" and config.cuda_graphs:
            self.runner.use_decode_graphs(config.max_num_seqs, self.max_model_len)
        self.stop_ids = frozenset(
            tokenizer.stop_token_ids if tokenizer else model.config.eos_token_ids
        )
        self.groups: dict[str, _Group] = {}
        self._grammars: GrammarCompiler | None = None  # built by the first response_format
        self._grammars_lock = threading.Lock()  # check_request runs on the server's thread
        self._rng = random.Random(config.seed)
        self._arrivals = itertools.count()

    @classmethod
    def from_dir(cls, model_dir: str | Path, config: EngineConfig | None = None) -> LLMEngine:
        from gptship.model.loader import load

        config = config or EngineConfig()
        model, tokenizer = load(model_dir, config.device, config.dtype)
        return cls(model, tokenizer, config)

    def add_request(
        self, request_id: str, prompt_token_ids: Sequence[int], params: SamplingParams
    ) -> None:
        if request_id in self.groups:
            raise GptshipError(f"request id '{request_id}' is already in use")
        prompt = list(prompt_token_ids)
        self.check_request(prompt, params)
        matchers: list[GrammarMatcher | None] = [None] * params.n
        if params.structured is not None:
            grammars = self._grammar_compiler()
            grammar = grammars.compile(params.structured)  # check_request's: a cache hit
            matchers = [grammars.matcher(grammar) for _ in range(params.n)]
        arrival = next(self._arrivals)
        samples: list[Request] = []
        for i in range(params.n):
            seed = params.seed + i if params.seed is not None else self._rng.getrandbits(63)
            samples.append(
                Request(
                    request_id,
                    prompt,
                    params,
                    seed=seed & _SEED_MASK,
                    arrival=arrival,
                    index=i,
                    wait_for=samples[0] if samples and self.kv.prefix_caching else None,
                    grammar=matchers[i],
                )
            )
        group = _Group(samples)
        if self.tokenizer is not None:
            group.detokenizers = [
                IncrementalDetokenizer(self.tokenizer, prompt, params) for _ in samples
            ]
        self.groups[request_id] = group
        for req in samples:
            self.scheduler.add(req)

    def abort(self, request_id: str) -> bool:
        """Finish a request now and free its blocks; False if it is unknown or done."""
        group = self.groups.pop(request_id, None)
        if group is None:
            return False
        for req in group.samples:
            self.scheduler.finish(req, RequestStatus.FINISHED_ABORTED)
        return True

    def has_unfinished(self) -> bool:
        return bool(self.groups)

    def step(self) -> list[RequestOutput]:
        batch = self.scheduler.schedule()
        if not batch:
            return []
        logits = self.runner.run(batch)
        sampling = [r for r, s in zip(batch.requests, batch.samples, strict=True) if s]
        result = None
        if sampling:
            vocab = self.model.config.vocab_size
            sampling_batch = SamplingBatch.build(sampling, vocab, self.stop_ids, logits.device)
            self._mask_grammars(logits, sampling)
            result = sample(logits, sampling_batch)
        tokens = result.token_ids.tolist() if result is not None else []
        self.scheduler.update(batch, tokens, self.stop_ids)
        self._advance_grammars(sampling)
        return self._outputs(sampling, result)

    def _grammar_compiler(self) -> GrammarCompiler:
        with self._grammars_lock:
            if self._grammars is None:
                if self.tokenizer is None:
                    raise ParamError(
                        "response_format", "needs the model's tokenizer; this engine has none"
                    )
                try:  # imported on first use: xgrammar imports transformers, ~1 s
                    from gptship.engine.structured import GrammarCompiler
                except ImportError:
                    raise ParamError(
                        "response_format",
                        "JSON output needs the grammar library, which this server lacks; "
                        "install it with pip install 'gptship[structured]'",
                    ) from None

                vocab = self.model.config.vocab_size
                self._grammars = GrammarCompiler(self.tokenizer, vocab, self.stop_ids)
            return self._grammars

    def _mask_grammars(self, logits: torch.Tensor, sampling: list[Request]) -> None:
        rows = [(row, g) for row, r in enumerate(sampling) if (g := r.grammar) is not None]
        if rows:
            from gptship.engine.structured import apply_grammar_masks

            apply_grammar_masks(logits, [row for row, _ in rows], [g for _, g in rows])

    def _advance_grammars(self, sampling: list[Request]) -> None:
        for req in sampling:
            if req.grammar is None or req.status.finished:
                continue
            token = req.output_token_ids[-1]
            req.grammar.accept(token)
            if req.grammar.is_terminated:  # a stop id after the JSON, under ignore_eos
                self.scheduler.finish(req, RequestStatus.FINISHED_STOPPED)
                req.stop_reason = token

    def _outputs(
        self, sampling: list[Request], result: SamplerOutput | None
    ) -> list[RequestOutput]:
        logprobs = _logprob_rows(result, sampling)
        deltas: dict[str, RequestOutput] = {}
        for row, req in enumerate(sampling):
            group = self.groups[req.request_id]
            out = CompletionOutput(req.index, token_ids=[req.output_token_ids[-1]])
            if req.params.logprobs is not None:
                out.logprobs = [logprobs[row]]
            if group.detokenizers:
                out.text = self._detokenize(req, group.detokenizers[req.index])
            if req.status.finished:
                out.finish_reason, out.stop_reason = req.finish_reason, req.stop_reason
            delta = deltas.setdefault(
                req.request_id,
                RequestOutput(
                    req.request_id,
                    req.prompt_token_ids,
                    [],
                    False,
                    req.num_cached_tokens,
                    self.groups[req.request_id].samples[0].first_scheduled,
                ),
            )
            delta.outputs.append(out)
        for request_id, delta in deltas.items():
            if all(r.status.finished for r in self.groups[request_id].samples):
                delta.finished = True
                del self.groups[request_id]
        return list(deltas.values())

    def _detokenize(self, req: Request, detok: IncrementalDetokenizer) -> str:
        text = detok.step(req.output_token_ids[-1:], len(req.output_token_ids))
        if detok.stopped:
            # a stop string wins over a length limit reached on the same token
            self.scheduler.finish(req, RequestStatus.FINISHED_STOPPED)
            req.status, req.stop_reason = RequestStatus.FINISHED_STOPPED, detok.stop_string
        elif req.status.finished:
            text += detok.finish()
        return text

    def check_request(self, prompt: list[int], params: SamplingParams) -> None:
        """Raise ParamError if the engine could never serve this request. Thread-safe."""
        vocab = self.model.config.vocab_size
        if not prompt:
            raise ParamError("prompt", "is empty; send at least one token")
        if min(prompt) < 0 or max(prompt) >= vocab:
            raise ParamError("prompt", f"has token ids outside [0, {vocab})")
        if len(prompt) >= self.max_model_len:
            raise ParamError(
                "prompt",
                f"has {len(prompt)} tokens; the model's context is {self.max_model_len}, "
                f"so at most {self.max_model_len - 1} leave room for an answer",
            )
        longest = min(len(prompt) + params.max_tokens, self.max_model_len)
        if self.kv.blocks_for(longest) > self.kv.num_blocks:
            raise ParamError(
                "max_tokens",
                f"{len(prompt)} prompt tokens + max_tokens {params.max_tokens} need "
                f"{self.kv.blocks_for(longest)} KV blocks, but the cache holds "
                f"{self.kv.num_blocks}; lower max_tokens or raise kv_cache_memory",
            )
        if params.structured is not None:
            self._grammar_compiler().compile(params.structured)


def _logprob_rows(result: SamplerOutput | None, sampling: list[Request]) -> list[TokenLogprob]:
    if result is None or result.logprobs is None:
        return []
    chosen = result.logprobs.tolist()
    top_ids: list[list[int]] = [[] for _ in sampling]
    top_values: list[list[float]] = [[] for _ in sampling]
    if result.top_ids is not None and result.top_logprobs is not None:
        top_ids, top_values = result.top_ids.tolist(), result.top_logprobs.tolist()
    rows = []
    for i, req in enumerate(sampling):
        k = req.params.logprobs or 0
        top = list(zip(top_ids[i][:k], top_values[i][:k], strict=True))
        rows.append(TokenLogprob(req.output_token_ids[-1], chosen[i], top))
    return rows


def _free_memory(device: str) -> int:
    """Bytes free for the KV cache on `device` now (on Linux CPUs: MemAvailable)."""
    if device.startswith("cuda"):
        return int(torch.cuda.mem_get_info(torch.device(device))[0])
    try:
        with open("/proc/meminfo") as f:
            fields = dict(line.split(":", 1) for line in f)
        return int(fields["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
