"""Hostile-input suites (``pytest tests/hostile -m hostile``): fuzzing both OpenAPI documents, random
command sequences over HTTP, the authorization matrix and rate limits, against the real apps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from tests.hostile.world import World, world


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/hostile/" in item.nodeid:
            item.add_marker(pytest.mark.hostile)


@pytest.fixture(scope="module")
def hostile_world(redis_url: str, postgres_available: None) -> Iterator[World]:
    with world(redis_url) as built:
        yield built


@pytest.fixture
def command_app(hostile_world: World) -> FastAPI:
    return hostile_world.fresh_command_app()


@pytest.fixture
def query_app(hostile_world: World) -> FastAPI:
    return hostile_world.fresh_query_app()
