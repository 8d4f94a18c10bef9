"""gptship: put a custom-trained GPT into production.

`LLM`, `Embedder`, `SamplingParams`, `StructuredOutput` and the output types load on first
use, so that `gptship --help` and other light entry points do not pay for importing torch.
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "LLM",
    "CompletionOutput",
    "Embedder",
    "RequestOutput",
    "SamplingParams",
    "StructuredOutput",
    "__version__",
]

if TYPE_CHECKING:
    from gptship.engine.outputs import CompletionOutput, RequestOutput
    from gptship.llm import LLM
    from gptship.model.embedder import Embedder
    from gptship.sampling import SamplingParams, StructuredOutput


def __getattr__(name: str) -> Any:
    if name == "LLM":
        from gptship.llm import LLM

        return LLM
    if name == "Embedder":
        from gptship.model.embedder import Embedder

        return Embedder
    if name in ("SamplingParams", "StructuredOutput"):
        from gptship import sampling

        return getattr(sampling, name)
    if name in ("CompletionOutput", "RequestOutput"):
        from gptship.engine import outputs

        return getattr(outputs, name)
    raise AttributeError(f"module 'gptship' has no attribute {name!r}")
