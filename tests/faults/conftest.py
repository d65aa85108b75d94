"""Fault tests (``pytest tests/faults -m faults``): the system runs as real processes on loopback.

Each test starts what it breaks itself (a private Redis; a private PostgreSQL when
PostgreSQL is to be restarted); the shared servers are only used, never stopped.
Tests marked ``slow`` (longer soaks) run only with ``ASTRATRADE_SLOW=1``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.faults.servers import PrivateRedis, private_redis

RUN_SLOW = os.environ.get("ASTRATRADE_SLOW", "") == "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/faults/" in item.nodeid:
            item.add_marker(pytest.mark.faults)
            if item.get_closest_marker("slow") and not RUN_SLOW:
                item.add_marker(pytest.mark.skip(reason="a long soak: run with ASTRATRADE_SLOW=1"))


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    with private_redis() as server:
        yield server
