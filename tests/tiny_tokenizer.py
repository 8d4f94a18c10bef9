"""A tiny, deterministic byte-level BPE tokenizer for tests; trained in milliseconds, offline.

`save_tiny_tokenizer(dir)` writes it with transformers' own `save_pretrained`, so tests see
exactly the files a real model directory has (tokenizer.json, tokenizer_config.json and,
with a template, chat_template.jinja).
"""

from __future__ import annotations

from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import PreTrainedTokenizerFast

# Ids 0..7, in this order, in every tiny tokenizer.
SPECIAL_TOKENS = (
    "<|bos|>",
    "<|eos|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|begin_of_text|>",
    "<|start_header_id|>",
    "<|end_header_id|>",
    "<|eot_id|>",
)
BOS_TOKEN = "<|bos|>"
EOS_TOKEN = "<|eos|>"

# 8 special tokens + 256 byte symbols + merges learnt from the corpus below.
TINY_VOCAB_SIZE = 352

# Varied enough that the trainer reaches TINY_VOCAB_SIZE; fixed, so ids never change.
_CORPUS = """\
The quick brown fox jumps over the lazy dog while the cat sleeps in the sun.
A model reads tokens, one after another, and predicts the next token in the text.
The user asks a question and the assistant answers it with a short, clear reply.
Hello there! How are you today? I am fine, thank you, and how are you?
Servers stream responses to clients; each client reads the events as they arrive.
Numbers like 1, 2, 3, 10, 42, 100 and 2024 appear in many sentences we write.
She sells sea shells by the sea shore, and the shells she sells are surely sea shells.
Peter Piper picked a peck of pickled peppers; where is the peck he picked?
System prompts tell the assistant how to behave: be brief, be kind, be correct.
Training a tokenizer on a small corpus gives a small vocabulary for fast tests.
The weather is nice in the morning, rainy in the afternoon and cold at night.
Please write a function that returns the sum of two numbers and test it well.
"""


def save_tiny_tokenizer(
    model_dir: Path, *, chat_template: str | None = None, kind: str = "bpe"
) -> None:
    """Save the tiny tokenizer into `model_dir` (created if needed).

    kind "bpe": llama-like, bos "<|bos|>" is prepended by the post-processor, eos "<|eos|>".
    kind "gpt2": GPT-2-like, nothing is prepended and bos == eos == "<|eos|>".
    Both kinds have the same vocabulary, of TINY_VOCAB_SIZE tokens.
    """
    if kind not in ("bpe", "gpt2"):
        raise ValueError(f"kind must be 'bpe' or 'gpt2', not {kind!r}")
    backend = _train()
    bos = BOS_TOKEN if kind == "bpe" else EOS_TOKEN
    if kind == "bpe":
        bos_id = SPECIAL_TOKENS.index(BOS_TOKEN)
        backend.post_processor = processors.TemplateProcessing(
            single=f"{BOS_TOKEN} $A",
            pair=f"{BOS_TOKEN} $A {BOS_TOKEN}:1 $B:1",
            special_tokens=[(BOS_TOKEN, bos_id)],
        )
    wrapped = PreTrainedTokenizerFast(tokenizer_object=backend, bos_token=bos, eos_token=EOS_TOKEN)
    if chat_template is not None:
        wrapped.chat_template = chat_template
    wrapped.save_pretrained(model_dir)


def _train() -> Tokenizer:
    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=TINY_VOCAB_SIZE,
        min_frequency=1,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    backend.train_from_iterator(_CORPUS.splitlines(), trainer)
    return backend


# ChatML, as Qwen and many fine-tunes use it (no bos; the template writes every marker).
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# Llama-3 style: the template writes the bos marker itself and trims message content.
LLAMA3_TEMPLATE = (
    "{{ '<|begin_of_text|>' }}"
    "{% for message in messages %}"
    "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}"
    "{{ message['content'] | trim }}{{ '<|eot_id|>' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}"
    "{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}"
    "{% endif %}"
)
