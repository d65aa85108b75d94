"""The notifications read model and GET /v1/notifications: each user's own, newest first, every kind,
paged by cursor; replay changes nothing; a rebuild equals the incremental model."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from aggregates.money import Side
from aggregates.trading.order import OrderType
from aggregates.trading.position import Exit
from event_store.application import EventStore
from projections.notifications.projection import NotificationsProjection
from projections.runtime import ReadModels, rebuild
from services.commands import CommandRunner
from services.liquidation import LiquidationService
from services.orders import OrderService, OrderSpec
from services.trading import Exits
from tests.gamification.support import Desk
from tests.notifications.support import JOB, Town
from tests.query_api.support import bearer


@pytest.fixture
def town(desk: Desk, runner: CommandRunner, store: EventStore) -> Town:
    return Town(desk, runner, store)


def feed(client: TestClient, user: UUID, position: int = 0, **params: Any) -> dict:
    response = client.get(
        "/v1/notifications", params={"min_position": position, **params}, headers=bearer(user, "trader")
    )
    assert response.status_code == 200, response.text
    return response.json()


def populated(town: Town) -> dict[str, UUID]:
    alice, bob = town.desk.trader("alice"), town.desk.trader("bob")
    town.befriend(alice, bob)
    return {
        "alice": alice,
        "bob": bob,
        "challenge": town.challenge_won_by(alice, bob),
        "nft": town.sell_badge(alice, bob),
        "position": town.liquidated(bob),
        "settled": town.withdrawal(alice, settled=True),
        "failed": town.withdrawal(bob, settled=False),
    }


def test_each_user_reads_their_own_notifications_newest_first(
    town: Town, read_models: ReadModels, es_env: dict[str, str], client: TestClient
) -> None:
    # Given a world where alice won a challenge against bob, sold bob a badge, unlocked an achievement and
    # reached level 2, bob was liquidated, alice's withdrawal settled and bob's failed
    u = populated(town)
    town.achieve(u["alice"], "first_profit", 10_000)
    town.level_up(u["alice"])
    last = town.settle(read_models, es_env)
    # When each reads their notifications
    alice, bob = feed(client, u["alice"], last), feed(client, u["bob"], last)
    # Then alice's are hers, newest first, with the figures of each
    assert [n["kind"] for n in alice["notifications"]] == [
        "level_up",
        "achievement",
        "withdrawal_settled",
        "nft_sold",
        "challenge_decided",
    ]
    by_kind = {n["kind"]: n["data"] for n in alice["notifications"]}
    assert by_kind["level_up"] == {"level": 2}
    assert by_kind["achievement"] == {"achievement": "first_profit"}
    assert by_kind["withdrawal_settled"] == {"withdrawal_id": str(u["settled"])}
    assert by_kind["nft_sold"] == {"nft_id": str(u["nft"]), "buyer_id": str(u["bob"]), "price": "40.10", "fee": "1.00"}
    assert by_kind["challenge_decided"]["winner_id"] == str(u["alice"])
    ids = [int(n["id"]) for n in alice["notifications"]]
    assert ids == sorted(ids, reverse=True) and alice["as_of_position"] >= last
    # And bob's are his: the same decision, his liquidation, his failed withdrawal
    assert [n["kind"] for n in bob["notifications"]] == ["withdrawal_failed", "liquidation", "challenge_decided"]
    assert bob["notifications"][1]["data"]["position_id"] == str(u["position"])
    assert bob["notifications"][0]["data"] == {"withdrawal_id": str(u["failed"])}
    assert bob["notifications"][2]["id"] == alice["notifications"][-1]["id"]  # one event, both users


def test_pages_cover_every_notification_once_when_followed_by_cursor(
    town: Town, read_models: ReadModels, es_env: dict[str, str], client: TestClient
) -> None:
    u = populated(town)
    last = town.settle(read_models, es_env)
    everything = feed(client, u["alice"], last)["notifications"]
    seen, cursor = [], None
    while True:
        page = feed(client, u["alice"], last, limit=1, **({"cursor": cursor} if cursor else {}))
        seen += page["notifications"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and len(seen) == 3


@pytest.mark.parametrize(
    "params", [{"cursor": "abc"}, {"cursor": "-1"}, {"cursor": "9" * 20}, {"limit": 0}, {"limit": 101}]
)
def test_validation_error_when_the_feed_is_asked_badly(client: TestClient, params: dict) -> None:
    response = client.get("/v1/notifications", params=params, headers=bearer(uuid.uuid4(), "trader"))
    assert response.status_code == 422, response.text
    assert response.json()["type"] == "validation_error"


def test_401_without_a_token(client: TestClient) -> None:
    assert client.get("/v1/notifications").status_code == 401
    assert client.get("/v1/stream/me").status_code == 401


def dump(read_models: ReadModels) -> dict[str, list[tuple]]:
    tables = read_models.tables_for(NotificationsProjection)
    with read_models.connect() as conn:
        return {
            name: conn.execute(sql.SQL("SELECT * FROM {} ORDER BY 1, 2").format(tables[name])).fetchall()
            for name in NotificationsProjection.tables
        }


def test_a_rebuild_equals_the_incremental_model_and_a_replay_changes_nothing(
    town: Town, read_models: ReadModels, es_env: dict[str, str]
) -> None:
    # Given the world followed in two steps by the live worker
    u = populated(town)
    town.settle(read_models, es_env)
    town.achieve(u["bob"], "first_trade", 20_000)
    town.settle(read_models, es_env)
    incremental = dump(read_models)
    assert len(incremental["notifications"]) == 7
    # When rebuilt from position 0 and swapped in, then rebuilt again
    rebuild(NotificationsProjection(), read_models, es_env)
    assert dump(read_models) == incremental
    rebuild(NotificationsProjection(), read_models, es_env)
    # Then every row is identical
    assert dump(read_models) == incremental


def test_order_fills_cancels_and_a_fired_exit_notify_their_owner(
    town: Town, read_models: ReadModels, es_env: dict[str, str], client: TestClient
) -> None:
    # Given alice's limit long filled at 95, another limit cancelled, and a long whose stop loss fired at 89
    desk, alice = town.desk, town.desk.trader("alice")
    ctx, orders = Desk.ctx(alice), OrderService(town.runner)
    desk.price("100")
    filled = orders.place(
        alice, OrderSpec(OrderType.LIMIT, "BTC-USD", Side.LONG, Decimal("0.2"), limit_price=Decimal("95")), ctx
    ).body["order_id"]
    desk.price("95")
    orders.fill_triggered(UUID(filled), Decimal("95"), JOB)
    cancelled = orders.place(
        alice, OrderSpec(OrderType.LIMIT, "BTC-USD", Side.LONG, Decimal("0.2"), limit_price=Decimal("90")), ctx
    ).body["order_id"]
    orders.cancel(alice, UUID(cancelled), ctx)
    position = desk.open(alice, quantity="1", leverage=5)  # margin 19.00, liquidation at 76
    desk.trading.set_exits(alice, position, Exits(stop_loss=Decimal("90")), ctx)
    desk.price("89")
    LiquidationService(town.runner).fire_exit(position, Exit.STOP_LOSS, Decimal("89"), JOB)
    last = town.settle(read_models, es_env)
    # When alice reads her notifications
    notes = feed(client, alice, last)["notifications"]
    # Then the fill, the cancel and the exit are there, newest first, and the owner's own close is not
    assert [n["kind"] for n in notes] == ["exit_triggered", "order_cancelled", "order_filled"]
    assert notes[0]["data"] == {
        "position_id": str(position),
        "exit": "stop_loss",
        "exit_price": "89",
        "net_pnl": notes[0]["data"]["net_pnl"],
    }
    assert notes[1]["data"]["order_id"] == cancelled and notes[1]["data"]["reason"] == "owner"
    assert notes[2]["data"]["order_id"] == filled and notes[2]["data"]["price"] == "95"
