"""Both OpenAPI documents: stable, unique operationIds, and the document served is the committed one."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from astratrade.published.snapshots import ROOT
from command_api.app import create_app as create_command_app
from command_api.app import openapi_document as command_openapi
from event_store.application import EventStore
from projections.runtime.config import ReadModels
from query_api.app import create_app as create_query_app
from query_api.app import openapi_document as query_openapi
from tests.leaderboard.http import served
from tests.leaderboard.support import FAST, api_settings

DOCUMENTS: dict[str, Callable[[], dict[str, Any]]] = {"command-api": command_openapi, "query-api": query_openapi}
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_operation_id_is_unique_and_named_after_its_route_function_when_generated(name: str) -> None:
    operations = _operations(DOCUMENTS[name]())
    ids = [operation["operationId"] for _, _, operation in operations]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert all(i.isidentifier() and i.islower() for i in ids), ids  # snake_case: no path or method in them
    assert len(operations) > 30


def test_operation_ids_are_the_route_function_names_when_the_app_is_built(store: EventStore, redis_url: str) -> None:
    app = create_command_app(api_settings(redis_url), store=store)
    routes = {
        route.path_format + " " + sorted(route.methods)[0].lower(): route.name
        for route in app.routes
        if isinstance(route, APIRoute) and route.include_in_schema
    }
    served_ids = {f"{path} {method}": op["operationId"] for path, method, op in _operations(app.openapi())}
    assert served_ids == routes


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_committed_snapshot_is_the_document_the_code_builds_when_compared(name: str) -> None:
    committed = json.loads((ROOT / "openapi" / f"{name}.json").read_text())
    assert committed == DOCUMENTS[name](), f"contracts/openapi/{name}.json is stale: run scripts/contracts"


def test_each_api_serves_its_committed_document_over_http_when_running(
    store: EventStore, read_models: ReadModels, redis_url: str
) -> None:
    settings = api_settings(redis_url)
    apps = {
        "command-api": create_command_app(settings, store=store),
        "query-api": create_query_app(settings, read_models, FAST),
    }
    for name, app in apps.items():
        with served(app) as url:
            document = httpx.get(f"{url}/openapi.json").json()
        assert document == json.loads((ROOT / "openapi" / f"{name}.json").read_text()), name
