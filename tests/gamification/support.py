"""Helpers of the gamification tests: a trading desk driven by real commands, policy workers, the log."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from uuid import UUID

from psycopg import sql

from aggregates.money import Side
from event_store.application import EventStore
from event_store.log import EventLog, LoggedEvent
from event_store.metadata import CommandContext
from projections.policies.base import Policy
from projections.runtime import ProjectionWorker, ReadModels
from services.commands import CommandRunner
from services.friends import FriendService
from services.trading import TradingService
from services.users import UserService
from tests.projections.conftest import FAST, running, safe_head, tracked, wait_until
from tests.support import SteppingClock

BTC = "BTC-USD"


class Desk:
    """Traders, prices, opens and closes through the real services, at the test's clock."""

    def __init__(self, users: UserService, trading: TradingService, clock: SteppingClock) -> None:
        self.users, self.trading, self.clock = users, trading, clock

    def trader(self, name: str, cash: str = "10000.00") -> UUID:
        registered = self.users.register(name, f"{name}@example.com", "long password", CommandContext())
        user_id = UUID(registered.body["user_id"])
        self.trading.deposit(user_id, Decimal(cash), "USD", self.ctx(user_id))
        return user_id

    def price(self, price: str, symbol: str = BTC) -> None:
        # Scenario prices jump freely (as an admin's forced tick): the price band has its own tests.
        self.trading.record_price(symbol, Decimal(price), CommandContext(actor="feed"), force=True)

    def open(self, user_id: UUID, side: str = "long", quantity: str = "0.01", leverage: int = 5) -> UUID:
        result = self.trading.open_position(user_id, BTC, Side(side), Decimal(quantity), leverage, self.ctx(user_id))
        return UUID(result.body["position_id"])

    def close(self, user_id: UUID, position_id: UUID) -> dict[str, str]:
        return self.trading.close_position(user_id, position_id, self.ctx(user_id)).body

    def round_trip(self, user_id: UUID, entry: str, exit_: str, side: str = "long", held_minutes: float = 1) -> UUID:
        """Open at ``entry``, wait, close at ``exit_``; the position's id."""
        self.price(entry)
        position_id = self.open(user_id, side)
        self.clock.advance(minutes=held_minutes)
        self.price(exit_)
        self.close(user_id, position_id)
        return position_id

    @staticmethod
    def ctx(user_id: UUID) -> CommandContext:
        return CommandContext(actor=str(user_id), correlation_id=f"corr-{user_id}")


def befriend(runner: CommandRunner, user_id: UUID, friend_id: UUID) -> int:
    """Make two users friends the v1.1 way: ``user_id`` asks, ``friend_id`` accepts; the acceptance's position."""
    friends = FriendService(runner)
    request = friends.request_friend(user_id, friend_id, CommandContext(actor=str(user_id)))
    accepted = friends.accept(friend_id, UUID(request.body["request_id"]), CommandContext(actor=str(friend_id)))
    return accepted.position


@contextmanager
def policies_running(models: ReadModels, es_env: dict[str, str], *policies: Policy) -> Iterator[None]:
    """Run each policy's worker in a thread for the duration of the block."""
    with ExitStack() as stack:
        for policy in policies:
            stack.enter_context(running(ProjectionWorker(policy, models, es_env, FAST)))
        yield


def settle(models: ReadModels, store: EventStore, *names: str, timeout: float = 30) -> None:
    """Wait until every named policy has processed the whole log (including its own reactions)."""

    def caught_up() -> bool:
        last = EventLog(store).last_position()
        return all(tracked(models, name) >= last for name in names)

    wait_until(caught_up, timeout=timeout)
    wait_until(caught_up, timeout=timeout)  # a reaction of one policy may trigger another


def events(store: EventStore, *topics: str) -> list[LoggedEvent]:
    return EventLog(store).read(0, safe_head(store), 1_000_000, topics)


def reset_tracking(models: ReadModels, names: Sequence[str]) -> None:
    """Replay from 0, as after a crash between reactions and their tracking commit."""
    with models.connect() as conn:
        conn.execute(sql.SQL("UPDATE {} SET position = 0 WHERE name = ANY(%s)").format(models.tracking), (list(names),))
