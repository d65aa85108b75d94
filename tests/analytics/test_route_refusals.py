"""GET /v1/analytics/* refusals: 422 for malformed ranges, 401, 403, 503; the OpenAPI document."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.analytics.http import PROBLEM, WEEK, get
from tests.analytics.support import History
from tests.hostile.cursors import b64, fields_of, mutations
from tests.query_api.support import bearer


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("volume", {"interval": "week", **WEEK}),
        ("volume", {"interval": "day", "from": "2026-01-05T00:00:00Z", "to": "2026-01-05T00:00:00Z"}),
        ("volume", {"interval": "day", "from": "2026-01-06T00:00:00Z", "to": "2026-01-05T00:00:00Z"}),
        ("volume", {"interval": "day", "from": "2026-01-01T00:00:00Z", "to": "2027-01-03T00:00:00Z"}),
        ("volume", {"interval": "hour", "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:01Z"}),
        ("volume", {"interval": "day", "from": "2026-01-05T00:00:00", "to": "2026-01-06T00:00:00"}),
        ("volume", {"interval": "day", "from": "yesterday", "to": "2026-01-06T00:00:00Z"}),
        ("volume", {"interval": "day", **WEEK, "limit": 1001}),
        ("volume", {"interval": "day", **WEEK, "cursor": "not-a-cursor"}),
        ("volume", {"interval": "day", **WEEK, "symbol": "btc; drop table x"}),
        ("volume", {"interval": "day", **WEEK, "colour": "blue"}),
        ("active-traders", {"interval": "minute", **WEEK}),
        ("active-traders", {"interval": "hour", "from": "2026-01-01T00:00:00Z", "to": "2026-03-01T00:00:00Z"}),
        ("pnl-distribution", {"window": "month"}),
        ("pnl-distribution", {"window": "day", **WEEK}),
        ("pnl-distribution", {"from": "2026-01-05T00:00:00Z"}),
        ("pnl-distribution", {"from": "2026-01-06T00:00:00Z", "to": "2026-01-05T00:00:00Z"}),
    ],
)
def test_malformed_query_is_refused_with_422(bare_client, path, params):
    response = get(bare_client, path, **params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "validation_error"


def test_caller_without_credentials_is_refused_with_401(bare_client):
    response = bare_client.get("/v1/analytics/pnl-distribution")
    assert response.status_code == 401 and response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("roles", [("trader",), ("trader", "compliance"), ("trader", "price_feed")])
def test_non_analyst_is_forbidden(bare_client, roles):
    response = bare_client.get(
        "/v1/analytics/volume", params={"interval": "day", **WEEK}, headers=bearer(uuid.uuid4(), *roles)
    )
    assert response.status_code == 403 and response.json()["type"] == "forbidden"


def test_admin_reads_analytics_too(client, served: History):
    response = client.get("/v1/analytics/pnl-distribution", headers=bearer(uuid.uuid4(), "trader", "admin"))
    assert response.status_code == 200 and response.json()["count"] == 3


def test_query_answers_503_when_the_projection_has_not_reached_min_position(client, served: History):
    response = get(client, "pnl-distribution", min_position=served.position + 2**40)
    assert response.status_code == 503 and response.headers["retry-after"]
    assert response.json()["type"] == "projection_lagging"


def test_openapi_documents_the_analytics_routes(bare_client):
    paths = bare_client.get("/openapi.json").json()["paths"]
    volume = paths["/v1/analytics/volume"]["get"]
    assert {"interval", "from", "to", "symbol", "limit", "cursor", "min_position"} <= {
        p["name"] for p in volume["parameters"]
    }
    assert "text/csv" in volume["responses"]["200"]["content"]


def test_every_hostile_cursor_is_refused_with_a_422_problem_never_a_500(client, served: History):
    # Given a cursor the API issued for a volume page
    real = get(client, "volume", interval="hour", limit=1, **WEEK).json()["next_cursor"]
    # When a client sends it back with each field swapped for a hostile value (a NUL symbol reached SQL: 500)
    replies = [get(client, "volume", interval="hour", limit=1, **WEEK, cursor=cursor) for cursor in mutations(real)]
    # Then every one is a 422 problem, or (the few swaps that still name a real key) a page
    assert {r.status_code for r in replies} <= {200, 422}
    assert all(r.json()["type"] == "validation_error" for r in replies if r.status_code == 422)
    nul = fields_of(real) | {"s": "BTC-USD\u0000"}
    assert (
        get(client, "volume", interval="hour", limit=1, **WEEK, cursor=b64(json.dumps(nul).encode())).status_code == 422
    )
