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
    """xgrammar, as gptship ran it until 2026-12: compact JSON, strict objects."""

    def __init__(self, tok: Tokenizer, vocab: int) -> None:
        from gptship.engine.structured import token_bytes

        self.xgr = importlib.import_module("xgrammar")
        stops = sorted(tok.stop_token_ids)
        info = self.xgr.TokenizerInfo(
            token_bytes(tok)[:vocab], self.xgr.VocabType.RAW, vocab_size=vocab, stop_token_ids=stops
        )
        self.compiler = self.xgr.GrammarCompiler(info, cache_enabled=False)
        self.vocab = vocab

    def compile(self, schema: dict[str, Any]) -> object:
        return self.compiler.compile_json_schema(
            json.dumps(schema), any_whitespace=False, strict_mode=True
        )

    def matcher(self, grammar: Any) -> Matcher:
        m = self.xgr.GrammarMatcher(grammar)
        return _Calls(lambda bits: m.fill_next_token_bitmask(bits, 0), m.accept_token)

    def apply(self, logits: torch.Tensor, bits: torch.Tensor) -> None:
        self.xgr.apply_token_bitmask_inplace(logits, bits, vocab_size=logits.shape[1])


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
    """llguidance, as gptship's engine runs it (gptship.engine.structured)."""

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

    # gptship's own op: the bitmask's bytes gathered into 0 / -inf and added to the logits
    def apply(self, logits: torch.Tensor, bits: torch.Tensor) -> None:
        from gptship.engine.structured import bitmask_bias

        logits.add_(bitmask_bias(bits, logits))


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
