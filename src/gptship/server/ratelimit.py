"""Per-key limits on requests and tokens per minute, with the headers OpenAI sends.

Each (key, limit) pair is a token bucket that holds up to one minute's allowance and refills
continuously, so a key may burst its whole minute at once and then runs at the steady rate.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["requests", "tokens"]


@dataclass(frozen=True)
class RateDecision:
    """Whether a request may run, and the headers to send either way."""

    allowed: bool
    headers: dict[str, str] = field(default_factory=dict)
    limited: Kind | None = None  # the limit that refused it
    # whole seconds until a retry can succeed; None when allowed, or when the request
    # needs more tokens than the key's whole minute holds (no wait helps)
    retry_after: int | None = None
    message: str = ""  # for the 429's OpenAI-shaped error body


@dataclass
class _Bucket:
    level: float
    updated: float


@dataclass(frozen=True)
class _Limit:
    kind: Kind
    limit: int
    cost: int
    bucket: _Bucket

    @property
    def short(self) -> bool:
        return self.bucket.level < self.cost

    def seconds_until(self, wanted: float) -> float:
        return max(0.0, wanted - self.bucket.level) * 60.0 / self.limit


class RateLimiter:
    """Token buckets per key. `clock` returns monotonic seconds (tests pass a fake one)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        # one bucket per configured key and kind: memory is bounded by the key store's size
        self._buckets: dict[tuple[str, Kind], _Bucket] = {}
        self._lock = threading.Lock()  # check() never awaits; the lock covers threaded callers

    def check(self, key_name: str, rpm: int | None, tpm: int | None, tokens: int) -> RateDecision:
        """Admit one request costing `tokens` (debiting both), or refuse without debiting.

        `rpm`/`tpm` of None means no limit of that kind. `tokens` is the server's estimate of
        what the request will use (OpenAI counts the prompt plus max_tokens).
        """
        if tokens < 0:
            raise ValueError(f"tokens must be >= 0, got {tokens}")
        with self._lock:
            now = self._clock()
            wanted: list[tuple[Kind, int | None, int]] = [
                ("requests", rpm, 1),
                ("tokens", tpm, tokens),
            ]
            limits = [
                _Limit(kind, limit, cost, self._refilled(key_name, kind, limit, now))
                for kind, limit, cost in wanted
                if limit is not None
            ]
            short = [lim for lim in limits if lim.short]
            if not short:
                for lim in limits:
                    lim.bucket.level -= lim.cost
                return RateDecision(True, _headers(limits))
            if too_big := next((lim for lim in short if lim.cost > lim.limit), None):
                message = (
                    f"Request too large for key '{key_name}' on {too_big.kind} per minute: "
                    f"limit {too_big.limit}, requested {too_big.cost}. Ask for fewer tokens."
                )
                return RateDecision(False, _headers(limits), too_big.kind, None, message)
            hit = short[0]
            retry_after = max(1, math.ceil(max(lim.seconds_until(lim.cost) for lim in short)))
            message = (
                f"Rate limit reached for key '{key_name}' on {hit.kind} per minute: "
                f"limit {hit.limit}, remaining {math.floor(hit.bucket.level)}, "
                f"requested {hit.cost}. Please try again in {retry_after}s."
            )
            headers = _headers(limits) | {"retry-after": str(retry_after)}
            return RateDecision(False, headers, hit.kind, retry_after, message)

    def _refilled(self, key_name: str, kind: Kind, limit: int, now: float) -> _Bucket:
        if limit < 1:
            raise ValueError(f"a {kind} per minute limit must be >= 1, got {limit}")
        bucket = self._buckets.setdefault((key_name, kind), _Bucket(float(limit), now))
        elapsed = max(0.0, now - bucket.updated)
        bucket.level = min(float(limit), bucket.level + elapsed * limit / 60.0)
        bucket.updated = now
        return bucket


def _headers(limits: list[_Limit]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for lim in limits:
        headers[f"x-ratelimit-limit-{lim.kind}"] = str(lim.limit)
        headers[f"x-ratelimit-remaining-{lim.kind}"] = str(max(0, math.floor(lim.bucket.level)))
        headers[f"x-ratelimit-reset-{lim.kind}"] = format_duration(lim.seconds_until(lim.limit))
    return headers


def format_duration(seconds: float) -> str:
    """OpenAI's (Go's) duration format: '0s', '120ms', '1.5s', '6m0s', '1h0m0s'."""
    # rounded up to whole milliseconds: a client that waits this long finds the room it needs
    ms = math.ceil(round(seconds * 1000, 6))
    if ms <= 0:
        return "0s"
    if ms < 1000:
        return f"{ms}ms"
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs = f"{ms / 1000:.3f}".rstrip("0").rstrip(".")
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"
