"""Incremental detokenization: per-step text deltas that are UTF-8 safe and stop-string aware.

Each step decodes only a small window of tokens (the prefix/read offsets of the well-known
approach): `decode(window)` minus `decode(window[:read])` is the new text. Decoding the new
tokens alone would be wrong for decoders that strip a leading space from the first token
(SentencePiece "▁"), so the window always keeps the tokens read last step as context, and at
the start the last few prompt tokens. New text ending in U+FFFD is an incomplete UTF-8
character (its other bytes are in tokens not yet sampled), so it waits for them.

The window moves on only after text that ends in a complete character; a model that emits
nothing but invalid bytes grows it until finish(), as in vLLM and TGI. Byte-level BPE
(GPT-2 style) decodes any token sequence exactly as a full decode. Byte-fallback decoders
(<0xNN> tokens) turn a whole run of byte tokens into U+FFFDs when any of it is invalid, so
for a run the model never completes, the count of U+FFFDs can differ from a full decode.

Stop strings are searched for in the text not yet emitted, which is bounded: the longest
suffix that could still begin a stop string is held back, everything before it is emitted.
The stop that *completes* first wins (ties go to the one starting first): a stream can
decide that without look-ahead, so the result does not depend on how text is chunked; for
matches that do not overlap it is simply the earliest one in the text. Before `min_tokens`
output tokens no stop is searched and nothing is held, so text from before that point is
emitted as is and may contain a stop string.
"""

from __future__ import annotations

from collections.abc import Sequence

from gptship.model.tokenizer import Tokenizer
from gptship.sampling import SamplingParams

# Prompt tokens decoded as context before the first output token (vLLM uses 5 as well).
CONTEXT_TOKENS = 5
_REPLACEMENT = "\ufffd"


class IncrementalDetokenizer:
    """Turn one request's output tokens into text deltas, as they are sampled.

    The deltas joined == `tokenizer.decode(output)` (for decoders that strip a first token's
    leading space: the text that follows the prompt), cut before the first stop string.
    """

    def __init__(
        self, tokenizer: Tokenizer, prompt_token_ids: Sequence[int], params: SamplingParams
    ) -> None:
        self._tokenizer = tokenizer
        self._skip_special = params.skip_special_tokens
        self._min_tokens = params.min_tokens
        self._stops = params.stop
        # Every proper prefix of a stop string: the suffixes of the text that are held back.
        self._stop_prefixes = frozenset(s[:i] for s in self._stops for i in range(1, len(s)))
        self._longest_prefix = max((len(s) for s in self._stops), default=1) - 1
        context = self._context(prompt_token_ids)
        self._window = context  # tokens [prefix offset:], the only ones decoded again
        self._read = len(context)  # window[:read] was emitted (or is context)
        self._read_text = self._decode(context)
        self._pending = ""  # decoded text held back: it may be the start of a stop string
        self._searching = False  # min_tokens reached and there are stop strings
        self._done = False
        self._chunks: list[str] = []
        self.stop_string: str | None = None

    @property
    def stopped(self) -> bool:
        return self.stop_string is not None

    @property
    def text(self) -> str:
        """All text emitted so far; joined on demand, so a step never copies the whole text."""
        return "".join(self._chunks)

    def step(self, new_token_ids: Sequence[int], num_output_tokens: int) -> str:
        """Feed this step's sampled tokens; return the text that is now safe to emit.

        `num_output_tokens` counts output tokens so far, these included (for min_tokens).
        """
        if self._done or self.stopped:
            return ""
        if self._stops and num_output_tokens >= self._min_tokens:
            self._searching = True
        self._window.extend(new_token_ids)
        new_text = self._decode(self._window)[len(self._read_text) :]
        # Nothing new (a skipped special token) moves nothing: the context must keep real text.
        if not new_text or new_text.endswith(_REPLACEMENT):
            return ""
        del self._window[: self._read]
        self._read = len(self._window)
        self._read_text = self._decode(self._window)
        return self._emit(new_text, final=False)

    def finish(self) -> str:
        """The request ended for another reason (length, stop id, abort): flush what is held.

        An incomplete character comes out as decode gives it (U+FFFD); a stop string in the
        flushed text still cuts it and sets `stop_string`.
        """
        if self._done or self.stopped:
            return ""
        self._done = True
        new_text = self._decode(self._window)[len(self._read_text) :]
        return self._emit(new_text, final=True)

    def _context(self, prompt_token_ids: Sequence[int]) -> list[int]:
        """The last prompt tokens whose text ends in a whole character.

        Fewer are tried because a tail that starts inside a character can decode to all
        U+FFFD (byte-fallback decoders reject a run of byte tokens as a whole). If the prompt
        itself ends inside a character, the output's bytes would complete it and shift the
        text, so there is no context (nor for a prompt ending in a real U+FFFD: decode cannot
        tell them apart; the output then decodes as if alone).
        """
        for n in range(min(CONTEXT_TOKENS, len(prompt_token_ids)), 0, -1):
            context = list(prompt_token_ids[len(prompt_token_ids) - n :])
            if not self._decode(context).endswith(_REPLACEMENT):
                return context
        return []

    def _emit(self, new_text: str, final: bool) -> str:
        text = self._pending + new_text
        self._pending = ""
        if not self._searching:
            return self._out(text)
        match = self._find_stop(text)
        if match is not None:
            start, self.stop_string = match
            return self._out(text[:start])
        keep = 0 if final else self._held_suffix(text)
        self._pending = text[len(text) - keep :]
        return self._out(text[: len(text) - keep])

    def _find_stop(self, text: str) -> tuple[int, str] | None:
        """The stop string that ends first in `text` (then the one starting first)."""
        best: tuple[int, int, str] | None = None
        for stop in self._stops:
            start = text.find(stop)
            if start >= 0 and (best is None or (start + len(stop), start) < best[:2]):
                best = (start + len(stop), start, stop)
        return None if best is None else (best[1], best[2])

    def _held_suffix(self, text: str) -> int:
        """Length of the longest suffix of `text` that is a proper prefix of a stop string."""
        for n in range(min(len(text), self._longest_prefix), 0, -1):
            if text[len(text) - n :] in self._stop_prefixes:
                return n
        return 0

    def _out(self, delta: str) -> str:
        if delta:
            self._chunks.append(delta)
        return delta

    def _decode(self, ids: Sequence[int]) -> str:
        return self._tokenizer.decode(ids, skip_special_tokens=self._skip_special)
