"""The Redis read path of the boards: top entries and a user's standing, or None to use PostgreSQL.

None whenever Redis cannot be trusted for this read: unreachable (then not asked again
for ``cooldown`` seconds, so a dead Redis costs one timeout, not one per request),
being rebuilt, behind ``min_position``, or not covering the bucket.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from uuid import UUID

import redis

from projections.leaderboard.boards import Board, Ranked
from projections.leaderboard.live.keys import LiveKeys, padded, parse_member, value_of
from projections.leaderboard.live.scripts import Scripts
from projections.leaderboard.ranking import Standing

log = logging.getLogger(__name__)
TIMEOUT = 0.25  # seconds: Redis answers in well under a millisecond when it is up


class RedisRanks:
    """Reads the mirrored boards of one read-model schema."""

    def __init__(self, client: redis.Redis, keys: LiveKeys, cooldown: float = 2.0) -> None:
        self.client, self.keys, self.cooldown = client, keys, cooldown
        self.scripts = Scripts.on(client)
        self._down_until = 0.0

    @classmethod
    def connect(cls, url: str, keys: LiveKeys) -> RedisRanks:
        return cls(redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT), keys)

    def top(self, board: Board, limit: int, min_position: int | None) -> tuple[int, list[Ranked]] | None:
        """(position mirrored, the first ``limit`` entries), or None."""
        found = self._call(
            self.scripts.top, [self.keys.meta, self.keys.board(board)], [*self._trust(board, min_position), limit]
        )
        if found is None:
            return None
        position, flat = found
        return int(position), _entries(board, 0, flat)

    def standing(
        self, board: Board, user_id: UUID, n: int, min_position: int | None
    ) -> tuple[int, Standing | None] | None:
        """(position mirrored, the user's standing or None when not ranked), or None."""
        keys = [self.keys.meta, self.keys.board(board), self.keys.members(board)]
        found = self._call(self.scripts.standing, keys, [*self._trust(board, min_position), user_id.hex, n])
        if found is None:
            return None
        if len(found) == 1:
            return int(found[0]), None
        position, rank, first, flat = found
        entries = _entries(board, int(first), flat)
        return int(position), Standing(entries[int(rank) - int(first)], entries)

    def _trust(self, board: Board, min_position: int | None) -> list[str]:
        return [padded(min_position or 0), board.bucket.isoformat(), board.window.value]

    def _call(self, script: Any, keys: list[str], args: list[Any]) -> Any:
        if time.monotonic() < self._down_until:
            return None
        try:
            return script(keys=keys, args=args)
        except redis.RedisError as error:
            log.warning("live ranks unavailable (%s): serving from PostgreSQL for %.0fs", error, self.cooldown)
            self._down_until = time.monotonic() + self.cooldown
            return None

    def close(self) -> None:
        self.client.close()


def _entries(board: Board, first: int, flat: list[bytes]) -> list[Ranked]:
    ranked = []
    for i in range(0, len(flat), 2):
        reached, user_id = parse_member(flat[i])
        ranked.append(Ranked(first + i // 2 + 1, user_id, value_of(board.metric, flat[i + 1]), reached))
    return ranked
