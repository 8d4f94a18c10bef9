"""Fuzz every route of a running server: cases generated from its own OpenAPI document
(schemathesis, valid and invalid), then requests the document cannot describe (adversarial.py).
Whatever arrives, the answer is never a 5xx. Derandomized, with no example database: a
failure reproduces run after run, and is reported with the request that caused it."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok
from schemathesis.generation.modes import GenerationMode

from tests.figures import FIGURES
from tests.reliability.adversarial import Raw, explicit, mutated
from tests.server.conftest import MODEL, Server, log_records
from tests.tiny_bert import make_bert_dir

# a context of 64 keeps every generated request quick, whatever max_tokens or n it asks for
ARGS = ("--max-model-len", "64", "--request-timeout", "20")
EMBED = "tiny-bert"  # the embedding model served beside it
# cases per operation and mode: the document's 9 operations come to over 2,000
EXAMPLES = {GenerationMode.POSITIVE: 300, GenerationMode.NEGATIVE: 220}
MUTATIONS = 400
Case = schemathesis.Case[Any]
Operation = schemathesis.APIOperation[Any, Any, Any, Any]
MAX_RESTARTS = 10  # each costs a few seconds; past them the run stops with what it found
SETTINGS = settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same requests every run
    database=None,
)


class Fuzzer:
    """Sends requests to one server and counts the answers by status class. A 5xx, or no
    answer, is kept with the request that caused it; a server no longer ready is started
    afresh (at most MAX_RESTARTS times), so that one run reports every failure it meets."""

    def __init__(self, model: Path, encoder: Path) -> None:
        self.model = model
        self.args = (*ARGS, "--embedding-model", str(encoder), "--embedding-model-name", EMBED)
        self.server = Server(model, *self.args)
        self.session = requests.Session()  # schemathesis' transport
        self.http = httpx.Client(timeout=30)
        self.classes: Counter[str] = Counter()
        self.failures: list[str] = []
        self.reason = ""  # why the last request got no answer
        self.restarts = 0

    def send_case(self, case: Case) -> None:
        url = self.server.url
        try:
            status = case.call(base_url=url, session=self.session, timeout=30).status_code
        except requests.RequestException as exc:
            status, self.reason = 0, repr(exc)
        self._count(status, lambda: case.as_curl_command(base_url=url))

    def send_raw(self, raw: Raw) -> None:
        url = self.server.url
        try:
            response = self.http.request(
                raw.method, url + raw.path, content=raw.content, headers=list(raw.headers)
            )
            status = response.status_code
        except httpx.TransportError as exc:
            status, self.reason = 0, repr(exc)
        self._count(status, lambda: raw.reproducer(url))

    def _count(self, status: int, reproducer: Callable[[], str]) -> None:
        self.classes[f"{status // 100}xx" if status else "no answer"] += 1
        if 0 < status < 500:
            return
        answer = status or f"no answer ({self.reason})"
        self.failures.append(f"{answer} for {reproducer()}")
        if not self._ready():
            self._restart()

    def _ready(self) -> bool:
        try:
            return httpx.get(f"{self.server.url}/ready", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    def _restart(self) -> None:
        code = self.server.stop()
        lines = log_records(self.server.log)
        errors = [line["message"] for line in lines if line.get("level") == "error"]
        self.failures.append(f"  and the server then exited {code}, having logged {errors}")
        assert self.restarts < MAX_RESTARTS, "\n\n".join(self.failures)
        self.restarts += 1
        self.server = Server(self.model, *self.args)

    def close(self) -> tuple[int, str]:
        self.session.close()
        self.http.close()
        return self.server.stop(), self.server.log


def aim(case: Case) -> None:
    """Name the served model (the embedding model's, for embeddings), so that the case
    reaches past the 404 into generation or encoding."""
    if isinstance(case.body, dict) and isinstance(case.body.get("model"), str):
        case.body["model"] = EMBED if case.path == "/v1/embeddings" else MODEL
    if case.path_parameters and "model" in case.path_parameters:
        case.path_parameters["model"] = MODEL


def fuzz_operation(fuzzer: Fuzzer, operation: Operation) -> None:
    # only a body has constraints to break: a path parameter is any string
    modes = [GenerationMode.POSITIVE]
    modes += [GenerationMode.NEGATIVE] if operation.body else []
    for mode in modes:

        @given(case=operation.as_strategy(generation_mode=mode), served_model=st.booleans())
        @settings(SETTINGS, max_examples=EXAMPLES[mode])
        def no_server_error(case: Case, served_model: bool) -> None:
            if served_model:
                aim(case)
            fuzzer.send_case(case)

        no_server_error()


@given(raw=mutated())
@settings(SETTINGS, max_examples=MUTATIONS)
def mutate(fuzzer: Fuzzer, raw: Raw) -> None:
    fuzzer.send_raw(raw)


@pytest.mark.slow
def test_no_input_yields_a_server_error(model: Path, tmp_path: Path) -> None:
    start = time.monotonic()
    encoder = tmp_path / EMBED
    encoder.mkdir()
    make_bert_dir(encoder, pooling="mean", max_position_embeddings=32)
    fuzzer = Fuzzer(model, encoder)
    operations: list[Operation] = []
    counts: dict[str, int] = {}
    try:  # whatever fails, the server is stopped
        schema = schemathesis.openapi.from_url(f"{fuzzer.server.url}/openapi.json")
        schema.config.output.sanitization.update(enabled=False)  # reproducers with every field
        results = list(schema.get_all_operations())
        operations = [result.ok() for result in results if isinstance(result, Ok)]
        assert len(operations) == len(results) >= 9
        for operation in operations:
            fuzz_operation(fuzzer, operation)
        counts["generated"] = fuzzer.classes.total()
        for raw in explicit():
            fuzzer.send_raw(raw)
        counts["explicit"] = fuzzer.classes.total() - counts["generated"]
        mutate(fuzzer)
        counts["mutated"] = fuzzer.classes.total() - counts["generated"] - counts["explicit"]
    finally:
        code, log = fuzzer.close()
        FIGURES.append(figure(fuzzer.classes, len(operations), counts, time.monotonic() - start))
    assert not fuzzer.failures, "\n\n".join(fuzzer.failures)
    assert counts["generated"] >= 2000
    assert code == 0 and "Traceback" not in log, log[-5000:]


def figure(classes: Counter[str], operations: int, counts: dict[str, int], seconds: float) -> str:
    parts = ", ".join(f"{n:,} {k}" for k, n in counts.items())
    shown = ["5xx", *sorted(set(classes) - {"5xx"}, reverse=True)]
    statuses = ", ".join(f"{classes[k]:,} x {k}" for k in shown)
    return (
        f"fuzz: {classes.total():,} requests over {operations} operations ({parts}): "
        f"{statuses}, in {seconds:.0f} s"
    )
