"""Operations checks (``pytest tests/ops``): logs, zero-setup start, metrics, compose.
Tests marked ``slow`` run only with ``ASTRATRADE_SLOW=1``."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.hostile.world import World, world


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ops/" in item.nodeid and item.get_closest_marker("slow") and os.environ.get("ASTRATRADE_SLOW") != "1":
            item.add_marker(pytest.mark.skip(reason="slow: run with ASTRATRADE_SLOW=1"))


@pytest.fixture(scope="module")
def hostile_world(redis_url: str, postgres_available: None) -> Iterator[World]:
    """The populated world of the hostile suites (both apps, one user per role)."""
    with world(redis_url) as built:
        yield built
