"""Schemathesis against both OpenAPI documents: every operation, as the role it needs, valid and
invalid inputs; no 5xx, and every answer conforms to the document (status, content type, schema,
headers), and invalid input is refused with a 4xx.

New endpoints are fuzzed as soon as they are in a document; their role comes from ``ROLE_OF``
(default: a plain trader), and any other user's ids they take are random.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.case import Case

from tests.hostile import cursors
from tests.hostile.world import World

MAX_EXAMPLES = 25  # per operation and generation mode: ~2 min for both APIs on two cores
# (method, path prefix) → the role a caller needs; the first match wins, else "trader".
ROLE_OF: list[tuple[str, str, str]] = [
    ("POST", "/v1/admin/", "admin"),
    ("POST", "/v1/market/prices", "price_feed"),
    ("POST", "/v1/users/{user_id}/erasure", "compliance"),
    ("GET", "/v1/audit/", "compliance"),
    ("GET", "/v1/analytics/", "analyst"),
]
# Schemathesis's own server-error check is replaced by ``_no_server_error``, which admits the one 5xx the
# contract names for a valid request: 503 ``projection_lagging`` with Retry-After for a ``min_position``
# the read model has not reached (the fuzzer asks for positions far beyond the log).
CHECKS = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
]
TALLY: Counter[str] = Counter()
STREAM_SECONDS = 1.0  # an event stream is read this long (schemathesis keeps what came)
# Any other request may take this long: the timeout cancels the app (schemathesis's ASGI transport), which then
# answers 500, so a 1 s bound failed a backtest request that took longer on a loaded CI machine.
REQUEST_SECONDS = 30.0


def role_for(method: str, path: str) -> str:
    return next((role for m, prefix, role in ROLE_OF if m == method and path.startswith(prefix)), "trader")


def _call(case: Case, world: World, api: str) -> None:
    headers = {} if _negates_headers(case) else world.actors[role_for(case.method.upper(), case.path)].headers
    response = case.call(headers=headers, timeout=STREAM_SECONDS if _streams(case) else REQUEST_SECONDS)
    TALLY[f"{api} cases"] += 1
    if _lagging(response):
        TALLY[f"{api} 503 projection_lagging"] += 1
    else:
        TALLY[f"{api} {response.status_code // 100}xx"] += 1
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"
    case.validate_response(response, checks=CHECKS, headers=headers)


def _streams(case: Case) -> bool:
    """The operation answers an event stream (text/event-stream), which a client reads for a while only."""
    responses = case.operation.definition.raw.get("responses", {}).values()
    return any("text/event-stream" in (response.get("content") or {}) for response in responses)


def _lagging(response: Any) -> bool:
    if response.status_code != 503 or "retry-after" not in {k.lower() for k in response.headers}:
        return False
    try:
        return bool(response.json().get("type") == "projection_lagging")
    except ValueError:
        return False


def _negates_headers(case: Case) -> bool:
    """A negative case made the headers invalid (e.g. no Authorization): send them as generated."""
    component = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    return component is not None and component.mode.is_negative


_SETTINGS = settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


def fuzz(schema: Any, world: World, api: str) -> list[str]:
    """Every operation of ``schema`` in both generation modes; the failures found (one per operation)."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @_SETTINGS
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Case) -> None:
                _call(case, world, api)

            try:
                run()
            except Unsatisfiable:
                continue  # nothing to make invalid (no parameters, no body)
            except Exception as error:
                failures.append(
                    f"{operation.method.upper()} {operation.path} ({mode.value}): {_described(error)}"[:3000]
                )
    return failures


def _described(error: BaseException) -> str:
    """The error and what it groups: a flaky failure (failed once, passed on the replay) says what failed."""
    inner = getattr(error, "exceptions", ())
    return "; ".join([str(error), *(f"{type(e).__name__}: {e}" for e in inner)])


def test_command_api_answers_within_its_document_and_never_5xx(hostile_world: World, command_app: FastAPI) -> None:
    failures = fuzz(schemathesis.openapi.from_asgi("/openapi.json", command_app), hostile_world, "command")
    assert not failures, "\n\n".join(failures)


def test_query_api_answers_within_its_document_and_never_5xx(hostile_world: World, query_app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", query_app)
    cursors.install(schema)  # hostile cursors (base64 of 1E+999999, NUL, wrong types…) on every paged read
    failures = fuzz(schema, hostile_world, "query")
    assert not failures, "\n\n".join(failures)


def test_fuzzing_figures(hostile_world: World) -> None:
    """Runs last in this module: prints the figures for docs/reliability.md."""
    print("FIGURES", dict(sorted(TALLY.items())))
    assert TALLY["command cases"] > 0 and TALLY["query cases"] > 0
    assert TALLY["command 5xx"] == TALLY["query 5xx"] == 0
