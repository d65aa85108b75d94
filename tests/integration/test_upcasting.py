"""An event stored in an old schema version is read back as the current version."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import event
from eventsourcing.persistence import StoredEvent

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.trading.market_price import MarketPrice, market_price_id
from event_store.application import EventStore
from tests.integration.helpers import logged, stored_rows

WHEN = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


class Gadget(AstraAggregate):
    """Test-only aggregate whose events went from schema version 1 to 2."""

    TOPIC = "tests.upcasting.Gadget"

    class Made(CreationEvent):
        """v2 added ``colour``; v1 gadgets were all grey."""

        TOPIC = "tests.upcasting.Gadget.Made"
        class_version = 2
        name: str
        colour: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["colour"] = "grey"

    class Renamed(AstraAggregate.Event):
        """v2 added ``reason``."""

        TOPIC = "tests.upcasting.Gadget.Renamed"
        class_version = 2
        name: str
        reason: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["reason"] = "unrecorded (v1)"

    @event(Made)
    def __init__(self, name: str, colour: str) -> None:
        self.name = name
        self.colour = colour
        self.reason: str | None = None

    def rename(self, name: str, reason: str) -> None:
        self._renamed(name=name, reason=reason)

    @event(Renamed)
    def _renamed(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason


def write_v1(store: EventStore, gadget_id: UUID, *, with_version_key: bool = True) -> None:
    """Two events as a v1 writer stored them, straight through the recorder."""
    version: dict[str, Any] = {"class_version": 1} if with_version_key else {}
    encode = store.mapper.transcoder.encode
    made = {
        "timestamp": WHEN,
        "originator_topic": Gadget.TOPIC,
        "name": "widget",
        **version,
        "_meta": {"actor": "v1-writer", "correlation_id": "old"},
    }
    renamed = {"timestamp": WHEN, "name": "gizmo", **version}
    store.recorder.insert_events(
        [
            StoredEvent(gadget_id, 1, Gadget.Made.TOPIC, encode(made)),
            StoredEvent(gadget_id, 2, Gadget.Renamed.TOPIC, encode(renamed)),
        ]
    )


def test_v1_events_are_read_as_v2_when_loading_the_aggregate(store: EventStore):
    gadget_id = uuid4()
    write_v1(store, gadget_id)

    gadget: Gadget = store.repository.get(gadget_id)

    assert (gadget.name, gadget.colour, gadget.reason, gadget.version) == ("gizmo", "grey", "unrecorded (v1)", 2)


def test_v1_events_are_read_as_v2_when_following_the_log(store: EventStore):
    gadget_id = uuid4()
    write_v1(store, gadget_id)

    made, renamed = (e.event for e in logged(store))
    assert isinstance(made, Gadget.Made) and isinstance(renamed, Gadget.Renamed)

    assert (type(made), made.name, made.colour) == (Gadget.Made, "widget", "grey")
    assert (type(renamed), renamed.name, renamed.reason) == (Gadget.Renamed, "gizmo", "unrecorded (v1)")
    assert made.timestamp == WHEN


def test_events_without_a_version_key_are_taken_as_v1_and_upcast_when_read(store: EventStore):
    gadget_id = uuid4()
    write_v1(store, gadget_id, with_version_key=False)

    gadget: Gadget = store.repository.get(gadget_id)

    assert (gadget.colour, gadget.reason) == ("grey", "unrecorded (v1)")


def test_v2_events_are_stored_as_v2_and_not_upcast_when_written_today(store: EventStore):
    gadget = Gadget(name="widget", colour="red")
    gadget.rename("sprocket", "marketing")

    store.save(gadget)

    rows = stored_rows(store, "state", "originator_id = %s", (gadget.id,))
    assert [store.mapper.transcoder.decode(bytes(r["state"]))["class_version"] for r in rows] == [2, 2]
    loaded: Gadget = store.repository.get(gadget.id)
    assert (loaded.name, loaded.colour, loaded.reason) == ("sprocket", "red", "marketing")
    assert loaded == gadget


def test_v1_price_ticks_are_read_as_v2_ticks_without_volume(store: EventStore):
    # Given a symbol listed and ticked before ticks carried ``volume`` (class_version 1)
    market_id = market_price_id("OLD-USD")
    encode = store.mapper.transcoder.encode
    listed = {
        "timestamp": WHEN,
        "originator_topic": MarketPrice.TOPIC,
        "symbol": "OLD-USD",
        "price": D("100"),
        "class_version": 1,
    }
    ticked = {"timestamp": WHEN, "price": D("101"), "class_version": 1}
    store.recorder.insert_events(
        [
            StoredEvent(market_id, 1, MarketPrice.Listed.TOPIC, encode(listed)),
            StoredEvent(market_id, 2, MarketPrice.Ticked.TOPIC, encode(ticked)),
        ]
    )
    # When they are read back
    market: MarketPrice = store.repository.get(market_id)
    events = [e.event for e in logged(store)]
    # Then they are v2 events whose volume is unknown, and the aggregate replays them
    assert market.price == D("101")
    assert [getattr(e, "volume", "missing") for e in events] == [None, None]
