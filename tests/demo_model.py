"""`python -m tests.demo_model DIR`: the small local model `make run` serves until the
project ships its trained default model: the tests' tiny random Llama with a ChatML template.
Its answers are noise; it shows the server, not a model. Built once; nothing is downloaded."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.tiny import make_model_dir
from tests.tiny_tokenizer import CHATML_TEMPLATE


def main(path: Path) -> None:
    if (path / "config.json").is_file():
        return
    tmp = path.with_name(path.name + ".tmp")
    make_model_dir("llama", tmp, chat_template=CHATML_TEMPLATE, max_position_embeddings=2048)
    tmp.rename(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
