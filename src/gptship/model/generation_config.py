"""The sampling defaults a model ships in generation_config.json. A request that leaves a
sampling field out gets the model's value, else OpenAI's: on the server, in `gptship chat`
and `gptship generate`, and in the offline LLM alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gptship.errors import GptshipError
from gptship.sampling import ParamError, SamplingParams

# the fields a request may leave to the model, with OpenAI's values for a model that is silent
OPENAI_DEFAULTS: Mapping[str, float] = {
    "temperature": 1.0,
    "top_p": 1.0,
    "top_k": 0,
    "min_p": 0.0,
    "repetition_penalty": 1.0,
}


@dataclass(frozen=True)
class SamplingDefaults:
    values: dict[str, float] = field(default_factory=dict)  # only what the model's file sets

    @classmethod
    def read(cls, gen_config: Mapping[str, Any], path: Path) -> SamplingDefaults:
        """Greedy where the file says `"do_sample": false` (transformers' own default, here
        made explicit), else the sampling fields it sets, as transformers' generate() takes
        them; a value out of range is an error naming the file and the field."""
        if gen_config.get("do_sample") is False:
            return cls({"temperature": 0.0})
        values: dict[str, Any] = {
            name: value
            for name in OPENAI_DEFAULTS
            if isinstance(value := gen_config.get(name), int | float)
            and not isinstance(value, bool)
        }
        try:
            SamplingParams(**values)
        except ParamError as e:
            raise GptshipError(f"{path}: {e}; fix or remove {e.param}") from None
        return cls(values)

    def fill(self, given: Mapping[str, float | None]) -> dict[str, Any]:
        """Every defaultable field: the value given (None: left out), else the model's, else
        OpenAI's."""
        return {
            name: value if (value := given.get(name)) is not None else self.values.get(name, usual)
            for name, usual in OPENAI_DEFAULTS.items()
        }
