"""How the boards are laid out in Redis, shared by the mirror (writer) and the query API (reader).

One sorted set per board (metric × window × bucket × clan or global). Redis orders
equal scores by member, descending under ZREVRANGE, so the member encodes the rest
of the ranking order: ``<2^63-1 - reached_position, 19 digits>:<user id, hex digits
complemented>``. Descending members then mean earlier reached position first, then
ascending user id: exactly PostgreSQL's ``value DESC, reached_position, user_id``. A
hash beside each set maps a user to their current member.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from projections.leaderboard.boards import Board, Metric

MAX_POSITION = 2**63 - 1
_HEX, _COMPLEMENT = "0123456789abcdef", "fedcba9876543210"
_TO_COMPLEMENT, _FROM_COMPLEMENT = str.maketrans(_HEX, _COMPLEMENT), str.maketrans(_COMPLEMENT, _HEX)


def member(reached_position: int, user_id: UUID) -> str:
    return f"{MAX_POSITION - reached_position:019d}:{user_id.hex.translate(_TO_COMPLEMENT)}"


def parse_member(encoded: str | bytes) -> tuple[int, UUID]:
    """(reached_position, user_id) of a member."""
    text = encoded.decode() if isinstance(encoded, bytes) else encoded
    rest, user = text.split(":")
    return MAX_POSITION - int(rest), UUID(hex=user.translate(_FROM_COMPLEMENT))


def score(value: Decimal) -> float:
    """The sorted-set score: exact for every 2-decimal value below 10^13 in magnitude."""
    return float(value)


def value_of(metric: Metric, raw: float | str | bytes) -> Decimal:
    """The board value back from a score, at the metric's scale."""
    number = float(raw.decode() if isinstance(raw, bytes) else raw)
    return Decimal(f"{number:.{metric.places}f}")


def padded(position: int) -> str:
    """Positions compared as strings inside Lua (its numbers are doubles)."""
    return f"{position:019d}"


@dataclass(frozen=True)
class LiveKeys:
    """Every key of one read-model schema's live boards (``namespace`` keeps schemas apart)."""

    namespace: str

    @classmethod
    def for_schema(cls, schema: str) -> LiveKeys:
        return cls(f"lb:{schema}")

    @property
    def meta(self) -> str:
        """Hash: epoch, position (padded) and the oldest day/week buckets mirrored; absent = do not trust."""
        return f"{self.namespace}:meta"

    @property
    def building(self) -> str:
        return f"{self.namespace}:building"

    @property
    def clan_of(self) -> str:
        """Hash: user id → the clan the mirror last put them in."""
        return f"{self.namespace}:clanof"

    @property
    def boards_pattern(self) -> str:
        return f"{self.namespace}:z:*"

    def board(self, board: Board) -> str:
        scope = board.clan_id.hex if board.clan_id else "all"
        return f"{self.namespace}:z:{board.metric.value}:{board.window.value}:{board.bucket.isoformat()}:{scope}"

    def members(self, board: Board) -> str:
        return self.board(board) + ":m"

    def channel(self, metric: Metric) -> str:
        """Pub/sub channel of one metric's rank changes."""
        return f"{self.namespace}:changes:{metric.value}"

    @property
    def channels_pattern(self) -> str:
        return f"{self.namespace}:changes:*"
