"""Issue 12's money attacks, replayed as scripts over HTTP against the real apps (hostile world).

- money from nothing: 25 long/short pairs of 0.0005 at 10x by a user with no cash (once: 0.00
  margin, 0.00 fee, the winning legs withdrawn);
- fee avoidance: the smallest position allowed pays at least a cent of fee and of margin;
- XP farming: many positions too small or held too briefly to earn XP (once: 305 XP, level 3,
  badge NFTs).

After each, the platform's cash is conserved to the cent (tests/hostile/money.py).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aggregates.gamification.progression import Progression
from event_store.log import EventLog
from tests.hostile.money import assert_cash_conserved
from tests.hostile.world import Actor, World

BTC = "BTC-USD"


@pytest.fixture
def query(hostile_world: World) -> Iterator[TestClient]:
    with TestClient(hostile_world.fresh_query_app()) as client:
        yield client


def price(w: World, value: str) -> None:
    w.post(w.actors["price_feed"], "/v1/market/prices", {"symbol": BTC, "price": value}, 201)


def open_position(w: World, actor: Actor, side: str, quantity: str, leverage: int = 10) -> Any:
    body = {"symbol": BTC, "side": side, "quantity": quantity, "leverage": leverage}
    return w.command.post("/v1/positions", json=body, headers=actor.headers)


def close(w: World, actor: Actor, position_id: str) -> dict[str, Any]:
    return w.post(actor, f"/v1/positions/{position_id}/close")


def portfolio(w: World, query: TestClient, actor: Actor) -> dict[str, Any]:
    w.settle()  # the read side has everything written so far
    reply = query.get(f"/v1/portfolios/{actor.user_id}", headers=actor.headers)
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def test_no_position_opens_and_nothing_is_withdrawn_when_a_user_with_no_cash_runs_the_money_from_nothing_script(
    hostile_world: World, query: TestClient
) -> None:
    w = hostile_world
    mallory = w.register("mallory")
    price(w, "100.00")
    # When mallory (no deposit) opens 25 long/short pairs of 0.0005 at 10x (notional 0.05 each)
    tiny = Counter(
        open_position(w, mallory, side, "0.0005").json().get("type", "opened")
        for _ in range(25)
        for side in ("long", "short")
    )
    # And 25 pairs of the smallest size allowed (notional 10.00: margin 1.00, fee 0.01)
    smallest = Counter(
        open_position(w, mallory, side, "0.1").json().get("type", "opened")
        for _ in range(25)
        for side in ("long", "short")
    )
    price(w, "101.00")
    w.settle()  # the liquidation policy would liquidate any short now
    withdrawal = w.command.post(
        "/v1/wallet/withdrawals", json={"amount": "0.50", "currency": "USD"}, headers=mallory.headers
    )

    # Then every tiny open is refused 422 below_min_notional, every small one 409 insufficient_funds
    assert tiny == {"below_min_notional": 50}
    assert smallest == {"insufficient_funds": 50}
    assert (withdrawal.status_code, withdrawal.json()["type"]) == (409, "insufficient_funds")
    mine = portfolio(w, query, mallory)
    assert (mine["cash"].get("USD", "0.00"), mine["positions"], mine["closed_positions"]) == ("0.00", [], 0)
    assert_cash_conserved(w, query)


def test_withdrawals_never_exceed_deposits_plus_realized_net_pnl_when_a_hedged_pair_gaps_through_liquidation(
    hostile_world: World, query: TestClient
) -> None:
    # Given eve deposited 25.00 and opened a long and a short of 0.1 at 100.00, 10x
    w = hostile_world
    eve = w.register("eve")
    w.post(eve, "/v1/wallet/deposits", {"amount": "25.00", "currency": "USD"})
    price(w, "100.00")
    legs = {side: open_position(w, eve, side, "0.1") for side in ("long", "short")}
    # Then each leg paid a cent of fee and holds a whole dollar of margin (10.00 / 10)
    assert {side: (r.status_code, r.json()["fee"], r.json()["margin"]) for side, r in legs.items()} == {
        "long": (201, "0.01", "1.00"),
        "short": (201, "0.01", "1.00"),
    }

    # When the price gaps to 115 (the short's liquidation price is 110), the short is liquidated,
    # the insurance fund pays the 0.50 beyond its margin, and eve closes the long
    price(w, "115.00")
    w.settle()
    closed = close(w, eve, legs["long"].json()["position_id"])
    mine = portfolio(w, query, eve)
    everything = mine["cash"]["USD"]
    w.post(eve, "/v1/wallet/withdrawals", {"amount": everything, "currency": "USD"})
    more = w.command.post("/v1/wallet/withdrawals", json={"amount": "0.01", "currency": "USD"}, headers=eve.headers)

    # Then long: gross 1.50, closing fee 0.0115 → 0.02, net 1.47; short: net −1.01 (margin + fee)
    assert (closed["realized_pnl"], closed["fee"], closed["net_pnl"]) == ("1.50", "0.02", "1.47")
    assert (mine["realized_pnl"], mine["positions"], everything) == ("0.46", [], "25.46")
    # And she withdrew exactly deposits + realized net P&L, never more
    assert Decimal(everything) == Decimal("25.00") + Decimal(mine["realized_pnl"])
    assert (more.status_code, more.json()["type"]) == (409, "insufficient_funds")
    terms = assert_cash_conserved(w, query)
    assert terms["insurance_fund"] <= Decimal("-0.50")


def test_farmed_closes_earn_no_xp_level_or_badge_while_a_real_trade_does_when_positions_are_tiny_or_instant(
    hostile_world: World, query: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the XP rule lowered for the test to a 2 s hold (notional ≥ 100.00 as in production)
    monkeypatch.setenv("XP_MIN_HOLD_SECONDS", "2")
    w = hostile_world
    farmer, honest = w.register("farmer"), w.register("honest")
    for trader in (farmer, honest):
        w.post(trader, "/v1/wallet/deposits", {"amount": "1000.00", "currency": "USD"})
    price(w, "100.00")

    # When the farmer closes 10 positions of 150.00 after 1.2 s and 20 of 20.00 after 2.5 s
    instant = [open_position(w, farmer, "long", "1.5").json()["position_id"] for _ in range(10)]
    time.sleep(1.2)
    [close(w, farmer, position_id) for position_id in instant]
    small = [open_position(w, farmer, "long", "0.2").json()["position_id"] for _ in range(20)]
    real = open_position(w, honest, "long", "1.5").json()["position_id"]
    time.sleep(2.5)
    [close(w, farmer, position_id) for position_id in small]
    close(w, honest, real)
    w.settle()

    # Then none of the farmer's 30 closes earned XP or leaderboard credit, each flagged with why
    awards = [
        e.event
        for e in EventLog(w.store).read(0, EventLog(w.store).last_position(), 100_000, (Progression.XPAwarded.TOPIC,))
    ]
    farmed = [
        (a.xp, a.flag, a.counts_for_leaderboard)  # type: ignore[attr-defined]
        for a in awards
        if str(a.user_id) == farmer.user_id  # type: ignore[attr-defined]
    ]
    assert Counter(farmed) == {(0, "instant_close", False): 10, (0, "below_minimum", False): 20}
    # And his profile shows no XP, level 1 and no achievement but first_trade (a 150.00 open)
    profiles = {a.name: query.get(f"/v1/profiles/{a.user_id}", headers=a.headers).json() for a in (farmer, honest)}
    assert (profiles["farmer"]["xp"], profiles["farmer"]["level"]) == (0, 1)
    assert [a["name"] for a in profiles["farmer"]["achievements"]] == ["first_trade"]
    # While the honest trader's one real trade (150.00 held 2.5 s) earned its 10 + 5 XP
    assert profiles["honest"]["xp"] == 15
    assert_cash_conserved(w, query)
