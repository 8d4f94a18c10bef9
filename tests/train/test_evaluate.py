"""`python -m gptship.train.evaluate` on a file it cannot score: one line, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        ([{"messages": [{"role": "user", "content": "Hi"}]}], "no key_fact"),
        ([{"question": "Hi"}], 'expected {"messages"'),
        (["not json"], "not valid JSON"),
        ([], "no questions"),
    ],
)
def test_a_file_it_cannot_score_is_one_line(tmp_path: Path, lines: list[object], said: str) -> None:
    heldout = tmp_path / "heldout.jsonl"
    heldout.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    command = [sys.executable, "-m", "gptship.train.evaluate", str(tmp_path), str(heldout)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and said in line and str(heldout) in line
