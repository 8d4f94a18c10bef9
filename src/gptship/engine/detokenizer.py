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

Stop strings are matched as the text arrives, one character at a time, with Knuth-Morris-
Pratt: for each stop string a sample keeps how many of its characters the text ends with,
and each stop's failure table (built once per request, shared by its samples) says how far
to fall back on a mismatch. Time is linear in the text (amortised O(1) a character per stop
string: a count falls back at most as far as it rose) and memory in the stop strings. The
longest suffix that could still begin a stop string is held back, everything before it is
emitted. The stop that *completes* first wins (ties go to the one starting first): a stream
can decide that without look-ahead, so the result does not depend on how text is chunked;
for matches that do not overlap it is simply the earliest one in the text. Before
`min_tokens` output tokens no stop is searched and nothing is held, so text from before that
point is emitted as is and may contain a stop string.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Sequence

from gptship.model.tokenizer import Tokenizer
from gptship.sampling import SamplingParams

# Prompt tokens decoded as context before the first output token (vLLM uses 5 as well).
CONTEXT_TOKENS = 5
_REPLACEMENT = "\ufffd"


class StopStrings:
    """A request's stop strings with their KMP failure tables (4 bytes a character), built
    once and shared by its samples; each sample keeps its own `matched` counts."""

    def __init__(self, stops: Sequence[str]) -> None:
        self.stops = tuple(stops)
        self._fail = [_failure(s) for s in self.stops]
        self._chars = frozenset("".join(self.stops))  # any other character matches nothing

    def __len__(self) -> int:
        return len(self.stops)

    def start(self) -> list[int]:
        """Per stop string: how many of its first characters the text ends with (none yet)."""
        return [0] * len(self.stops)

    def feed(self, matched: list[int], text: str) -> tuple[int, str] | None:
        """Advance `matched` over `text`. The first stop string completed, as (the index in
        `text` just past it, the stop), the longest one if several end there; else None."""
        stops, fails, none = self.stops, self._fail, [0] * len(self.stops)
        for end, char in enumerate(text, 1):
            if char not in self._chars:
                matched[:] = none
                continue
            found: str | None = None
            for k, stop in enumerate(stops):
                q = matched[k]
                while q and stop[q] != char:
                    q = fails[k][q - 1]
                q = matched[k] = q + 1 if stop[q] == char else 0
                if q == len(stop) and (found is None or q > len(found)):
                    found = stop
            if found is not None:
                return end, found
        return None


def _failure(stop: str) -> array[int]:
    """KMP's table: [i] is the longest proper prefix of stop[: i + 1] that is also its suffix."""
    fail = array("i", [0]) * len(stop)
    k = 0
    for i in range(1, len(stop)):
        while k and stop[i] != stop[k]:
            k = fail[k - 1]
        if stop[i] == stop[k]:
            k += 1
        fail[i] = k
    return fail


class IncrementalDetokenizer:
    """Turn one request's output tokens into text deltas, as they are sampled.

    The deltas joined == `tokenizer.decode(output)` (for decoders that strip a first token's
    leading space: the text that follows the prompt), cut before the first stop string.
    `stops` are params.stop, prepared (the engine builds them once for a request's samples).
    """

    def __init__(
        self,
        tokenizer: Tokenizer,
        prompt_token_ids: Sequence[int],
        params: SamplingParams,
        stops: StopStrings | None = None,
    ) -> None:
        self._tokenizer = tokenizer
        self._skip_special = params.skip_special_tokens
        self._min_tokens = params.min_tokens
        self._stops = stops if stops is not None else StopStrings(params.stop)
        self._matched = self._stops.start()
        context = self._context(prompt_token_ids)
        self._window = context  # tokens [prefix offset:], the only ones decoded again
        self._read = len(context)  # window[:read] was emitted (or is context)
        self._read_text = self._decode(context)
        # decoded text held back, as it came (it may be the start of a stop string)
        self._held: deque[str] = deque()
        self._held_len = 0
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
        if not self._searching:
            return self._out(new_text)
        self._held.append(new_text)
        self._held_len += len(new_text)
        found = self._stops.feed(self._matched, new_text)
        if found is not None:
            end, self.stop_string = found
            start = self._held_len - (len(new_text) - end) - len(self.stop_string)
            return self._release(self._held_len - start)  # all before the stop string
        return self._release(0 if final else max(self._matched))

    def _release(self, keep: int) -> str:
        """Emit the held text but its last `keep` characters."""
        out, n = [], self._held_len - keep
        self._held_len = keep
        while n > 0:
            piece = self._held.popleft()
            if len(piece) > n:
                self._held.appendleft(piece[n:])
                piece = piece[:n]
            out.append(piece)
            n -= len(piece)
        return self._out("".join(out))

    def _out(self, delta: str) -> str:
        if delta:
            self._chunks.append(delta)
        return delta

    def _decode(self, ids: Sequence[int]) -> str:
        return self._tokenizer.decode(ids, skip_special_tokens=self._skip_special)
