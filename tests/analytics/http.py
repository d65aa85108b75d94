"""HTTP helpers of the analytics tests: the query API's create_app with the analytics router included."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from projections.runtime.config import ReadModels
from query_api.app import create_app
from query_api.container import QueryOptions
from query_api.deps import clock
from tests.analytics.support import TUESDAY, at
from tests.query_api.support import JWT_SECRET, bearer
from tests.support import TEST_DATABASE_URL

FAST = QueryOptions(wait_timeout=0.5)
ANALYST = bearer(uuid.uuid4(), "trader", "analyst")
PROBLEM = "application/problem+json"
WEEK = {"from": "2026-01-05T00:00:00Z", "to": "2026-01-12T00:00:00Z"}
NOW = at(TUESDAY, 13, 0)  # what the app's clock says, for rolling windows


def started_client(redis_url: str, read_models: ReadModels) -> Iterator[TestClient]:
    settings = Settings(
        ASTRATRADE_ENV="test",
        database_url=TEST_DATABASE_URL,
        redis_url=redis_url,
        jwt_secret=JWT_SECRET,
        CLAIM_KEY="analytics-test-claim-key-0123456789abcdef",
    )
    app = create_app(settings, read_models, FAST)
    app.dependency_overrides[clock] = lambda: NOW
    with TestClient(app) as started:
        yield started


def get(client: TestClient, path: str, accept: str = "application/json", **params: Any) -> httpx.Response:
    return client.get(f"/v1/analytics/{path}", params=params, headers={**ANALYST, "Accept": accept})
