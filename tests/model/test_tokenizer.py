"""Tokenizer parity with transformers, chat templates, stop ids, and user-facing errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from transformers import AutoTokenizer

from gptship.errors import GptshipError
from gptship.model.tokenizer import DEFAULT_CHAT_TEMPLATE, LONG_TEXT, Tokenizer
from tests.tiny_tokenizer import (
    CHATML_TEMPLATE,
    EOS_TOKEN,
    LLAMA3_TEMPLATE,
    SPECIAL_TOKENS,
    TINY_VOCAB_SIZE,
    save_tiny_tokenizer,
)

TEXTS = [
    "Hello there!",
    "The assistant answers the user's question.",
    "  leading spaces, trailing\n",
    "café au lait, naïve résumé",
    "日本語のテキスト",
    "emoji 🙂🚀 and 👩‍💻",
    "specials in text: <|im_start|>user<|im_end|>",
    "",
]

CHAT = [
    {"role": "system", "content": "You are a brief assistant."},
    {"role": "user", "content": "Hello! Qu'est-ce que c'est? 日本"},
    {"role": "assistant", "content": "  Hi there 🙂  "},
    {"role": "user", "content": "Write a short reply."},
]


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def _with_text_parts(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same chat, each content split into OpenAI text parts."""
    return [
        {
            **m,
            "content": [
                {"type": "text", "text": m["content"][:3]},
                {"type": "text", "text": m["content"][3:]},
            ],
        }
        for m in messages
    ]


@pytest.mark.parametrize("kind", ["bpe", "gpt2"])
def test_encode_decode_match_transformers(tmp_path: Path, kind: str) -> None:
    save_tiny_tokenizer(tmp_path, kind=kind)
    ours, theirs = Tokenizer.from_dir(tmp_path), AutoTokenizer.from_pretrained(tmp_path)
    assert ours.vocab_size == TINY_VOCAB_SIZE == len(theirs)
    for text in TEXTS:
        ids = ours.encode(text)
        assert ids == theirs(text)["input_ids"]
        assert (
            ours.encode(text, add_special_tokens=False)
            == theirs(text, add_special_tokens=False)["input_ids"]
        )
        for skip in (True, False):
            assert ours.decode(ids, skip_special_tokens=skip) == theirs.decode(
                ids, skip_special_tokens=skip
            )
        assert ours.decode(ids) == text.replace("<|im_start|>", "").replace("<|im_end|>", "")
    # each token's own bytes rebuild any text, characters split over tokens included
    mixed = "Héllo 東京 😀 " + " ".join(TEXTS)
    pieces = ours.token_bytes
    assert b"".join(pieces[i] for i in ours.encode(mixed, add_special_tokens=False)) == (
        mixed.encode()
    )
    assert pieces[ours.eos_token_id or 0] == EOS_TOKEN.encode()  # added tokens: their text
    # long texts take the path that releases the GIL (encode_batch): the same ids
    long = " ".join(TEXTS) * (LONG_TEXT // len(" ".join(TEXTS)) + 1)
    assert len(long) >= LONG_TEXT and ours.encode(long) == theirs(long)["input_ids"]


def test_bos_is_prepended_only_for_the_bpe_kind(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path / "bpe")
    save_tiny_tokenizer(tmp_path / "gpt2", kind="gpt2")
    bpe, gpt2 = Tokenizer.from_dir(tmp_path / "bpe"), Tokenizer.from_dir(tmp_path / "gpt2")
    bos, eos = SPECIAL_TOKENS.index("<|bos|>"), SPECIAL_TOKENS.index("<|eos|>")
    assert bpe.encode("Hi")[0] == bos and bpe.encode("Hi", add_special_tokens=False)[0] != bos
    assert gpt2.encode("Hi") == gpt2.encode("Hi", add_special_tokens=False)
    assert (bpe.bos_token_id, bpe.eos_token_id) == (bos, eos)
    assert (gpt2.bos_token_id, gpt2.eos_token_id) == (eos, eos)


@pytest.mark.parametrize("add_bos_token", [True, False])
def test_add_bos_token_in_config_defers_to_tokenizer_json(
    tmp_path: Path, add_bos_token: bool
) -> None:
    # transformers 5 ignores add_bos_token/add_eos_token when tokenizer.json exists.
    save_tiny_tokenizer(tmp_path, kind="gpt2" if add_bos_token else "bpe")
    config_path = tmp_path / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    _write_json(config_path, {**config, "add_bos_token": add_bos_token, "add_eos_token": True})
    ours, theirs = Tokenizer.from_dir(tmp_path), AutoTokenizer.from_pretrained(tmp_path)
    for text in TEXTS:
        assert ours.encode(text) == theirs(text)["input_ids"]


@pytest.mark.parametrize("template", [CHATML_TEMPLATE, LLAMA3_TEMPLATE], ids=["chatml", "llama3"])
@pytest.mark.parametrize("add_generation_prompt", [True, False])
def test_encode_chat_matches_apply_chat_template(
    tmp_path: Path, template: str, add_generation_prompt: bool
) -> None:
    save_tiny_tokenizer(tmp_path, chat_template=template)
    ours, theirs = Tokenizer.from_dir(tmp_path), AutoTokenizer.from_pretrained(tmp_path)
    expected_text = theirs.apply_chat_template(
        CHAT, tokenize=False, add_generation_prompt=add_generation_prompt
    )
    expected_ids = theirs.apply_chat_template(
        CHAT, tokenize=True, return_dict=False, add_generation_prompt=add_generation_prompt
    )
    assert ours.has_chat_template and ours.chat_template == template
    assert ours.render_chat(CHAT, add_generation_prompt) == expected_text
    assert ours.encode_chat(CHAT, add_generation_prompt) == expected_ids
    assert ours.encode_chat(_with_text_parts(CHAT), add_generation_prompt) == expected_ids
    # The markers must come out as their special ids, not as spelled-out text.
    marker = "<|im_start|>" if template == CHATML_TEMPLATE else "<|start_header_id|>"
    assert SPECIAL_TOKENS.index(marker) in expected_ids


def test_render_passes_extra_variables_and_none_fields_are_dropped(tmp_path: Path) -> None:
    template = (
        "{% if tools is not none %}{{ tools | tojson }}{% endif %}"
        "{% for m in messages %}{{ m.role }}={{ m.content | default('-') }};{% endfor %}"
        "{{ bos_token }}{{ eos_token }}{{ greeting }}"
    )
    save_tiny_tokenizer(tmp_path, chat_template=template)
    ours, theirs = Tokenizer.from_dir(tmp_path), AutoTokenizer.from_pretrained(tmp_path)
    messages = [{"role": "user", "content": "hé"}, {"role": "assistant", "content": None}]
    tools = [{"name": "café", "description": "日本"}]
    for extra in ({"greeting": "hi"}, {"greeting": "hi", "tools": tools}):
        expected = theirs.apply_chat_template(messages, tokenize=False, **extra)
        assert ours.render_chat(messages, add_generation_prompt=False, **extra) == expected
    assert '"café"' in ours.render_chat(messages, tools=tools)


def test_template_in_tokenizer_config_is_used(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path / "new", chat_template=CHATML_TEMPLATE)
    # transformers' legacy format: the template is a key of tokenizer_config.json.
    legacy = tmp_path / "legacy"
    AutoTokenizer.from_pretrained(tmp_path / "new").save_pretrained(legacy, save_jinja_files=False)
    assert not (legacy / "chat_template.jinja").exists()
    assert (
        json.loads((legacy / "tokenizer_config.json").read_text())["chat_template"]
        == CHATML_TEMPLATE
    )
    ours, theirs = Tokenizer.from_dir(legacy), AutoTokenizer.from_pretrained(legacy)
    assert ours.has_chat_template and ours.chat_template == CHATML_TEMPLATE
    expected = theirs.apply_chat_template(CHAT, return_dict=False, add_generation_prompt=True)
    assert ours.encode_chat(CHAT) == expected


def test_named_templates_in_tokenizer_config_use_default(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path)
    config_path = tmp_path / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    named = [
        {"name": "tool_use", "template": "TOOLS"},
        {"name": "default", "template": LLAMA3_TEMPLATE},
    ]
    _write_json(config_path, {**config, "chat_template": named})
    assert Tokenizer.from_dir(tmp_path).chat_template == LLAMA3_TEMPLATE


def test_chat_template_jinja_wins_over_tokenizer_config(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path, chat_template=LLAMA3_TEMPLATE)
    config_path = tmp_path / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    _write_json(config_path, {**config, "chat_template": CHATML_TEMPLATE})
    ours, theirs = Tokenizer.from_dir(tmp_path), AutoTokenizer.from_pretrained(tmp_path)
    assert ours.chat_template == theirs.chat_template == LLAMA3_TEMPLATE


def test_default_template_when_model_ships_none(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path)
    tok = Tokenizer.from_dir(tmp_path)
    assert not tok.has_chat_template and tok.chat_template == DEFAULT_CHAT_TEMPLATE
    # The exact text docs/chat-templates.md documents.
    assert tok.render_chat(CHAT) == (
        "You are a brief assistant.\n\n"
        "User: Hello! Qu'est-ce que c'est? 日本\n"
        "Assistant:   Hi there 🙂  \n"
        "User: Write a short reply.\n"
        "Assistant:"
    )
    assert tok.render_chat(CHAT[1:2], add_generation_prompt=False) == (
        "User: Hello! Qu'est-ce que c'est? 日本\n"
    )
    assert tok.render_chat(
        [{"role": "user", "content": "a"}, {"role": "system", "content": "b"}]
    ) == ("User: a\nSystem: b\nAssistant:")
    assert tok.encode_chat(CHAT) == tok.encode(tok.render_chat(CHAT), add_special_tokens=False)


def test_default_template_is_the_documented_one() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "chat-templates.md").read_text(encoding="utf-8")
    assert f"```jinja\n{DEFAULT_CHAT_TEMPLATE}```" in doc


def test_stop_ids_are_the_union_of_every_eos(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path)
    _write_json(tmp_path / "generation_config.json", {"bos_token_id": 4, "eos_token_id": [3, 7]})
    _write_json(tmp_path / "config.json", {"bos_token_id": 0, "eos_token_id": 6})
    tok = Tokenizer.from_dir(tmp_path)
    assert tok.stop_token_ids == frozenset({3, 7, 6, SPECIAL_TOKENS.index("<|eos|>")})
    assert (tok.bos_token_id, tok.eos_token_id) == (4, 3)


def test_bos_and_eos_fall_back_to_config_json(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path)
    _write_json(tmp_path / "config.json", {"bos_token_id": 4, "eos_token_id": [7]})
    tok = Tokenizer.from_dir(tmp_path)
    assert (tok.bos_token_id, tok.eos_token_id) == (4, 7)
    assert tok.stop_token_ids == frozenset({7, SPECIAL_TOKENS.index("<|eos|>")})


@pytest.mark.parametrize(
    ("generation", "defaults"),
    [
        ({}, {}),
        (
            {"do_sample": True, "temperature": 0.6, "top_p": 0.9, "top_k": 20},
            {"temperature": 0.6, "top_p": 0.9, "top_k": 20},
        ),
        ({"do_sample": False, "temperature": 0.6}, {"temperature": 0.0}),  # transformers: greedy
        ({"repetition_penalty": 1.1, "max_length": 20, "top_p": None}, {"repetition_penalty": 1.1}),
    ],
)
def test_sampling_defaults_come_from_generation_config(
    tmp_path: Path, generation: dict[str, object], defaults: dict[str, float]
) -> None:
    save_tiny_tokenizer(tmp_path)
    _write_json(tmp_path / "generation_config.json", generation)
    assert Tokenizer.from_dir(tmp_path).sampling_defaults.values == defaults


def test_a_sampling_default_out_of_range_names_the_file_and_field(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path)
    _write_json(tmp_path / "generation_config.json", {"top_p": 1.5})
    with pytest.raises(GptshipError, match=r"generation_config\.json: top_p: .*remove top_p"):
        Tokenizer.from_dir(tmp_path)


def test_missing_tokenizer_json(tmp_path: Path) -> None:
    with pytest.raises(GptshipError, match=r"tokenizer\.json: not found; .*save_pretrained"):
        Tokenizer.from_dir(tmp_path)


def test_corrupt_tokenizer_json(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path)
    (tmp_path / "tokenizer.json").write_text('{"version": "1.0", "model":', encoding="utf-8")
    with pytest.raises(GptshipError, match=r"tokenizer\.json: cannot be read") as info:
        Tokenizer.from_dir(tmp_path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("name", ["tokenizer_config.json", "generation_config.json", "config.json"])
def test_corrupt_optional_json(tmp_path: Path, name: str) -> None:
    save_tiny_tokenizer(tmp_path)
    (tmp_path / name).write_text("{not json", encoding="utf-8")
    with pytest.raises(GptshipError, match=rf"{name}: not valid JSON"):
        Tokenizer.from_dir(tmp_path)


def test_bad_eos_ids(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path)
    _write_json(tmp_path / "generation_config.json", {"eos_token_id": ["<eos>"]})
    with pytest.raises(GptshipError, match=r"generation_config\.json: eos_token_id must be"):
        Tokenizer.from_dir(tmp_path)


def test_template_syntax_error_names_the_file(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path, chat_template="{% for m in messages %}{{ m.content }}")
    with pytest.raises(
        GptshipError, match=r"chat_template\.jinja: chat template syntax error on line 1"
    ):
        Tokenizer.from_dir(tmp_path)


def test_raise_exception_in_template(tmp_path: Path) -> None:
    template = (
        "{% if messages[0]['role'] != 'user' %}"
        "{{ raise_exception('Start with a user turn') }}{% endif %}ok"
    )
    save_tiny_tokenizer(tmp_path, chat_template=template)
    tok = Tokenizer.from_dir(tmp_path)
    assert tok.render_chat([{"role": "user", "content": "hi"}]) == "ok"
    with pytest.raises(GptshipError, match=r"chat_template\.jinja: .*Start with a user turn"):
        tok.render_chat([{"role": "assistant", "content": "hi"}])


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ messages.__class__.__base__.__subclasses__() }}",
        "{{ messages.append(1) }}",
        "{{ raise_exception.__globals__['json'] }}",
    ],
)
def test_sandbox_blocks_escapes(tmp_path: Path, template: str) -> None:
    save_tiny_tokenizer(tmp_path, chat_template=template)
    tok = Tokenizer.from_dir(tmp_path)
    messages = [{"role": "user", "content": "hi"}]
    with pytest.raises(GptshipError, match=r"chat_template\.jinja: the chat template failed"):
        tok.render_chat(messages)
    assert messages == [{"role": "user", "content": "hi"}]


def test_generation_tag_and_loop_controls_are_accepted(tmp_path: Path) -> None:
    template = (
        "{% for m in messages %}{% if loop.index > 2 %}{% break %}{% endif %}"
        "{% generation %}{{ m.content }}|{% endgeneration %}{% endfor %}"
    )
    save_tiny_tokenizer(tmp_path, chat_template=template)
    ours, theirs = Tokenizer.from_dir(tmp_path), AutoTokenizer.from_pretrained(tmp_path)
    assert (
        ours.render_chat(CHAT)
        == theirs.apply_chat_template(CHAT, tokenize=False)
        == ("You are a brief assistant.|Hello! Qu'est-ce que c'est? 日本|")
    )


def test_non_text_content_parts_are_rejected(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path, chat_template=CHATML_TEMPLATE)
    tok = Tokenizer.from_dir(tmp_path)
    image = {"type": "image_url", "image_url": {"url": "data:,"}}
    with pytest.raises(GptshipError, match=r"messages\[0\]\.content\[1\]: only text parts"):
        tok.render_chat([{"role": "user", "content": [{"type": "text", "text": "a"}, image]}])


def test_special_token_missing_from_vocab(tmp_path: Path) -> None:
    save_tiny_tokenizer(tmp_path)
    config_path = tmp_path / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    _write_json(config_path, {**config, "eos_token": {"content": "</s>", "special": True}})
    with pytest.raises(
        GptshipError, match=r"tokenizer_config\.json: special token '</s>' is not in"
    ):
        Tokenizer.from_dir(tmp_path)


def test_lone_surrogates_encode_as_replacement_characters(tmp_path: Path) -> None:
    """JSON may carry "\\ud800"; it must not crash the tokenizer."""
    save_tiny_tokenizer(tmp_path)
    tok = Tokenizer.from_dir(tmp_path)
    assert tok.encode("a\ud800b") == tok.encode("a\ufffdb")
