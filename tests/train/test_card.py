"""The model card: its `gptship train` line reproduces the run's settings exactly, and it
states the weights' and the data's SHA-256 and the evaluation."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from gptship.deploy.manifest import file_sha256
from gptship.settings import settings_of
from gptship.train.card import _TRAIN_FLAGS, DESCRIPTION, train_command, write_card
from gptship.train.config import TrainConfig
from gptship.train.evaluate import evaluate
from tests.train.test_trainer import write_data


def test_the_card_command_reproduces_the_run(cli: Callable[..., Result], tmp_path: Path) -> None:
    data = write_data(tmp_path / "train.jsonl", 60)
    heldout = tmp_path / "heldout.jsonl"
    heldout.write_text(
        json.dumps({"messages": [{"role": "user", "content": "hi"}], "key_fact": "box"}) + "\n"
    )
    flags = ["--data", data, "--out", tmp_path / "a", "--steps", 3, "--batch-tokens", 512]
    flags += ["--question-noise", 0.2, "--dropout", 0.1, "--user-loss", 0.3, "--seed", 4]
    flags += ["--question-distractors", 0.25]
    flags += ["--hidden-size", 64, "--layers", 2, "--heads", 4, "--kv-heads", 2]
    flags += ["--intermediate-size", 128, "--vocab-size", 400, "--context", 128]
    assert cli("train", *flags).exit_code == 0
    settings = json.loads((tmp_path / "a" / "training.json").read_text())["config"]
    command = train_command(settings, out=tmp_path / "b")
    assert "--user-loss 0.3" in command and "--dropout 0.1" in command
    assert "--question-distractors 0.25" in command
    assert cli(*shlex.split(command)[1:]).exit_code == 0  # the card's line, run again
    again = json.loads((tmp_path / "b" / "training.json").read_text())["config"]
    assert {**again, "out": None} == {**settings, "out": None}

    report = evaluate(tmp_path / "a", heldout)
    write_card(tmp_path / "a", report, ["python -m x", command], DESCRIPTION, data)
    card = (tmp_path / "a" / "README.md").read_text()
    assert file_sha256(tmp_path / "a" / "model.safetensors") in card and file_sha256(data) in card
    assert command in card and "user-turn loss weight 0.3" in card
    assert "question distractors 0.25" in card
    assert f"{report.summary()}" in card


def test_the_card_flags_are_gptship_trains() -> None:
    """card.py's flag for each setting is the one `gptship train` generates from TrainConfig."""
    flags = {s.field: s.flag for s in settings_of(TrainConfig)}
    for flag, name in _TRAIN_FLAGS:
        assert flags[name] == f"--{flag}"
