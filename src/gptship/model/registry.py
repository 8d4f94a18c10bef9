"""Architecture name (config.json "architectures") -> the class that implements it."""

from gptship.model.base import CausalLM
from gptship.model.gpt2 import GPT2
from gptship.model.llama import Llama

ARCHITECTURES: dict[str, type[CausalLM]] = {
    "GPT2LMHeadModel": GPT2,
    "LlamaForCausalLM": Llama,
    "MistralForCausalLM": Llama,
    "Qwen2ForCausalLM": Llama,
}
