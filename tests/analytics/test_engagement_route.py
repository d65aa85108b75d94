"""GET /v1/analytics/engagement over the real query API: the engagement tables a worker built from real events."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from projections.analytics.projection import AnalyticsProjection
from projections.runtime.config import ReadModels
from projections.runtime.rebuild import rebuild
from tests.analytics.engagement_history import Engagement
from tests.analytics.http import PROBLEM, get
from tests.projections.support import catch_up
from tests.query_api.support import bearer

DAYS = {"from": "2026-01-05T00:00:00Z", "to": "2026-01-08T00:00:00Z"}


@pytest.fixture
def served_engagement(engagement: Engagement, served_models: ReadModels, es_env: dict[str, str]) -> Engagement:
    catch_up(served_models, es_env, engagement.position, AnalyticsProjection())
    return engagement


def test_engagement_per_day_is_exact_with_zero_days_and_the_largest_clans(client, served_engagement: Engagement):
    response = get(client, "engagement", min_position=served_engagement.position, **DAYS)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["as_of_position"] >= served_engagement.position and body["from"] == "2026-01-05T00:00:00Z"
    # Monday: alice 34 + 11, bob 15, carol's flagged close 0; six unlocks. Tuesday: 30 + 15 + 50, one unlock.
    assert [
        (r["day"], r["xp_earned"], r["xp_awards"], r["flagged_awards"], r["users_earning"], r["achievements_unlocked"])
        for r in body["rows"]
    ] == [("2026-01-05", 60, 4, 1, 2, 6), ("2026-01-06", 95, 3, 0, 3, 1), ("2026-01-07", 0, 0, 0, 0, 0)]
    assert body["achievements"] == {"clan_founder": 2, "first_profit": 1, "first_trade": 4}
    # carol moved from Alpha to Beta and bob left Beta: Alpha = alice, dave; Beta = carol
    assert [(c["clan_id"], c["name"], c["members"]) for c in body["largest_clans"]] == [
        (str(served_engagement.alpha), "Alpha", 2),
        (str(served_engagement.beta), "Beta", 1),
    ]


def test_engagement_window_counts_only_the_days_starting_in_it(client, served_engagement: Engagement):
    body = get(client, "engagement", clans=1, **{"from": "2026-01-05T12:00:00Z", "to": "2026-01-07T00:00:00Z"}).json()
    assert [(r["day"], r["xp_earned"]) for r in body["rows"]] == [("2026-01-06", 95)]  # Monday starts before noon
    assert body["achievements"] == {"first_trade": 1}
    assert [c["name"] for c in body["largest_clans"]] == ["Alpha"]


def test_engagement_csv_holds_the_same_days_as_the_json(client, served_engagement: Engagement):
    as_json = get(client, "engagement", **DAYS).json()
    response = get(client, "engagement", accept="text/csv", **DAYS)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert int(response.headers["x-as-of-position"]) == as_json["as_of_position"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows == [{k: str(v) for k, v in r.items()} for r in as_json["rows"]] and len(rows) == 3
    assert list(rows[0]) == list(as_json["rows"][0])  # same columns, same order


def test_engagement_is_unchanged_when_the_runtime_rebuilds_the_model(
    client, served_engagement: Engagement, served_models: ReadModels, es_env
):
    def answer() -> dict:
        return {k: v for k, v in get(client, "engagement", **DAYS).json().items() if k != "as_of_position"}

    before = answer()
    assert rebuild(AnalyticsProjection(), served_models, es_env) >= served_engagement.position
    assert answer() == before and before["rows"][0]["xp_earned"] == 60


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-01-06T00:00:00Z", "to": "2026-01-05T00:00:00Z"},
        {"from": "2026-01-05T00:00:00Z", "to": "2026-01-05T00:00:00Z"},
        {"from": "2026-01-01T00:00:00Z", "to": "2027-01-03T00:00:00Z"},
        {"from": "2026-01-05T00:00:00", "to": "2026-01-06T00:00:00"},
        {"from": "2026-01-05T00:00:00Z"},
        {**DAYS, "clans": 101},
        {**DAYS, "clans": -1},
        {**DAYS, "interval": "day"},
    ],
)
def test_malformed_engagement_query_is_refused_with_422(bare_client, params):
    response = get(bare_client, "engagement", **params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM and response.json()["type"] == "validation_error"


@pytest.mark.parametrize("roles", [("trader",), ("trader", "compliance")])
def test_engagement_is_forbidden_to_non_analysts(bare_client, roles):
    response = bare_client.get("/v1/analytics/engagement", params=DAYS, headers=bearer(uuid.uuid4(), *roles))
    assert response.status_code == 403 and response.json()["type"] == "forbidden"
