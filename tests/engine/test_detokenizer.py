"""IncrementalDetokenizer: deltas joined == a full decode, cut before the first stop string."""

from __future__ import annotations

import itertools
import json
import tracemalloc
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tokenizers import Tokenizer as Backend
from tokenizers import decoders, models, pre_tokenizers, trainers

from gptship.engine.detokenizer import IncrementalDetokenizer, StopStrings
from gptship.model.tokenizer import Tokenizer
from gptship.sampling import SamplingParams
from tests.tiny_tokenizer import TINY_VOCAB_SIZE, save_tiny_tokenizer

NON_ASCII = "café 日本 🎉 naïve"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Tokenizer:
    path = tmp_path_factory.mktemp("tiny")
    save_tiny_tokenizer(path)
    return Tokenizer.from_dir(path)


@pytest.fixture(scope="module")
def meta(tmp_path_factory: pytest.TempPathFactory) -> Tokenizer:
    """SentencePiece-style: "▁" for spaces, the first token's leading space stripped on
    decode, and <0xNN> byte tokens for characters outside the vocabulary."""
    backend = Backend(models.BPE(unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Metaspace(prepend_scheme="always")
    backend.decoder = decoders.Sequence(
        [decoders.ByteFallback(), decoders.Metaspace(prepend_scheme="always")]
    )
    corpus = ["Hello world, the quick brown fox.", "the user says hello to the world"]
    trainer = trainers.BpeTrainer(
        vocab_size=80, special_tokens=["<unk>", "<s>", "</s>"], show_progress=False
    )
    backend.train_from_iterator(corpus, trainer)
    data = json.loads(backend.to_str())
    vocab = data["model"]["vocab"]
    vocab.update({f"<0x{b:02X}>": len(vocab) + b for b in range(256)})
    data["model"]["byte_fallback"] = True
    path = tmp_path_factory.mktemp("meta")
    (path / "tokenizer.json").write_text(json.dumps(data), encoding="utf-8")
    return Tokenizer.from_dir(path)


def run(
    tok: Tokenizer,
    chunks: Sequence[Sequence[int]],
    prompt: Sequence[int] = (),
    **params: Any,
) -> tuple[list[str], IncrementalDetokenizer]:
    """Feed `chunks` one step each, then finish(); return every delta (finish's last)."""
    detok = IncrementalDetokenizer(tok, prompt, SamplingParams(max_tokens=10_000, **params))
    deltas, count = [], 0
    for chunk in chunks:
        count += len(chunk)
        deltas.append(detok.step(chunk, count))
    deltas.append(detok.finish())
    return deltas, detok


def pieces(tok: Tokenizer, *texts: str) -> list[list[int]]:
    """One step per piece of text, so crafted tests know exactly what each step adds."""
    return [tok.encode(text, add_special_tokens=False) for text in texts]


def ones(ids: Sequence[int]) -> list[list[int]]:
    return [[i] for i in ids]


def first_stop(text: str, stops: Sequence[str]) -> tuple[str, str | None]:
    """The oracle: cut before the stop that completes first (then the one starting first)."""
    found = [(text.find(s) + len(s), text.find(s), s) for s in stops if s in text]
    if not found:
        return text, None
    _, start, stop = min(found)
    return text[:start], stop


# -- UTF-8 and leading spaces -------------------------------------------------------------


def test_split_characters_are_held_until_complete(tiny: Tokenizer) -> None:
    ids = tiny.encode(NON_ASCII, add_special_tokens=False)
    assert any(tiny.decode([i]).endswith("\ufffd") for i in ids)  # bytes really do split
    deltas, detok = run(tiny, ones(ids))
    assert "".join(deltas) == NON_ASCII == detok.text
    assert not any("\ufffd" in d for d in deltas)
    assert "" in deltas[:-1]  # some steps held their bytes back


def test_incomplete_character_at_finish_is_what_decode_gives(tiny: Tokenizer) -> None:
    ids = tiny.encode("ok 日", add_special_tokens=False)[:-1]
    deltas, _ = run(tiny, ones(ids))
    assert deltas[-1].endswith("\ufffd")
    assert "\ufffd" not in "".join(deltas[:-1])
    assert "".join(deltas) == tiny.decode(ids)


def test_prompt_ending_mid_character_does_not_shift_the_output(tiny: Tokenizer) -> None:
    ids = tiny.encode("x日本", add_special_tokens=False)
    prompt, output = ids[:2], ids[2:]  # the prompt ends inside "日"
    assert tiny.decode(prompt).endswith("\ufffd")
    deltas, _ = run(tiny, ones(output), prompt)
    assert "".join(deltas) == tiny.decode(output)


def test_metaspace_first_output_token_keeps_its_space(meta: Tokenizer) -> None:
    prompt = meta.encode("Hello", add_special_tokens=False)
    output = meta.encode("world, the fox", add_special_tokens=False)
    assert meta.decode(output[:1]).startswith("w")  # decoding alone strips the space
    deltas, _ = run(meta, ones(output), prompt)
    assert deltas[0].startswith(" w")
    assert "".join(deltas) == " world, the fox"
    # with no prompt there is nothing before it, and the space goes, as in a full decode
    deltas, _ = run(meta, ones(output))
    assert "".join(deltas) == "world, the fox" == meta.decode(output)


def test_metaspace_byte_fallback_characters(meta: Tokenizer) -> None:
    prompt = meta.encode("Hello", add_special_tokens=False)
    output = meta.encode(NON_ASCII, add_special_tokens=False)
    assert any((meta._backend.id_to_token(i) or "").startswith("<0x") for i in output)
    deltas, _ = run(meta, ones(output), prompt)
    assert "".join(deltas) == " " + NON_ASCII
    assert not any("\ufffd" in d for d in deltas)


def test_window_stays_small(tiny: Tokenizer, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = tiny.encode(
        "The quick brown fox jumps over the lazy dog. " * 40, add_special_tokens=False
    )
    lengths: list[int] = []
    decode = tiny.decode

    def spy(ids: Sequence[int], skip_special_tokens: bool = True) -> str:
        lengths.append(len(ids))
        return decode(ids, skip_special_tokens)

    monkeypatch.setattr(tiny, "decode", spy)
    deltas, _ = run(tiny, ones(ids), prompt=ids[:50], stop=("never seen",))
    assert "".join(deltas) == decode(ids)
    assert max(lengths) <= 7


# -- stop strings ---------------------------------------------------------------------------


def test_stop_string_spanning_steps(tiny: Tokenizer) -> None:
    steps = pieces(tiny, "Hello", "\n", "User", ":", " hi")
    deltas, detok = run(tiny, steps, stop=("\nUser:",))
    assert deltas == ["Hello", "", "", "", "", ""]
    assert detok.stopped and detok.stop_string == "\nUser:"
    assert detok.text == "Hello"


def test_stop_string_inside_one_step(tiny: Tokenizer) -> None:
    steps = pieces(tiny, "Hi", " there\nUser: more", "!")
    deltas, detok = run(tiny, steps, stop=("\nUser:",))
    assert deltas == ["Hi", " there", "", ""]
    assert detok.stop_string == "\nUser:"


def test_held_prefix_is_released_when_it_cannot_be_a_stop(tiny: Tokenizer) -> None:
    steps = pieces(tiny, "a\n", "Us", "ed", " it")
    deltas, detok = run(tiny, steps, stop=("\nUser:",))
    assert deltas == ["a", "", "\nUsed", " it", ""]
    assert not detok.stopped


def test_stop_at_the_very_start(tiny: Tokenizer) -> None:
    deltas, detok = run(tiny, pieces(tiny, "User", ": hello"), stop=("User",))
    assert deltas == ["", "", ""]
    assert detok.stop_string == "User" and detok.text == ""


def test_earliest_stop_in_the_text_wins(tiny: Tokenizer) -> None:
    for stops in (("world", "lo"), ("lo", "world")):
        deltas, detok = run(tiny, pieces(tiny, "Hello world"), stop=stops)
        assert deltas == ["Hel", ""]
        assert detok.stop_string == "lo"


def test_overlapping_stops_the_one_completed_first_wins(tiny: Tokenizer) -> None:
    # "bc" is complete before "abcd" is, so a stream stops there whatever the chunking.
    for steps in (pieces(tiny, "xabcd"), pieces(tiny, "xa", "bc", "d")):
        deltas, detok = run(tiny, steps, stop=("abcd", "bc"))
        assert "".join(deltas) == "xa"
        assert detok.stop_string == "bc"


def test_partial_stop_at_the_end_is_flushed_by_finish(tiny: Tokenizer) -> None:
    deltas, detok = run(tiny, pieces(tiny, "Done.", "\nUs"), stop=("\nUser:",))
    assert deltas == ["Done.", "", "\nUs"]
    assert not detok.stopped and detok.text == "Done.\nUs"


def test_nothing_after_a_stop(tiny: Tokenizer) -> None:
    detok = IncrementalDetokenizer(tiny, [], SamplingParams(stop=("end",)))
    assert detok.step(tiny.encode("the end", add_special_tokens=False), 3) == "the "
    assert detok.step(tiny.encode(" more", add_special_tokens=False), 5) == ""
    assert detok.finish() == ""
    assert detok.text == "the "


def test_stop_strings_are_ignored_before_min_tokens(tiny: Tokenizer) -> None:
    steps = pieces(tiny, "a", "b", "a", "b")
    deltas, detok = run(tiny, steps, stop=("a",), min_tokens=3)
    assert deltas == ["a", "b", "", "", ""]
    assert detok.stop_string == "a" and detok.text == "ab"
    deltas, detok = run(tiny, pieces(tiny, "a", "b"), stop=("a",), min_tokens=3)
    assert "".join(deltas) == "ab" and not detok.stopped


def test_stop_is_not_matched_in_the_prompt(tiny: Tokenizer) -> None:
    prompt = tiny.encode("User: hi\nAssistant:", add_special_tokens=False)
    deltas, detok = run(tiny, pieces(tiny, " ok"), prompt, stop=("Assistant:",))
    assert "".join(deltas) == " ok" and not detok.stopped


def test_special_tokens_follow_skip_special_tokens(tiny: Tokenizer) -> None:
    ids = [*tiny.encode("Hi", add_special_tokens=False), 1]  # 1 is <|eos|>
    assert "".join(run(tiny, ones(ids))[0]) == "Hi"
    text = "".join(run(tiny, ones(ids), skip_special_tokens=False)[0])
    assert text == "Hi<|eos|>"


# -- the invariant, over random tokens ------------------------------------------------------


@st.composite
def chunked(draw: st.DrawFn, ids: list[int]) -> list[list[int]]:
    """Split `ids` into steps of 1 to 3 tokens (as speculative decoding may give)."""
    out, i = [], 0
    while i < len(ids):
        n = draw(st.integers(1, 3))
        out.append(ids[i : i + n])
        i += n
    return out


def stop_strings(text: str) -> st.SearchStrategy[tuple[str, ...]]:
    pieces_of_text = [
        text[i:j] for i in range(len(text)) for j in range(i + 1, min(i + 6, len(text)) + 1)
    ]
    invented = st.text(alphabet="ab \n日é\ufffd", min_size=1, max_size=4)
    source = st.one_of(st.sampled_from(pieces_of_text), invented) if pieces_of_text else invented
    return st.lists(source, max_size=3).map(tuple)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prompt=st.lists(st.integers(0, TINY_VOCAB_SIZE - 1), max_size=8),
    output=st.lists(st.integers(0, TINY_VOCAB_SIZE - 1), max_size=24),
    skip=st.booleans(),
    data=st.data(),
)
def test_byte_level_deltas_equal_full_decode(
    tiny: Tokenizer, prompt: list[int], output: list[int], skip: bool, data: st.DataObject
) -> None:
    expected = tiny.decode(output, skip_special_tokens=skip)
    stops = data.draw(stop_strings(expected), label="stop")
    steps = data.draw(chunked(output), label="steps")
    deltas, detok = run(tiny, steps, prompt, stop=stops, skip_special_tokens=skip)
    want, stop = first_stop(expected, stops)
    assert "".join(deltas) == want == detok.text
    assert detok.stop_string == stop
    assert not any(s in delta for s in stops for delta in deltas)


def meta_output(meta: Tokenizer) -> st.SearchStrategy[list[int]]:
    """Random tokens, with byte tokens only in whole characters: a byte-fallback decoder
    rejects an invalid run as a whole (see the module docstring of detokenizer)."""
    first_byte = meta.vocab_size - 256  # <0x00>; the byte tokens were added last
    word = st.integers(0, first_byte - 1).map(lambda i: [i])
    char = st.characters(codec="utf-8").map(lambda c: [first_byte + b for b in c.encode()])
    return st.lists(st.one_of(word, char), max_size=16).map(lambda p: [i for t in p for i in t])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A prompt ending in U+FFFD looks like one ending inside a character: it gets no context.
# Lone surrogates (category Cs) encode as U+FFFD, so they are left out too.
@given(
    prompt_text=st.text(
        st.characters(exclude_characters="\ufffd", exclude_categories=("Cs",)), max_size=8
    ),
    skip=st.booleans(),
    data=st.data(),
)
def test_metaspace_deltas_equal_the_text_after_the_prompt(
    meta: Tokenizer, prompt_text: str, skip: bool, data: st.DataObject
) -> None:
    prompt = meta.encode(prompt_text, add_special_tokens=False)
    output = data.draw(meta_output(meta), label="output")
    # What follows the prompt in a decode of prompt + output: the first space kept.
    full = meta.decode(prompt + output, skip_special_tokens=skip)
    expected = full[len(meta.decode(prompt, skip_special_tokens=skip)) :]
    stops = data.draw(stop_strings(expected), label="stop")
    steps = data.draw(chunked(output), label="steps")
    deltas, detok = run(meta, steps, prompt, stop=stops, skip_special_tokens=skip)
    want, stop = first_stop(expected, stops)
    assert "".join(deltas) == want == detok.text
    assert detok.stop_string == stop


# -- stop matching: a KMP automaton, linear in the text -----------------------------------


def held_reference(text: str, stops: Sequence[str]) -> int:
    """The oracle: the longest suffix of `text` that is a proper prefix of a stop string."""
    prefixes = (s[:n] for s in stops for n in range(1, len(s)))
    return max((len(p) for p in prefixes if text.endswith(p)), default=0)


@settings(max_examples=500, deadline=None)
@given(
    stops=st.lists(st.text(alphabet="ab", min_size=1, max_size=6), min_size=1, max_size=4),
    text=st.text(alphabet="abc", max_size=40),
    cuts=st.lists(st.integers(0, 40), max_size=8),
)
def test_stop_matcher_agrees_with_brute_force(stops: list[str], text: str, cuts: list[int]) -> None:
    """Over any chunking: the first stop completed (the longest where several end at once)
    and, until then, the suffix held back, as a brute-force search finds them."""
    matcher = StopStrings(stops)
    matched, seen, found = matcher.start(), "", None
    bounds = sorted({0, len(text), *(c for c in cuts if c < len(text))})
    for start, end in itertools.pairwise(bounds):
        hit = matcher.feed(matched, text[start:end])
        if hit is not None:
            found = (len(seen) + hit[0] - len(hit[1]), hit[1])
            break
        seen += text[start:end]
        assert max(matched) == held_reference(seen, stops)
    want, stop = first_stop(text, stops)
    assert found == (None if stop is None else (len(want), stop))


@pytest.mark.parametrize("length", [1_000, 100_000])
def test_a_long_stop_string_costs_memory_linear_in_its_length(tiny: Tokenizer, length: int) -> None:
    """Held text that is a prefix of a stop string of `length` characters, then the
    character that breaks it: memory is a few bytes a character (the old per-prefix sets
    took length^2 / 2: 5 GB for 100,000 characters). No wall-clock assertion: the matcher
    moves each of its counters at most twice per character of text."""
    stop = ("ab" * length)[:length]
    ids = tiny.encode(stop[:-1] + "c", add_special_tokens=False)
    steps = [ids[i : i + 3] for i in range(0, len(ids), 3)]
    params = SamplingParams(max_tokens=len(ids), stop=(stop,))  # the engine's limits bypassed
    tracemalloc.start()
    try:
        detok = IncrementalDetokenizer(tiny, [], params)
        deltas = [detok.step(chunk, 1) for chunk in steps]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert deltas[-1] == stop[:-1] + "c" and "".join(deltas[:-1]) == ""  # all held, then out
    assert peak < 100 * length + 200_000, f"{peak} bytes for a stop of {length} characters"
