"""gptship train: from scratch and from a base model (full and LoRA), resumable, and its
output loads in gptship and transformers with the same logits."""

from __future__ import annotations

import json
import random
from dataclasses import asdict, replace
from pathlib import Path

import pytest
import torch
import transformers

from gptship import LLM, SamplingParams
from gptship.errors import GptshipError
from gptship.model.loader import full_logits, load_model
from gptship.model.tokenizer import Tokenizer
from gptship.train.config import TrainConfig
from gptship.train.data import (
    add_distractors,
    corpus_words,
    drop_words,
    encode,
    read_conversations,
)
from gptship.train.trainer import Progress, _loss, add_residual_dropout, train
from tests.tiny import make_model_dir
from tests.tiny_tokenizer import CHATML_TEMPLATE

COLOURS = ["red", "blue", "green", "amber", "violet", "silver"]
TINY = {"hidden_size": 64, "num_layers": 2, "num_heads": 4, "num_kv_heads": 2}
TINY |= {"intermediate_size": 128, "vocab_size": 400, "context": 128}


def write_data(path: Path, count: int, seed: int = 0) -> Path:
    """Questions about the colour of numbered boxes: a fact per box, several phrasings."""
    rng = random.Random(seed)
    asks = ["What colour is box {n}?", "Tell me the colour of box {n}.", "Box {n}: which colour?"]
    lines = []
    for _ in range(count):
        n = rng.randrange(6)
        messages = [
            {"role": "system", "content": "You answer questions about boxes."},
            {"role": "user", "content": rng.choice(asks).format(n=n)},
            {"role": "assistant", "content": f"That box is {COLOURS[n]}."},
        ]
        lines.append(json.dumps({"messages": messages}))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_loss_only_on_assistant_turns(tmp_path: Path) -> None:
    make_model_dir("llama", tmp_path, chat_template=CHATML_TEMPLATE)
    tok = Tokenizer.from_dir(tmp_path)
    messages = [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello there"},
        {"role": "user", "content": "Bye"},
        {"role": "assistant", "content": "Goodbye"},
    ]
    example = encode(tok, messages)
    learned = tok.decode(
        [t for t, keep in zip(example.ids, example.learn, strict=True) if keep], False
    )
    assert learned == "Hello there<|im_end|>\nGoodbye<|im_end|>\n"
    asked = tok.decode([t for t, ask in zip(example.ids, example.asks, strict=True) if ask], False)
    assert asked == "<|im_start|>user\nHi<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n"
    assert example.weights(0.0) == [float(x) for x in example.learn]
    weights = example.weights(0.25)
    assert {w for w, ask in zip(weights, example.asks, strict=True) if ask} == {0.25}
    assert all(w == 1.0 for w, keep in zip(weights, example.learn, strict=True) if keep)


def test_a_user_loss_trains_on_questions_too(tmp_path: Path) -> None:
    data = write_data(tmp_path / "train.jsonl", 200)
    question_loss = {}
    for weight in (0.0, 0.5):
        out = tmp_path / str(weight)
        config = TrainConfig(data=data, out=out, steps=30, batch_tokens=1024, user_loss=weight)
        train(replace(config, **TINY))
        tokenizer, model = Tokenizer.from_dir(out), load_model(out)
        examples = [encode(tokenizer, c) for c in read_conversations(data)[:50]]
        asks = [[float(a) for a in e.asks] for e in examples]
        with torch.no_grad():
            question_loss[weight] = _loss(model, [e.ids for e in examples], asks).item()
    assert question_loss[0.5] < 0.9 * question_loss[0.0], question_loss
    with pytest.raises(GptshipError, match="--user-loss is a weight from 0 to 1"):
        TrainConfig(data=data, out=tmp_path / "x", steps=1, user_loss=1.5)


def test_train_from_scratch_then_serve(tmp_path: Path) -> None:
    data = write_data(tmp_path / "train.jsonl", 400)
    held = write_data(tmp_path / "held.jsonl", 40, seed=1)
    out = tmp_path / "model"
    config = TrainConfig(
        data=data, out=out, eval_data=held, steps=60, batch_tokens=2048, eval_every=20, **TINY
    )
    history = train(config)
    assert history.loss[-1] < history.loss[0] / 4
    assert history.eval_loss[-1] < history.eval_loss[0] / 4 and len(history.eval_loss) == 3
    for name in ("config.json", "model.safetensors", "tokenizer.json", "loss.png", "training.json"):
        assert (out / name).is_file(), name
    # gptship serves it: it has learnt the answers' form (the facts take longer: the default
    # model's held-out test measures those)
    llm = LLM(out, kv_cache_memory="16MiB")
    system = {"role": "system", "content": "You answer questions about boxes."}
    prompt = [system, {"role": "user", "content": "What colour is box 4?"}]
    tok = llm.tokenizer
    (answer,) = llm.generate(
        [tok.encode_chat(prompt)], SamplingParams(temperature=0, max_tokens=12)
    )
    assert answer.outputs[0].text.startswith("That box is ")
    assert answer.outputs[0].finish_reason == "stop"  # it learnt to end its turn
    # transformers loads the same directory with the same logits and the same chat template
    hf = transformers.AutoModelForCausalLM.from_pretrained(out, dtype=torch.float32)
    ids = tok.encode_chat(prompt)
    with torch.no_grad():
        theirs = hf(torch.tensor([ids])).logits[0]
    torch.testing.assert_close(full_logits(load_model(out), [ids])[0], theirs, atol=1e-4, rtol=0)
    hf_tok = transformers.AutoTokenizer.from_pretrained(out)
    text = hf_tok.apply_chat_template(prompt, add_generation_prompt=True, tokenize=False)
    assert text == tok.render_chat(prompt)
    assert hf_tok(text, add_special_tokens=False)["input_ids"] == ids


def test_resume_continues_the_same_run(tmp_path: Path) -> None:
    data = write_data(tmp_path / "train.jsonl", 200)
    whole = train(TrainConfig(data=data, out=tmp_path / "a", steps=20, batch_tokens=1024, **TINY))
    train(TrainConfig(data=data, out=tmp_path / "b", steps=12, batch_tokens=1024, **TINY))
    resumed = train(
        TrainConfig(data=data, out=tmp_path / "b", steps=20, batch_tokens=1024, resume=True, **TINY)
    )
    assert resumed.steps == whole.steps
    # the first 12 steps are the same run; later steps differ only by the schedule's length
    assert resumed.loss[:12] == pytest.approx(whole.loss[:12], rel=1e-5)


def test_an_interrupted_run_resumes_exactly(tmp_path: Path) -> None:
    """Stopped at step 12 (Ctrl-C), then --resume: steps 13-20 are those of a run that never
    stopped, dropout and question noise included."""
    data = write_data(tmp_path / "train.jsonl", 200)
    noisy = {
        "question_noise": 0.2,
        "question_distractors": 0.3,
        "dropout": 0.2,
        "user_loss": 0.3,
        **TINY,
    }
    whole = train(TrainConfig(data=data, out=tmp_path / "a", steps=20, batch_tokens=1024, **noisy))

    def stop_at_12(progress: Progress) -> None:
        if progress.step == 12:
            raise KeyboardInterrupt

    config = TrainConfig(data=data, out=tmp_path / "b", steps=20, batch_tokens=1024, **noisy)
    with pytest.raises(KeyboardInterrupt):
        train(config, stop_at_12)
    resumed = train(replace(config, resume=True))
    assert resumed.steps == whole.steps
    assert resumed.loss == pytest.approx(whole.loss, rel=1e-5)


@pytest.mark.parametrize("lora", [False, True])
def test_fine_tune_a_base_model(tmp_path: Path, lora: bool) -> None:
    base = tmp_path / "base"
    make_model_dir("llama", base, chat_template=CHATML_TEMPLATE)
    data = write_data(tmp_path / "train.jsonl", 200)
    out = tmp_path / "tuned"
    before = full_logits(load_model(base), [[5, 6, 7]])[0]
    history = train(
        TrainConfig(data=data, base=base, out=out, lora=lora, steps=30, batch_tokens=1024)
    )
    assert history.loss[-1] < history.loss[0]
    after = load_model(out)
    assert not torch.allclose(full_logits(after, [[5, 6, 7]])[0], before)
    assert (out / "tokenizer.json").read_bytes() == (base / "tokenizer.json").read_bytes()
    names = set(json.loads((out / "config.json").read_text()))
    assert "architectures" in names


def test_bad_data_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": [{"role": "user", "content": "hi"}]}\n{"messages": 3}\n')
    with pytest.raises(GptshipError, match=r"bad.jsonl:2: expected"):
        read_conversations(bad)
    with pytest.raises(GptshipError, match="--steps, --time-budget"):
        TrainConfig(data=bad, out=tmp_path / "x")
    with pytest.raises(GptshipError, match=r"--dropout is a share.*got 1.5"):
        TrainConfig(data=bad, out=tmp_path / "x", steps=1, dropout=1.5)
    if not torch.cuda.is_available():
        with pytest.raises(GptshipError, match=r"--device cuda: .* sees no CUDA GPU"):
            TrainConfig(data=bad, out=tmp_path / "x", steps=1, device="cuda")


@pytest.mark.parametrize("arch", ["llama", "gpt2"])
def test_residual_dropout_acts_only_while_training(tmp_path: Path, arch: str) -> None:
    layers = make_model_dir(arch, tmp_path / arch).config.num_hidden_layers
    model = load_model(tmp_path / arch)
    ids = [[5, 6, 7, 8]]
    clean = full_logits(model, ids)[0]
    hooks = add_residual_dropout(model, 0.5)
    assert len(hooks) == 2 * layers  # attention and MLP of every layer
    model.train()
    torch.manual_seed(0)
    assert not torch.allclose(full_logits(model, ids)[0], clean)
    model.eval()
    assert torch.equal(full_logits(model, ids)[0], clean)
    for hook in hooks:
        hook.remove()
    model.train()
    assert torch.allclose(full_logits(model, ids)[0], clean)


def test_question_noise_drops_user_words_only() -> None:
    messages = [
        {"role": "system", "content": "You answer questions about boxes and their colours."},
        {"role": "user", "content": "Could you please tell me the colour of box number four?"},
        {"role": "assistant", "content": "That box is violet, as it has always been."},
    ]
    rng = random.Random(0)
    noisy = [drop_words(messages, rng, 0.3) for _ in range(50)]
    assert all(n[0] == messages[0] and n[2] == messages[2] for n in noisy)
    lengths = [len(n[1]["content"].split()) for n in noisy]
    assert min(lengths) >= 2 and max(lengths) <= 11 and len(set(lengths)) > 2
    words = messages[1]["content"].split()
    for n in noisy:  # words keep their order
        kept = n[1]["content"].split()
        positions = [words.index(w) for w in kept]
        assert positions == sorted(positions)
    assert drop_words(messages, rng, 0.0) == messages


def test_question_distractors_wrap_user_turns_in_corpus_words() -> None:
    messages = [
        {"role": "system", "content": "You answer questions about boxes and their colours."},
        {"role": "user", "content": "What colour is box four?"},
        {"role": "assistant", "content": "Box four is violet."},
    ]
    words = corpus_words([messages])
    assert words == sorted(set(words)) and "violet" in words and "four?" not in words
    rng = random.Random(0)
    noisy = [add_distractors(messages, rng, 0.5, words) for _ in range(200)]
    assert all(n[0] == messages[0] and n[2] == messages[2] for n in noisy)
    question = messages[1]["content"]
    befores, afters = set(), set()
    for n in noisy:
        before, found, after = n[1]["content"].partition(question)
        assert found, n[1]["content"]  # the question itself is intact
        for extra in (before, after):
            assert 0 <= len(extra.split()) <= 3
            assert all(w.strip(".!,:").lower() in {x.lower() for x in words} for w in extra.split())
        befores.add(bool(before))
        afters.add(bool(after))
    assert befores == afters == {True, False}  # each side is dressed by chance, independently
    assert add_distractors(messages, rng, 0.0, words) == messages


def test_the_quillmere_recipe_is_the_default_models_run() -> None:
    """examples/quillmere/train-grounded.yaml, as `make default-model` runs its second stage,
    gives the TrainConfig the committed default model was trained with (its training.json),
    value for value but the base: the committed run started from the first stage's model as
    it was committed (models/quillmere-assistant), which `make default-model` trains afresh
    into .cache/quillmere-model."""
    from gptship.settings import build, gather

    root = Path(__file__).parents[2]
    recipe = root / "examples" / "quillmere" / "train-grounded.yaml"
    flags = {
        "base": Path(".cache/quillmere-model"),  # the Makefile's flags
        "data": Path(".cache/quillmere-grounded/train.jsonl"),
        "out": Path(".cache/quillmere-grounded-model"),
    }
    config = build(TrainConfig, gather(TrainConfig, flags, None, recipe))
    assert config == build(TrainConfig, gather(TrainConfig, {}, None, recipe))
    settings = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()}
    committed = root / "models" / "quillmere-assistant" / "training.json"
    trained = json.loads(committed.read_text())["config"]
    assert trained.pop("base") == "models/quillmere-assistant"
    assert settings.pop("base") == ".cache/quillmere-model"
    assert settings == trained
