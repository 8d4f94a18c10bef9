"""What the engine hands back: per-request deltas that consumers merge or accumulate."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TokenLogprob:
    token_id: int
    logprob: float  # of the model's raw distribution (before penalties and temperature)
    top: list[tuple[int, float]]  # the most likely (token id, logprob), best first


@dataclass
class CompletionOutput:
    """One of the n samples of a request: new text and tokens since the last output (or,
    once accumulated, the whole completion)."""

    index: int
    text: str = ""
    token_ids: list[int] = field(default_factory=list)
    logprobs: list[TokenLogprob] | None = None
    finish_reason: str | None = None  # "stop", "length", "abort"; None while running
    stop_reason: int | str | None = None  # the stop token id or stop string that ended it

    def extend(self, later: CompletionOutput) -> None:
        self.text += later.text
        self.token_ids += later.token_ids
        if later.logprobs is not None:
            self.logprobs = (self.logprobs or []) + later.logprobs
        self.finish_reason = later.finish_reason or self.finish_reason
        self.stop_reason = later.stop_reason if later.stop_reason is not None else self.stop_reason


@dataclass
class RequestOutput:
    request_id: str
    prompt_token_ids: list[int]
    outputs: list[CompletionOutput]  # only the samples that changed, in a delta
    finished: bool = False  # every sample has finished
    num_cached_tokens: int = 0  # prompt tokens served by the prefix cache
    # time.monotonic() when the request first got a step (its queue time ends); on every delta
    first_scheduled: float | None = None

    def extend(self, later: RequestOutput) -> None:
        """Merge a later delta into this one (a slow consumer reads both at once)."""
        mine = {o.index: o for o in self.outputs}
        for out in later.outputs:
            if out.index in mine:
                mine[out.index].extend(out)
            else:
                self.outputs.append(out)
        self.outputs.sort(key=lambda o: o.index)
        self.finished = later.finished
        self.num_cached_tokens = max(self.num_cached_tokens, later.num_cached_tokens)
        self.first_scheduled = self.first_scheduled or later.first_scheduled
