"""The reference models, and each engine behind one small protocol: gptship and the baselines
it is measured against, transformers' `generate` (the naive one) and CTranslate2 (a tuned
C++ engine)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import torch
from torch.nn import Embedding

from gptship.config import EngineConfig
from gptship.engine.engine import LLMEngine
from gptship.model.loader import load_model
from gptship.sampling import SamplingParams

BLOCK_SIZE = 16
# architecture config class -> settings; random weights, so nothing is downloaded
REFERENCE_MODELS: dict[str, tuple[str, dict[str, Any]]] = {
    "gpt2": (
        "GPT2Config",
        dict(vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12, n_head=12),
    ),
    "llama": (
        "LlamaConfig",
        dict(
            vocab_size=32000,
            hidden_size=768,
            intermediate_size=2048,
            num_hidden_layers=12,
            num_attention_heads=12,
            num_key_value_heads=4,
            max_position_embeddings=1024,
            tie_word_embeddings=False,
        ),
    ),
}


class TokenClock:
    """Decode throughput: the tokens produced after every sequence has its first token (so
    after every prefill), over the time from that moment to the last token."""

    def __init__(self, num_seqs: int) -> None:
        self.num_seqs = num_seqs
        self.started: set[int] = set()
        self.start = self.last = 0.0
        self.decoded = 0

    def tick(self, seqs: Iterable[int]) -> None:
        now = time.perf_counter()
        for seq in seqs:
            if len(self.started) == self.num_seqs:
                self.decoded += 1
            else:
                self.started.add(seq)
                self.start = now
        self.last = now

    def rate(self) -> float:
        return self.decoded / (self.last - self.start) if self.decoded else 0.0


class Runner(Protocol):
    vocab_size: int
    weight_bytes: int  # all the weights, as this engine stores them
    kv_bytes: int  # KV cache reserved up front (0: grows on demand)

    def decode(self, prompts: list[list[int]], new_tokens: int) -> float:
        """Greedy, never stopping early; returns decode tokens/s (TokenClock)."""
        ...

    def prefill(self, prompt: list[int]) -> float:
        """Seconds from the prompt to its first new token."""
        ...


def build_reference(name: str, path: Path, seed: int = 0) -> None:
    import transformers

    config_cls, kwargs = REFERENCE_MODELS[name]
    config = getattr(transformers, config_cls)(**kwargs)
    torch.manual_seed(seed)
    model = transformers.AutoModelForCausalLM.from_config(  # type: ignore[no-untyped-call]
        config, dtype=torch.float32
    )
    model.save_pretrained(path)


@dataclass(frozen=True)
class ModelSize:
    """Parameter counts behind the bounds. An embedding table that is only indexed costs no
    FLOPs and, per token, reads one row; the LM head runs once per prompt in a prefill."""

    parameters: int  # all of them, tied weights once
    lookups: int  # indexed tables: token embeddings unless tied to the head, positions
    head: int

    @property
    def decode(self) -> int:
        """Parameters each decoded token multiplies (and reads)."""
        return self.parameters - self.lookups

    @property
    def prefill(self) -> int:
        """Parameters each prompt token multiplies."""
        return self.decode - self.head


def model_size(model_dir: Path) -> ModelSize:
    import transformers

    config = transformers.AutoConfig.from_pretrained(model_dir)
    with torch.device("meta"):  # shapes only
        model = transformers.AutoModelForCausalLM.from_config(config)  # type: ignore[no-untyped-call]
    head = model.get_output_embeddings().weight
    tables = {id(m.weight): m.weight.numel() for m in model.modules() if isinstance(m, Embedding)}
    tables.pop(id(head), None)  # tied: the head multiplies it in full
    total = sum(p.numel() for p in model.parameters())
    return ModelSize(total, sum(tables.values()), head.numel())


def _unique_bytes(model: torch.nn.Module) -> int:
    return sum(p.numel() * p.element_size() for p in model.parameters())


class GptshipRunner:
    """gptship's LLMEngine, its KV cache sized for the largest run so far (the warm-up is
    the largest decode, so the cache is sized once); on CUDA, with or without decode graphs."""

    def __init__(self, model_dir: Path, device: str = "cpu", cuda_graphs: bool = True) -> None:
        self.device, self.cuda_graphs = device, cuda_graphs
        self.model = load_model(model_dir, device)
        self.vocab_size = self.model.config.vocab_size
        self.weight_bytes, self.kv_bytes = _unique_bytes(self.model), 0
        self.engine: LLMEngine | None = None  # one at a time: peak RSS is one KV cache

    def _engine(self, seqs: int, tokens_per_seq: int, batched_tokens: int) -> LLMEngine:
        dtype = next(self.model.parameters()).dtype
        blocks = seqs * -(-tokens_per_seq // BLOCK_SIZE) + 1  # and the runner's scratch block
        kv = blocks * BLOCK_SIZE * self.model.config.kv_bytes_per_token(dtype)
        engine = self.engine
        if (
            engine is None
            or engine.config.max_num_batched_tokens != batched_tokens
            or engine.kv.num_blocks + 1 < blocks
        ):
            self.engine = engine = None  # free the old cache before making the new one
            self.kv_bytes = max(self.kv_bytes, kv)
            config = EngineConfig(
                device=self.device,
                kv_cache_memory=kv,
                block_size=BLOCK_SIZE,
                max_num_seqs=64,
                max_num_batched_tokens=batched_tokens,
                cuda_graphs=self.cuda_graphs,
            )
            engine = self.engine = LLMEngine(self.model, None, config)
        return engine

    def decode(self, prompts: list[list[int]], new_tokens: int) -> float:
        engine = self._engine(len(prompts), len(prompts[0]) + new_tokens, 512)
        params = SamplingParams(temperature=0, max_tokens=new_tokens, ignore_eos=True)
        for i, prompt in enumerate(prompts):
            engine.validate(prompt, params)
            engine.add_request(str(i), prompt, params)
        clock = TokenClock(len(prompts))
        while engine.has_unfinished():
            clock.tick(int(out.request_id) for out in engine.step())
        return clock.rate()

    def prefill(self, prompt: list[int]) -> float:
        engine = self._engine(1, len(prompt) + 1, len(prompt) + 1)
        start = time.perf_counter()
        engine.add_request("0", prompt, SamplingParams(temperature=0, max_tokens=1))
        while not engine.step():
            pass
        return time.perf_counter() - start


class TransformersRunner:
    def __init__(self, model_dir: Path, device: str = "cpu") -> None:
        import transformers

        # the dtype gptship's `auto` picks: float32 on CPU, bfloat16 on a GPU
        dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
        self.model = transformers.AutoModelForCausalLM.from_pretrained(model_dir, dtype=dtype)
        self.model.to(device)  # type: ignore[arg-type]
        self.device = device
        self.vocab_size = int(self.model.config.vocab_size)
        self.weight_bytes, self.kv_bytes = _unique_bytes(self.model), 0

    @torch.inference_mode()
    def decode(self, prompts: list[list[int]], new_tokens: int) -> float:
        from transformers.generation.streamers import BaseStreamer

        clock = TokenClock(len(prompts))

        class Streamer(BaseStreamer):
            prompt_seen = False

            def put(self, value: torch.Tensor) -> None:
                if value.is_cuda:
                    torch.cuda.synchronize()  # the token exists, not just its kernels' launch
                if self.prompt_seen:  # the first put is the prompt itself
                    clock.tick(range(value.shape[0]))
                self.prompt_seen = True

            def end(self) -> None:
                pass

        ids = torch.tensor(prompts, device=self.device)
        self.model.generate(
            ids,
            attention_mask=torch.ones_like(ids),
            do_sample=False,
            max_new_tokens=new_tokens,
            min_new_tokens=new_tokens,
            eos_token_id=None,
            pad_token_id=0,
            streamer=Streamer(),
        )
        return clock.rate()

    @torch.inference_mode()
    def prefill(self, prompt: list[int]) -> float:
        start = time.perf_counter()
        ids = torch.tensor([prompt], device=self.device)
        self.model(ids, logits_to_keep=1).logits.argmax(-1).tolist()
        return time.perf_counter() - start


def ct2_token(token_id: int) -> str:
    return f"t{token_id}"


def convert_ct2(hf_dir: Path, out: Path, quantization: str) -> None:
    """CTranslate2's own converter over the same weights. The random models have no
    tokenizer, so the converter gets a vocabulary of made-up token strings, t0 ... tN."""
    import ctranslate2.converters
    import transformers

    config = transformers.AutoConfig.from_pretrained(hf_dir)
    vocab = {ct2_token(i): i for i in range(config.vocab_size)}
    special = ct2_token(config.eos_token_id if config.eos_token_id is not None else 0)

    class Stub:
        bos_token = eos_token = unk_token = special

        def get_vocab(self) -> dict[str, int]:
            return vocab

    class Converter(ctranslate2.converters.TransformersConverter):  # type: ignore[misc]
        def load_tokenizer(self, *args: object, **kwargs: object) -> Stub:
            return Stub()

    Converter(str(hf_dir)).convert(str(out), quantization=quantization, force=True)


class CT2Runner:
    def __init__(self, model_dir: Path, compute_type: str, threads: int, device: str) -> None:
        import ctranslate2

        self.generator = ctranslate2.Generator(
            str(model_dir), device.split(":")[0], compute_type=compute_type, intra_threads=threads
        )
        self.vocab_size = len(json.loads((model_dir / "vocabulary.json").read_text()))
        self.weight_bytes, self.kv_bytes = (model_dir / "model.bin").stat().st_size, 0

    def decode(self, prompts: list[list[int]], new_tokens: int) -> float:
        clock = TokenClock(len(prompts))
        self.generator.generate_batch(
            [[ct2_token(t) for t in p] for p in prompts],
            max_length=new_tokens,
            min_length=new_tokens,
            include_prompt_in_result=False,
            sampling_topk=1,
            callback=lambda step: clock.tick([step.batch_id]),
        )
        return clock.rate()

    def prefill(self, prompt: list[int]) -> float:
        tokens = [[ct2_token(t) for t in prompt]]
        start = time.perf_counter()
        self.generator.generate_batch(tokens, max_length=1, include_prompt_in_result=False)
        return time.perf_counter() - start
