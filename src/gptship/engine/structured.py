"""Constrained decoding (response_format, guided decoding), on llguidance
(docs/structured-outputs.md says why).

A GrammarCompiler, one per engine, knows the bytes of every token; it compiles a
StructuredOutput (a JSON Schema, a regex, a list of choices, a Lark or GBNF grammar) into a
grammar, within a time limit, and keeps recent grammars by spec. Each sample follows its own
GrammarMatcher; each step, the rows with a matcher get a bitmask of the tokens that keep the
output a viable prefix, computed for all of them in one call (Rust, without the GIL) and
added to the logits as 0 / -inf in one kernel. Padding ids past the tokenizer's vocabulary
and special tokens other than the stop ids are never allowed; once the output is complete
only the stop ids are.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Collection, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import llguidance as llg
import torch

from gptship.errors import GptshipError
from gptship.model.tokenizer import Tokenizer
from gptship.sampling import ParamError, StructuredOutput

if TYPE_CHECKING:
    from llguidance._lib import JsonCompileOptions

__all__ = [
    "Grammar",
    "GrammarCompiler",
    "GrammarMatcher",
    "StructuredOutput",
    "apply_grammar_masks",
    "bitmask_bias",
    "token_bytes",
]

log = logging.getLogger("gptship.engine")

_ANY_OBJECT = '{"type": "object"}'  # json_object: OpenAI's JSON mode promises an object
# One space after "," and ":" and no other whitespace: a model that is allowed any whitespace
# can spend its whole budget on newlines. oneOf is enforced as anyOf (below: limits).
_JSON_OPTIONS: JsonCompileOptions = {
    "whitespace_flexible": False,
    "item_separator": ", ",
    "key_separator": ": ",
    "coerce_one_of": True,
}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)  # a backslash and the character it escapes
_CACHE_SIZE = 256  # compiled grammars kept for reuse, by spec
_VALUES = frozenset({"enum", "const", "default", "examples"})  # JSON values, not schemas
_NAMES = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
# bits -> 0 or -inf: row b of the table is what byte b of a bitmask adds to its 8 tokens
_BYTE_BITS = (torch.arange(256)[:, None] >> torch.arange(8)) & 1
_BYTE_BIAS = torch.where(_BYTE_BITS.bool(), 0.0, -torch.inf)
# computes the bitmasks of a step's rows in parallel, off the GIL
_EXECUTOR = llg.LLExecutor(num_threads=min(8, os.cpu_count() or 1))


@dataclass(frozen=True)
class Grammar:
    """A compiled grammar: a matcher at its start, which each sample copies."""

    start: llg.LLMatcher
    stop_ids: frozenset[int]


class GrammarCompiler:
    """Compiles StructuredOutputs for one tokenizer and one model vocabulary. Thread-safe.

    `vocab_size` is the model's (its logits' width), which may exceed the tokenizer's: the ids
    past the tokenizer's are padding and never allowed. `stop_token_ids` end the output once
    it is complete (and only then). A compile that takes more than `timeout` seconds is a
    ParamError; it cannot be interrupted, so an overrun runs on in the background, and compiles
    run one at a time, so slow specs wait their turn (and time out) rather than pile up.
    Recent grammars are kept and need neither compile nor turn.
    """

    def __init__(
        self,
        tokenizer: Tokenizer,
        vocab_size: int,
        stop_token_ids: Collection[int],
        timeout: float = 10.0,
    ) -> None:
        pieces = token_bytes(tokenizer)[:vocab_size]
        pieces += [b""] * (vocab_size - len(pieces))  # the model's padding ids
        stops = sorted(i for i in stop_token_ids if 0 <= i < vocab_size)
        if not stops:
            raise ParamError("response_format", "the model has no stop token id to end output")
        vocabulary = _Vocabulary(tokenizer, pieces, stops)
        self._tokenizer = llg.LLTokenizer(
            llg.TokenizerWrapper(vocabulary), n_vocab=vocab_size, eos_token=stops
        )
        self.vocab_size, self.stop_ids, self.timeout = vocab_size, frozenset(stops), timeout
        self._slot = threading.Lock()  # held by the compile that runs, past its deadline too
        self._recent: OrderedDict[StructuredOutput, Grammar] = OrderedDict()  # LRU
        self._recent_lock = threading.Lock()

    def compile(self, spec: StructuredOutput) -> Grammar:
        """The grammar of `spec`; ParamError(spec.param) if it cannot be enforced, or takes
        longer than `timeout` seconds (waiting for another compile included)."""
        grammar = self._cached(spec)
        if grammar is not None:
            return grammar
        text = _grammar_text(spec)  # cheap: the work is in building the matcher
        deadline = time.monotonic() + self.timeout
        try:
            if not self._slot.acquire(timeout=self.timeout):
                raise TimeoutError
            grammar = self._cached(spec)  # compiled while this call waited for the slot
            if grammar is not None:
                self._slot.release()
                return grammar
            return self._compile_on_thread(spec, text, deadline)
        except TimeoutError:
            raise ParamError(
                spec.param,
                f"did not compile within {self.timeout:g} s (the grammar_compile_timeout "
                f"setting); simplify it (long patterns, large ranges)",
            ) from None

    def matcher(self, grammar: Grammar) -> GrammarMatcher:
        return GrammarMatcher(grammar.start.deep_copy(), grammar.stop_ids)

    def _compile_on_thread(self, spec: StructuredOutput, text: str, deadline: float) -> Grammar:
        """Compile on a thread that holds the slot until it ends; TimeoutError at `deadline`."""
        result: Future[Grammar] = Future()

        def run() -> None:
            try:
                result.set_result(self._compile(spec, text))
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

    def _compile(self, spec: StructuredOutput, text: str) -> Grammar:
        start = llg.LLMatcher(self._tokenizer, text, log_level=0)  # releases the GIL
        if start.is_error():
            raise ParamError(spec.param, f"cannot be enforced: {_one_line(start.get_error())}")
        grammar = Grammar(start, self.stop_ids)
        if not _can_start(grammar):
            raise ParamError(spec.param, "admits no output at all")
        with self._recent_lock:  # kept even when its caller stopped waiting
            self._recent[spec] = grammar
            while len(self._recent) > _CACHE_SIZE:
                self._recent.popitem(last=False)
        return grammar

    def _cached(self, spec: StructuredOutput) -> Grammar | None:
        with self._recent_lock:
            grammar = self._recent.get(spec)
            if grammar is not None:
                self._recent.move_to_end(spec)
            return grammar


class GrammarMatcher:
    """One sample's position in its grammar: feed it every token the sample takes."""

    def __init__(self, matcher: llg.LLMatcher, stop_ids: frozenset[int]) -> None:
        self._matcher, self._stop_ids = matcher, stop_ids
        self.is_terminated = False  # the output is complete and a stop id was accepted

    def accept(self, token_id: int) -> None:
        """Advance past `token_id`, which the last mask allowed."""
        if not self._matcher.consume_token(token_id):
            error = self._matcher.get_error()
            raise GptshipError(f"token {token_id} was sampled against its grammar ({error})")
        self.is_terminated = token_id in self._stop_ids

    def fill(self, bitmask: torch.Tensor, row: int) -> None:
        """Write the allowed tokens into row `row` of an int32 bitmask [R, ceil(V / 32)] on
        the CPU (apply_grammar_masks fills a batch's rows at once)."""
        target = bitmask[row]
        self._matcher.unsafe_compute_mask_ptr(target.data_ptr(), target.numel() * 4)

    @property
    def failed(self) -> str:
        """Why the grammar cannot go on (a parser limit hit mid-output), or ""."""
        return self._matcher.get_error()


def apply_grammar_masks(
    logits: torch.Tensor, rows: Sequence[int], matchers: Sequence[GrammarMatcher]
) -> None:
    """Set logits [S, V] to -inf, in place, at the tokens that the matcher of each row in
    `rows` forbids. Other rows are untouched. One call computes every row's bitmask (Rust,
    in parallel, without the GIL); one copy to the logits' device and one gather-and-add
    kernel apply them."""
    if not rows:
        return
    words = (logits.shape[1] + 31) // 32
    bitmask = torch.zeros(len(rows), words, dtype=torch.int32)  # bit i of row k: token i allowed
    _EXECUTOR.unsafe_compute_mask_ptr(
        [(m._matcher, k) for k, m in enumerate(matchers)], bitmask.data_ptr(), words * 4, len(rows)
    )
    for k, m in enumerate(matchers):
        if m.failed:  # a parser limit: end the output on a stop id rather than on garbage
            log.warning("grammar_failed", extra={"error": _one_line(m.failed)})
            _only(bitmask[k], m._stop_ids)
    with torch.inference_mode():  # the logits are the model's, made in inference mode
        bias = bitmask_bias(bitmask.to(logits.device, non_blocking=True), logits)
        logits.index_add_(0, torch.tensor(list(rows), device=logits.device), bias)


def token_bytes(tokenizer: Tokenizer) -> list[bytes]:
    """The bytes each token id stands for in decoded text (Tokenizer.token_bytes), with b""
    for special tokens, which a grammar never allows (but the stop ids at the end)."""
    added = tokenizer.backend.get_added_tokens_decoder()
    special = {i for i, token in added.items() if token.special}
    return [b"" if i in special else b for i, b in enumerate(tokenizer.token_bytes)]


def _grammar_text(spec: StructuredOutput) -> str:
    """llguidance's grammar for `spec`; ParamError(spec.param) if it cannot be read."""
    if spec.kind == "regex":
        return llg.LLMatcher.grammar_from_regex(_ascii_digits(spec.spec or ""))
    if spec.kind == "choice":
        # Lark string literals take JSON's escapes
        choices = json.loads(spec.spec or "[]")
        return llg.LLMatcher.grammar_from_lark("start: " + " | ".join(map(json.dumps, choices)))
    if spec.kind == "grammar":
        return llg.LLMatcher.grammar_from_lark(_lark(spec.spec or ""))
    schema = json.loads(_ANY_OBJECT if spec.spec is None else spec.spec)
    return llg.LLMatcher.grammar_from_json_schema(_closed(schema), overrides=_JSON_OPTIONS)


def _ascii_digits(pattern: str) -> str:
    """`pattern` with \\d and \\D as [0-9] and [^0-9], as in JSON Schema's patterns (ECMA-262)
    and the regexes of vLLM's grammar backends; llguidance's own \\d is any Unicode digit,
    so a model could write "٣" for it. Escaped backslashes are left alone; in a class, the
    nested class is a union, which llguidance's (Rust) syntax reads."""
    digits = {"d": "[0-9]", "D": "[^0-9]"}
    return _ESCAPE.sub(lambda m: digits.get(m[1], m[0]), pattern)


def _lark(grammar: str) -> str:
    """Lark as it is, GBNF (llama.cpp's, whose rules read `name ::= ...`) converted."""
    if "::=" not in grammar:
        return grammar
    from llguidance.gbnf_to_lark import GbnfToLarkError, gbnf_to_lark

    try:
        return gbnf_to_lark(grammar)
    except GbnfToLarkError as e:
        raise ParamError("guided_grammar", f"is not valid GBNF: {_one_line(e)}") from None


def _closed(schema: Any) -> Any:
    """`schema` with additionalProperties: false added to every object schema that lists
    properties and says nothing of others, where JSON Schema's default allows any: a model
    would fill that room with made-up keys. Outputs are valid under the schema either way.
    allOf's members are left as they are (closing each would forbid the others' keys).
    `uniqueItems: false`, JSON Schema's default, is dropped."""
    if isinstance(schema, list):
        return [_closed(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    closed: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "uniqueItems" and value is False:  # says nothing; llguidance refuses the key
            continue
        if key in _VALUES or key == "allOf":
            closed[key] = value
        elif key in _NAMES and isinstance(value, dict):
            closed[key] = {name: _closed(s) for name, s in value.items()}
        else:
            closed[key] = _closed(value)
    others = ("additionalProperties", "patternProperties", "unevaluatedProperties", "allOf")
    if "properties" in closed and not any(key in closed for key in others):
        closed["additionalProperties"] = False
    return closed


def _can_start(grammar: Grammar) -> bool:
    matcher = grammar.start.deep_copy()
    return bool(matcher.compute_bitmask().strip(b"\0")) and not matcher.is_error()


def _only(row: torch.Tensor, allowed: Collection[int]) -> None:
    """Set bitmask row [V / 32] int32 to allow just `allowed`."""
    by_byte = row.view(torch.uint8)
    by_byte.zero_()
    for i in allowed:
        by_byte[i // 8] |= 1 << (i % 8)


def bitmask_bias(bitmask: torch.Tensor, logits: torch.Tensor) -> torch.Tensor:
    """0 where a bit is set, -inf where it is not: [R, V] in the logits' dtype and device."""
    table = _BYTE_BIAS.to(logits.device, logits.dtype)
    by_byte = bitmask.view(torch.uint8).long()  # little-endian: token i is bit i % 8 of byte i // 8
    return torch.nn.functional.embedding(by_byte, table).flatten(1)[:, : logits.shape[1]]


@dataclass
class _Vocabulary:
    """The tokenizer as llguidance.TokenizerWrapper reads it."""

    tok: Tokenizer
    tokens: list[bytes]
    stops: list[int]

    @property
    def eos_token_id(self) -> int:
        return self.stops[0]

    bos_token_id = None

    @property
    def special_token_ids(self) -> list[int]:
        return [i for i, piece in enumerate(self.tokens) if not piece]

    def __call__(self, text: bytes) -> list[int]:  # encode, for llguidance's tokenize_*
        return self.tok.encode(text.decode(errors="replace"), add_special_tokens=False)


def _one_line(error: object) -> str:
    return " ".join(str(error).strip().split())
