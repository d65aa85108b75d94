"""Structured logs: one JSON object per line, with the correlation id carried HTTP → events → workers."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from astratrade import logs
from event_store.metadata import CommandContext, using
from http_common.middleware import CorrelationId
from projections.portfolio.projection import PortfolioProjection
from projections.runtime import ProjectionWorker, ReadModels, migrate, tracing
from tests.hostile.world import World


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    logs.setup("test-process", "DEBUG")
    yield stream
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_astratrade", False)]:
        root.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_record_is_one_json_line_with_the_bound_correlation_id(captured: io.StringIO) -> None:
    with logs.bind("req-42"):
        logging.getLogger("astratrade.test").info("hello %s", "world", extra={"position": 7})
    logging.getLogger("astratrade.test").warning("unbound")
    first, second = lines(captured)
    assert first["message"] == "hello world" and first["level"] == "INFO" and first["logger"] == "astratrade.test"
    assert first["correlation_id"] == "req-42" and first["position"] == 7 and first["process"] == "test-process"
    assert first["timestamp"].endswith("+00:00")
    assert "correlation_id" not in second


def test_a_command_context_supplies_the_correlation_id_when_none_is_bound(captured: io.StringIO) -> None:
    with using(CommandContext(actor="u", correlation_id="from-command")):
        logging.getLogger("services").info("deciding")
    assert lines(captured)[0]["correlation_id"] == "from-command"


def test_an_exception_is_logged_inside_the_json_line(captured: io.StringIO) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("x").exception("failed")
    [line] = lines(captured)
    assert "ValueError: boom" in line["exception"]


@pytest.mark.parametrize("api", ["command", "query"])
def test_each_api_logs_its_requests_with_the_request_correlation_id(
    hostile_world: World, captured: io.StringIO, api: str
) -> None:
    # Given either real app, when a request names its correlation id
    app = hostile_world.command_app if api == "command" else hostile_world.fresh_query_app()
    headers = {**hostile_world.actors["trader"].headers, "X-Correlation-ID": f"{api}-trace-1"}
    with TestClient(app) as client:
        answer = (
            client.get("/v1/leaderboards/xp", headers=headers)
            if api == "query"
            else client.post("/v1/wallet/deposits", json={"amount": "1.00", "currency": "USD"}, headers=headers)
        )
    # Then the API's log line for it carries that id (http_common's middleware binds it)
    [line] = [line for line in lines(captured) if line["logger"] == "http_common.requests"]
    assert line["correlation_id"] == f"{api}-trace-1" and line["status"] == answer.status_code


def test_a_sync_route_logs_with_the_correlation_id_its_middleware_bound(captured: io.StringIO) -> None:
    # Given a def route (run in a worker thread) behind the shared middleware
    app = FastAPI()

    @app.get("/work")
    def work() -> dict[str, str]:
        logging.getLogger("query_api.route").info("handling")
        return {}

    # When it is called with a correlation id, then the route's own line carries it
    TestClient(CorrelationId(app)).get("/work", headers={"X-Correlation-ID": "http-7"})
    assert [line["correlation_id"] for line in lines(captured) if line["logger"] == "query_api.route"] == ["http-7"]


def test_a_worker_logs_the_correlation_id_of_the_events_it_applies(hostile_world: World, captured: io.StringIO) -> None:
    # Given a deposit sent over HTTP with a correlation id
    w = hostile_world
    answer = w.command.post(
        "/v1/wallet/deposits",
        json={"amount": "3.00", "currency": "USD"},
        headers={**w.actors["trader"].headers, "X-Correlation-ID": "trace-me-123"},
    )
    assert answer.status_code == 200, answer.text
    # When a worker applies the log (the runtime logs batches itself: nothing wraps the projection)
    models = ReadModels.from_env(w.es_env, schema=w.read_models.schema + "_logs")
    migrate(models, [PortfolioProjection()])
    worker = ProjectionWorker(PortfolioProjection(), models, w.es_env)
    with worker.session() as session:
        assert session is not None
        while session.position < answer.json()["position"]:
            session.cycle()
    # Then its log names the correlation id of the event, per event and per batch
    found = lines(captured)
    assert any(
        line.get("correlation_id") == "trace-me-123" and line.get("position") == answer.json()["position"]
        for line in found
    )
    assert any(
        "trace-me-123" in line.get("correlation_ids", []) and line["projection"] == "portfolio" for line in found
    )


def test_a_batch_that_shares_one_correlation_id_is_applied_with_it_bound(captured: io.StringIO) -> None:
    seen = []
    event = SimpleNamespace(topic="t", position=1, metadata={"correlation_id": "one"})
    other = SimpleNamespace(topic="t", position=2, metadata={"correlation_id": "two"})
    for batch in ([event, event], [event, other]):
        with tracing.traced("fake", batch):  # type: ignore[arg-type]
            seen.append(logs.correlation_id())
    assert seen == ["one", None]
    assert logs.correlation_id() is None


@pytest.mark.parametrize("entry", ["command_api.app", "query_api.app", "projections.groups", "jobs.worker"])
def test_a_process_of_up_does_not_load_rich_even_where_the_dev_tools_installed_it(entry: str) -> None:
    # Given a venv with rich installed (the dev tools bring it), when a process of `up` imports what it runs
    probe = (
        "import importlib, sys\n"
        "import astratrade.cli\n"
        f"importlib.import_module({entry!r})\n"
        "loaded = 'rich' in sys.modules\n"
        "import rich, structlog.dev\n"
        "print(loaded, structlog.dev.rich is None)\n"
    )
    answer = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    # Then structlog was loaded without it (plain tracebacks, as in production; ~4 MB less), and rich
    # itself stays importable for whatever else wants it
    assert answer.stdout.split() == ["False", "True"]
