"""The KV block pool: integer block ids, reference counts, and a prefix cache. Pure Python.

A request's block table lists the blocks that hold its K/V, block_size tokens each. A full
block whose tokens are all computed gets a hash chained from the previous block's, so equal
prefixes have equal hashes; a later request whose prompt starts with the same tokens takes
those blocks (one more reference) instead of recomputing them. Freed blocks keep their hash
and stay reusable until the pool needs them, least recently freed first.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from gptship.engine.request import Request


@dataclass
class KVCacheStats:
    prefix_queries: int = 0  # prompt tokens looked up in the prefix cache
    prefix_hits: int = 0  # of which served from it
    preemptions: int = 0  # requests whose blocks were taken back to make room


class BlockManager:
    def __init__(self, num_blocks: int, block_size: int, prefix_caching: bool = True) -> None:
        self.num_blocks, self.block_size = num_blocks, block_size
        self.prefix_caching = prefix_caching
        self.ref_counts = [0] * num_blocks
        self.block_hashes: list[bytes | None] = [None] * num_blocks
        self.cached: dict[bytes, int] = {}  # hash of a full, computed block -> block id
        # blocks no request holds, least recently freed first (cached ones are evicted last-in)
        self.free: OrderedDict[int, None] = OrderedDict.fromkeys(range(num_blocks))
        self.stats = KVCacheStats()

    @property
    def num_free_blocks(self) -> int:
        return len(self.free)

    @property
    def num_used_blocks(self) -> int:
        return self.num_blocks - len(self.free)

    def blocks_for(self, num_tokens: int) -> int:
        return -(-num_tokens // self.block_size)

    def cached_prefix(self, req: Request) -> list[int]:
        """Blocks holding the longest cached prefix of req's tokens (never its last token,
        whose logits must be computed)."""
        if not self.prefix_caching:
            return []
        limit = (req.num_tokens - 1) // self.block_size
        hits = []
        for h in self._hashes(req, limit):
            block = self.cached.get(h)
            if block is None:
                break
            hits.append(block)
        return hits

    def allocate(
        self, req: Request, num_new_tokens: int, cached: Sequence[int] | None = None
    ) -> bool:
        """Room for `num_new_tokens` more tokens. On admission, `cached` is the request's
        cached prefix (from `cached_prefix`, possibly empty): its blocks are taken first and
        the lookup is counted. Returns False, changing nothing, if the pool is too small now."""
        hits = None
        if cached is not None:
            hits = min(len(cached) * self.block_size, req.num_prompt_tokens)
        cached = cached or ()
        computed = req.num_computed_tokens + len(cached) * self.block_size
        needed = self.blocks_for(computed + num_new_tokens) - len(req.block_table) - len(cached)
        revived = sum(1 for b in cached if self.ref_counts[b] == 0)  # they leave the free list
        if needed + revived > len(self.free):
            return False
        for block in cached:
            if self.ref_counts[block] == 0:
                del self.free[block]
            self.ref_counts[block] += 1
        req.block_table.extend(cached)
        req.num_computed_tokens = computed
        req.num_cached_tokens += len(cached) * self.block_size
        for _ in range(max(0, needed)):
            block, _ = self.free.popitem(last=False)
            if (h := self.block_hashes[block]) is not None:  # evict its cached content
                del self.cached[h]
                self.block_hashes[block] = None
            self.ref_counts[block] = 1
            req.block_table.append(block)
        if hits is not None:
            self.stats.prefix_queries += req.num_prompt_tokens
            self.stats.prefix_hits += hits
        return True

    def free_blocks(self, req: Request) -> None:
        """Return req's blocks. Tail blocks first, so that shared prefixes are evicted last."""
        for block in reversed(req.block_table):
            self.ref_counts[block] -= 1
            if self.ref_counts[block] == 0:
                self.free[block] = None
        req.block_table = []
        req.num_committed_blocks = 0

    def commit(self, req: Request) -> None:
        """Register req's full, computed blocks in the prefix cache."""
        if not self.prefix_caching:
            return
        full = req.num_computed_tokens // self.block_size
        hashes = self._hashes(req, full)
        for i in range(req.num_committed_blocks, full):
            block = req.block_table[i]
            if self.block_hashes[block] is None and hashes[i] not in self.cached:
                self.cached[hashes[i]] = block
                self.block_hashes[block] = hashes[i]
        req.num_committed_blocks = max(full, req.num_committed_blocks)

    def _hashes(self, req: Request, num_blocks: int) -> list[bytes]:
        """Chained hashes of req's first `num_blocks` full blocks, memoised on the request."""
        hashes, bs = req.block_hashes, self.block_size
        if len(hashes) >= num_blocks:
            return hashes[:num_blocks]
        prompt = req.num_prompt_tokens >= num_blocks * bs
        tokens = req.prompt_token_ids if prompt else req.all_token_ids
        while len(hashes) < num_blocks:
            i = len(hashes)
            digest = hashlib.blake2b(hashes[-1] if hashes else b"", digest_size=16)
            digest.update(array("q", tokens[i * bs : (i + 1) * bs]).tobytes())
            hashes.append(digest.digest())
        return hashes[:num_blocks]
