"""GET /v1/audit/events, /verify and /anchors over HTTP: pages, NDJSON, filters, roles."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from projections.runtime.config import ReadModels
from services.trading import TradingService
from services.users import UserService
from tests.api.support import assert_problem
from tests.audit.support import History, audit_tables, catch_up, tamper, trade_history
from tests.query_api.support import bearer
from tests.support import SteppingClock

NDJSON = {"Accept": "application/x-ndjson"}
OFFICER = uuid4()


def compliance() -> dict[str, str]:
    return bearer(OFFICER, "trader", "compliance")


@pytest.fixture
def history(
    read_models: ReadModels, es_env: dict[str, str], users: UserService, trading: TradingService, clock: SteppingClock
) -> History:
    found = trade_history(users, trading, clock)
    catch_up(read_models, es_env)
    return found


def _pages(query: TestClient, limit: int, **params: Any) -> list[dict[str, object]]:
    """Every page, following ``next_after_position``."""
    rows: list[dict[str, object]] = []
    after: int | None = 0
    while after is not None:
        response = query.get(
            "/v1/audit/events", params={**params, "limit": limit, "after_position": after}, headers=compliance()
        )
        assert response.status_code == 200, response.text
        rows += response.json()["events"]
        after = response.json()["next_after_position"]
    return rows


def _ndjson(query: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = query.get("/v1/audit/events", params=params, headers={**compliance(), **NDJSON})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def test_the_ndjson_export_equals_the_json_pages_when_the_same_range_is_read(
    query: TestClient,
    history: History,
) -> None:
    # When the whole trail, then alice's history, are read page by page and as one NDJSON stream
    everything, alices = _pages(query, 4), _pages(query, 2, user_id=history.alice)

    # Then both forms carry the same rows, in log order
    assert everything == _ndjson(query) and len(everything) == 13
    assert alices == _ndjson(query, user_id=history.alice) and len(alices) == 7
    assert [r["position"] for r in everything] == sorted(r["position"] for r in everything)  # type: ignore[type-var]
    assert set(everything[0]) == {
        "position",
        "timestamp",
        "aggregate_id",
        "version",
        "type",
        "schema_version",
        "data",
        "metadata",
        "hash",
        "prev_hash",
        "stored_state",
    }


def test_filters_select_by_aggregate_and_time_when_given(query: TestClient, history: History) -> None:
    # When the position's events, and the events of the hour before the open, are asked for
    position = _pages(query, 100, aggregate_id=history.position_id)
    before = _ndjson(query, to=history.before_open.isoformat())
    after = _ndjson(query, **{"from": history.before_open.isoformat()})

    # Then each filter holds, and from/to split the log in two
    assert [r["type"] for r in position] == ["trading.Position.Opened"]
    assert [r["type"] for r in before][-2:] == ["trading.Wallet.Deposited", "trading.MarketPrice.Listed"]
    assert [r["type"] for r in after][0] == "trading.Wallet.MarginReserved"
    assert len(before) + len(after) == 13


def test_a_page_stops_with_a_cursor_and_the_last_page_without_when_paging(query: TestClient, history: History) -> None:
    first = query.get("/v1/audit/events", params={"limit": 10}, headers=compliance()).json()
    last = query.get(
        "/v1/audit/events", params={"limit": 10, "after_position": first["next_after_position"]}, headers=compliance()
    ).json()
    assert len(first["events"]) == 10 and first["next_after_position"] == first["events"][-1]["position"]
    assert len(last["events"]) == 3 and last["next_after_position"] is None
    assert first["as_of_position"] >= last["events"][-1]["position"]


def test_verify_reports_ok_then_the_broken_position_when_a_row_is_tampered_with(
    query: TestClient,
    read_models: ReadModels,
    history: History,
) -> None:
    # Given a sound trail
    ok = query.get("/v1/audit/verify", headers=compliance()).json()
    rows = _ndjson(query)
    assert (ok["ok"], ok["checked"], ok["head_hash"], ok["broken_at"]) == (True, 13, rows[-1]["hash"], None)

    # When an audit row is tampered with, then verify names its position; a range before it still verifies
    tamper(
        read_models,
        sql.SQL("UPDATE {} SET hash = sha256(hash) WHERE position = %s").format(audit_tables(read_models)["trail"]),
        (rows[5]["position"],),
    )
    broken = query.get("/v1/audit/verify", headers=compliance()).json()
    ranged = query.get("/v1/audit/verify", params={"to_position": rows[4]["position"]}, headers=compliance()).json()
    assert (broken["ok"], broken["broken_at"], broken["checked"]) == (False, rows[5]["position"], 5)
    assert (ranged["ok"], ranged["checked"], ranged["head_hash"]) == (True, 5, rows[4]["hash"])


def test_anchors_are_an_empty_list_until_the_anchoring_job_records_any(
    query: TestClient,
    read_models: ReadModels,
    history: History,
) -> None:
    assert query.get("/v1/audit/anchors", headers=compliance()).json() == {"anchors": []}

    # Given the anchoring job's table with one anchor, then it is listed with its columns
    anchors = sql.Identifier(audit_tables(read_models).schema, "anchors")
    with read_models.connect() as conn:
        conn.execute(
            sql.SQL(
                "CREATE TABLE {} (first_position bigint, last_position bigint, head_hash bytea,"
                " digest text, tx_hash text, status text)"
            ).format(anchors)
        )
        conn.execute(
            sql.SQL("INSERT INTO {} VALUES (1, 2, '\\x00ff', '0x12', '0xab', 'accepted_on_l2')").format(anchors)
        )
    listed = query.get("/v1/audit/anchors", headers=compliance()).json()["anchors"]
    assert listed == [
        {
            "first_position": 1,
            "last_position": 2,
            "head_hash": "0x00ff",
            "digest": "0x12",
            "tx_hash": "0xab",
            "status": "accepted_on_l2",
        }
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/audit/events",
        "/v1/audit/verify",
        "/v1/audit/anchors",
        f"/v1/audit/users/{uuid4()}/state?at=2026-01-05T12:00:00Z",
    ],
)
@pytest.mark.parametrize("roles", [("trader",), ("trader", "analyst"), ("trader", "admin")])
def test_403_when_the_caller_is_not_compliance(query: TestClient, path: str, roles: tuple[str, ...]) -> None:
    assert_problem(query.get(path, headers=bearer(uuid4(), *roles)), 403, "forbidden")


@pytest.mark.parametrize("path", ["/v1/audit/events", "/v1/audit/verify", "/v1/audit/anchors"])
def test_401_when_no_token_is_sent(query: TestClient, path: str) -> None:
    assert_problem(query.get(path), 401, "unauthorized")


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 1001},
        {"after_position": -1},
        {"user_id": "alice"},
        {"from": "2026-01-05T12:00:00"},
        {"unknown": "1"},
    ],
)
def test_422_when_a_filter_is_malformed(query: TestClient, params: dict[str, Any]) -> None:
    assert_problem(query.get("/v1/audit/events", params=params, headers=compliance()), 422, "validation_error")


def test_503_when_the_trail_has_not_reached_min_position(query: TestClient, history: History) -> None:
    response = query.get("/v1/audit/events", params={"min_position": 2**62}, headers=compliance())
    assert_problem(response, 503, "projection_lagging")
