"""Which attention path to keep: candidate ways to attend over the paged KV cache, timed.

    python -m benchmarks.attention [--device cuda] [--flex]

On CUDA the tensors are bfloat16 (the engine's dtype there), else float32.

Each candidate computes the same decode (B sequences, one query each, `context` keys in
scattered blocks) and the same 1024-token prefill; outputs are checked against each other
before anything is timed. Figures go to docs/architecture.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager

import torch
import torch.nn.functional as F
import typer

from gptship.model.attention import sdpa_backends

Attend = Callable[[], torch.Tensor]


def _time(fn: Attend, repeat: int = 20) -> float:
    fn()
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return (time.perf_counter() - start) / repeat * 1e3


def candidates(
    batch: int,
    q_len: int,
    context: int,
    heads: int,
    kv_heads: int,
    head_dim: int,
    block_size: int,
    device: str,
    flex: bool,
) -> dict[str, Attend]:
    """Candidate implementations of one attention group over a paged cache."""
    g = torch.Generator().manual_seed(0)
    dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
    num_blocks = batch * context // block_size * 2
    cache = torch.randn(2, num_blocks * block_size, kv_heads, head_dim, generator=g)
    cache = cache.to(device, dtype)
    tables = torch.randperm(num_blocks, generator=g)[: batch * context // block_size]
    tables = tables.view(batch, -1).to(device)
    slots = (tables[:, :, None] * block_size + torch.arange(block_size, device=device)).view(
        batch, -1
    )
    q = torch.randn(batch, heads, q_len, head_dim, generator=g).to(device, dtype)
    qpos = torch.arange(context - q_len, context, device=device)
    mask = (torch.arange(context, device=device)[None, :] <= qpos[:, None])[None, None]
    scale = head_dim**-0.5

    def slot_gather() -> torch.Tensor:
        k, v = cache[0][slots].transpose(1, 2), cache[1][slots].transpose(1, 2)
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=scale, enable_gqa=True)

    def block_gather() -> torch.Tensor:
        blocks = cache.view(2, num_blocks, block_size, kv_heads, head_dim)[:, tables]
        k, v = blocks.reshape(2, batch, -1, kv_heads, head_dim).transpose(2, 3).unbind(0)
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=scale, enable_gqa=True)

    def repeated_heads() -> torch.Tensor:
        # K/V heads repeated to the query heads: SDPA's kernels without GQA support apply
        rep = heads // kv_heads
        k, v = cache[0][slots].transpose(1, 2), cache[1][slots].transpose(1, 2)
        k, v = k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1)
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=scale)

    def matmul_softmax() -> torch.Tensor:
        k, v = cache[0][slots].transpose(1, 2), cache[1][slots].transpose(1, 2)
        rep = heads // kv_heads
        k, v = k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1)
        scores = torch.matmul(q, k.transpose(-1, -2)) * scale
        return torch.matmul(scores.masked_fill(~mask, float("-inf")).softmax(-1), v)

    def chunked_slot_gather() -> torch.Tensor:
        per_sequence = context * kv_heads * head_dim * cache.element_size()
        step = max(1, (8 << 20) // per_sequence)  # the engine's chunking (model/attention.py)
        outs = []
        for i in range(0, batch, step):
            s = slots[i : i + step]
            k, v = cache[0][s].transpose(1, 2), cache[1][s].transpose(1, 2)
            outs.append(
                F.scaled_dot_product_attention(
                    q[i : i + step], k, v, attn_mask=mask, scale=scale, enable_gqa=True
                )
            )
        return torch.cat(outs)

    found: dict[str, Attend] = {
        "slot gather + SDPA (mask)": slot_gather,
        "slot gather in 8 MiB chunks + SDPA": chunked_slot_gather,
        "block gather + SDPA (mask)": block_gather,
        "slot gather, heads repeated + SDPA": repeated_heads,
        "slot gather + matmul/softmax": matmul_softmax,
    }
    if flex:
        found["flex attention (compiled)"] = _flex(cache, slots, q, qpos, scale)
    return found


def _flex(
    cache: torch.Tensor, slots: torch.Tensor, q: torch.Tensor, qpos: torch.Tensor, scale: float
) -> Attend:
    from torch.nn.attention.flex_attention import create_block_mask, flex_attention

    batch, _, q_len, _ = q.shape
    context = slots.shape[1]

    def causal(
        b: torch.Tensor, h: torch.Tensor, qi: torch.Tensor, ki: torch.Tensor
    ) -> torch.Tensor:
        return ki <= qpos[qi]

    block_mask = create_block_mask(causal, batch, None, q_len, context, device=str(q.device))
    compiled = torch.compile(flex_attention)

    def run() -> torch.Tensor:
        k, v = cache[0][slots].transpose(1, 2), cache[1][slots].transpose(1, 2)
        out: torch.Tensor = compiled(q, k, v, block_mask=block_mask, scale=scale, enable_gqa=True)
        return out

    return run


def main(
    device: str = "cpu",
    flex: bool = typer.Option(False, help="Include flex attention (compiles: ~20 s on CPU)."),
    heads: int = 12,
    kv_heads: int = 4,
    head_dim: int = 64,
    block_size: int = 16,
) -> None:
    cases = [
        ("decode, 32 x 1 query, 256 keys", 32, 1, 256),
        ("decode, 32 x 1 query, 1024 keys", 32, 1, 1024),
        ("prefill, 1 x 1024 queries", 1, 1024, 1024),
    ]
    print(
        f"device {device}, threads {torch.get_num_threads()}, heads {heads}/{kv_heads}, "
        f"head_dim {head_dim}, block {block_size}"
    )
    tolerance = 2e-2 if device.startswith("cuda") else 1e-4  # bfloat16 there

    def backends() -> AbstractContextManager[None]:  # the engine's choice of SDPA kernels
        return sdpa_backends(torch.device(device))

    for title, batch, q_len, context in cases:
        fns = candidates(batch, q_len, context, heads, kv_heads, head_dim, block_size, device, flex)
        with backends():
            reference = next(iter(fns.values()))()
        for name, fn in fns.items():
            try:
                with backends():
                    torch.testing.assert_close(fn(), reference, atol=tolerance, rtol=tolerance)
                    figure = f"{_time(fn):8.3f} ms"
            except Exception as e:  # one candidate's failure is a finding, not the end
                figure = f"failed: {type(e).__name__}: {str(e).splitlines()[0][:120]}"
            print(f"  {title:36s} {name:36s} {figure}", flush=True)


if __name__ == "__main__":
    typer.run(main)
