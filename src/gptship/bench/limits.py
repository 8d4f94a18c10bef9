"""What this machine can do at most: memory read bandwidth and matmul FLOP/s (float32 on CPU,
bfloat16 on a GPU: the dtype gptship computes in on each)."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import torch


@dataclass(frozen=True)
class Machine:
    cpu: str
    logical_cpus: int
    threads: int  # threads every engine and every measurement here uses
    bandwidth: float  # bytes/s read, best of several sums over 1 GiB
    flops: float  # matmul FLOP/s in the compute dtype, best of several square matmuls
    torch_version: str
    date: str
    gpu: str = ""  # the device measured, when it is a GPU

    def line(self) -> str:
        host = f"{self.cpu}, {self.logical_cpus} logical CPUs, {self.threads} threads used"
        if self.gpu:
            return (
                f"{self.gpu}: read bandwidth {self.bandwidth / 1e9:,.0f} GB/s, bfloat16 matmul "
                f"{self.flops / 1e12:,.0f} TFLOP/s; host {host}; torch {self.torch_version}; "
                f"{self.date}"
            )
        return (
            f"{host}; read bandwidth {self.bandwidth / 1e9:.1f} GB/s, float32 matmul "
            f"{self.flops / 1e9:.1f} GFLOP/s; torch {self.torch_version}; {self.date}"
        )


def measure_machine(threads: int, device: str = "cpu") -> Machine:
    torch.set_num_threads(threads)
    gpu = torch.device(device).type == "cuda"
    return Machine(
        cpu=cpu_model(),
        logical_cpus=os.cpu_count() or 1,
        threads=threads,
        bandwidth=read_bandwidth(device, gib=4.0 if gpu else 1.0),
        flops=matmul_flops(device, torch.bfloat16, 8192) if gpu else matmul_flops(),
        torch_version=torch.__version__,
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        gpu=torch.cuda.get_device_name(device) if gpu else "",
    )


def cpu_model() -> str:
    """'AMD EPYC (family 25 model 17, avx512f)': the name alone is often all a VM shows."""
    try:
        with open("/proc/cpuinfo") as f:
            info = dict(line.split(":", 1) for line in f.read().split("\n\n")[0].splitlines())
    except (OSError, ValueError):
        return platform.processor() or platform.machine()
    info = {k.strip(): v.strip() for k, v in info.items()}
    flags = info.get("flags", "").split()
    simd = next((f for f in ("avx512f", "avx2", "neon") if f in flags), "no avx2")
    family, model = info.get("cpu family", "?"), info.get("model", "?")
    return f"{info.get('model name', 'unknown CPU')} (family {family} model {model}, {simd})"


def read_bandwidth(device: str = "cpu", gib: float = 1.0, repeats: int = 20) -> float:
    """Bytes/s of a reduction over a tensor far larger than any cache."""
    x = torch.ones(int(gib * 2**30) // 4, device=device)
    seconds = _best(lambda: x.sum().item(), repeats)
    return x.numel() * 4 / seconds


def matmul_flops(
    device: str = "cpu", dtype: torch.dtype = torch.float32, n: int = 3072, repeats: int = 10
) -> float:
    a, b = (torch.randn(n, n, device=device, dtype=dtype) for _ in range(2))
    seconds = _best(lambda: torch.mm(a, b), repeats, sync=torch.device(device).type == "cuda")
    return 2 * n**3 / seconds


def _best(fn: Callable[[], object], repeats: int, sync: bool = False) -> float:
    """The fastest run: other work on a shared machine only ever slows a run down."""
    fn()  # warm-up: page faults, thread pool start
    times = []
    for _ in range(repeats):
        if sync:
            torch.cuda.synchronize()
        start = time.perf_counter()
        fn()
        if sync:
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return min(times)


def bandwidth_bound(machine: Machine, weight_bytes: int) -> float:
    """Tokens/s of one stream if each token reads every weight once and does nothing else."""
    return machine.bandwidth / weight_bytes


def flop_bound(machine: Machine, parameters: int) -> float:
    """Tokens/s if each token costs 2 FLOP per parameter at the matmul peak."""
    return machine.flops / (2 * parameters)
