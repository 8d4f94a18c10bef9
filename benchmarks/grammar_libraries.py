"""The four grammar libraries `python -m benchmarks.structured` compares, each behind
the same three calls (compile, matcher, apply). Each is imported by name when used, so the
bench runs with any one of them installed."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import torch

from gptship.model.tokenizer import Tokenizer

ANY_OBJECT: dict[str, Any] = {"type": "object"}  # json_object's schema


class Matcher(Protocol):
    def fill(self, bits: torch.Tensor) -> None: ...  # int32 [1, V / 32]: a 1 bit per allowed id
    def accept(self, token: int) -> object: ...


class Library(Protocol):
    def compile(self, schema: dict[str, Any]) -> object: ...
    def matcher(self, grammar: Any) -> Matcher: ...
    def apply(self, logits: torch.Tensor, bits: torch.Tensor) -> None: ...  # -inf at 0 bits


def apply_bitmask(logits: torch.Tensor, bits: torch.Tensor) -> None:
    """-inf into logits [R, V] where the int32 bitmask [R, ceil(V / 32)] has a 0 bit."""
    shifts = torch.arange(32, dtype=torch.int32)
    allowed = ((bits[:, :, None] >> shifts) & 1).bool().flatten(1)[:, : logits.shape[1]]
    logits.masked_fill_(~allowed, -torch.inf)


class _XGrammar:
    def __init__(self, tok: Tokenizer, vocab: int) -> None:
        from gptship.engine.structured import GrammarCompiler

        self.compiler = GrammarCompiler(tok, vocab, tok.stop_token_ids)

    def compile(self, schema: dict[str, Any]) -> object:
        from gptship.engine.structured import StructuredOutput

        if schema is ANY_OBJECT:
            return self.compiler.compile(StructuredOutput("json_object"))
        return self.compiler.compile(StructuredOutput("json_schema", json.dumps(schema)))

    def matcher(self, grammar: Any) -> Matcher:
        m = self.compiler.matcher(grammar)
        return _Calls(lambda bits: m.fill(bits, 0), m.accept)

    def apply(self, logits: torch.Tensor, bits: torch.Tensor) -> None:
        xgr = importlib.import_module("xgrammar")  # its C++ kernel, as apply_grammar_masks
        xgr.apply_token_bitmask_inplace(logits, bits, vocab_size=logits.shape[1])


class _OutlinesCore:
    def __init__(self, tok: Tokenizer, vocab: int) -> None:
        from gptship.engine.structured import token_bytes

        self.oc, self.vocab_size = importlib.import_module("outlines_core"), vocab
        eos = min(tok.stop_token_ids)
        by_bytes: dict[bytes, list[int]] = {}
        for i, piece in enumerate(token_bytes(tok)):
            if piece and i != eos:
                by_bytes.setdefault(piece, []).append(i)
        self.vocab = self.oc.Vocabulary(eos, by_bytes)

    def compile(self, schema: dict[str, Any]) -> object:
        regex = self.oc.json_schema.build_regex_from_schema(json.dumps(schema))
        return self.oc.Index(regex, self.vocab)

    def matcher(self, grammar: Any) -> Matcher:
        guide = self.oc.Guide(grammar)

        def fill(bits: torch.Tensor) -> None:
            guide.write_mask_into(bits.data_ptr(), bits.numel(), 4)

        return _Calls(fill, lambda t: guide.advance(t, return_tokens=False))

    apply = staticmethod(apply_bitmask)


class _LMFormatEnforcer:
    def __init__(self, tok: Tokenizer, vocab: int) -> None:
        self.lmfe = importlib.import_module("lmformatenforcer")
        # its own recipe: decode after a "0" to see a token's leading space
        zero = tok.encode("0", add_special_tokens=False)[-1]
        special = {i for i in range(tok.vocab_size) if not tok.decode([i])}
        regular = []
        for i in sorted(set(range(tok.vocab_size)) - special):
            text = tok.decode([zero, i])[1:]
            regular.append((i, text, len(text) > len(tok.decode([i]))))
        stops = sorted(tok.stop_token_ids)
        decode = lambda ids: tok.decode(ids).rstrip("\ufffd")  # noqa: E731 - lmfe's own
        self.data = self.lmfe.TokenEnforcerTokenizerData(regular, decode, stops, True, vocab)

    def compile(self, schema: dict[str, Any]) -> object:
        return self.lmfe.TokenEnforcer(self.data, self.lmfe.JsonSchemaParser(schema))

    def matcher(self, grammar: Any) -> Matcher:
        tokens: list[int] = []

        def fill(bits: torch.Tensor) -> None:
            bits[0] = grammar.get_allowed_tokens(tokens).allowed_tokens

        return _Calls(fill, tokens.append)

    apply = staticmethod(apply_bitmask)


class _LLGuidance:
    """llguidance: the grammar is compiled into an LLMatcher, which each sample deep-copies."""

    def __init__(self, tok: Tokenizer, vocab: int) -> None:
        from gptship.engine.structured import token_bytes

        self.llg = importlib.import_module("llguidance")
        pieces = token_bytes(tok)
        pieces += [b""] * (vocab - len(pieces))  # the model's padding ids
        specials = [i for i, piece in enumerate(pieces) if not piece]  # never allowed but stops
        view = _TokenView(tok, min(tok.stop_token_ids), None, pieces, specials)
        self.tokenizer = self.llg.LLTokenizer(
            self.llg.TokenizerWrapper(view), n_vocab=vocab, eos_token=sorted(tok.stop_token_ids)
        )

    def compile(self, schema: dict[str, Any]) -> object:
        # gptship's spacing: one space after "," and ":", none anywhere else
        compact = {"whitespace_flexible": False, "item_separator": ", ", "key_separator": ": "}
        text = self.llg.LLMatcher.grammar_from_json_schema(json.dumps(schema), overrides=compact)
        matcher = self.llg.LLMatcher(self.tokenizer, text)
        if matcher.is_error():
            raise ValueError(matcher.get_error())
        return matcher

    def matcher(self, grammar: Any) -> Matcher:
        m = grammar.deep_copy()

        def fill(bits: torch.Tensor) -> None:
            # what llguidance.torch.fill_next_token_bitmask calls, without importing that
            # module: its apply helper is decorated with torch.compile, so importing it
            # imports torch._dynamo (1.8 s, ~200 MB)
            m.unsafe_compute_mask_ptr(bits.data_ptr(), bits.numel() * bits.element_size())

        def accept(token: int) -> None:
            if not m.consume_token(token):
                raise RuntimeError(f"llguidance refused a token its mask allowed: {m.get_error()}")

        return _Calls(fill, accept)

    # llguidance.torch's own apply is these torch ops under torch.compile: no CPU kernel
    apply = staticmethod(apply_bitmask)


@dataclass
class _TokenView:
    """The tokenizer as llguidance.TokenizerWrapper reads it: ids' bytes, eos, bos, specials."""

    tok: Tokenizer
    eos_token_id: int
    bos_token_id: int | None
    tokens: list[bytes]
    special_token_ids: list[int]

    def __call__(self, text: bytes) -> list[int]:  # encode, for llguidance's tokenize_*
        return self.tok.encode(text.decode(errors="replace"), add_special_tokens=False)


@dataclass
class _Calls:
    fill: Callable[[torch.Tensor], None]
    accept: Callable[[int], object]


ADAPTERS: dict[str, Callable[[Tokenizer, int], Library]] = {
    "xgrammar": _XGrammar,
    "outlines-core": _OutlinesCore,
    "lm-format-enforcer": _LMFormatEnforcer,
    "llguidance": _LLGuidance,
}
