"""A tiny random BERT (BertModel + a WordPiece tokenizer), as transformers saves it, and
optionally as a sentence-transformers export: for the encoder's parity tests and for
servers that embed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
import transformers
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers

from tests.tiny_tokenizer import _CORPUS

BERT = dict(
    hidden_size=64,
    num_hidden_layers=2,
    num_attention_heads=4,
    intermediate_size=96,
    max_position_embeddings=64,
)
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def make_bert_dir(
    path: Path, pooling: str | None = None, normalize: bool = True, **overrides: Any
) -> transformers.BertModel:
    """A tiny random BertModel + WordPiece tokenizer; with `pooling`, a sentence-transformers
    directory (modules.json, 1_Pooling/config.json, and 2_Normalize if `normalize`)."""
    backend = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    backend.normalizer = normalizers.BertNormalizer(lowercase=True)
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(vocab_size=300, special_tokens=SPECIALS)
    backend.train_from_iterator(_CORPUS.splitlines(), trainer)
    backend.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    wrapped = transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend,
        **{f"{n.strip('[]').lower()}_token": n for n in SPECIALS},
    )
    wrapped.save_pretrained(path)
    config = transformers.BertConfig(vocab_size=backend.get_vocab_size(), **{**BERT, **overrides})
    torch.manual_seed(0)
    model = transformers.BertModel(config)
    with torch.no_grad():  # random init is tiny; widen it so texts actually differ
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.2)
    model.eval().save_pretrained(path)
    if pooling is not None:
        save_modules(path, pooling, normalize)
    return model


def save_modules(path: Path, pooling: str, normalize: bool) -> None:
    """modules.json and the Pooling config, as sentence-transformers writes them."""
    kinds = [("", "Transformer"), ("1_Pooling", "Pooling")]
    kinds += [("2_Normalize", "Normalize")] if normalize else []
    modules = [
        {"idx": i, "name": str(i), "path": where, "type": f"sentence_transformers.models.{kind}"}
        for i, (where, kind) in enumerate(kinds)
    ]
    (path / "modules.json").write_text(json.dumps(modules))
    (path / "1_Pooling").mkdir()
    config = {"word_embedding_dimension": BERT["hidden_size"]}
    for mode in ("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens"):
        config[f"pooling_mode_{mode}"] = mode in (f"{pooling}_token", f"{pooling}_tokens")
    (path / "1_Pooling" / "config.json").write_text(json.dumps(config))
