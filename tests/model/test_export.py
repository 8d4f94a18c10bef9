"""A model written by export.save_model_dir loads in gptship and transformers alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import transformers

from gptship.model.export import save_model_dir
from gptship.model.loader import full_logits, load_model
from tests.model.test_parity import PROMPTS, hf_logits
from tests.tiny import CONFIGS, save_model


@pytest.mark.parametrize("name", list(CONFIGS))
def test_export_round_trip(name: str, tmp_path: Path) -> None:
    save_model(name, tmp_path / "src")
    ours = load_model(tmp_path / "src")
    with torch.no_grad():  # a change that only a faithful export carries over
        for p in ours.parameters():
            p.mul_(1.5)
    config = json.loads((tmp_path / "src" / "config.json").read_text())
    save_model_dir(ours, tmp_path / "out", config)
    again = load_model(tmp_path / "out")
    hf = transformers.AutoModelForCausalLM.from_pretrained(tmp_path / "out", dtype=torch.float32)
    expected = full_logits(ours, PROMPTS)
    for prompt, mine, theirs in zip(PROMPTS, full_logits(again, PROMPTS), expected, strict=True):
        torch.testing.assert_close(mine, theirs, atol=0, rtol=0)
        torch.testing.assert_close(hf_logits(hf, prompt), theirs, atol=1e-4, rtol=0)


def test_export_in_bfloat16(tmp_path: Path) -> None:
    save_model("llama", tmp_path / "src")
    ours = load_model(tmp_path / "src")
    config = json.loads((tmp_path / "src" / "config.json").read_text())
    save_model_dir(ours, tmp_path / "out", config, dtype=torch.bfloat16)
    assert json.loads((tmp_path / "out" / "config.json").read_text())["dtype"] == "bfloat16"
    weights = (tmp_path / "out" / "model.safetensors").stat().st_mode & 0o777
    assert weights == (tmp_path / "out" / "config.json").stat().st_mode & 0o777  # the umask's
    again = load_model(tmp_path / "out", dtype="bfloat16")
    assert next(again.parameters()).dtype == torch.bfloat16
