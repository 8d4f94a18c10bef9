"""Engine settings: sizes, fractions and bad values."""

from __future__ import annotations

import pytest

from gptship.config import EngineConfig, kv_cache_bytes, parse_bytes
from gptship.errors import GptshipError


def test_parse_bytes() -> None:
    assert parse_bytes("8GiB") == 8 * 2**30
    assert parse_bytes("512 MB") == 512 * 10**6
    assert parse_bytes("1e9") == 10**9
    assert parse_bytes("1.5KiB") == 1536
    with pytest.raises(GptshipError, match="write it like 8GiB"):
        parse_bytes("8 gigs")


def test_kv_cache_budget() -> None:
    available = 16 * 2**30
    assert kv_cache_bytes(None, available, wanted=2**30) == 2**30
    assert kv_cache_bytes(None, available, wanted=10 * 2**30) == 4 * 2**30  # a quarter
    assert kv_cache_bytes("2GiB", available, wanted=0) == 2 * 2**30
    assert kv_cache_bytes(0.5, available, wanted=0) == 8 * 2**30
    assert kv_cache_bytes(123456, available, wanted=0) == 123456
    with pytest.raises(GptshipError, match=r"fraction must be in \(0, 1\]"):
        kv_cache_bytes(1.5, available, wanted=0)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"device": "tpu"}, "device 'tpu' is not supported"),
        ({"block_size": 0}, "block_size must be at least 1"),
        ({"max_num_seqs": 0}, "max_num_seqs must be at least 1"),
        ({"max_model_len": 1}, "max_model_len must be at least 2"),
    ],
)
def test_bad_engine_settings(options: dict[str, object], words: str) -> None:
    with pytest.raises(GptshipError, match=words):
        EngineConfig(**options)  # type: ignore[arg-type]
