"""gptship's BERT encoder and Embedder against transformers' BertModel, with the
sentence-transformers pooling computed here by hand, on tiny random checkpoints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
import transformers

from gptship.errors import GptshipError
from gptship.model.embedder import Embedder, InputTooLong, Pooling
from tests.figures import FIGURES
from tests.tiny_bert import make_bert_dir

TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "Hello there!",
    "Servers stream responses to clients; each client reads the events as they arrive.",
    "a",
]


def reference(
    path: Path, model: transformers.BertModel, texts: list[str], mode: str, norm: bool
) -> torch.Tensor:
    """transformers' tokenizer and BertModel, pooled as sentence-transformers pools."""
    tok = transformers.AutoTokenizer.from_pretrained(path)
    batch = tok(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    if mode == "cls":
        vectors = hidden[:, 0]
    elif mode == "max":
        vectors = hidden.masked_fill(mask == 0, -1e9).amax(1)
    else:
        vectors = (hidden * mask).sum(1) / mask.sum(1)
    return F.normalize(vectors, p=2, dim=1) if norm else vectors


# (pooling, normalize, modules.json written): without it, mean + normalise
CASES = [("mean", True, False), ("mean", False, True), ("cls", False, True), ("max", True, True)]


@pytest.mark.parametrize(("mode", "norm", "modules"), CASES)
def test_embeddings_match_transformers(
    tmp_path: Path, mode: str, norm: bool, modules: bool
) -> None:
    hf = make_bert_dir(tmp_path, pooling=mode if modules else None, normalize=norm)
    embedder = Embedder.from_dir(tmp_path)
    assert embedder.pooling == Pooling(mode, norm)
    ours = embedder.embed(TEXTS)  # one padded batch of texts of different lengths
    expected = reference(tmp_path, hf, TEXTS, mode, norm)
    assert ours.shape == (len(TEXTS), 64)
    cosine = F.cosine_similarity(ours, expected).min().item()
    error = (ours - expected).abs().max().item()
    what = f"bert {mode} pooling, normalize {norm}"
    FIGURES.append(f"{what}: min cosine {cosine:.9f}, max abs error {error:.2e}")
    assert cosine > 1 - 1e-4 and error < 1e-4
    # each text alone gives the vector it has in the batch: padding does not leak in
    for i, text in enumerate(TEXTS):
        torch.testing.assert_close(embedder.embed(text)[0], ours[i], atol=1e-5, rtol=0)


def test_token_ids_match_texts_and_tokenizer(tmp_path: Path) -> None:
    make_bert_dir(tmp_path)
    embedder = Embedder.from_dir(tmp_path)
    hf_ids = transformers.AutoTokenizer.from_pretrained(tmp_path)(TEXTS)["input_ids"]
    assert embedder.encode(TEXTS) == hf_ids
    torch.testing.assert_close(embedder.embed_ids(hf_ids), embedder.embed(TEXTS))


def test_token_limit(tmp_path: Path) -> None:
    make_bert_dir(tmp_path, max_position_embeddings=16)
    embedder = Embedder.from_dir(tmp_path)
    long = "the quick brown fox " * 10
    with pytest.raises(InputTooLong, match="at most 16") as error:
        embedder.embed(["hi", long])
    assert error.value.index == 1 and error.value.limit == 16
    ids = embedder.encode([long], truncate=True)[0]
    assert len(ids) == 16 and ids[0] == 2 and ids[-1] == 3  # [CLS] ... [SEP] kept
    assert embedder.embed([long], truncate=True).shape == (1, 64)
    with pytest.raises(GptshipError, match="outside"):
        embedder.embed_ids([[2, 10_000, 3]])
    with pytest.raises(GptshipError, match="no tokens"):
        embedder.embed_ids([[]])


def test_unsupported_pooling_is_refused(tmp_path: Path) -> None:
    make_bert_dir(tmp_path, pooling="mean")
    config = tmp_path / "1_Pooling" / "config.json"
    settings = {**json.loads(config.read_text()), "pooling_mode_mean_tokens": False}
    config.write_text(json.dumps({**settings, "pooling_mode_mean_sqrt_len_tokens": True}))
    with pytest.raises(GptshipError, match="pooling_mode_mean_sqrt_len_tokens"):
        Embedder.from_dir(tmp_path)


def test_mismatched_weights_are_refused(tmp_path: Path) -> None:
    make_bert_dir(tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    (tmp_path / "config.json").write_text(json.dumps({**config, "num_hidden_layers": 1}))
    with pytest.raises(GptshipError, match=r"encoder tensors that config\.json does not use"):
        Embedder.from_dir(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({**config, "intermediate_size": 80}))
    with pytest.raises(GptshipError, match="different models"):
        Embedder.from_dir(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({**config, "model_type": "llama"}))
    with pytest.raises(GptshipError, match="model_type 'llama'"):
        Embedder.from_dir(tmp_path)


def test_modules_beyond_pooling_are_refused(tmp_path: Path) -> None:
    make_bert_dir(tmp_path, pooling="cls")
    modules = json.loads((tmp_path / "modules.json").read_text())
    dense = {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"}
    (tmp_path / "modules.json").write_text(json.dumps([*modules, dense]))
    with pytest.raises(GptshipError, match="Dense"):
        Embedder.from_dir(tmp_path)


def test_exported_lazily() -> None:
    import gptship

    assert gptship.Embedder is Embedder


def test_fingerprint_follows_what_decides_the_vectors(tmp_path: Path) -> None:
    from gptship.model.embedder import fingerprint

    make_bert_dir(tmp_path, pooling="mean")
    before = fingerprint(tmp_path)
    (tmp_path / "README.md").write_text("# notes")
    assert fingerprint(tmp_path) == before  # documentation does not count
    pooling = tmp_path / "1_Pooling" / "config.json"
    pooling.write_text(pooling.read_text().replace('"pooling_mode_cls_token": false', '"x": 1'))
    assert fingerprint(tmp_path) != before  # a config in a module's folder does
