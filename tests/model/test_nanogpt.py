"""nanoGPT ckpt.pt import: transformers agrees with the reference, the proof guards the output."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
import torch
from tokenizers import Tokenizer
from transformers import AutoTokenizer, GPT2LMHeadModel

from gptship.errors import GptshipError
from gptship.model import nanogpt
from gptship.model.nanogpt import NanoGPTArgs, NanoGPTReference, convert_nanogpt
from gptship.model.tokenizer import Tokenizer as GptshipTokenizer
from tests.tiny_tokenizer import TINY_VOCAB_SIZE, save_tiny_tokenizer

TEXT = "First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll: Speak, speak!"
CHARS = sorted(set(TEXT))
STOI = {c: i for i, c in enumerate(CHARS)}


def tiny_args(bias: bool = True, vocab_size: int = len(CHARS)) -> NanoGPTArgs:
    return NanoGPTArgs(
        n_layer=2, n_head=2, n_embd=16, block_size=24, vocab_size=vocab_size, bias=bias
    )


def make_reference(args: NanoGPTArgs, seed: int = 0) -> NanoGPTReference:
    torch.manual_seed(seed)
    ref = NanoGPTReference(args)
    with torch.no_grad():
        for p in ref.parameters():  # LayerNorm ones/zeros would hide a swapped weight and bias
            p.normal_(0.0, 0.3)
    return ref.eval()


def save_checkpoint(
    path: Path, ref: NanoGPTReference, args: NanoGPTArgs, *, compiled: bool = False, **extra: Any
) -> Path:
    state = {("_orig_mod." if compiled else "") + k: v for k, v in ref.state_dict().items()}
    model_args = {
        "n_layer": args.n_layer,
        "n_head": args.n_head,
        "n_embd": args.n_embd,
        "block_size": args.block_size,
        "bias": args.bias,
        "vocab_size": args.vocab_size,
        "dropout": 0.1,
    }
    ckpt = {
        "model": state,
        "model_args": model_args,
        "optimizer": {"state": {}, "param_groups": [{"lr": 1e-3, "params": [0, 1]}]},
        "iter_num": 5000,
        "best_val_loss": torch.tensor(1.4697),
        "config": {"dataset": "shakespeare_char", "batch_size": 64, "compile": compiled},
    } | extra
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(ckpt, path)
    return path


def save_meta(path: Path, stoi: dict[str, int] = STOI) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"vocab_size": len(stoi), "itos": {i: c for c, i in stoi.items()}, "stoi": stoi}
    path.write_bytes(pickle.dumps(meta))
    return path


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """nanoGPT's layout: out-shakespeare-char/ckpt.pt and data/shakespeare_char/meta.pkl."""
    args = tiny_args()
    save_checkpoint(tmp_path / "out-shakespeare-char" / "ckpt.pt", make_reference(args), args)
    save_meta(tmp_path / "data" / "shakespeare_char" / "meta.pkl")
    return tmp_path / "out-shakespeare-char"


def proof_inputs(vocab_size: int) -> list[torch.Tensor]:
    gen = torch.Generator().manual_seed(1)
    return [torch.randint(vocab_size, (n,), generator=gen) for n in (24, 7, 1)]


@pytest.mark.parametrize(
    ("bias", "compiled", "mask_buffers"), [(True, False, True), (False, True, False)]
)
def test_transformers_matches_reference(
    tmp_path: Path, bias: bool, compiled: bool, mask_buffers: bool
) -> None:
    args = tiny_args(bias)
    ref = make_reference(args, seed=3)
    # nanoGPT without flash attention saves its causal mask as transformer.h.{i}.attn.bias.
    masks = {f"transformer.h.{i}.attn.bias": torch.ones(1, 1, 24, 24).tril() for i in range(2)}
    ckpt = save_checkpoint(tmp_path / "run" / "ckpt.pt", ref, args, compiled=compiled)
    if mask_buffers:
        raw = torch.load(ckpt, weights_only=True)
        raw["model"] |= masks
        torch.save(raw, ckpt)
    save_meta(tmp_path / "run" / "meta.pkl")

    report = convert_nanogpt(tmp_path / "run", tmp_path / "hf")

    hf = GPT2LMHeadModel.from_pretrained(tmp_path / "hf", dtype=torch.float32)
    with torch.no_grad():
        for ids in proof_inputs(args.vocab_size):
            want = ref(ids)
            got = hf(ids[None]).logits[0]
            torch.testing.assert_close(got, want, atol=1e-4, rtol=0)
    assert report.max_abs_diff <= 1e-4
    assert report.num_parameters == sum(p.numel() for p in ref.parameters())


def test_report_and_files(run_dir: Path, tmp_path: Path) -> None:
    report = convert_nanogpt(run_dir / "ckpt.pt", tmp_path / "hf")
    assert report.out_dir == tmp_path / "hf"
    assert report.tolerance == 1e-4
    assert 0.0 <= report.max_abs_diff <= 1e-4
    files = sorted(p.name for p in (tmp_path / "hf").iterdir())
    assert files == [
        "config.json",
        "generation_config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
    ]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".hf.")]


def test_bfloat16_checkpoint_keeps_its_dtype(tmp_path: Path) -> None:
    args = tiny_args()
    ref = make_reference(args).to(torch.bfloat16)
    save_checkpoint(tmp_path / "ckpt.pt", ref, args)
    save_meta(tmp_path / "meta.pkl")
    report = convert_nanogpt(tmp_path / "ckpt.pt", tmp_path / "hf")
    hf = GPT2LMHeadModel.from_pretrained(tmp_path / "hf")
    assert hf.dtype == torch.bfloat16
    assert report.max_abs_diff <= 1e-4


def test_char_tokenizer_matches_meta(run_dir: Path, tmp_path: Path) -> None:
    convert_nanogpt(run_dir, tmp_path / "hf")
    tok = Tokenizer.from_file(str(tmp_path / "hf" / "tokenizer.json"))
    for text in (TEXT, "speak", " \n,", "a"):
        ids = tok.encode(text).ids
        assert ids == [STOI[c] for c in text]
        assert tok.decode(ids) == text
    itos = {i: c for c, i in STOI.items()}
    assert tok.decode(list(itos)) == "".join(itos.values())
    # What the server uses, and what transformers users get, read the same files the same way.
    ours = GptshipTokenizer.from_dir(tmp_path / "hf")
    theirs = AutoTokenizer.from_pretrained(tmp_path / "hf")
    ids = [STOI[c] for c in TEXT]
    assert ours.encode(TEXT) == theirs.encode(TEXT) == ids
    assert ours.decode(ids) == theirs.decode(ids) == TEXT


def test_given_tokenizer_is_copied(tmp_path: Path) -> None:
    args = tiny_args(vocab_size=TINY_VOCAB_SIZE + 8)  # nanoGPT pads the vocab up
    save_checkpoint(tmp_path / "run" / "ckpt.pt", make_reference(args), args)
    save_tiny_tokenizer(tmp_path / "tok")
    convert_nanogpt(tmp_path / "run", tmp_path / "hf", tokenizer=tmp_path / "tok")
    out = tmp_path / "hf"
    assert (out / "tokenizer.json").read_bytes() == (tmp_path / "tok/tokenizer.json").read_bytes()
    assert (out / "tokenizer_config.json").is_file()
    config = json.loads((out / "config.json").read_text())
    assert (config["bos_token_id"], config["eos_token_id"]) == (0, 1)  # <|bos|>, <|eos|>


def test_force_replaces_output(run_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "hf").mkdir()
    (tmp_path / "hf" / "stale.txt").write_text("old")
    with pytest.raises(GptshipError, match="not empty; pass --force"):
        convert_nanogpt(run_dir, tmp_path / "hf")
    convert_nanogpt(run_dir, tmp_path / "hf", force=True)
    assert not (tmp_path / "hf" / "stale.txt").exists()
    assert (tmp_path / "hf" / "model.safetensors").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".hf.")]


def test_failed_proof_writes_nothing(
    run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = nanogpt._hf_state_dict

    def perturbed(*a: Any) -> dict[str, torch.Tensor]:
        tensors = export(*a)
        tensors["transformer.h.1.mlp.c_fc.bias"] = tensors["transformer.h.1.mlp.c_fc.bias"] + 0.5
        return tensors

    monkeypatch.setattr(nanogpt, "_hf_state_dict", perturbed)
    with pytest.raises(GptshipError, match=r"max \|logits diff\| .* > tolerance 0.0001") as e:
        convert_nanogpt(run_dir, tmp_path / "hf")
    assert "nothing was written" in str(e.value)
    assert not (tmp_path / "hf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".hf.")]


def test_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(GptshipError, match="no such checkpoint file"):
        convert_nanogpt(tmp_path / "missing.pt", tmp_path / "hf")
    garbage = tmp_path / "garbage" / "ckpt.pt"
    garbage.parent.mkdir()
    garbage.write_bytes(b"\x00not a checkpoint\xff" * 10)
    with pytest.raises(GptshipError, match=r"garbage/ckpt\.pt: unreadable with safe torch\.load"):
        convert_nanogpt(garbage, tmp_path / "hf")
    plain = tmp_path / "plain.pt"
    torch.save({"model": {}}, plain)
    with pytest.raises(GptshipError, match="no 'model_args' and 'model' keys"):
        convert_nanogpt(plain, tmp_path / "hf")
    with pytest.raises(GptshipError, match="tolerance must be a number >= 0"):
        convert_nanogpt(plain, tmp_path / "hf", tolerance=float("nan"))
    assert not (tmp_path / "hf").exists()


def test_unsafe_pickle_is_refused(tmp_path: Path) -> None:
    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (print, ("pwned",))

    torch.save({"model_args": Evil(), "model": {}}, tmp_path / "ckpt.pt")
    with pytest.raises(GptshipError, match=r"unreadable with safe torch\.load"):
        convert_nanogpt(tmp_path, tmp_path / "hf")


def test_missing_and_unexpected_keys(tmp_path: Path) -> None:
    args = tiny_args()
    ref = make_reference(args)
    save_meta(tmp_path / "meta.pkl")
    state = ref.state_dict()
    del state["transformer.h.1.ln_2.weight"]
    save_checkpoint(tmp_path / "ckpt.pt", ref, args, model=state)
    with pytest.raises(GptshipError, match=r"missing \['transformer\.h\.1\.ln_2\.weight'\]"):
        convert_nanogpt(tmp_path, tmp_path / "hf")
    save_checkpoint(tmp_path / "ckpt.pt", ref, tiny_args(bias=False))
    with pytest.raises(GptshipError, match=r"unexpected \['transformer\.h\.0\.attn\.c_attn\.bias'"):
        convert_nanogpt(tmp_path, tmp_path / "hf")
    save_checkpoint(tmp_path / "ckpt.pt", ref, tiny_args(vocab_size=len(CHARS) + 1))
    with pytest.raises(GptshipError, match="weights do not fit model_args"):
        convert_nanogpt(tmp_path, tmp_path / "hf")


def test_tokenizer_errors(tmp_path: Path) -> None:
    args = tiny_args()
    save_checkpoint(tmp_path / "run" / "ckpt.pt", make_reference(args), args)
    with pytest.raises(GptshipError, match=r"no tokenizer: pass --tokenizer PATH/tokenizer\.json"):
        convert_nanogpt(tmp_path / "run", tmp_path / "hf")
    save_tiny_tokenizer(tmp_path / "tok")  # 352 tokens, but only 31 embedding rows
    with pytest.raises(GptshipError, match="more than the model's vocab_size"):
        convert_nanogpt(tmp_path / "run", tmp_path / "hf", tokenizer=tmp_path / "tok")
    assert not (tmp_path / "hf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".hf.")]


def test_meta_pickle_with_code_is_refused(tmp_path: Path) -> None:
    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (print, ("pwned",))

    args = tiny_args()
    save_checkpoint(tmp_path / "ckpt.pt", make_reference(args), args)
    (tmp_path / "meta.pkl").write_bytes(pickle.dumps({"stoi": STOI, "x": Evil()}))
    with pytest.raises(
        GptshipError, match=r"meta\.pkl: unreadable .*refusing to load builtins\.print"
    ):
        convert_nanogpt(tmp_path, tmp_path / "hf")


def test_cli_convert_then_generate(run_dir: Path, tmp_path: Path, cli: Any) -> None:
    """`gptship convert` prints its proof, and the output serves through `gptship generate`."""
    out = tmp_path / "converted"
    result = cli("convert", run_dir, "--out", out)
    assert result.exit_code == 0, result.output
    assert "max |logit difference|" in result.stderr and str(out) in result.stderr
    generated = cli("generate", out, "--prompt", "First", "--max-tokens", 12)
    assert generated.exit_code == 0, generated.output
    assert len(generated.stdout) == 12 and set(generated.stdout) <= set(CHARS)
    again = cli("convert", run_dir, "--out", out)
    assert again.exit_code == 2 and "pass --force" in again.stderr
