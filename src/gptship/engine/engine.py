"""LLMEngine.step(): schedule -> run -> sample -> update -> outputs. Synchronous."""

from __future__ import annotations

import itertools
import os
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch

from gptship.config import EngineConfig, kv_cache_bytes
from gptship.engine.client import EngineLimits, EngineStats
from gptship.engine.detokenizer import IncrementalDetokenizer, StopStrings
from gptship.engine.kv_cache import BlockManager
from gptship.engine.outputs import CompletionOutput, RequestOutput, TokenLogprob
from gptship.engine.request import Request, RequestStatus
from gptship.engine.runner import ModelRunner
from gptship.engine.sampler import SamplerOutput, SamplingBatch, sample
from gptship.engine.scheduler import Scheduler
from gptship.engine.structured import GrammarCompiler, GrammarMatcher, apply_grammar_masks
from gptship.errors import GptshipError
from gptship.model.base import CausalLM
from gptship.model.tokenizer import Tokenizer
from gptship.sampling import ContextLengthError, ParamError, SamplingParams

_SEED_MASK = (1 << 63) - 1


@dataclass
class _Group:
    """A user request: its n sequences, and their detokenizers when there is a tokenizer."""

    sequences: list[Request]
    detokenizers: list[IncrementalDetokenizer] = field(default_factory=list)


@dataclass
class PreparedRequest:
    """What a request's samples need besides ids and params, built by LLMEngine.prepare
    before the request reaches the engine loop: grammar matchers and detokenizers."""

    matchers: list[GrammarMatcher | None]
    detokenizers: list[IncrementalDetokenizer]  # none without a tokenizer


class LLMEngine:
    def __init__(
        self, model: CausalLM, tokenizer: Tokenizer | None, config: EngineConfig | None = None
    ) -> None:
        self.config = config = config or EngineConfig()
        self.model, self.tokenizer = model, tokenizer
        self.max_model_len = _max_model_len(config, model.config.max_position_embeddings)
        num_blocks = _num_kv_blocks(model, config, self.max_model_len)
        self.kv = BlockManager(num_blocks, config.block_size, config.enable_prefix_caching)
        self.stop_ids = frozenset(
            tokenizer.stop_token_ids if tokenizer else model.config.eos_token_ids
        )
        self.scheduler = Scheduler(
            self.kv,
            config.max_num_seqs,
            config.max_num_batched_tokens,
            self.max_model_len,
            self.stop_ids,
        )
        self.runner = ModelRunner(model, num_blocks, config.block_size)
        if self.runner.device.type == "cuda" and config.cuda_graphs:
            self.runner.use_decode_graphs(config.max_num_seqs, self.max_model_len)
        self.limits = EngineLimits(
            self.max_model_len,
            model.config.vocab_size,
            num_blocks,
            config.block_size,
            config.max_num_seqs,
        )
        self.groups: dict[str, _Group] = {}
        # built by the first validate() of a response_format, on the caller's thread and
        # before that request reaches the engine's; two racing first calls each build one
        self._grammars: GrammarCompiler | None = None
        self._rng = random.Random(config.seed)
        self._arrivals = itertools.count()

    @classmethod
    def from_dir(cls, model_dir: str | Path, config: EngineConfig | None = None) -> LLMEngine:
        from gptship.model.loader import load

        config = config or EngineConfig()
        model, tokenizer = load(model_dir, config.device, config.dtype)
        return cls(model, tokenizer, config)

    def validate(self, prompt: Sequence[int], params: SamplingParams) -> None:
        """Raise ParamError if this engine could never serve the request: the only check a
        request gets (add_request trusts it). Thread-safe."""
        vocab, context = self.limits.vocab_size, self.max_model_len
        if not prompt:
            raise ParamError("prompt", "is empty; send at least one token")
        if min(prompt) < 0 or max(prompt) >= vocab:
            raise ParamError("prompt", f"has token ids outside [0, {vocab})")
        if len(prompt) >= context:
            raise ContextLengthError(context, len(prompt), None)
        if len(prompt) + params.max_tokens > context:
            raise ContextLengthError(context, len(prompt), params.max_tokens)
        needed = self.kv.blocks_for(len(prompt) + params.max_tokens)
        if needed > self.kv.num_blocks:
            raise ParamError(
                "max_tokens",
                f"{len(prompt)} prompt tokens + max_tokens {params.max_tokens} need "
                f"{needed} KV blocks, but the cache holds {self.kv.num_blocks}; lower "
                f"max_tokens or raise kv_cache_memory",
            )
        _check_limits(self.config, params)
        if params.structured is not None:
            self._grammar_compiler(params.structured.param).compile(params.structured)

    def prepare(self, prompt: Sequence[int], params: SamplingParams) -> PreparedRequest:
        """Build what a validated request's samples need (grammar matchers; detokenizers and
        the stop strings' tables they share), on the caller's thread: the engine loop then
        only queues it. The grammar is validate()'s, kept by the compiler. Thread-safe."""
        matchers: list[GrammarMatcher | None] = [None] * params.n
        if params.structured is not None:
            grammars = self._grammar_compiler(params.structured.param)
            grammar = grammars.compile(params.structured)
            matchers = [grammars.matcher(grammar) for _ in range(params.n)]
        detokenizers = []
        if self.tokenizer is not None:
            stops = StopStrings(params.stop)
            detokenizers = [
                IncrementalDetokenizer(self.tokenizer, prompt, params, stops)
                for _ in range(params.n)
            ]
        return PreparedRequest(matchers, detokenizers)

    def add_request(
        self,
        request_id: str,
        prompt_token_ids: Sequence[int],
        params: SamplingParams,
        prepared: PreparedRequest | None = None,
    ) -> None:
        """Queue a request that validate() accepted: its n sequences share the prompt.
        `prepared`: prepare()'s result for it, else prepare() runs here."""
        if request_id in self.groups:
            raise GptshipError(f"request id '{request_id}' is already in use")
        prompt = list(prompt_token_ids)
        if prepared is None:
            prepared = self.prepare(prompt, params)
        arrival = next(self._arrivals)
        sequences: list[Request] = []
        for i in range(params.n):
            seed = params.seed + i if params.seed is not None else self._rng.getrandbits(63)
            first = sequences[0] if sequences and self.kv.prefix_caching else None
            sequences.append(
                Request(
                    request_id,
                    prompt,
                    params,
                    seed=seed & _SEED_MASK,
                    arrival=arrival,
                    index=i,
                    wait_for=first,
                    grammar=prepared.matchers[i],
                )
            )
        group = _Group(sequences, prepared.detokenizers)
        self.groups[request_id] = group
        for req in sequences:
            self.scheduler.add(req)

    def abort(self, request_id: str) -> bool:
        """Finish a request now and free its blocks; False if it is unknown or done."""
        group = self.groups.pop(request_id, None)
        if group is None:
            return False
        for req in group.sequences:
            self.scheduler.finish(req, RequestStatus.FINISHED_ABORTED)
        return True

    def has_unfinished(self) -> bool:
        return bool(self.groups)

    def step(self) -> list[RequestOutput]:
        batch = self.scheduler.schedule()
        if not batch:
            return []
        logits = self.runner.run(batch)
        sampling = [r for r, s in zip(batch.requests, batch.sample_mask, strict=True) if s]
        result = self._sample(logits, sampling) if sampling else None
        tokens = result.token_ids.tolist() if result is not None else []
        texts = self._follow(sampling, tokens)
        self.scheduler.update(batch, tokens, [self._stop_string(r) for r in sampling])
        return self._outputs(sampling, texts, result)

    def stats(self) -> EngineStats:
        kv = self.kv
        return EngineStats(
            running=len(self.scheduler.running),
            waiting=len(self.scheduler.waiting),
            kv_blocks=kv.num_blocks,
            kv_blocks_used=kv.num_used_blocks,
            prefix_queries=kv.stats.prefix_queries,
            prefix_hits=kv.stats.prefix_hits,
            preemptions=kv.stats.preemptions,
        )

    def _grammar_compiler(self, param: str) -> GrammarCompiler:
        if self._grammars is not None:
            return self._grammars
        if self.tokenizer is None:
            raise ParamError(param, "needs the model's tokenizer; this engine has none")
        grammars = GrammarCompiler(
            self.tokenizer,
            self.limits.vocab_size,
            self.stop_ids,
            timeout=self.config.grammar_compile_timeout,
        )
        self._grammars = grammars
        return grammars

    def _sample(self, logits: torch.Tensor, sampling: list[Request]) -> SamplerOutput:
        batch = SamplingBatch.build(sampling, self.limits.vocab_size, self.stop_ids, logits.device)
        rows = [(row, g) for row, r in enumerate(sampling) if (g := r.grammar) is not None]
        if rows:
            apply_grammar_masks(logits, [row for row, _ in rows], [g for _, g in rows])
        return sample(logits, batch)

    def _follow(self, sampling: list[Request], tokens: list[int]) -> list[str]:
        """Feed each sampled token to its sequence's grammar and detokenizer; the new text."""
        texts = []
        for req, token in zip(sampling, tokens, strict=True):
            if req.grammar is not None:
                req.grammar.accept(token)
            detokenizers = self.groups[req.request_id].detokenizers
            num_out = len(req.output_token_ids) + 1
            texts.append(detokenizers[req.index].step([token], num_out) if detokenizers else "")
        return texts

    def _stop_string(self, req: Request) -> str | None:
        detokenizers = self.groups[req.request_id].detokenizers
        return detokenizers[req.index].stop_string if detokenizers else None

    def _outputs(
        self, sampling: list[Request], texts: list[str], result: SamplerOutput | None
    ) -> list[RequestOutput]:
        logprobs = _logprob_rows(result, sampling)
        deltas: dict[str, RequestOutput] = {}
        for row, req in enumerate(sampling):
            group = self.groups[req.request_id]
            out = CompletionOutput(
                index=req.index, text=texts[row], token_ids=[req.output_token_ids[-1]]
            )
            if req.params.logprobs is not None:
                out.logprobs = [logprobs[row]]
            if req.status.finished:
                out.finish_reason, out.stop_reason = req.finish_reason, req.stop_reason
                detokenizer = group.detokenizers[req.index] if group.detokenizers else None
                if detokenizer is not None and detokenizer.stop_string is None:
                    out.text += detokenizer.finish()  # what it held back for more bytes
            delta = deltas.get(req.request_id)
            if delta is None:
                first = group.sequences[0]
                delta = deltas[req.request_id] = RequestOutput(
                    request_id=req.request_id,
                    prompt_token_ids=req.prompt_token_ids,
                    outputs=[],
                    num_cached_tokens=req.num_cached_tokens,
                    first_scheduled=first.first_scheduled,
                )
            delta.outputs.append(out)
        for request_id, delta in deltas.items():
            if all(r.status.finished for r in self.groups[request_id].sequences):
                delta.finished = True
                del self.groups[request_id]
        return list(deltas.values())


def _check_limits(c: EngineConfig, p: SamplingParams) -> None:
    """What one request may ask for (EngineConfig's limits), so that its work is bounded."""
    longest = max(map(len, p.stop), default=0)
    bias = len(p.logit_bias or ())
    schema = len(p.structured.spec.encode()) if p.structured and p.structured.spec else 0
    rules = [
        ("stop", len(p.stop) <= c.max_stops, f"{len(p.stop)} stop strings", "max_stops"),
        ("stop", longest <= c.max_stop_length, f"a stop string of {longest} characters",
         "max_stop_length"),
        ("stop_token_ids", len(p.stop_token_ids) <= c.max_stops,
         f"{len(p.stop_token_ids)} stop token ids", "max_stops"),
        ("logit_bias", bias <= c.max_logit_bias, f"{bias} entries", "max_logit_bias"),
        ("max_tokens", p.n * p.max_tokens <= c.max_output_tokens,
         f"n {p.n} x max_tokens {p.max_tokens} = {p.n * p.max_tokens} output tokens",
         "max_output_tokens"),
        (p.structured.param if p.structured else "response_format", schema <= c.max_schema_bytes,
         f"a {p.structured.kind if p.structured else ''} spec of {schema} bytes",
         "max_schema_bytes"),
    ]  # fmt: skip
    for param, ok, got, setting in rules:
        if not ok:
            limit = getattr(c, setting)
            raise ParamError(param, f"{got} is over the limit of {limit} (the {setting} setting)")


def _max_model_len(config: EngineConfig, context: int) -> int:
    if config.max_model_len is not None and config.max_model_len > context:
        raise GptshipError(
            f"max_model_len {config.max_model_len} is beyond the model's context of "
            f"{context} tokens (config.json); lower it"
        )
    return config.max_model_len or context


def _num_kv_blocks(model: CausalLM, config: EngineConfig, max_model_len: int) -> int:
    """Blocks that the KV budget holds (enough for max_num_seqs full contexts by default)."""
    dtype = next(model.parameters()).dtype
    block_bytes = ModelRunner.bytes_per_block(model, config.block_size, dtype)
    # max_num_seqs whole contexts, each rounded up to whole blocks, and the runner's scratch
    per_sequence = -(-max_model_len // config.block_size)
    wanted = (config.max_num_seqs * per_sequence + 1) * block_bytes
    budget = kv_cache_bytes(config.kv_cache_memory, _free_memory(config.device), wanted)
    num_blocks = budget // block_bytes - 1  # the runner keeps one as scratch
    if num_blocks < 1:
        raise GptshipError(
            f"kv_cache_memory {budget} bytes holds fewer than 2 KV blocks "
            f"({block_bytes} bytes each); raise kv_cache_memory"
        )
    return num_blocks


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
