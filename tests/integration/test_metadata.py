"""Every stored event carries who acted, why, and the injected clock's instant."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D
from uuid import UUID

from aggregates.money import Side
from event_store.application import EventStore
from event_store.log import LoggedEvent
from event_store.metadata import CommandContext
from services.commands import Idempotency
from services.trading import TradingService
from services.users import UserService
from tests.integration.helpers import ctx, logged, register, stored_rows
from tests.support import SteppingClock


def command_context(user_id: UUID, n: int) -> CommandContext:
    return CommandContext(
        actor=str(user_id), correlation_id=f"corr-{n}", causation_id=f"cause-{n}", idempotency_key=f"key-{n}"
    )


def test_events_of_one_command_share_its_metadata_and_clock_instant_when_it_touches_two_aggregates(
    store: EventStore, users: UserService, trading: TradingService, clock: SteppingClock
):
    user_id = register(users)
    trading.deposit(user_id, D("500.00"), "USD", ctx(str(user_id)))
    trading.record_price("BTC-USD", D("100"), ctx("feed"))
    clock.advance(minutes=5)
    opening, closing = command_context(user_id, 1), command_context(user_id, 2)

    opened = trading.open_position(
        user_id, "BTC-USD", Side.LONG, D("1"), 2, opening, Idempotency("key-1", {"symbol": "BTC-USD"})
    )
    opened_at = clock.instant
    clock.advance(seconds=90)
    closed = trading.close_position(user_id, UUID(opened.body["position_id"]), closing)

    by_command: dict[object, list[LoggedEvent]] = {}
    for entry in logged(store):
        by_command.setdefault(entry.metadata.get("correlation_id"), []).append(entry)
    assert [e.topic for e in by_command["corr-1"]] == ["trading.Wallet.MarginReserved", "trading.Position.Opened"]
    assert [e.topic for e in by_command["corr-2"]] == ["trading.Position.Closed", "trading.Wallet.MarginReleased"]
    assert all(e.metadata == opening.as_dict() and e.timestamp == opened_at for e in by_command["corr-1"])
    assert all(
        e.metadata == closing.as_dict() and e.timestamp == opened_at + timedelta(seconds=90)
        for e in by_command["corr-2"]
    )
    assert by_command["corr-2"][-1].position == closed.position


def test_stored_state_holds_meta_and_an_explicit_class_version_when_an_event_is_written(
    store: EventStore, users: UserService, trading: TradingService, clock: SteppingClock
):
    user_id = register(users)
    context = command_context(user_id, 7)

    result = trading.deposit(user_id, D("12.34"), "USD", context)

    [row] = stored_rows(store, "topic, state", "notification_id = %s", (result.position,))
    state = store.mapper.transcoder.decode(bytes(row["state"]))
    assert row["topic"] == "trading.Wallet.Deposited"
    assert state["_meta"] == {
        "actor": str(user_id),
        "correlation_id": "corr-7",
        "causation_id": "cause-7",
        "idempotency_key": "key-7",
    }
    assert state["class_version"] == 1
    assert state["timestamp"] == clock.instant
    assert state["amount"] == D("12.34")


def test_all_events_of_a_registration_carry_the_registration_instant_when_registering(
    store: EventStore, users: UserService, clock: SteppingClock
):
    clock.advance(days=3)

    register(users, "carol")

    entries = logged(store)
    assert {e.topic for e in entries} == {"user.User.Registered", "user.UniqueClaim.Claimed", "trading.Wallet.Opened"}
    assert len(entries) == 4  # user, username claim, email claim, wallet
    assert {e.timestamp for e in entries} == {clock.instant}
    assert {e.metadata["correlation_id"] for e in entries} == {"test"}
