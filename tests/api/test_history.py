"""GET /v1/history/trades and /v1/history/ledger through the real apps on real PostgreSQL: the trader's own
trades (with why one earned no XP) and account statement, pages, CSV equal to JSON, who may read them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from event_store.application import EventStore
from projections.policies.progression import ProgressionPolicy
from projections.runtime import ReadModels
from projections.statement.projection import StatementProjection
from projections.trade_history.projection import TradeHistoryProjection
from query_api.app import create_app as create_query_app
from query_api.container import QueryOptions
from tests.api.support import Actor, assert_problem, deposit, make_admin, make_with_role, set_price
from tests.financial.support import catch_up
from tests.gamification.support import policies_running, settle
from tests.starknet.support import read_models_for
from tests.support import SteppingClock

PROJECTIONS = (TradeHistoryProjection(), StatementProjection())


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [*PROJECTIONS, ProgressionPolicy()]) as read_models:
        yield read_models


@pytest.fixture
def queries(settings: Settings, models: ReadModels, es_env: dict[str, str]) -> Iterator[TestClient]:
    query_settings = settings.model_copy(update={"database_schema": es_env["POSTGRES_SCHEMA"]})
    with TestClient(create_query_app(query_settings, models, QueryOptions(wait_timeout=0.5))) as client:
        yield client


def trade(
    client: TestClient,
    feed: Actor,
    alice: Actor,
    clock: SteppingClock,
    quantity: str,
    entry: str,
    exit_: str,
    held_seconds: float,
) -> str:
    assert set_price(client, feed, "BTC-USD", entry).status_code == 201
    opened = client.post(
        "/v1/positions", json={"symbol": "BTC-USD", "side": "long", "quantity": quantity}, headers=alice.headers
    )
    assert opened.status_code == 201, opened.text
    clock.advance(seconds=held_seconds)
    assert set_price(client, feed, "BTC-USD", exit_).status_code == 201
    position_id = str(opened.json()["position_id"])
    assert client.post(f"/v1/positions/{position_id}/close", headers=alice.headers).status_code == 200
    return position_id


def follow(store: EventStore, models: ReadModels, es_env: dict[str, str]) -> int:
    with policies_running(models, es_env, ProgressionPolicy()):
        settle(models, store, ProgressionPolicy.name)
    return min(catch_up(store, models, projection) for projection in PROJECTIONS)


def get(queries: TestClient, path: str, actor: Actor | None, **params: Any) -> httpx.Response:
    return queries.get(f"/v1/history/{path}", params=params, headers=actor.headers if actor else {})


def csv_rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.headers["content-type"].startswith("text/csv"), response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def as_csv(row: dict[str, Any]) -> dict[str, str]:
    return {k: ";".join(v) if isinstance(v, list) else str(v) for k, v in row.items()}


def test_my_trades_show_pnl_fees_and_why_a_trade_earned_no_xp_with_the_rules(
    client: TestClient,
    queries: TestClient,
    store: EventStore,
    models: ReadModels,
    es_env: dict[str, str],
    clock: SteppingClock,
    alice: Actor,
    feed: Actor,
) -> None:
    # Given alice made a counted trade, an instant close and one below the XP minimum notional
    deposit(client, alice, "5000.00")
    counted = trade(client, feed, alice, clock, "0.01", "50000", "51000", held_seconds=120)
    instant = trade(client, feed, alice, clock, "0.01", "51000", "51000", held_seconds=5)
    small = trade(client, feed, alice, clock, "0.001", "51000", "50000", held_seconds=120)
    position = follow(store, models, es_env)
    # When she reads her trade history
    response = get(queries, "trades", alice, user_id="me", min_position=position)
    # Then every close is there with its figures, the flag saying why it did not count, and the rules
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(t["position_id"], t["flags"]) for t in body["trades"]] == [
        (counted, []),
        (instant, ["instant_close"]),
        (small, ["below_minimum"]),
    ]
    first = body["trades"][0]
    assert {
        k: first[k]
        for k in ("symbol", "side", "quantity", "entry_price", "exit_price", "gross_pnl", "fees", "net_pnl", "ended_by")
    } == {
        "symbol": "BTC-USD",
        "side": "long",
        "quantity": "0.01",
        "entry_price": "50000",
        "exit_price": "51000",
        "gross_pnl": "10.00",
        "fees": "1.01",
        "net_pnl": "8.99",
        "ended_by": "closed",
    }
    assert body["xp_rules"]["min_notional"] == "100.00" and body["xp_rules"]["min_hold_seconds"] == 60
    assert body["user_id"] == alice.user_id and body["next_cursor"] is None
    # And the CSV has the same rows and columns
    assert csv_rows(get(queries, "trades", alice, format="csv")) == [as_csv(t) for t in body["trades"]]


def test_my_statement_sums_to_my_cash_and_pages_by_cursor_in_a_range(
    client: TestClient,
    queries: TestClient,
    store: EventStore,
    models: ReadModels,
    es_env: dict[str, str],
    clock: SteppingClock,
    alice: Actor,
    feed: Actor,
) -> None:
    deposit(client, alice, "1000.00")
    clock.advance(hours=1)
    trade(client, feed, alice, clock, "0.01", "50000", "49000", held_seconds=120)
    clock.advance(hours=1)
    cash = client.post(
        "/v1/wallet/withdrawals", json={"amount": "100.00", "currency": "USD"}, headers=alice.headers
    ).json()["cash"]
    position = follow(store, models, es_env)
    # When alice reads her whole statement two lines a page
    entries: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = get(queries, "ledger", alice, limit=2, min_position=position, **({"cursor": cursor} if cursor else {}))
        assert page.status_code == 200, page.text
        entries += page.json()["entries"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    # Then each kind is there, balances run, and the movements sum to her cash
    assert [e["kind"] for e in entries] == [
        "deposit",
        "margin_reserved",
        "fee",
        "margin_released",
        "realized_pnl",
        "fee",
        "withdrawal",
    ]
    assert sum(Decimal(e["amount"]) for e in entries) == Decimal(entries[-1]["balance"]) == Decimal(cash)
    # And a range [from, to) holds what happened in it, its sum the change of balance over it
    start, end = entries[1]["occurred_at"], entries[-1]["occurred_at"]
    ranged = get(queries, "ledger", alice, **{"from": start, "to": end}).json()["entries"]
    assert ranged == entries[1:-1]
    assert sum(Decimal(e["amount"]) for e in ranged) == Decimal(ranged[-1]["balance"]) - Decimal(entries[0]["balance"])
    # And the CSV equals the JSON
    assert csv_rows(get(queries, "ledger", alice, format="csv")) == [as_csv(e) for e in entries]


def test_only_the_owner_and_compliance_read_a_history(
    client: TestClient,
    app: FastAPI,
    queries: TestClient,
    store: EventStore,
    models: ReadModels,
    alice: Actor,
    bob: Actor,
) -> None:
    deposit(client, alice, "10.00")
    position = min(catch_up(store, models, projection) for projection in PROJECTIONS)
    admin = make_admin(client, app)
    compliance = make_with_role(client, admin, "auditor", "compliance")
    analyst = make_with_role(client, admin, "analyst1", "analyst")
    for path in ("trades", "ledger"):
        assert get(queries, path, alice, user_id=alice.user_id, min_position=position).status_code == 200
        assert get(queries, path, compliance, user_id=alice.user_id).status_code == 200
        for stranger in (bob, analyst, admin):
            assert_problem(get(queries, path, stranger, user_id=alice.user_id), 403, "forbidden")
        assert get(queries, path, None).status_code == 401
    read = get(queries, "ledger", compliance, user_id=alice.user_id).json()["entries"]
    assert [(e["kind"], e["amount"]) for e in read] == [("deposit", "10.00")]
    assert get(queries, "ledger", bob).json()["entries"] == []


def test_a_read_key_reads_the_history(client: TestClient, queries: TestClient, alice: Actor) -> None:
    issued = client.post("/v1/api-keys", json={"name": "books", "scopes": ["read"]}, headers=alice.headers).json()
    trade_only = client.post("/v1/api-keys", json={"name": "t", "scopes": ["trade"]}, headers=alice.headers).json()

    for path in ("trades", "ledger"):
        ok = queries.get(f"/v1/history/{path}", headers={"Authorization": f"ApiKey {issued['key']}"})
        assert ok.status_code == 200, ok.text
        refused = queries.get(f"/v1/history/{path}", headers={"Authorization": f"ApiKey {trade_only['key']}"})
        assert_problem(refused, 403, "scope_missing")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("trades", {"cursor": "not-a-cursor"}),
        ("trades", {"cursor": "WzEsMl0"}),  # [1, 2]: a ledger cursor
        ("trades", {"user_id": "someone"}),
        ("trades", {"limit": "0"}),
        ("trades", {"format": "xml"}),
        ("trades", {"surprise": "1"}),
        ("ledger", {"cursor": "WyJhIiwxXQ"}),  # ["a", 1]
        ("ledger", {"from": "yesterday"}),
        ("ledger", {"from": "2026-12-01T00:00:00"}),  # no offset
        ("ledger", {"from": "2026-12-02T00:00:00Z", "to": "2026-12-01T00:00:00Z"}),
    ],
)
def test_422_for_bad_input(queries: TestClient, alice: Actor, path: str, params: dict[str, str]) -> None:
    assert_problem(get(queries, path, alice, **params), 422, "validation_error")
