"""Fuzz the running server from its own OpenAPI document: whatever the generated requests
hold, the answer is never a 5xx (schemathesis' not_a_server_error check)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.server.conftest import Server


@pytest.mark.slow
def test_no_input_yields_a_server_error(long_model: Path) -> None:
    # a short context keeps each generated request quick whatever max_tokens it asks for
    server = Server(long_model, "--max-model-len", "64", "--request-timeout", "20")
    try:
        schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 8
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=40,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,  # the same requests every run: a failure reproduces
                database=None,
            )
            def no_server_error(case: schemathesis.Case) -> None:
                case.call_and_validate(checks=[not_a_server_error], timeout=30)

            no_server_error()
    finally:
        assert server.stop() == 0, server.log
