"""Helpers of the leaderboard tests: a world driven by real commands, settled by the real progression
policy and the leaderboard and profiles workers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import redis
from psycopg import Connection, sql

from aggregates.money import Side
from astratrade.settings import Settings
from event_store.log import EventLog
from event_store.metadata import CommandContext
from http_common.tokens import Tokens
from projections.leaderboard.boards import Board, Metric, Window
from projections.leaderboard.live.keys import LiveKeys
from projections.leaderboard.live.mirror import LiveMirror
from projections.leaderboard.projection import LeaderboardProjection
from projections.leaderboard.ranking import Ranking
from projections.marketplace.projection import MarketplaceProjection
from projections.policies.liquidation import LiquidationPolicy
from projections.policies.minting import MintingPolicy
from projections.policies.progression import ProgressionPolicy
from projections.profiles.projection import ProfilesProjection
from projections.runtime.base import Projection
from projections.runtime.config import ReadModels
from projections.trade_history.projection import TradeHistoryProjection
from query_api.container import QueryOptions
from services.commands import CommandResult
from services.erasure import ErasureService
from services.social import SocialService
from services.trading import TradingService
from services.users import UserService
from tests.projections.support import catch_up
from tests.support import TEST_DATABASE_URL, SteppingClock

CTX = CommandContext(actor="test", correlation_id="leaderboard-test")
D = Decimal
READ_SIDE: tuple[type[Projection], ...] = (
    LeaderboardProjection,
    ProfilesProjection,
    MarketplaceProjection,
    TradeHistoryProjection,
)
JWT_SECRET = "leaderboard-test-jwt-secret-0123456789abcdef-0123456789"
FAST = QueryOptions(wait_timeout=0.5)


def api_settings(redis_url: str) -> Settings:
    """Settings built explicitly, never read from this process's environment."""
    values: dict[str, object] = {
        "ASTRATRADE_ENV": "test",
        "database_url": TEST_DATABASE_URL,
        "redis_url": redis_url,
        "jwt_secret": JWT_SECRET,
        "CLAIM_KEY": "leaderboard-test-claim-key-0123456789abcdef",
    }
    return Settings(**values)  # type: ignore[arg-type]


def bearer(user_id: UUID, *roles: str) -> dict[str, str]:
    """The Authorization header of a token as the command API issues it."""
    return {"Authorization": f"Bearer {Tokens(JWT_SECRET, 600).issue(user_id, list(roles or ('trader',)))}"}


class Mirrored:
    """The mirror with the connection it reads PostgreSQL on."""

    def __init__(self, mirror: LiveMirror, conn: Connection) -> None:
        self.mirror, self.conn = mirror, conn

    def sync(self) -> int:
        return self.mirror.sync(self.conn)


def forget_live_keys(client: redis.Redis, read_models: ReadModels) -> int:
    """Delete every live key of this schema: what a FLUSHDB does, without touching other suites' keys."""
    keys = list(client.scan_iter(match=LiveKeys.for_schema(read_models.schema).namespace + ":*", count=1000))
    return int(client.delete(*keys)) if keys else 0


class World:
    """Users who deposit, trade and join clans through the real services; ``settle`` lets the
    progression policy score the closes and the read models catch up with the whole log."""

    def __init__(
        self,
        users: UserService,
        trading: TradingService,
        social: SocialService,
        erasure: ErasureService,
        clock: SteppingClock,
        read_models: ReadModels,
        es_env: dict[str, str],
    ) -> None:
        self.users, self.trading, self.social, self.erasure = users, trading, social, erasure
        self.clock, self.read_models, self.es_env = clock, read_models, es_env
        self.log = EventLog(trading.runner.store)

    def at(self, instant: datetime) -> World:
        self.clock.set(instant)
        return self

    def register(self, name: str, deposit: str | None = "1000.00") -> UUID:
        user = UUID(self.users.register(name, f"{name}@example.com", "pw-12345678", CTX).body["user_id"])
        if deposit:
            self.deposit(user, deposit)
        return user

    def deposit(self, user: UUID, amount: str) -> None:
        self.trading.deposit(user, D(amount), "USD", CTX)

    def trade(
        self,
        user: UUID,
        entry: str,
        exit_: str,
        quantity: str = "1",
        *,
        side: Side = Side.LONG,
        hold_seconds: float = 60,
        leverage: int = 1,
        symbol: str = "BTC-USD",
    ) -> UUID:
        """Open at ``entry``, hold, close at ``exit_`` (a hold under 60 s is an unfair instant close)."""
        # Scenario prices jump freely (as an admin's forced tick): the price band has its own tests.
        self.trading.record_price(symbol, D(entry), CTX, force=True)
        opened = self.trading.open_position(user, symbol, side, D(quantity), leverage, CTX)
        self.clock.advance(seconds=hold_seconds)
        self.trading.record_price(symbol, D(exit_), CTX, force=True)
        position = UUID(opened.body["position_id"])
        self.trading.close_position(user, position, CTX)
        return position

    def found(self, founder: UUID, name: str) -> UUID:
        return UUID(self.social.found_clan(founder, name, CTX).body["clan_id"])

    def join(self, user: UUID, clan_id: UUID) -> CommandResult:
        return self.social.join_clan(user, clan_id, CTX)

    def leave(self, user: UUID, clan_id: UUID) -> CommandResult:
        return self.social.leave_clan(user, clan_id, CTX)

    def erase(self, user: UUID) -> CommandResult:
        return self.erasure.erase(user, CTX)

    def settle(self, projections: Sequence[type[Projection]] = READ_SIDE) -> int:
        """Liquidate and score (the policies), then catch the read models up with the log; the position."""
        catch_up(self.read_models, self.es_env, self.log.last_position(), LiquidationPolicy())
        catch_up(self.read_models, self.es_env, self.log.last_position(), ProgressionPolicy())
        catch_up(self.read_models, self.es_env, self.log.last_position(), MintingPolicy())
        last = self.log.last_position()
        catch_up(self.read_models, self.es_env, last, *(cls() for cls in projections))
        return last


def rows(read_models: ReadModels, query: str, *params: object) -> list[tuple]:
    with read_models.connect() as conn:
        return conn.execute(sql.SQL(query).format(s=sql.Identifier(read_models.schema)), params).fetchall()


def drop_read_models(read_models: ReadModels) -> None:
    with read_models.connect() as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(read_models.schema)))


def standings(
    read_models: ReadModels, metric: Metric, window: Window, when: datetime, clan_id: UUID | None = None
) -> list[tuple[UUID, Decimal]]:
    """The whole board of the bucket ``when`` falls in, from PostgreSQL: (user, value) best first."""
    ranking = Ranking(read_models.tables_for(LeaderboardProjection))
    with read_models.connect() as conn, conn.transaction():
        return [(e.user_id, e.value) for e in ranking.page(conn, Board.current(metric, window, when, clan_id), 1000)]


def dump(read_models: ReadModels, projection: type[Projection]) -> dict[str, list[tuple]]:
    """Every row of every table of ``projection``, in primary-key order."""
    tables = read_models.tables_for(projection)
    with read_models.connect() as conn:
        return {
            logical: conn.execute(sql.SQL("SELECT * FROM {} ORDER BY 1, 2, 3").format(tables[logical])).fetchall()
            for logical in projection.tables
        }
