"""What one request may ask of the engine is bounded (EngineConfig's limits), and what a
request needs built (detokenizers, stop tables, grammars) is built off the engine thread."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from gptship.config import EngineConfig
from gptship.engine import detokenizer, structured
from gptship.engine.async_engine import AsyncEngine
from gptship.engine.engine import LLMEngine
from gptship.errors import GptshipError
from gptship.sampling import ParamError, SamplingParams, StructuredOutput
from tests.engine.conftest import TinyModel, make_engine
from tests.tiny import VOCAB, make_model_dir

SCHEMA_70K = json.dumps({"type": "object", "description": "x" * 70_000})


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = tmp_path_factory.mktemp("llama")
    make_model_dir("llama", path)
    return path


def test_the_defaults() -> None:
    c = EngineConfig()
    assert (c.max_stops, c.max_stop_length, c.max_logit_bias) == (16, 256, 300)
    assert (c.max_output_tokens, c.max_schema_bytes, c.grammar_compile_timeout) == (
        65536,
        65536,
        10.0,
    )


def test_limits_that_admit_nothing_fail_at_start(tiny_llama: TinyModel) -> None:
    with pytest.raises(GptshipError, match="max_stops must be at least 1, got 0"):
        EngineConfig(max_stops=0)
    with pytest.raises(GptshipError, match="grammar_compile_timeout must be positive"):
        make_engine(tiny_llama[0], grammar_compile_timeout=0)


@pytest.mark.parametrize(
    ("params", "param", "setting"),
    [
        ({"stop": [f"s{i}" for i in range(17)]}, "stop", "max_stops"),
        ({"stop": ["x" * 257]}, "stop", "max_stop_length"),
        ({"stop_token_ids": list(range(17))}, "stop_token_ids", "max_stops"),
        ({"logit_bias": {i: 1.0 for i in range(301)}}, "logit_bias", "max_logit_bias"),
        ({"n": 16, "max_tokens": 5}, "max_tokens", "max_output_tokens"),
        (
            {"structured": StructuredOutput("json_schema", SCHEMA_70K)},
            "response_format",
            "max_schema_bytes",
        ),
    ],
)
def test_a_request_over_a_limit_is_a_param_error_naming_it(
    tiny_llama: TinyModel, params: dict[str, Any], param: str, setting: str
) -> None:
    engine = make_engine(tiny_llama[0], max_output_tokens=64)
    with pytest.raises(ParamError) as error:
        engine.validate([1, 2, 3], SamplingParams(**{"max_tokens": 4, **params}))
    assert error.value.param == param
    assert setting in str(error.value) and "limit" in str(error.value)


def test_requests_at_the_limits_are_served(tiny_llama: TinyModel) -> None:
    engine = make_engine(tiny_llama[0], max_output_tokens=64, max_model_len=64)
    params = SamplingParams(
        n=4,
        max_tokens=16,
        stop=("x" * 256, *(f"s{i}" for i in range(15))),
        stop_token_ids=tuple(range(100, 116)),
        logit_bias={i: 1.0 for i in range(300)},
    )
    engine.validate([1, 2, 3], params)
    with pytest.raises(ParamError, match="max_output_tokens"):
        engine.validate([1, 2, 3], SamplingParams(n=4, max_tokens=17))


def slow_spec(n: int) -> StructuredOutput:
    """A choice list whose grammar takes ~0.4 s to compile (2-core CPU): 290 kB of spec,
    past the max_schema_bytes limit, which the tests that use it raise."""
    return StructuredOutput("choice", json.dumps([f"value-{n}-{i}" for i in range(20_000)]))


def test_a_grammar_that_compiles_too_long_is_refused(model_dir: Path) -> None:
    engine = LLMEngine.from_dir(
        model_dir,
        EngineConfig(
            kv_cache_memory=1 << 21, grammar_compile_timeout=0.05, max_schema_bytes=1 << 20
        ),
    )
    with pytest.raises(ParamError) as error:
        engine.validate([1, 2, 3], SamplingParams(max_tokens=4, structured=slow_spec(1)))
    assert error.value.param == "guided_choice"
    assert "grammar_compile_timeout" in str(error.value) and "0.05 s" in str(error.value)


def test_a_slow_compile_holds_up_new_grammars_only(model_dir: Path) -> None:
    """A compile cannot be interrupted: one past its time goes on in the background and
    compiles run one at a time, so a new schema waits its turn; grammars compiled before
    are served at once."""
    tok = LLMEngine.from_dir(model_dir, EngineConfig(kv_cache_memory=1 << 21)).tokenizer
    assert tok is not None
    compiler = structured.GrammarCompiler(tok, VOCAB, tok.stop_token_ids, timeout=10.0)
    compiler.compile(StructuredOutput("json_object"))
    compiler.timeout = 0.05
    with pytest.raises(ParamError, match="grammar_compile_timeout"):
        compiler.compile(slow_spec(2))
    compiler.compile(StructuredOutput("json_object"))  # kept: no wait
    with pytest.raises(ParamError, match="grammar_compile_timeout"):
        compiler.compile(StructuredOutput("json_schema", '{"type": "integer"}'))


def test_samples_are_prepared_off_the_engine_thread(
    model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Detokenizers (and the stop strings' tables they share) and grammar matchers are
    built before a request reaches the engine loop, which only queues them."""
    threads: list[str] = []
    for module, name in [
        (detokenizer, "IncrementalDetokenizer"),
        (structured, "GrammarMatcher"),
    ]:
        real = getattr(module, name).__init__

        def spy(self: object, *args: Any, _real: Any = real, **kw: Any) -> None:
            threads.append(threading.current_thread().name)
            _real(self, *args, **kw)

        monkeypatch.setattr(getattr(module, name), "__init__", spy)
    llm = LLMEngine.from_dir(model_dir, EngineConfig(kv_cache_memory=1 << 21))
    requests = {
        "plain": SamplingParams(n=3, max_tokens=4, stop=("x" * 256,) * 16),
        "json": SamplingParams(n=2, max_tokens=4, structured=StructuredOutput("json_object")),
    }

    async def main() -> None:
        engine = AsyncEngine(llm)
        await engine.start()
        try:
            for request_id, params in requests.items():
                engine.validate([1, 2, 3], params)
                async for _ in engine.generate(request_id, [1, 2, 3], params):
                    pass
        finally:
            await engine.stop()

    asyncio.run(main())
    assert len(threads) >= 3 + 2 + 2  # detokenizers of both, matchers of "json"
    assert "gptship-engine" not in threads
