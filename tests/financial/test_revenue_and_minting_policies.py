"""The revenue and minting policies on the real runtime: each reacts once, however often replayed."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from decimal import Decimal as D
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.utils import TopicError, resolve_topic

from aggregates.base import AstraAggregate
from aggregates.financial.revenue import revenue_book_id
from aggregates.money import Side
from aggregates.nft.nft import badge_id
from event_store.application import EventStore
from event_store.metadata import metadata_of
from projections.policies.minting import ACHIEVEMENT_UNLOCKED, MintingPolicy
from projections.policies.revenue import RevenuePolicy
from tests.financial.support import CTX, catch_up, logged, replay_from_zero


def trading_history(trading, nfts, subscriptions, traders) -> list[UUID]:
    """Opens and closes (one with fees of a fraction of a cent, rounded up), an NFT sale and a subscription."""
    alice, bob = traders(2, cash="5000.00")
    trading.record_price("BTC-USD", D("100"), CTX)
    longs = [
        UUID(trading.open_position(alice, "BTC-USD", Side.LONG, D(q), 2, CTX).body["position_id"]) for q in ("3", "0.2")
    ]  # fees 0.30 and 0.02 (0.02 exactly: notional 20.00)
    trading.record_price("BTC-USD", D("120"), CTX)
    for position_id in longs:
        trading.close_position(alice, position_id, CTX)  # fees 0.36 and 0.03 (0.024 rounded up)
    trading.open_position(bob, "BTC-USD", Side.SHORT, D("10"), 5, CTX)  # fee 1.20, stays open
    nft_id = UUID(nfts.mint_badge(alice, "first_trade", CTX).body["nft_id"])
    nfts.list_for_sale(alice, nft_id, D("40.00"), CTX)
    nfts.purchase(bob, nft_id, D("40.00"), CTX)  # fee 1.00
    subscriptions.subscribe(bob, "pro", CTX)  # 9.99
    return [alice, bob]


def fees_charged(store: EventStore) -> D:
    """Every fee the log says was charged: trading fees, marketplace fees, subscriptions."""
    events = logged(
        store,
        topics=(
            "trading.Position.Opened",
            "trading.Position.Closed",
            "nft.Nft.Purchased",
            "trading.Wallet.SubscriptionPaid",
        ),
    )
    return sum((getattr(e.event, "fee", D(0)) or getattr(e.event, "amount", D(0)) for e in events), D(0))


def test_revenue_ledger_total_equals_the_fees_charged_once_when_the_policy_is_replayed(
    store, read_models, trading, nfts, subscriptions, traders
):
    # Given a history of fees
    alice, bob = trading_history(trading, nfts, subscriptions, traders)
    # When the revenue policy follows the log, and then replays it all from 0
    catch_up(store, read_models, RevenuePolicy())
    replay_from_zero(read_models, RevenuePolicy.name)
    catch_up(store, read_models, RevenuePolicy())
    # Then every fee is recorded exactly once: the books total what was charged
    books = [store.repository.get(revenue_book_id(user)) for user in (alice, bob)]
    assert [b.by_source for b in books] == [
        {"trading_fee": D("0.71"), "marketplace_fee": D("1.00")},
        {"trading_fee": D("1.20"), "subscription": D("9.99")},
    ]
    assert sum(b.total for b in books) == fees_charged(store) == D("12.90")
    recorded = logged(store, topics=("financial.PlatformRevenue.Recorded",))
    trading_records = [e for e in recorded if e.event.source == "trading_fee"]  # type: ignore[attr-defined]
    assert len(trading_records) == 5
    assert {metadata_of(e.event)["actor"] for e in trading_records} == {"policy:platform_revenue"}


def achievement_event_class() -> type[Any]:
    """The gamification context's AchievementUnlocked class; a stand-in with its topic if it is not there."""
    try:
        importlib.import_module("aggregates.gamification.progression")  # registers the real topic
    except ImportError:
        pass
    try:
        return resolve_topic(ACHIEVEMENT_UNLOCKED)
    except TopicError:

        class Progression(AstraAggregate):
            TOPIC = "gamification.Progression"

            class AchievementUnlocked(AstraAggregate.Event):
                TOPIC = ACHIEVEMENT_UNLOCKED
                user_id: UUID
                achievement: str

        return Progression.AchievementUnlocked


def unlock(store: EventStore, stream: UUID, version: int, user_id: UUID, achievement: str) -> None:
    """Store an AchievementUnlocked event as the gamification context would (only its topic and fields matter)."""
    event = object.__new__(achievement_event_class())
    event.__dict__.update(
        originator_id=stream,
        originator_version=version,
        timestamp=datetime.now(UTC),
        user_id=user_id,
        achievement=achievement,
        trigger=version,
    )
    store.recorder.insert_events([store.mapper.to_stored_event(event)])


def test_each_achievement_mints_one_badge_to_its_earner_when_unlocks_repeat_and_replay(store, read_models):
    # Given unlocks for two users, one of them repeated
    alice, bob = uuid4(), uuid4()
    streams = {alice: uuid4(), bob: uuid4()}
    unlock(store, streams[alice], 1, alice, "first_trade")
    unlock(store, streams[alice], 2, alice, "ten_trades")
    unlock(store, streams[bob], 1, bob, "first_trade")
    unlock(store, streams[alice], 3, alice, "first_trade")  # the same achievement again
    # When the minting policy follows the log, then replays it from 0
    catch_up(store, read_models, MintingPolicy())
    replay_from_zero(read_models, MintingPolicy.name)
    catch_up(store, read_models, MintingPolicy())
    # Then one badge per (user, achievement), owned by its earner, caused by its unlock
    minted = logged(store, topics=("nft.Nft.Minted",))
    assert sorted((e.originator_id, e.event.owner_id, e.event.achievement) for e in minted) == sorted(  # type: ignore[attr-defined]
        [
            (badge_id(alice, "first_trade"), alice, "first_trade"),
            (badge_id(alice, "ten_trades"), alice, "ten_trades"),
            (badge_id(bob, "first_trade"), bob, "first_trade"),
        ]
    )
    assert {metadata_of(e.event)["actor"] for e in minted} == {"policy:nft_minting"}
    assert all(metadata_of(e.event)["causation_id"] for e in minted)
