"""The event store round-trips events with metadata, schema version and position."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from event_store.metadata import CommandContext, metadata_of
from services.trading import TradingService
from services.users import UserService


def test_event_carries_metadata_version_and_timestamp_when_saved(
    users: UserService, trading: TradingService, store, clock
):
    registered = users.register("alice", "alice@example.com", "correct horse", CommandContext(correlation_id="c-1"))
    user_id = UUID(registered.body["user_id"])
    ctx = CommandContext(actor=str(user_id), correlation_id="c-2", causation_id="x", idempotency_key="k")

    result = trading.deposit(user_id, Decimal("12.34"), "USD", ctx)

    [notification] = store.recorder.select_notifications(result.position, 1)
    event = store.mapper.to_domain_event(notification)
    assert notification.id == result.position > registered.position
    assert metadata_of(event) == ctx.as_dict()
    assert event.timestamp == clock.instant
    assert type(event).class_version == 1
    assert event.amount == Decimal("12.34")
