"""A model directory's tokenizer and chat template, matching transformers without importing it.

tokenizer.json's own post-processor decides whether bos is added (transformers 5 ignores
tokenizer_config's add_bos_token when tokenizer.json exists). Chat templates ship with models
and are untrusted code, so they are rendered in Jinja's sandbox.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import jinja2
import tokenizers
from jinja2 import nodes
from jinja2.ext import Extension, loopcontrols
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from gptship.errors import GptshipError
from gptship.model.generation_config import SamplingDefaults

# Used when a model ships no template. Plain text, so it works with any vocabulary; servers
# should stop on "\nUser:" for such models. docs/chat-templates.md shows this text exactly.
# characters from which encoding runs without the GIL (see Tokenizer._encode)
LONG_TEXT = 16_384

DEFAULT_CHAT_TEMPLATE = r"""{% for message in messages %}
{% if loop.first and message['role'] == 'system' %}
{{- message['content'] ~ '\n\n' -}}
{% else %}
{{- (message['role'] | capitalize) ~ ': ' ~ message['content'] ~ '\n' -}}
{% endif %}
{% endfor %}
{% if add_generation_prompt %}
{{- 'Assistant:' -}}
{% endif %}
"""


class Tokenizer:
    """Encode, decode and render chats for one model directory.

    Attributes: `vocab_size` counts added tokens; `eos_token_id` is the primary eos and
    `stop_token_ids` every id that ends generation; `chat_template` is the model's own
    template (`has_chat_template`) or DEFAULT_CHAT_TEMPLATE; `sampling_defaults`, what the
    model's generation_config.json sets for requests that leave those fields out.
    """

    def __init__(
        self,
        backend: tokenizers.Tokenizer,
        *,
        special_tokens: dict[str, str],
        bos_token_id: int | None,
        eos_ids: list[int],
        template: str | None,
        template_source: str,
        sampling_defaults: SamplingDefaults | None = None,
    ) -> None:
        self._backend = backend
        self.sampling_defaults = sampling_defaults or SamplingDefaults()
        self._special_tokens = special_tokens  # {"bos_token": "<s>", ...} as templates see them
        self.vocab_size: int = backend.get_vocab_size(with_added_tokens=True)
        self.bos_token_id = bos_token_id
        self.eos_token_id = eos_ids[0] if eos_ids else None
        self.stop_token_ids = frozenset(eos_ids)
        self.has_chat_template = template is not None
        self.chat_template = DEFAULT_CHAT_TEMPLATE if template is None else template
        self._template_source = template_source
        self._template = _compile(self.chat_template, template_source)

    @classmethod
    def from_dir(cls, model_dir: str | Path) -> Tokenizer:
        model_dir = Path(model_dir)
        backend = _load_backend(model_dir / "tokenizer.json")
        tok_config = _read_json(model_dir / "tokenizer_config.json")
        gen_path = model_dir / "generation_config.json"
        gen_config = _read_json(gen_path)
        model_config = _read_json(model_dir / "config.json")

        special_tokens = {
            key: token
            for key in ("bos_token", "eos_token")
            if (token := _token_text(tok_config, key))
        }
        config_path = model_dir / "tokenizer_config.json"
        bos_id = _token_id(backend, special_tokens.get("bos_token"), config_path)
        eos_id = _token_id(backend, special_tokens.get("eos_token"), config_path)

        gen_eos = _ids(gen_config, "eos_token_id", gen_path)
        model_eos = _ids(model_config, "eos_token_id", model_dir / "config.json")
        tok_eos = [] if eos_id is None else [eos_id]
        bos_ids = (
            _ids(gen_config, "bos_token_id", gen_path)
            or _ids(model_config, "bos_token_id", model_dir / "config.json")
            or ([] if bos_id is None else [bos_id])
        )
        template, source = _find_template(model_dir, tok_config)
        return cls(
            backend,
            special_tokens=special_tokens,
            bos_token_id=bos_ids[0] if bos_ids else None,
            # Ordered as for bos, so the primary eos is what generation was configured with.
            eos_ids=gen_eos + model_eos + tok_eos,
            template=template,
            template_source=source,
            sampling_defaults=SamplingDefaults.read(gen_config, gen_path),
        )

    @functools.cached_property
    def token_bytes(self) -> tuple[bytes, ...]:
        """The bytes of text each token id stands for, so that a character split over two
        tokens (which decode as U+FFFD each) is split over their bytes. Byte-level BPE (GPT-2,
        Llama 3, Qwen) maps each byte to a printable character; SentencePiece-style
        vocabularies spell bytes <0xNN> and spaces U+2581; added tokens are their text."""
        backend = self._backend
        decoder = backend.decoder
        byte_level = decoder is not None and b'"ByteLevel"' in decoder.__getstate__()
        unmap = {c: b for b, c in _byte_level_chars().items()}
        out = [b""] * backend.get_vocab_size(with_added_tokens=True)
        added = backend.get_added_tokens_decoder()
        for token, i in backend.get_vocab(with_added_tokens=True).items():
            if i in added:
                out[i] = added[i].content.encode()
            elif byte_level and all(c in unmap for c in token):
                out[i] = bytes(unmap[c] for c in token)
            elif re.fullmatch(r"<0x[0-9A-Fa-f]{2}>", token):
                out[i] = bytes([int(token[3:5], 16)])
            else:
                out[i] = token.replace("\u2581", " ").encode()
        return tuple(out)

    @property
    def backend(self) -> tokenizers.Tokenizer:
        """The `tokenizers` object itself, for what needs its vocabulary (grammars)."""
        return self._backend

    def encode(self, text: str, add_special_tokens: bool = True) -> list[int]:
        try:
            encoding = self._encode(text, add_special_tokens)
        except TypeError:
            # a lone surrogate (valid JSON "\ud800", invalid Unicode) becomes U+FFFD
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            encoding = self._encode(text, add_special_tokens)
        ids: list[int] = encoding.ids
        return ids

    def _encode(self, text: str, add_special_tokens: bool) -> tokenizers.Encoding:
        # tokenizers' encode holds the GIL (a 1 MB prompt: ~0.7 s in which the engine thread
        # cannot step); encode_batch releases it, for a little overhead on short texts
        if len(text) < LONG_TEXT:
            return self._backend.encode(text, add_special_tokens=add_special_tokens)
        return self._backend.encode_batch([text], add_special_tokens=add_special_tokens)[0]

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = True) -> str:
        # transformers skips clean_up_tokenization_spaces for BPE models, so plain decode matches.
        text: str = self._backend.decode(list(ids), skip_special_tokens=skip_special_tokens)
        return text

    def render_chat(
        self, messages: list[dict[str, Any]], add_generation_prompt: bool = True, **extra: Any
    ) -> str:
        # tools/documents default to None, not undefined, as transformers passes them.
        variables = {"tools": None, "documents": None, **self._special_tokens, **extra}
        variables["messages"] = _normalise_messages(messages)
        variables["add_generation_prompt"] = add_generation_prompt
        try:
            return self._template.render(variables)
        except GptshipError:
            raise
        except (jinja2.TemplateError, TypeError, ValueError, LookupError, ArithmeticError) as e:
            # The template's own code failed (or tried to leave the sandbox): a template bug.
            raise GptshipError(
                f"{self._template_source}: the chat template failed on these messages "
                f"({_one_line(e)}); fix the template or the messages"
            ) from e

    def encode_chat(
        self, messages: list[dict[str, Any]], add_generation_prompt: bool = True, **extra: Any
    ) -> list[int]:
        # The template writes any bos itself; transformers also encodes it without specials.
        text = self.render_chat(messages, add_generation_prompt, **extra)
        return self.encode(text, add_special_tokens=False)


def _load_backend(path: Path) -> tokenizers.Tokenizer:
    fix = "every model directory needs the tokenizer it was trained with"
    if not path.is_file():
        raise GptshipError(
            f"{path}: not found; {fix} (save it with tokenizer.save_pretrained(dir))"
        )
    try:
        backend = tokenizers.Tokenizer.from_file(str(path))
    except Exception as e:  # the Rust side raises a bare Exception for any parse failure
        raise GptshipError(f"{path}: cannot be read ({_one_line(e)}); {fix}, re-save it") from e
    # transformers turns these off for a plain call, and so must we to get the same ids.
    backend.no_truncation()
    backend.no_padding()
    return backend


def _read_json(path: Path) -> dict[str, Any]:
    """An optional JSON file: {} when absent, an error when present but unusable."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GptshipError(f"{path}: not valid JSON ({_one_line(e)}); fix or re-save it") from e
    if not isinstance(data, dict):
        raise GptshipError(f"{path}: expected a JSON object at the top; fix or re-save it")
    return data


def _token_text(config: dict[str, Any], key: str) -> str | None:
    # Older configs store special tokens as serialised AddedToken dicts.
    value = config.get(key)
    if isinstance(value, dict):
        value = value.get("content")
    return value if isinstance(value, str) and value else None


def _token_id(backend: tokenizers.Tokenizer, token: str | None, config_path: Path) -> int | None:
    if token is None:
        return None
    token_id: int | None = backend.token_to_id(token)
    if token_id is None:
        raise GptshipError(
            f"{config_path}: special token {token!r} is not in tokenizer.json; "
            "save the tokenizer and its config together with save_pretrained"
        )
    return token_id


def _ids(config: dict[str, Any], key: str, path: Path) -> list[int]:
    value = config.get(key)
    items = [] if value is None else value if isinstance(value, list) else [value]
    if not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in items):
        raise GptshipError(f"{path}: {key} must be a token id or a list of them, not {value!r}")
    return items


def _find_template(model_dir: Path, config: dict[str, Any]) -> tuple[str | None, str]:
    """The model's template and where it came from; chat_template.jinja wins, as in transformers."""
    jinja_path = model_dir / "chat_template.jinja"
    if jinja_path.is_file():
        try:
            return jinja_path.read_text(encoding="utf-8"), str(jinja_path)
        except (OSError, UnicodeDecodeError) as e:
            raise GptshipError(f"{jinja_path}: cannot be read ({_one_line(e)}); re-save it") from e
    source = f"{model_dir / 'tokenizer_config.json'} (chat_template)"
    value = config.get("chat_template")
    if isinstance(value, list):  # the legacy multi-template form: [{"name", "template"}, ...]
        named = {t.get("name"): t.get("template") for t in value if isinstance(t, dict)}
        value = named.get("default")
        if value is None:
            raise GptshipError(f"{source}: no template named 'default'; add one or a .jinja file")
    if value is not None and not isinstance(value, str):
        raise GptshipError(f"{source}: must be a string or a list of named templates")
    if value is None:
        return None, "gptship's default chat template"
    return value, source


class _GenerationTag(Extension):
    """Accept `{% generation %}...{% endgeneration %}`, which marks assistant spans for
    training-loss masks (TRL); at inference the body renders as is."""

    tags = {"generation"}  # noqa: RUF012 - jinja reads this set from the class

    def parse(self, parser: Parser) -> list[nodes.Node]:
        next(parser.stream)
        return parser.parse_statements(("name:endgeneration",), drop_needle=True)


def _compile(template: str, source: str) -> jinja2.Template:
    def raise_exception(message: str) -> NoReturn:
        raise GptshipError(f"{source}: the chat template rejected the messages: {message}")

    def tojson(
        value: Any, indent: int | None = None, separators: Any = None, sort_keys: bool = False
    ) -> str:
        # Jinja's own tojson escapes HTML and non-ASCII; templates expect plain JSON text.
        return json.dumps(
            value, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys
        )

    env = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols, _GenerationTag]
    )
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    env.filters["tojson"] = tojson
    try:
        return env.from_string(template)
    except jinja2.TemplateSyntaxError as e:
        raise GptshipError(
            f"{source}: chat template syntax error on line {e.lineno} ({_one_line(e.message)}); "
            "fix the template, or remove it to use gptship's default"
        ) from e


def _normalise_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies with None fields dropped (as transformers does) and text parts joined."""
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise GptshipError("messages: must be a list of objects with 'role' and 'content'")
    out = []
    for i, message in enumerate(messages):
        message = {k: v for k, v in message.items() if v is not None}
        if isinstance(message.get("content"), list):
            message["content"] = _join_text_parts(message["content"], f"messages[{i}].content")
        out.append(message)
    return out


def _join_text_parts(parts: list[Any], field: str) -> str:
    for j, part in enumerate(parts):
        if not (isinstance(part, dict) and part.get("type") == "text"):
            raise GptshipError(f"{field}[{j}]: only text parts are supported by this model")
        if not isinstance(part.get("text"), str):
            raise GptshipError(f"{field}[{j}].text: must be a string")
    return "".join(part["text"] for part in parts)


def _one_line(error: object) -> str:
    return " ".join(str(error).split())


def _byte_level_chars() -> dict[int, str]:
    """GPT-2's byte -> printable character map (bytes_to_unicode)."""
    printable = [*range(33, 127), *range(161, 173), *range(174, 256)]
    others = [b for b in range(256) if b not in printable]
    chars = {b: chr(b) for b in printable}
    chars.update({b: chr(256 + n) for n, b in enumerate(others)})
    return chars
