"""Every event written by real commands validates against its published JSON Schema; old versions and their
upcasters agree with the schemas; the schemas are valid JSON Schema."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from aggregates.money import Side
from aggregates.trading.market_price import MarketPrice
from astratrade.published.bodies import body_of
from astratrade.published.events import published_events
from astratrade.published.snapshots import ROOT
from event_store.application import EventStore
from event_store.metadata import CommandContext
from services.commands import CommandRunner
from services.erasure import ErasureService
from services.social import SocialService
from services.trading import TradingService
from services.users import UserService
from tests.conftest import CLAIM_KEY

CTX = CommandContext(actor="test", correlation_id="contracts")


def _validator(topic: str, version: int) -> Draft202012Validator:
    schema = json.loads((ROOT / "events" / f"{topic}.v{version}.json").read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _errors(topic: str, version: int, body: dict[str, Any]) -> list[str]:
    return [error.message for error in _validator(topic, version).iter_errors(body)]


@pytest.mark.parametrize("event", published_events(), ids=lambda event: event.name)
def test_each_event_schema_is_a_valid_json_schema_when_checked(event: Any) -> None:
    schema = json.loads((ROOT / "events" / event.filename).read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False and schema["required"] == sorted(schema["properties"])


def _history(users: UserService, trading: TradingService, runner: CommandRunner) -> None:
    """Registrations, money, a trade, a clan, a withdrawal and an erasure, by real commands."""
    alice, bob = (
        UUID(str(users.register(name, f"{name}@example.com", "pw-12345678", CTX).body["user_id"]))
        for name in ("alice", "bob")
    )
    social = SocialService(runner, CLAIM_KEY)
    trading.deposit(alice, Decimal("1000.00"), "USD", CTX)
    trading.record_price("BTC-USD", Decimal("100"), CTX)
    opened = trading.open_position(alice, "BTC-USD", Side.LONG, Decimal("2"), 2, CTX)
    trading.record_price("BTC-USD", Decimal("110.5"), CTX)
    trading.close_position(alice, UUID(str(opened.body["position_id"])), CTX)
    clan = UUID(str(social.found_clan(alice, "Argonauts", CTX).body["clan_id"]))
    social.join_clan(bob, clan, CTX)
    social.leave_clan(bob, clan, CTX)
    trading.withdraw(alice, Decimal("10.00"), "USD", None, CTX)
    ErasureService(runner).erase(bob, CTX)


def test_every_event_real_commands_write_validates_against_its_schema_when_published(
    store: EventStore, users: UserService, trading: TradingService, runner: CommandRunner
) -> None:
    # Given a history written by real commands on the real event store
    _history(users, trading, runner)
    # When every stored event is decoded and encoded as a published body
    notifications = store.recorder.select_notifications(start=1, limit=10_000)
    failures, topics = {}, set()
    for notification in notifications:
        event = store.mapper.to_domain_event(notification)
        topic, version = notification.topic, getattr(type(event), "class_version", 1)
        topics.add(topic)
        if errors := _errors(topic, version, body_of(event)):
            failures[topic] = errors
    # Then each body is valid under its type's and version's schema
    assert failures == {}
    assert len(topics) >= 15, sorted(topics)
    assert {"user.User.Registered", "trading.Position.Closed", "social.Clan.Founded"} & topics


def test_an_old_version_body_validates_as_old_and_its_upcast_as_new_when_read(
    store: EventStore, trading: TradingService
) -> None:
    # Given a tick as version 2 writes it, and the same tick as version 1 stored it (no volume)
    trading.record_price("ETH-USD", Decimal("3000.00"), CTX)
    trading.record_price("ETH-USD", Decimal("3010.00"), CTX)
    ticked = [store.mapper.to_domain_event(n) for n in store.recorder.select_notifications(start=1, limit=100)][-1]
    assert isinstance(ticked, MarketPrice.Ticked)
    v2 = body_of(ticked)
    v1 = {name: value for name, value in v2.items() if name != "volume"}
    # Then the old body is valid only as version 1, and its upcast only as version 2
    assert _errors("trading.MarketPrice.Ticked", 1, v1) == []
    assert _errors("trading.MarketPrice.Ticked", 2, v1) == ["'volume' is a required property"]
    upcast = dict(v1)
    MarketPrice.Ticked.upcast_v1_v2(upcast)
    assert _errors("trading.MarketPrice.Ticked", 2, upcast) == []
    assert _errors("trading.MarketPrice.Ticked", 1, upcast) != []


@pytest.mark.parametrize(
    ("amount", "published"),
    [(Decimal("0E-8"), "0.00000000"), (Decimal("12.50"), "12.50"), (Decimal("-3.1"), "-3.1"), (Decimal("1E+2"), "100")],
)
def test_decimals_are_published_in_fixed_point_when_encoded(amount: Decimal, published: str) -> None:
    tick = MarketPrice.Ticked(
        originator_id=UUID(int=1),
        originator_version=2,
        timestamp=None,  # type: ignore[arg-type, call-arg]
        price=amount,
        volume=None,
    )
    body = body_of(tick)
    assert body == {"price": published, "volume": None}
    assert _errors("trading.MarketPrice.Ticked", 2, body) == []


def test_a_body_with_money_as_a_float_or_a_stray_field_is_invalid_when_checked() -> None:
    body = {"price": 110.5, "volume": None}
    assert _errors("trading.MarketPrice.Ticked", 2, body) == ["110.5 is not of type 'string'"]
    assert _errors("trading.MarketPrice.Ticked", 2, {"price": "1.00", "volume": None, "note": "x"}) != []


def test_personal_data_is_published_sealed_only_when_checked() -> None:
    body = {"username": "alice", "email": None, "password_hash": None}
    assert _errors("user.User.Registered", 1, body) == ["'alice' is not valid under any of the given schemas"]
