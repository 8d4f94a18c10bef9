"""The offline API: strings or token ids in, RequestOutputs out, in prompt order."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from gptship import LLM, SamplingParams
from gptship.engine.reference import reference_generate
from gptship.errors import GptshipError
from gptship.model.attention import AttentionBatch
from tests.tiny import make_model_dir
from tests.tiny_tokenizer import CHATML_TEMPLATE


@pytest.fixture(scope="module")
def llm(tmp_path_factory: pytest.TempPathFactory) -> LLM:
    path: Path = tmp_path_factory.mktemp("model")
    make_model_dir("llama", path)
    return LLM(path, kv_cache_memory="4MiB", block_size=8)


def test_strings_and_token_ids_greedy(llm: LLM) -> None:
    prompts = ["The quick brown fox", "Hello there!", [5, 6, 7, 8]]
    params = SamplingParams(temperature=0, max_tokens=16, ignore_eos=True)
    outputs = llm.generate(prompts, params)
    assert [o.request_id for o in outputs] == sorted(
        {o.request_id for o in outputs}, key=lambda r: int(r.split("-")[1])
    )
    model = llm.engine.model
    for prompt, out in zip(prompts, outputs, strict=True):
        ids = llm.tokenizer.encode(prompt) if isinstance(prompt, str) else prompt
        want = reference_generate(model, ids, 16)
        assert out.prompt_token_ids == ids and out.finished
        (sample,) = out.outputs
        assert sample.token_ids == want
        assert sample.text == llm.tokenizer.decode(want)
        assert sample.finish_reason == "length"


def test_stop_string_is_cut_from_the_text(llm: LLM) -> None:
    greedy = SamplingParams(temperature=0, max_tokens=24, ignore_eos=True)
    full = llm.generate("Servers stream responses", greedy)[0].outputs[0].text
    stop = full[6:9]
    assert stop and stop not in full[:6]
    out = llm.generate(
        "Servers stream responses",
        SamplingParams(temperature=0, max_tokens=24, ignore_eos=True, stop=[stop]),
    )[0].outputs[0]
    assert out.text == full[: full.index(stop)]
    assert out.finish_reason == "stop" and out.stop_reason == stop


def test_n_seeds_and_logprobs(llm: LLM) -> None:
    params = SamplingParams(n=3, temperature=1.0, seed=7, max_tokens=8, logprobs=2, ignore_eos=True)
    (out,) = llm.generate("Hello", params)
    assert [o.index for o in out.outputs] == [0, 1, 2]
    assert len({tuple(o.token_ids) for o in out.outputs}) > 1  # three different streams
    again = llm.generate("Hello", params)[0]
    assert [o.token_ids for o in again.outputs] == [o.token_ids for o in out.outputs]
    sample = out.outputs[0]
    assert sample.logprobs is not None and len(sample.logprobs) == 8
    ids = llm.tokenizer.encode("Hello") + sample.token_ids
    logits = llm.engine.model.compute_logits(
        llm.engine.model(torch.tensor(ids), _prefill(len(ids)))
    )
    expected = torch.log_softmax(logits, -1)
    for i, lp in enumerate(sample.logprobs):
        row = expected[len(ids) - 8 - 1 + i]
        assert lp.token_id == sample.token_ids[i]
        assert lp.logprob == pytest.approx(row[lp.token_id].item(), abs=1e-4)
        assert [t for t, _ in lp.top] == row.topk(2).indices.tolist()


def _prefill(n: int) -> AttentionBatch:
    return AttentionBatch.prefill([n])


def test_param_count_must_match(llm: LLM) -> None:
    with pytest.raises(GptshipError, match="2 prompts but 3 sampling params"):
        llm.generate(["a", "b"], [SamplingParams()] * 3)


def test_stream_joins_to_the_generated_text(llm: LLM) -> None:
    params = SamplingParams(temperature=0, max_tokens=12, ignore_eos=True)
    (whole,) = llm.generate("The quick brown fox", params)
    deltas = list(llm.stream("The quick brown fox", params))
    assert len(deltas) > 1 and "".join(deltas) == whole.outputs[0].text
    stopped = llm.stream("Hello", params)
    next(stopped)
    stopped.close()  # leaving early aborts the request
    assert not llm.engine.has_unfinished()
    with pytest.raises(GptshipError, match="n must be 1"):
        next(llm.stream("Hello", SamplingParams(n=2)))


def test_chat_is_the_template_and_the_models_defaults(tmp_path: Path) -> None:
    make_model_dir("llama", tmp_path, chat_template=CHATML_TEMPLATE)
    llm = LLM(tmp_path, kv_cache_memory="16MiB")
    hello = [{"role": "user", "content": "Hello"}]
    bye = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Bye"}]
    greedy = SamplingParams(temperature=0, max_tokens=12, ignore_eos=True)
    one = llm.chat(hello, greedy)
    both = llm.chat([hello, bye], greedy)
    expected = llm.generate([llm.tokenizer.encode_chat(c) for c in (hello, bye)], greedy)
    assert [o.outputs[0].text for o in both] == [o.outputs[0].text for o in expected]
    assert one[0].outputs[0].text == both[0].outputs[0].text
    # left out, max_tokens is the rest of the context, as the chat endpoint's
    [free] = llm.chat(hello)
    prompt = len(llm.tokenizer.encode_chat(hello))
    assert free.outputs[0].finish_reason == "stop" or (
        len(free.outputs[0].token_ids) == llm.engine.max_model_len - prompt
    )


def test_the_readme_chat_example_answers() -> None:
    """The README's Python example, on the default model: a real answer."""
    llm = LLM(Path(__file__).parents[1] / "models" / "quillmere-assistant")
    [out] = llm.chat([{"role": "user", "content": "How do I return an order?"}])
    assert "return" in out.outputs[0].text.lower() and out.outputs[0].finish_reason == "stop"
