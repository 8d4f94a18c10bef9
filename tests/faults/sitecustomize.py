"""Faults injected into a real `gptship serve` process: a directory put on the server's
PYTHONPATH, so Python imports this module at startup (site's sitecustomize hook).

GPTSHIP_FAULT picks what the engine's step does once it has run GPTSHIP_FAULT_AFTER steps:
  raise  raises, as a CUDA error would;
  hang   never returns, as a wedged kernel or a deadlock would.
With GPTSHIP_FAULT_ONCE=PATH the fault fires only while PATH does not exist (it is created
then): a restarted server runs clean."""

from __future__ import annotations

import os
import threading
from pathlib import Path

FAULT = os.environ.get("GPTSHIP_FAULT")

if FAULT:
    from gptship.engine.engine import LLMEngine

    after = int(os.environ.get("GPTSHIP_FAULT_AFTER", "0"))
    once = os.environ.get("GPTSHIP_FAULT_ONCE")
    real_step = LLMEngine.step
    steps = 0

    def step(self: LLMEngine) -> object:
        global steps
        steps += 1
        if steps > after and not (once and Path(once).exists()):
            if once:
                Path(once).touch()
            if FAULT == "hang":
                threading.Event().wait()
            raise RuntimeError("CUDA error: an illegal memory access was encountered")
        return real_step(self)

    LLMEngine.step = step  # type: ignore[method-assign,assignment]
