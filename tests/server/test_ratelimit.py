"""Per-key token buckets on a fake clock: admit, refuse without debiting, refill, headers."""

from __future__ import annotations

import pytest

from gptship.server.ratelimit import RateLimiter, format_duration


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limiter(clock: Clock) -> RateLimiter:
    return RateLimiter(clock)


def test_requests_over_the_limit_are_refused_with_openai_headers(limiter: RateLimiter) -> None:
    first = limiter.check("alice", rpm=3, tpm=None, tokens=10)
    assert first.allowed and first.limited is None and first.retry_after is None
    assert first.headers == {
        "x-ratelimit-limit-requests": "3",
        "x-ratelimit-remaining-requests": "2",
        "x-ratelimit-reset-requests": "20s",
    }
    assert limiter.check("alice", 3, None, 10).allowed
    assert limiter.check("alice", 3, None, 10).headers["x-ratelimit-remaining-requests"] == "0"
    refused = limiter.check("alice", 3, None, 10)
    assert not refused.allowed and refused.limited == "requests"
    assert refused.retry_after == 20  # one request refills in 60s / 3
    assert refused.headers == {
        "x-ratelimit-limit-requests": "3",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": "1m0s",
        "retry-after": "20",
    }
    assert "requests per minute" in refused.message and "20s" in refused.message


def test_buckets_refill_continuously(limiter: RateLimiter, clock: Clock) -> None:
    for _ in range(3):
        assert limiter.check("alice", 3, None, 0).allowed
    clock.now += 10
    refused = limiter.check("alice", 3, None, 0)
    assert not refused.allowed and refused.retry_after == 10
    assert refused.headers["x-ratelimit-reset-requests"] == "50s"
    clock.now += 10
    assert limiter.check("alice", 3, None, 0).allowed
    assert not limiter.check("alice", 3, None, 0).allowed
    clock.now += 3600  # a full bucket holds one minute's allowance, no more
    assert [limiter.check("alice", 3, None, 0).allowed for _ in range(4)] == [1, 1, 1, 0]


def test_tokens_are_limited_separately_and_refusal_debits_nothing(limiter: RateLimiter) -> None:
    ok = limiter.check("alice", rpm=10, tpm=1000, tokens=600)
    assert ok.allowed
    assert ok.headers["x-ratelimit-remaining-tokens"] == "400"
    assert ok.headers["x-ratelimit-reset-tokens"] == "36s"
    assert ok.headers["x-ratelimit-remaining-requests"] == "9"
    refused = limiter.check("alice", 10, 1000, tokens=500)
    assert not refused.allowed and refused.limited == "tokens"
    assert refused.retry_after == 6  # 100 tokens at 1000 per minute
    assert refused.headers["retry-after"] == "6"
    assert refused.headers["x-ratelimit-remaining-requests"] == "9"
    assert refused.headers["x-ratelimit-remaining-tokens"] == "400"
    assert limiter.check("alice", 10, 1000, tokens=400).allowed


def test_retry_after_covers_every_exhausted_limit(limiter: RateLimiter, clock: Clock) -> None:
    assert limiter.check("alice", rpm=2, tpm=100, tokens=10).allowed
    assert limiter.check("alice", rpm=2, tpm=100, tokens=90).allowed
    refused = limiter.check("alice", 2, 100, tokens=100)
    assert refused.limited == "requests"
    assert refused.retry_after == 60  # a request is back in 30s, 100 tokens only in 60s
    clock.now += 30
    refused = limiter.check("alice", 2, 100, tokens=100)
    assert refused.limited == "tokens" and refused.retry_after == 30
    clock.now += 30
    assert limiter.check("alice", 2, 100, tokens=100).allowed


def test_a_request_larger_than_a_minute_of_tokens_never_fits(limiter: RateLimiter) -> None:
    refused = limiter.check("alice", rpm=None, tpm=1000, tokens=1001)
    assert not refused.allowed and refused.limited == "tokens"
    assert refused.retry_after is None and "retry-after" not in refused.headers
    assert "too large" in refused.message
    assert refused.headers["x-ratelimit-remaining-tokens"] == "1000"


def test_keys_have_their_own_buckets_and_no_limit_means_no_headers(
    limiter: RateLimiter,
) -> None:
    assert limiter.check("alice", 1, None, 0).allowed
    assert not limiter.check("alice", 1, None, 0).allowed
    assert limiter.check("bob", 1, None, 0).allowed
    free = limiter.check("carol", None, None, 10**9)
    assert free.allowed and free.headers == {}


def test_a_sub_second_wait_still_says_retry_after_one_second(
    limiter: RateLimiter, clock: Clock
) -> None:
    assert limiter.check("alice", 600, None, 0).allowed  # refills one request per 0.1s
    for _ in range(599):
        limiter.check("alice", 600, None, 0)
    refused = limiter.check("alice", 600, None, 0)
    assert refused.retry_after == 1 and refused.headers["retry-after"] == "1"
    clock.now += 0.1
    assert limiter.check("alice", 600, None, 0).allowed


def test_bad_arguments_are_bugs(limiter: RateLimiter) -> None:
    with pytest.raises(ValueError, match="tokens"):
        limiter.check("alice", 1, 1, -1)
    with pytest.raises(ValueError, match="requests per minute"):
        limiter.check("alice", 0, None, 0)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (0.0004, "1ms"),
        (0.12, "120ms"),
        (1, "1s"),
        (1.5, "1.5s"),
        (8.64, "8.64s"),
        (59.9999, "1m0s"),
        (360, "6m0s"),
        (90.25, "1m30.25s"),
        (3600, "1h0m0s"),
    ],
)
def test_durations_use_openais_format(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
