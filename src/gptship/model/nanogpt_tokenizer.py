"""The tokenizer of an imported nanoGPT checkpoint: a given tokenizer.json, or meta.pkl's
character vocabulary rebuilt with the `tokenizers` library."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

from gptship.errors import GptshipError

_TOKENIZER_EXTRAS = ("tokenizer_config.json", "special_tokens_map.json", "generation_config.json")


def write_tokenizer(
    tmp: Path, ckpt: Path, given: Path | None, vocab_size: int, context: int
) -> tuple[int | None, int | None]:
    """Copy the given tokenizer, else build a char-level one from meta.pkl; (bos, eos) ids."""
    from tokenizers import Tokenizer

    if given is None:
        source = _find_meta(ckpt)
        tok = _char_tokenizer(source, vocab_size)
        tok.save(str(tmp / "tokenizer.json"))
        # clean_up_tokenization_spaces: a space before "," is real text in a char model.
        extra = {
            "tokenizer_class": "PreTrainedTokenizerFast",
            "clean_up_tokenization_spaces": False,
        }
        config = extra | {"model_max_length": context}
        (tmp / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n", "utf-8")
    else:
        source = Path(given) / "tokenizer.json" if Path(given).is_dir() else Path(given)
        try:
            tok = Tokenizer.from_file(str(source))
        except Exception as exc:
            why = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise GptshipError(
                f"{source}: not a readable tokenizer.json ({why}); fix --tokenizer"
            ) from None
        shutil.copyfile(source, tmp / "tokenizer.json")
        for name in _TOKENIZER_EXTRAS:
            if (source.parent / name).is_file():
                shutil.copyfile(source.parent / name, tmp / name)
    if tok.get_vocab_size() > vocab_size:
        raise GptshipError(
            f"{source}: tokenizer has {tok.get_vocab_size()} tokens, more than the model's "
            f"vocab_size {vocab_size}; pass the tokenizer the model was trained with"
        )
    return _special_ids(tok, tmp / "tokenizer_config.json")


def _special_ids(tok: Any, config_path: Path) -> tuple[int | None, int | None]:
    """(bos, eos) ids named by tokenizer_config.json; GPT-2's <|endoftext|> serves for both."""
    config = json.loads(config_path.read_text("utf-8")) if config_path.is_file() else {}
    found = []
    for key in ("bos_token", "eos_token"):
        token = config.get(key) if isinstance(config, dict) else None
        token = token.get("content") if isinstance(token, dict) else token
        found.append(tok.token_to_id(token if isinstance(token, str) else "<|endoftext|>"))
    return found[0], found[1]


def _find_meta(ckpt: Path) -> Path:
    here = ckpt.parent
    candidates = [here / "meta.pkl", here.parent / "meta.pkl"]
    for root in (here, here.parent):
        found = sorted(root.glob("data/*/meta.pkl"))
        candidates += found if len(found) == 1 else []  # several datasets: ambiguous, skip
    for path in candidates:
        if path.is_file():
            return path
    raise GptshipError(
        f"{ckpt}: no tokenizer: pass --tokenizer PATH/tokenizer.json (or put the char-level "
        "meta.pkl of nanoGPT's prepare.py beside the checkpoint)"
    )


class _PlainUnpickler(pickle.Unpickler):
    """Refuses every global but plain builtins, so a meta.pkl cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in {"dict", "list", "str", "int"}:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def _char_tokenizer(meta_path: Path, vocab_size: int) -> Any:
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers

    try:
        with meta_path.open("rb") as f:
            meta = _PlainUnpickler(f).load()
    except Exception as exc:
        raise GptshipError(f"{meta_path}: unreadable meta.pkl ({exc}); pass --tokenizer") from None
    stoi = meta.get("stoi") if isinstance(meta, dict) else None
    if not isinstance(stoi, dict) or not all(
        isinstance(c, str) and len(c) == 1 and type(i) is int and 0 <= i < vocab_size
        for c, i in stoi.items()
    ):
        raise GptshipError(
            f"{meta_path}: not a char-level meta.pkl ('stoi' must map characters to ids "
            f"below {vocab_size}); pass --tokenizer PATH/tokenizer.json"
        )
    tok = Tokenizer(models.WordLevel(vocab=stoi, unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    tok.decoder = decoders.Fuse()  # join characters without the default spaces
    return tok
