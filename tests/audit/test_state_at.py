"""GET /v1/audit/users/{user_id}/state?at=…: a user's past state, folded from the event store."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from aggregates.gamification.progression import ClosedTrade
from aggregates.trading.wallet import Wallet, wallet_id
from event_store.application import EventStore
from event_store.log import EventLog
from services.audit_state import StateAtInstant
from services.commands import CommandRunner
from services.gamification import ProgressionService
from services.trading import TradingService
from services.users import UserService
from tests.api.support import assert_problem
from tests.audit.support import History, ctx, trade_history
from tests.query_api.support import bearer
from tests.support import SteppingClock

COMPLIANCE = bearer(uuid4(), "trader", "compliance")


@pytest.fixture
def history(users: UserService, trading: TradingService, clock: SteppingClock) -> History:
    return trade_history(users, trading, clock)


def _wallet_by_repository(store: EventStore, user_id: UUID, at: datetime) -> Wallet:
    """The independent fold: eventsourcing's repository at the last wallet version stamped ≤ ``at``."""
    log = EventLog(store).read(0, 2**63 - 1, 10_000)
    version = max(e.originator_version for e in log if e.originator_id == wallet_id(user_id) and e.timestamp <= at)
    wallet: Wallet = store.repository.get(wallet_id(user_id), version=version)
    return wallet


@pytest.mark.parametrize("moment", ["before_open", "after_open"])
def test_state_equals_the_repository_fold_of_the_events_up_to_the_instant(
    store: EventStore,
    history: History,
    clock: SteppingClock,
    moment: str,
) -> None:
    # Given alice's history, when her state is folded at an instant before and after she opened a position
    at = history.before_open if moment == "before_open" else clock.instant
    state = StateAtInstant(store).user_state(history.alice, at)

    # Then wallet figures equal eventsourcing's own fold of her wallet up to that instant
    assert state is not None and state.registered
    wallet = _wallet_by_repository(store, history.alice, at)
    assert (state.cash, state.reserved_margin) == (wallet.cash, wallet.reserved)


def test_state_differs_before_and_after_the_open_when_asked_at_both_instants(
    store: EventStore,
    history: History,
    clock: SteppingClock,
) -> None:
    replay = StateAtInstant(store)
    before = replay.user_state(history.alice, history.before_open)
    after = replay.user_state(history.alice, clock.instant)
    assert before is not None and after is not None
    assert (before.cash, before.reserved_margin, before.positions) == (Decimal("1000.00"), Decimal("0.00"), ())
    assert (after.cash, after.reserved_margin) == (Decimal("899.80"), Decimal("100.00"))
    assert [(p.position_id, p.is_open, p.entry_price) for p in after.positions] == [
        (history.position_id, True, Decimal("100"))
    ]


def test_xp_and_level_are_those_scored_by_then_when_the_progression_grew_later(
    store: EventStore,
    history: History,
    clock: SteppingClock,
) -> None:
    # Given alice earned XP for a (pretend) profitable close, an hour after the open
    clock.advance(hours=1)
    scored_at = clock.instant
    trade = ClosedTrade(history.position_id, Decimal("200.00"), Decimal("100.00"), scored_at)
    ProgressionService(CommandRunner(store, clock)).score_close(history.alice, trade, 1, ctx("policy"))

    # When her state is read just before and at that instant
    replay = StateAtInstant(store)
    before = replay.user_state(history.alice, scored_at - timedelta(seconds=1))
    after = replay.user_state(history.alice, scored_at)

    # Then XP and level are the progression's as of each instant (10 base + 40 return cap + 5 streak)
    assert before is not None and after is not None
    assert (before.xp, before.level) == (0, 1)
    assert (after.xp, after.level, after.streak) == (55, 1, 1)


def test_not_registered_yet_when_the_instant_precedes_the_registration(store: EventStore, history: History) -> None:
    state = StateAtInstant(store).user_state(history.alice, datetime(2020, 1, 1, tzinfo=history.before_open.tzinfo))
    assert state is not None and (state.registered, state.cash, state.positions) == (False, None, ())


def test_200_with_the_past_state_over_http(query: TestClient, history: History) -> None:
    # When compliance asks for alice's state just before she opened her position
    response = query.get(
        f"/v1/audit/users/{history.alice}/state", params={"at": history.before_open.isoformat()}, headers=COMPLIANCE
    )

    # Then it is her wallet then, decimals as strings, nothing open, level 1
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["wallet"] == {"currency": "USD", "cash": "1000.00", "reserved_margin": "0.00"}
    assert (body["positions"], body["xp"], body["level"], body["registered"]) == ([], 0, 1, True)
    assert body["personal_data_erased"] is False


def test_404_when_the_user_never_registered(query: TestClient) -> None:
    response = query.get(f"/v1/audit/users/{uuid4()}/state", params={"at": "2026-01-05T12:00:00Z"}, headers=COMPLIANCE)
    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize("at", ["2026-01-05T12:00:00", "yesterday", ""])
def test_422_when_the_instant_is_not_an_iso_timestamp_with_offset(query: TestClient, at: str) -> None:
    response = query.get(f"/v1/audit/users/{uuid4()}/state", params={"at": at}, headers=COMPLIANCE)
    assert_problem(response, 422, "validation_error")


def test_404_when_the_id_is_not_a_user_but_another_aggregate(query: TestClient, history: History) -> None:
    response = query.get(
        f"/v1/audit/users/{wallet_id(history.alice)}/state", params={"at": "2026-01-05T12:00:00Z"}, headers=COMPLIANCE
    )
    assert_problem(response, 404, "not_found")


def test_a_position_with_margin_added_is_listed_once_with_its_margin(
    store: EventStore, history: History, trading: TradingService, clock: SteppingClock
) -> None:
    # Given alice's long (margin 100.00) with 20.00 margin added
    trading.add_margin(history.alice, history.position_id, Decimal("20.00"), ctx(history.alice))
    clock.advance(seconds=1)
    # When her state is folded now
    state = StateAtInstant(store).user_state(history.alice, clock.instant)
    # Then the position appears once (margin added reserves for it again), with 120.00
    assert state is not None
    assert [(p.position_id, p.margin) for p in state.positions] == [(history.position_id, Decimal("120.00"))]
