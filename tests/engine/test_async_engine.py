"""AsyncEngine: streams, aborts, errors reaching every stream, a loop that never blocks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from gptship.engine.async_engine import AsyncEngine
from gptship.engine.client import EngineDeadError
from gptship.engine.engine import LLMEngine
from gptship.engine.outputs import RequestOutput
from gptship.engine.reference import reference_generate
from gptship.sampling import ParamError, SamplingParams
from tests.engine.conftest import TinyModel, make_engine

GREEDY = SamplingParams(temperature=0, max_tokens=10, ignore_eos=True)


async def collect(
    engine: AsyncEngine, request_id: str, prompt: list[int], params: SamplingParams
) -> list[int]:
    tokens: list[int] = []
    async for out in engine.generate(request_id, prompt, params):
        tokens += out.outputs[0].token_ids
    return tokens


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll `condition` on the event loop (the engine works on its own thread)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.005)


async def started(llm: LLMEngine) -> AsyncEngine:
    engine = AsyncEngine(llm)
    await engine.start()
    return engine


def test_concurrent_streams_match_the_reference(tiny_llama: TinyModel) -> None:
    model, _ = tiny_llama
    prompts = [[5, 6, 7], list(range(10, 40)), [99] * 12, [1, 2]]

    async def main() -> list[list[int]]:
        engine = AsyncEngine(make_engine(model, max_num_batched_tokens=16, block_size=4))
        await engine.start()
        try:
            return await asyncio.gather(
                *(collect(engine, f"r{i}", p, GREEDY) for i, p in enumerate(prompts))
            )
        finally:
            await engine.stop()

    assert asyncio.run(main()) == [reference_generate(model, p, 10) for p in prompts]


def test_leaving_a_stream_aborts_and_frees_blocks(tiny_llama: TinyModel) -> None:
    model, _ = tiny_llama

    async def main() -> None:
        llm = make_engine(model, block_size=4)
        engine = await started(llm)
        params = SamplingParams(temperature=0, max_tokens=200, ignore_eos=True)
        stream = engine.generate("long", list(range(30)), params)
        async for _ in stream:
            break  # the client went away after the first output
        assert llm.kv.num_used_blocks > 0
        await stream.aclose()
        await until(lambda: llm.kv.num_used_blocks == 0 and not llm.has_unfinished())
        # the engine still serves
        assert len(await collect(engine, "next", [1, 2, 3], GREEDY)) == 10
        await engine.stop()

    asyncio.run(main())


def test_cancelling_a_task_aborts_its_request(tiny_llama: TinyModel) -> None:
    model, _ = tiny_llama

    async def main() -> None:
        llm = make_engine(model, block_size=4)
        engine = await started(llm)
        params = SamplingParams(temperature=0, max_tokens=200, ignore_eos=True)
        task = asyncio.create_task(collect(engine, "c", list(range(30)), params))
        await until(lambda: llm.kv.num_used_blocks > 0)  # it is running
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await until(lambda: llm.kv.num_used_blocks == 0 and not llm.has_unfinished())
        await engine.stop()

    asyncio.run(main())


def test_validate_refuses_what_the_engine_could_never_serve(tiny_llama: TinyModel) -> None:
    model, _ = tiny_llama
    engine = AsyncEngine(make_engine(model, max_model_len=20))
    with pytest.raises(ParamError) as info:
        engine.validate(list(range(25)), GREEDY)
    assert info.value.param == "prompt" and "25 tokens" in str(info.value)
    assert info.value.code == "context_length_exceeded"
    with pytest.raises(ParamError) as info:
        engine.validate([1, 2], SamplingParams(max_tokens=19))
    assert info.value.param == "max_tokens" and "21 tokens" in str(info.value)
    with pytest.raises(ParamError):
        engine.validate([100_000], GREEDY)
    assert engine.limits.max_model_len == 20


def test_a_failing_step_reaches_every_stream(
    tiny_llama: TinyModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, _ = tiny_llama

    async def main() -> None:
        llm = make_engine(model)
        engine = AsyncEngine(llm)
        await engine.start()
        real_step = llm.step
        calls = 0

        def failing_step() -> list[RequestOutput]:
            nonlocal calls
            calls += 1
            if calls == 3:
                raise RuntimeError("CUDA error: an illegal memory access")
            return real_step()

        monkeypatch.setattr(llm, "step", failing_step)
        params = SamplingParams(temperature=0, max_tokens=50, ignore_eos=True)
        results = await asyncio.wait_for(
            asyncio.gather(
                *(collect(engine, f"r{i}", [1, 2, 3 + i], params) for i in range(3)),
                return_exceptions=True,
            ),
            timeout=10,
        )
        assert all(isinstance(r, EngineDeadError) for r in results), results
        assert "illegal memory access" in str(results[0])
        assert not engine.stats().alive and engine.stats().error
        with pytest.raises(EngineDeadError):
            await collect(engine, "after", [1], GREEDY)
        await engine.stop()

    asyncio.run(main())


def test_the_event_loop_stays_responsive(tiny_llama: TinyModel) -> None:
    """While the engine works, the loop's own timers keep firing on time."""
    model, _ = tiny_llama

    async def main() -> float:
        engine = AsyncEngine(make_engine(model))
        await engine.start()
        params = SamplingParams(temperature=0, max_tokens=60, ignore_eos=True)
        work = asyncio.gather(
            *(collect(engine, f"r{i}", list(range(1, 30)), params) for i in range(8))
        )
        worst = 0.0
        while not work.done():
            t = time.monotonic()
            await asyncio.sleep(0.005)
            worst = max(worst, time.monotonic() - t - 0.005)
        await work
        await engine.stop()
        return worst

    assert asyncio.run(main()) < 0.5
