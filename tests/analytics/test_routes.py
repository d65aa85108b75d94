"""GET /v1/analytics/* over HTTP: exact figures, paging, CSV = JSON, rebuild = live."""

from __future__ import annotations

import csv
import io

import pytest

from projections.analytics.projection import AnalyticsProjection
from projections.runtime.config import ReadModels
from projections.runtime.rebuild import rebuild
from tests.analytics.http import WEEK, get
from tests.analytics.support import History


def test_daily_volume_is_exact_decimal_strings_when_caught_up(client, served: History):
    response = get(client, "volume", interval="day", min_position=served.position, **WEEK)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["as_of_position"] >= served.position and body["next_cursor"] is None
    assert (body["interval"], body["from"], body["symbol"]) == ("day", "2026-01-05T00:00:00Z", None)
    assert [
        (r["bucket_start"], r["symbol"], r["volume"], r["trade_count"], r["fees"], r["net_pnl"]) for r in body["rows"]
    ] == [
        ("2026-01-05T00:00:00Z", "BTC-USD", "530.00", 3, "0.53", "19.58"),
        ("2026-01-05T00:00:00Z", "ETH-USD", "220.00", 2, "0.22", "-20.22"),
        ("2026-01-06T00:00:00Z", "BTC-USD", "198.00", 2, "0.20", "-11.21"),
    ]


def test_hourly_volume_of_one_symbol_when_filtered(client, served: History):
    body = get(client, "volume", interval="hour", symbol="ETH-USD", **WEEK).json()
    assert [(r["bucket_start"], r["volume"], r["open_count"], r["close_count"]) for r in body["rows"]] == [
        ("2026-01-05T12:00:00Z", "100.00", 1, 0),
        ("2026-01-05T13:00:00Z", "120.00", 0, 1),
    ]


def test_pages_join_up_to_the_whole_range_when_following_cursors(client, served: History):
    whole = get(client, "volume", interval="hour", **WEEK).json()["rows"]
    pages, cursor = [], None
    while True:
        body = get(client, "volume", interval="hour", limit=4, **WEEK, **({"cursor": cursor} if cursor else {})).json()
        pages += body["rows"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == whole and len(whole) == 6


def test_active_traders_per_day_include_days_without_trades(client, served: History):
    body = get(
        client, "active-traders", interval="day", **{"from": "2026-01-05T00:00:00Z", "to": "2026-01-08T00:00:00Z"}
    ).json()
    assert [(r["bucket_start"], r["active_traders"]) for r in body["rows"]] == [
        ("2026-01-05T00:00:00Z", 3),
        ("2026-01-06T00:00:00Z", 2),
        ("2026-01-07T00:00:00Z", 0),
    ]


def test_active_traders_per_hour_when_a_bucket_starts_inside_the_range(client, served: History):
    # 11:30 → 14:00: the buckets starting in the range are 12:00 and 13:00
    body = get(
        client, "active-traders", interval="hour", **{"from": "2026-01-05T11:30:00Z", "to": "2026-01-05T14:00:00Z"}
    ).json()
    assert [(r["bucket_start"], r["active_traders"]) for r in body["rows"]] == [
        ("2026-01-05T12:00:00Z", 2),
        ("2026-01-05T13:00:00Z", 1),
    ]


def test_pnl_distribution_is_exact_when_over_all_closes(client, served: History):
    body = get(client, "pnl-distribution").json()
    assert {k: v for k, v in body.items() if k != "as_of_position"} == {
        "window": "all",
        "from": None,
        "to": None,
        "count": 3,
        "sum": "-11.85",
        "mean": "-3.95",
        "min": "-20.22",
        "p5": "-19.319",
        "p10": "-18.418",
        "p25": "-15.715",
        "p50": "-11.21",
        "p75": "4.185",
        "p90": "13.422",
        "p95": "16.501",
        "max": "19.58",
    }


@pytest.mark.parametrize(
    ("params", "count", "median"),
    [
        ({"from": "2026-01-05T13:00:00Z", "to": "2026-01-06T00:00:00Z"}, 1, "-20.22"),  # bob only
        ({"window": "day"}, 2, "-15.715"),  # the 24 h before Tuesday 13:00: bob and carol
        ({"window": "week"}, 3, "-11.21"),
        ({"from": "2026-02-01T00:00:00Z", "to": "2026-02-02T00:00:00Z"}, 0, None),
    ],
)
def test_pnl_distribution_covers_only_closes_in_the_window(client, served: History, params, count, median):
    body = get(client, "pnl-distribution", **params).json()
    assert (body["count"], body["p50"]) == (count, median)


READS = [
    ("volume", {"interval": "hour", **WEEK}),
    ("active-traders", {"interval": "hour", "from": "2026-01-05T10:00:00Z", "to": "2026-01-06T03:00:00Z"}),
    ("pnl-distribution", {"window": "all"}),
]


def test_answers_are_unchanged_when_the_runtime_rebuilds_the_model(
    client, served: History, served_models: ReadModels, es_env
):
    def answers() -> list[dict]:
        return [
            {k: v for k, v in get(client, path, **params).json().items() if k != "as_of_position"}
            for path, params in READS
        ]

    before = answers()
    assert rebuild(AnalyticsProjection(), served_models, es_env) >= served.position
    assert answers() == before


@pytest.mark.parametrize(("path", "params"), READS)
def test_csv_has_the_same_rows_and_columns_as_json_when_asked_for(client, served: History, path, params):
    as_json = get(client, path, **params).json()
    as_csv = get(client, path, accept="text/csv", **params)
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert int(as_csv.headers["x-as-of-position"]) == as_json.pop("as_of_position")
    rows = as_json["rows"] if "rows" in as_json else [as_json]
    expected = [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
    parsed = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert parsed == expected and len(parsed) >= 1
    assert list(parsed[0]) == list(rows[0])  # same columns, same order
