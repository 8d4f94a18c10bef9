"""Constrained decoding for response_format, on xgrammar (docs/structured-outputs.md says why).

A GrammarCompiler, one per engine, knows the bytes of every token; it compiles a
StructuredOutput into a grammar, within a time limit, and keeps recent grammars by schema
text. Each sample follows its own GrammarMatcher; each step, the rows with a matcher get a
bitmask of the tokens that keep the output a viable prefix, applied to the logits in one
kernel. Padding ids past the tokenizer's vocabulary and special tokens other than the stop ids
are never allowed; once the JSON is complete only the stop ids are.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Collection, Sequence
from concurrent.futures import Future
from typing import Any

import torch
import xgrammar as xgr

from gptship.errors import GptshipError
from gptship.model.tokenizer import Tokenizer
from gptship.sampling import ParamError, StructuredOutput

__all__ = [
    "CompiledGrammar",
    "GrammarCompiler",
    "GrammarMatcher",
    "StructuredOutput",
    "apply_grammar_masks",
    "token_bytes",
]

CompiledGrammar = xgr.CompiledGrammar

# json_object: any object, any values; OpenAI's JSON mode promises an object, not any value
_ANY_OBJECT = '{"type": "object"}'
_CACHE_BYTES = 256 << 20  # compiled grammars kept for reuse; a small schema takes ~100 kB-2 MB
# Keywords xgrammar 0.2 accepts and then ignores, so outputs could break them: refused.
# (oneOf is enforced as anyOf, which only matters when a value could match two branches.)
_IGNORED = frozenset({"not", "if", "dependentRequired", "dependentSchemas", "contains"})
_NAMES = frozenset({"properties", "patternProperties", "$defs", "definitions"})
_VALUES = frozenset({"enum", "const", "default", "examples"})  # JSON values, not schemas
# Raw control bytes are never in our JSON (no whitespace but spaces; escapes are "\n"), and
# xgrammar 0.2.8 lets them into strings with a minLength or maxLength: no token with one.
_CONTROL = re.compile(rb"[\x00-\x1f]")
# C++ errors read "[12:00:00] /path/json_schema_converter.cc:4944: Unsupported type "foo""
_CPP_PREFIX = re.compile(r"^\[[^\]]*\]\s*\S+:\d+:\s*")


class GrammarCompiler:
    """Compiles StructuredOutputs for one tokenizer and one model vocabulary. Thread-safe.

    `vocab_size` is the model's (its logits' width), which may exceed the tokenizer's: the ids
    past the tokenizer's are padding and never allowed. `stop_token_ids` end the output once
    the JSON is complete (and only then). A compile that takes more than `timeout` seconds is
    a ParamError. xgrammar cannot interrupt a compile, so an overrun runs on in the background;
    compiles run one at a time, so slow schemas wait their turn (and time out) rather than pile
    up. Recent grammars are kept (up to 256 MiB) and need neither compile nor turn.
    """

    def __init__(
        self,
        tokenizer: Tokenizer,
        vocab_size: int,
        stop_token_ids: Collection[int],
        timeout: float = 10.0,
    ) -> None:
        vocab = [b"" if _CONTROL.search(t) else t for t in token_bytes(tokenizer)[:vocab_size]]
        stops = sorted(i for i in stop_token_ids if 0 <= i < vocab_size)
        if not stops:
            raise ParamError("response_format", "the model has no stop token id to end the JSON")
        info = xgr.TokenizerInfo(
            vocab, xgr.VocabType.RAW, vocab_size=vocab_size, stop_token_ids=stops
        )
        self._compiler = xgr.GrammarCompiler(
            info, max_threads=min(8, os.cpu_count() or 1), cache_enabled=False
        )
        self.vocab_size, self.timeout = vocab_size, timeout
        self._slot = threading.Lock()  # held by the compile that runs, past its deadline too
        self._recent: OrderedDict[str, CompiledGrammar] = OrderedDict()  # by schema text, LRU
        self._recent_bytes = 0
        self._recent_lock = threading.Lock()

    def compile(self, spec: StructuredOutput) -> CompiledGrammar:
        """The grammar of `spec`; ParamError("response_format") if it cannot be enforced, or
        takes longer than `timeout` seconds (waiting for another compile included)."""
        schema = _ANY_OBJECT if spec.schema is None else spec.schema
        grammar = self._cached(schema)
        if grammar is not None:
            return grammar
        keyword = _ignored_keyword(json.loads(schema))
        if keyword is not None:
            raise ParamError("response_format", f"json_schema keyword {keyword!r} is not supported")
        deadline = time.monotonic() + self.timeout
        try:
            if not self._slot.acquire(timeout=self.timeout):
                raise TimeoutError
            grammar = self._cached(schema)  # compiled while this call waited for the slot
            if grammar is not None:
                self._slot.release()
                return grammar
            return self._compile_on_thread(schema, deadline)
        except TimeoutError:
            raise ParamError(
                "response_format",
                f"json_schema did not compile within {self.timeout:g} s (the "
                f"grammar_compile_timeout setting); simplify it (long patterns, large ranges)",
            ) from None

    def matcher(self, grammar: CompiledGrammar) -> GrammarMatcher:
        return GrammarMatcher(grammar)

    def _compile_on_thread(self, schema: str, deadline: float) -> CompiledGrammar:
        """Compile on a thread that holds the slot until it ends; TimeoutError at `deadline`."""
        result: Future[CompiledGrammar] = Future()

        def run() -> None:
            try:
                result.set_result(self._compile(schema))
            except BaseException as e:
                result.set_exception(e)
            finally:
                self._slot.release()

        try:
            threading.Thread(target=run, name="gptship-grammar", daemon=True).start()
        except BaseException:
            self._slot.release()
            raise
        return result.result(timeout=max(0.0, deadline - time.monotonic()))

    def _compile(self, schema: str) -> CompiledGrammar:
        try:
            # Whitespace is one space after ',' and ':' and none elsewhere: a model that is
            # allowed any whitespace can spend its whole budget on newlines. strict_mode: an
            # object that lists properties gets no others unless additionalProperties says
            # so, where JSON Schema's default allows any; outputs are valid either way.
            grammar = self._compiler.compile_json_schema(
                schema, any_whitespace=False, strict_mode=True
            )
        except (RuntimeError, ValueError, TypeError) as e:
            raise ParamError(
                "response_format", f"json_schema cannot be enforced: {_one_line(e)}"
            ) from e
        if not GrammarMatcher(grammar).can_start():
            raise ParamError("response_format", "json_schema admits no JSON value at all")
        self._keep(schema, grammar)  # kept even when its caller stopped waiting
        return grammar

    def _cached(self, schema: str) -> CompiledGrammar | None:
        with self._recent_lock:
            grammar = self._recent.get(schema)
            if grammar is not None:
                self._recent.move_to_end(schema)
            return grammar

    def _keep(self, schema: str, grammar: CompiledGrammar) -> None:
        with self._recent_lock:
            if schema in self._recent:
                return
            self._recent[schema] = grammar
            self._recent_bytes += grammar.memory_size_bytes
            while self._recent_bytes > _CACHE_BYTES and len(self._recent) > 1:
                self._recent_bytes -= self._recent.popitem(last=False)[1].memory_size_bytes


class GrammarMatcher:
    """One sample's position in its grammar: feed it every token the sample takes."""

    def __init__(self, grammar: CompiledGrammar) -> None:
        self._matcher = xgr.GrammarMatcher(grammar)
        self._vocab_size = grammar.tokenizer_info.vocab_size

    def accept(self, token_id: int) -> None:
        """Advance past `token_id`, which the last mask allowed."""
        if not self._matcher.accept_token(token_id):
            raise GptshipError(f"token {token_id} was sampled against its grammar; please report")

    @property
    def is_terminated(self) -> bool:
        """The JSON is complete and a stop id was accepted: nothing may follow."""
        return self._matcher.is_terminated()

    def fill(self, bitmask: torch.Tensor, row: int) -> None:
        """Write the allowed tokens into row `row` of an int32 bitmask [R, ceil(V / 32)]."""
        self._matcher.fill_next_token_bitmask(bitmask, row)

    def can_start(self) -> bool:
        bitmask = xgr.allocate_token_bitmask(1, self._vocab_size)
        self.fill(bitmask, 0)
        return bool(bitmask.any())


def apply_grammar_masks(
    logits: torch.Tensor, rows: Sequence[int], matchers: Sequence[GrammarMatcher]
) -> None:
    """Set logits [S, V] to -inf, in place, at the tokens that the matcher of each row in
    `rows` forbids. Other rows are untouched. One bitmask fill per matcher (C++), one copy to
    the logits' device and one masking kernel for the whole batch."""
    if not rows:
        return
    bitmask = xgr.allocate_token_bitmask(logits.shape[0], logits.shape[1])  # [S, V / 32] int32
    for row, m in zip(rows, matchers, strict=True):
        m.fill(bitmask, row)
    bitmask = bitmask.to(logits.device, non_blocking=True)
    xgr.apply_token_bitmask_inplace(logits, bitmask, vocab_size=logits.shape[1], indices=list(rows))


def token_bytes(tokenizer: Tokenizer) -> list[bytes]:
    """The bytes each token id stands for in decoded text (Tokenizer.token_bytes), with b""
    for special tokens, which never appear inside JSON."""
    added = tokenizer.backend.get_added_tokens_decoder()
    special = {i for i, token in added.items() if token.special}
    return [b"" if i in special else b for i, b in enumerate(tokenizer.token_bytes)]


def _ignored_keyword(schema: Any) -> str | None:
    """The first keyword in `schema` (at any depth) that xgrammar would not enforce."""
    if isinstance(schema, list):
        return next(filter(None, map(_ignored_keyword, schema)), None)
    if not isinstance(schema, dict):
        return None
    for key, value in schema.items():
        many = key == "allOf" and isinstance(value, list) and len(value) > 1
        if key in _IGNORED or many or (key == "uniqueItems" and value is True):
            return str(key)
        if key in _VALUES:
            continue
        children = value.values() if key in _NAMES and isinstance(value, dict) else [value]
        found = next(filter(None, map(_ignored_keyword, children)), None)
        if found is not None:
            return found
    return None


def _one_line(error: object) -> str:
    return " ".join(_CPP_PREFIX.sub("", str(error).strip()).split())
