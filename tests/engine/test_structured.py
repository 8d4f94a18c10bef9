"""response_format: outputs that stop are JSON, valid under the schema; other rows untouched."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import torch

from benchmarks.structured import measure, validate
from gptship.config import EngineConfig
from gptship.engine.engine import LLMEngine
from gptship.engine.structured import GrammarCompiler, apply_grammar_masks, token_bytes
from gptship.sampling import ParamError, SamplingParams, StructuredOutput
from tests.engine.conftest import assert_pool_is_empty
from tests.tiny import VOCAB, make_model_dir

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 12},
        "age": {"type": "integer", "minimum": 0, "maximum": 120},
        "role": {"enum": ["admin", "user", "guest"]},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 6}, "maxItems": 3},
        "ok": {"type": "boolean"},
    },
    "required": ["name", "age", "role", "tags"],
    "additionalProperties": False,
}
# the only JSON this admits, as the grammar spaces it
ONLY = '{"a": "x", "b": 7, "c": [true, null]}'
ONE_WAY: dict[str, Any] = {
    "type": "object",
    "properties": {
        "a": {"const": "x"},
        "b": {"enum": [7]},
        "c": {
            "type": "array",
            "prefixItems": [{"const": True}, {"type": "null"}],
            "items": False,
            "minItems": 2,
        },
    },
    "required": ["a", "b", "c"],
    "additionalProperties": False,
}


@dataclass
class Sample:
    tokens: list[int]
    text: str
    finish_reason: str | None


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("llama")
    make_model_dir("llama", path)
    return path


def make(model_dir: Path, **options: Any) -> LLMEngine:
    options.setdefault("kv_cache_memory", 1 << 21)
    return LLMEngine.from_dir(model_dir, EngineConfig(**options))


def generate(engine: LLMEngine, requests: dict[str, SamplingParams]) -> dict[str, list[Sample]]:
    """Run the requests together on one prompt; each one's samples, in order."""
    assert engine.tokenizer is not None
    prompt = engine.tokenizer.encode("Reply in JSON:")
    for request_id, params in requests.items():
        engine.add_request(request_id, prompt, params)
    got = {r: [Sample([], "", None) for _ in range(p.n)] for r, p in requests.items()}
    while engine.has_unfinished():
        for out in engine.step():
            for o in out.outputs:
                sample = got[out.request_id][o.index]
                sample.tokens += o.token_ids
                sample.text += o.text
                sample.finish_reason = o.finish_reason
    assert_pool_is_empty(engine)
    return got


def json_schema(schema: dict[str, Any]) -> StructuredOutput:
    return StructuredOutput("json_schema", json.dumps(schema))


def test_json_object_outputs_are_objects(model_dir: Path) -> None:
    engine = make(model_dir)
    assert engine.tokenizer is not None
    quote = engine.tokenizer.encode('"', add_special_tokens=False)[0]
    # favouring '"' makes the random model write keys and close strings, so outputs stop
    spec = StructuredOutput("json_object")
    params = SamplingParams(n=8, seed=0, max_tokens=120, logit_bias={quote: 3.0}, structured=spec)
    samples = generate(engine, {"r": params})["r"]
    stopped = [s for s in samples if s.finish_reason == "stop"]
    assert len(stopped) >= 6
    assert sum(bool(json.loads(s.text)) for s in stopped) >= 4  # not just {}
    for s in stopped:
        assert isinstance(json.loads(s.text), dict)
        assert s.tokens[-1] in engine.stop_ids


def test_json_schema_outputs_validate(model_dir: Path) -> None:
    # a cache for about two requests at a time: eight get preempted and recomputed
    engine = make(model_dir, block_size=4, kv_cache_memory=48 * 4 * 512)
    requests = {
        f"r{seed}": SamplingParams(
            temperature=1.0, seed=seed, max_tokens=120, structured=json_schema(SCHEMA)
        )
        for seed in range(8)
    }
    got = generate(engine, requests)
    assert engine.kv.stats.preemptions > 0
    stopped = [s for samples in got.values() for s in samples if s.finish_reason == "stop"]
    assert len(stopped) >= 6
    for s in stopped:
        assert validate(json.loads(s.text), SCHEMA) == [], s.text
    assert len({s.text for s in stopped}) == len(stopped)


def test_a_schema_with_one_answer_gives_it_greedily(model_dir: Path) -> None:
    engine = make(model_dir)
    spec = json_schema(ONE_WAY)
    got = generate(
        engine,
        {
            "greedy": SamplingParams(temperature=0, max_tokens=60, structured=spec),
            # the grammar ends it, even where eos alone would not
            "ignore_eos": SamplingParams(n=2, max_tokens=60, ignore_eos=True, structured=spec),
        },
    )
    for s in (*got["greedy"], *got["ignore_eos"]):
        assert s.text == ONLY
        assert s.finish_reason == "stop"
        assert s.tokens[-1] in engine.stop_ids


def test_plain_requests_in_the_batch_are_unaffected(model_dir: Path) -> None:
    plain = {
        "seeded": SamplingParams(temperature=1.0, seed=5, max_tokens=24, ignore_eos=True),
        "greedy": SamplingParams(temperature=0, max_tokens=24, ignore_eos=True),
    }
    alone = generate(make(model_dir), plain)
    structured = SamplingParams(
        n=3, temperature=1.0, seed=1, max_tokens=40, structured=json_schema(SCHEMA)
    )
    mixed = generate(make(model_dir), {"structured": structured, **plain})
    for request_id in plain:
        assert mixed[request_id] == alone[request_id]


@pytest.mark.parametrize(
    "schema",
    [
        '{"type": "foo"}',
        '{"$ref": "#/nope"}',
        '{"enum": []}',
        '{"type": "string", "minLength": 5, "maxLength": 2}',
        '{"type": "string", "format": "shoe-size"}',
        '{"not": {"type": "string"}}',  # keywords llguidance does not implement: refused
        '{"type": "array", "items": {"type": "integer"}, "uniqueItems": true}',
        '{"properties": {"a": {"if": {"type": "string"}, "then": {"maxLength": 2}}}}',
        '{"type": "array", "contains": {"const": 1}}',
        '{"propertyNames": {"maxLength": 3}}',
        "[1, 2]",
        "not json",
    ],
)
def test_invalid_schemas_are_param_errors(model_dir: Path, schema: str) -> None:
    engine = make(model_dir)
    with pytest.raises(ParamError) as error:
        params = SamplingParams(structured=StructuredOutput("json_schema", schema))
        engine.validate([5, 6], params)
        pytest.fail("validate accepted it")
    assert error.value.param == "response_format"
    assert "\n" not in str(error.value)
    assert_pool_is_empty(engine)


def test_keywords_named_as_properties_are_fine(model_dir: Path) -> None:
    schema = {"type": "object", "properties": {"not": {"type": "integer", "enum": [1]}}}
    make(model_dir).validate([5, 6], SamplingParams(structured=json_schema(schema)))


def test_keywords_at_their_defaults_are_fine(model_dir: Path) -> None:
    schema = {"type": "array", "items": {"type": "integer"}, "uniqueItems": False}
    make(model_dir).validate([5, 6], SamplingParams(structured=json_schema(schema)))


def test_other_refusals(model_dir: Path) -> None:
    spec = StructuredOutput("json_object")
    engine = make(model_dir)
    no_tokenizer = LLMEngine(engine.model, None, EngineConfig(kv_cache_memory=1 << 21))
    with pytest.raises(ParamError, match="tokenizer") as error:
        no_tokenizer.add_request("r", [5, 6], SamplingParams(structured=spec))
    assert error.value.param == "response_format"
    assert_pool_is_empty(no_tokenizer)
    with pytest.raises(ParamError) as error:
        SamplingParams(min_tokens=2, structured=spec)
    assert error.value.param == "min_tokens"
    with pytest.raises(ParamError):
        StructuredOutput("json_object", "{}")


def test_from_openai() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    assert StructuredOutput.from_openai(None) is None
    assert StructuredOutput.from_openai({"type": "text"}) is None
    assert StructuredOutput.from_openai({"type": "json_object"}) == StructuredOutput("json_object")
    spec = StructuredOutput.from_openai(
        {"type": "json_schema", "json_schema": {"name": "x", "schema": schema, "strict": True}}
    )
    assert spec is not None and json.loads(spec.spec or "") == schema
    array_schema = {"type": "json_schema", "json_schema": {"schema": [1]}}
    for bad in ({"type": "yaml"}, {"type": "json_schema"}, "json", array_schema):
        with pytest.raises(ParamError) as error:
            StructuredOutput.from_openai(bad)
        assert error.value.param == "response_format"


def test_masks_forbid_padding_and_specials_and_allow_only_stops_at_the_end(
    model_dir: Path,
) -> None:
    engine = make(model_dir)
    tok = engine.tokenizer
    assert tok is not None and tok.vocab_size < VOCAB  # ids from vocab_size on are padding
    compiler = GrammarCompiler(tok, VOCAB, engine.stop_ids)
    grammar = compiler.compile(StructuredOutput("json_object"))
    first, done = compiler.matcher(grammar), compiler.matcher(grammar)
    for token in tok.encode("{}", add_special_tokens=False):
        done.accept(token)
    logits = torch.zeros(3, VOCAB)
    logits[:, tok.vocab_size :] = 100.0
    apply_grammar_masks(logits, [0, 2], [first, done])
    allowed = [torch.isfinite(row).nonzero()[:, 0].tolist() for row in logits]
    pieces = token_bytes(tok)
    assert allowed[0] and all(pieces[i].startswith(b"{") for i in allowed[0])
    untouched = torch.zeros(VOCAB)
    untouched[tok.vocab_size :] = 100.0
    assert torch.equal(logits[1], untouched)
    assert allowed[2] == sorted(engine.stop_ids)
    done.accept(allowed[2][0])
    assert done.is_terminated


def test_token_bytes_are_what_decoding_gives(model_dir: Path) -> None:
    tok = make(model_dir).tokenizer
    assert tok is not None
    text = 'Héllo {"a": [1, 2.5e-3], "東京": "😀\\n"} tab\there'
    ids = tok.encode(text, add_special_tokens=False)
    pieces = token_bytes(tok)
    assert b"".join(pieces[i] for i in ids).decode() == text
    assert pieces[tok.eos_token_id or 0] == b""


def test_random_walks_through_the_masks_stop_only_on_valid_json(model_dir: Path) -> None:
    """The benchmark's correctness check, on the tiny vocabulary: every token drawn among
    those allowed, and each time a stop is allowed the text must be JSON that validates."""
    tok = make(model_dir).tokenizer
    assert tok is not None
    figures = measure("llguidance", tok, VOCAB, walks=12, max_tokens=300)
    for case, walks in figures.walks.items():
        assert walks.valid == 12 and walks.dead_ends == 0, (case, walks.examples)
