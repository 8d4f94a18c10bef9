"""`gptship train --device cuda`: the run a CPU would make, in float32, from the same first
weights; resumable exactly; its export loads on the CPU. Skipped where torch sees no GPU."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import torch

from gptship.model.loader import full_logits, load_model
from gptship.train.trainer import Progress, TrainConfig, train
from tests.train.test_trainer import TINY, write_data

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def test_cuda_trains_the_run_the_cpu_trains(tmp_path: Path) -> None:
    data = write_data(tmp_path / "train.jsonl", 200)
    runs = {
        device: train(
            TrainConfig(
                data=data, out=tmp_path / device, steps=20, batch_tokens=1024, device=device,
                user_loss=0.3, **TINY,
            )
        )
        for device in ("cpu", "cuda")
    }  # fmt: skip
    cpu, cuda = runs["cpu"].loss, runs["cuda"].loss
    assert cuda[0] == pytest.approx(cpu[0], rel=1e-4)  # the same first weights and batch
    assert cuda == pytest.approx(cpu, rel=2e-2)  # float32 on both: only rounding differs
    assert cuda[-1] < cuda[0] - 1  # it learns
    ids = [[5, 6, 7, 8]]
    on_cpu = full_logits(load_model(tmp_path / "cuda"), ids)[0]
    assert on_cpu.device.type == "cpu"
    assert torch.allclose(on_cpu, full_logits(load_model(tmp_path / "cpu"), ids)[0], atol=0.1)


def test_a_cuda_run_resumes_exactly(tmp_path: Path) -> None:
    """Dropout draws from the GPU's generator: its state travels in the checkpoint too (the
    losses agree to rounding: some GPU kernels sum in a varying order)."""
    data = write_data(tmp_path / "train.jsonl", 200)
    noisy = {"question_noise": 0.2, "dropout": 0.2, "device": "cuda", **TINY}
    config = TrainConfig(data=data, out=tmp_path / "a", steps=16, batch_tokens=1024, **noisy)
    whole = train(config)

    def stop_at_8(progress: Progress) -> None:
        if progress.step == 8:
            raise KeyboardInterrupt

    stopped = replace(config, out=tmp_path / "b")
    with pytest.raises(KeyboardInterrupt):
        train(stopped, stop_at_8)
    resumed = train(replace(stopped, resume=True))
    assert resumed.loss == pytest.approx(whole.loss, rel=1e-3)
