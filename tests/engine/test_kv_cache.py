"""The block pool: exact block ids, reference counts, prefix hits and eviction order."""

from __future__ import annotations

from gptship.engine.kv_cache import BlockManager
from gptship.engine.request import Request
from gptship.sampling import SamplingParams


def request(tokens: list[int], name: str = "r") -> Request:
    return Request(name, tokens, SamplingParams(), seed=0, arrival=0)


def test_allocate_takes_the_least_recently_freed_blocks() -> None:
    kv = BlockManager(num_blocks=6, block_size=4)
    a = request(list(range(10)))
    assert kv.allocate(a, 10, kv.cached_prefix(a))
    assert a.block_table == [0, 1, 2]
    assert kv.num_free_blocks == 3 and kv.ref_counts[:3] == [1, 1, 1]
    a.num_computed_tokens = 10
    kv.commit(a)
    assert len(kv.cached) == 2  # two full blocks; the partial third is not cached
    kv.free_blocks(a)
    assert a.block_table == [] and kv.num_free_blocks == 6
    # freed tail first: 3, 4, 5 were never used, then 2, 1, 0 in reverse
    assert list(kv.free) == [3, 4, 5, 2, 1, 0]


def test_no_room_changes_nothing() -> None:
    kv = BlockManager(num_blocks=2, block_size=4)
    a = request(list(range(12)))
    assert not kv.allocate(a, 12, kv.cached_prefix(a))
    assert a.block_table == [] and kv.num_free_blocks == 2 and kv.stats.prefix_queries == 0


def test_prefix_hit_shares_blocks_and_counts() -> None:
    kv = BlockManager(num_blocks=8, block_size=4)
    a = request([1, 2, 3, 4, 5, 6, 7, 8, 9], "a")
    assert kv.allocate(a, 9, kv.cached_prefix(a))
    a.num_computed_tokens = 9
    kv.commit(a)
    b = request([1, 2, 3, 4, 5, 6, 7, 8, 42, 43], "b")
    hits = kv.cached_prefix(b)
    assert hits == [0, 1]
    assert kv.allocate(b, 2, hits)
    assert b.block_table == [0, 1, 3] and b.num_computed_tokens == 8
    assert kv.ref_counts[:4] == [2, 2, 1, 1]
    assert (kv.stats.prefix_queries, kv.stats.prefix_hits) == (19, 8)
    kv.free_blocks(a)
    assert kv.ref_counts[:4] == [1, 1, 0, 1]
    kv.free_blocks(b)
    assert kv.num_free_blocks == 8 and sum(kv.ref_counts) == 0


def test_whole_prompt_cached_still_computes_the_last_token() -> None:
    kv = BlockManager(num_blocks=8, block_size=4)
    a = request(list(range(8)), "a")
    assert kv.allocate(a, 8, kv.cached_prefix(a))
    a.num_computed_tokens = 8
    kv.commit(a)
    kv.free_blocks(a)
    b = request(list(range(8)), "b")
    assert kv.block_hashes[0] is not None and kv.block_hashes[1] is not None
    assert kv.cached_prefix(b) == [0]  # never the block holding the last token


def test_cached_free_blocks_are_revived_then_evicted_in_lru_order() -> None:
    kv = BlockManager(num_blocks=4, block_size=2)
    a = request([1, 2, 3, 4, 5], "a")
    assert kv.allocate(a, 5, kv.cached_prefix(a))  # blocks 0, 1, 2
    a.num_computed_tokens = 5
    kv.commit(a)
    kv.free_blocks(a)  # free order: 3, 2, 1, 0; blocks 0 and 1 stay cached
    b = request([1, 2, 3, 4, 9], "b")
    hits = kv.cached_prefix(b)
    assert hits == [0, 1]
    assert kv.allocate(b, 1, hits)
    assert b.block_table == [0, 1, 3]
    kv.free_blocks(b)  # free order: 2, 3, 1, 0
    c = request([7, 7, 7, 7, 7, 7, 7], "c")
    assert kv.allocate(c, 7, kv.cached_prefix(c))
    # takes 2, 3, then evicts cached 1, then cached 0: the prefix [1, 2] stays longest
    assert c.block_table == [2, 3, 1, 0]
    assert kv.cached_prefix(request([1, 2, 3, 4, 5], "d")) == []


def test_prefix_caching_off() -> None:
    kv = BlockManager(num_blocks=4, block_size=2, prefix_caching=False)
    a = request([1, 2, 3, 4, 5])
    assert kv.allocate(a, 5, kv.cached_prefix(a))
    a.num_computed_tokens = 5
    kv.commit(a)
    assert kv.cached == {} and kv.cached_prefix(request([1, 2, 3, 4, 5])) == []
