"""PUT /v1/admin/users/{user_id}/limits, and entries refused with 409 risk_limit over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from projections.policies.risk import DailyLossPolicy
from projections.runtime import ReadModels
from tests.api.support import Actor, assert_problem, deposit, head, set_price
from tests.financial.support import catch_up
from tests.starknet.support import read_models_for
from tests.support import SteppingClock

BTC = "BTC-USD"


def put_limits(client: TestClient, who: Actor, user_id: str, **body: object):
    return client.put(f"/v1/admin/users/{user_id}/limits", json=body, headers=who.headers)


def test_an_admin_sets_limits_and_entries_beyond_them_are_409_risk_limit_while_closing_works(
    client: TestClient, store: EventStore, admin: Actor, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "5000.00")
    set_price(client, feed, BTC, "100")
    response = put_limits(client, admin, alice.user_id, max_open_notional="1000.00", max_daily_loss="50.00")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "user_id": alice.user_id,
        "max_open_notional": "1000.00",
        "max_daily_loss": "50.00",
        "position": head(store),
    }
    opened = client.post("/v1/positions", json={"symbol": BTC, "side": "long", "quantity": "8"}, headers=alice.headers)
    assert opened.status_code == 201, opened.text
    before = head(store)
    # 800 open + a limit order of 3 at 90 = 1,070 > 1,000
    order = {"type": "limit", "symbol": BTC, "side": "long", "quantity": "3", "limit_price": "90"}
    assert_problem(client.post("/v1/orders", json=order, headers=alice.headers), 409, "risk_limit")
    assert_problem(
        client.post("/v1/positions", json={"symbol": BTC, "side": "short", "quantity": "2.01"}, headers=alice.headers),
        409,
        "risk_limit",
    )
    assert head(store) == before
    # Closing is never limited
    closed = client.post(
        f"/v1/positions/{opened.json()['position_id']}/close", json={"quantity": "4"}, headers=alice.headers
    )
    assert closed.status_code == 200, closed.text
    assert client.post("/v1/orders", json=order, headers=alice.headers).status_code == 201


def test_a_limit_left_out_is_kept_and_null_removes_it(client: TestClient, admin: Actor, alice: Actor) -> None:
    put_limits(client, admin, alice.user_id, max_open_notional="1000.00", max_daily_loss="50.00")
    kept = put_limits(client, admin, alice.user_id, max_daily_loss=None).json()
    assert (kept["max_open_notional"], kept["max_daily_loss"]) == ("1000.00", None)


def test_only_an_admin_may_set_limits_on_an_existing_user_with_decimal_strings(
    client: TestClient, store: EventStore, admin: Actor, alice: Actor, bob: Actor
) -> None:
    before = head(store)
    assert_problem(put_limits(client, alice, alice.user_id, max_open_notional="1.00"), 403, "forbidden")
    assert_problem(client.put(f"/v1/admin/users/{alice.user_id}/limits", json={}), 401, "unauthorized")
    assert_problem(put_limits(client, admin, str(uuid4()), max_open_notional="1.00"), 404, "not_found")
    for bad in (1000, "1e3", "0", "-5.00", "10.001", "NaN", "10000000000000.00"):
        assert_problem(put_limits(client, admin, bob.user_id, max_open_notional=bad), 422, "validation_error")
    assert_problem(put_limits(client, admin, bob.user_id, max_loss="5.00"), 422, "validation_error")
    assert head(store) == before


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [DailyLossPolicy()]) as read_models:
        yield read_models


def test_after_the_daily_loss_limit_is_hit_entries_are_409_risk_limit_until_the_next_utc_day(
    client: TestClient,
    store: EventStore,
    models: ReadModels,
    clock: SteppingClock,
    admin: Actor,
    alice: Actor,
    feed: Actor,
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "100")
    put_limits(client, admin, alice.user_id, max_daily_loss="10.00")
    opened = client.post("/v1/positions", json={"symbol": BTC, "side": "long", "quantity": "1"}, headers=alice.headers)
    set_price(client, feed, BTC, "90")
    closed = client.post(f"/v1/positions/{opened.json()['position_id']}/close", headers=alice.headers)
    assert closed.json()["net_pnl"] == "-10.19"
    catch_up(store, models, DailyLossPolicy())
    order = {"type": "limit", "symbol": BTC, "side": "long", "quantity": "1", "limit_price": "85"}
    assert_problem(client.post("/v1/orders", json=order, headers=alice.headers), 409, "risk_limit")
    assert_problem(
        client.post("/v1/positions", json={"symbol": BTC, "side": "long", "quantity": "1"}, headers=alice.headers),
        409,
        "risk_limit",
    )
    clock.set(clock.instant.replace(hour=0, minute=0) + timedelta(days=1))
    assert client.post("/v1/orders", json=order, headers=alice.headers).status_code == 201
