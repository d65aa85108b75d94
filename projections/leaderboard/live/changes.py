"""Rank changes on Redis pub/sub, and the bulk loader of a rebuild.

A message goes to channel ``<namespace>:changes:<metric>`` for each entry of a
current board (today, this ISO week, all time; global and clan) that a sync
changed, with its rank before and after (1-based; null when not ranked). A sync too
large to describe entry by entry (a catch-up), and every rebuild, publishes one
``resync`` message instead: subscribers then re-read the board.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import redis
from psycopg import Connection

from projections.leaderboard.boards import Board, Metric, bucket_of
from projections.leaderboard.live.keys import LiveKeys, member, score
from projections.leaderboard.live.scripts import Scripts
from projections.leaderboard.live.source import Row
from projections.profiles.projection import ProfilesProjection
from projections.profiles.view import ProfilesView
from projections.runtime.config import ReadModels

MAX_DESCRIBED = 500  # entries per sync published one by one; more publish a resync


@dataclass(frozen=True)
class Batch:
    """One sync's changed rows, as of ``position``, and the current-board entries to publish."""

    rows: list[Row]
    position: int
    targets: list[tuple[Board, Row]] = field(default_factory=list)
    names: dict[UUID, str | None] = field(default_factory=dict)
    bulk: bool = False


class Publisher:
    """Reads ranks around a sync's writes and publishes what moved."""

    def __init__(self, read_models: ReadModels, client: redis.Redis, keys: LiveKeys, scripts: Scripts) -> None:
        self.client, self.keys, self.scripts = client, keys, scripts
        self.profiles, self.profile_tables = ProfilesView(), read_models.tables_for(ProfilesProjection)

    def prepare(self, conn: Connection[Any], rows: list[Row], position: int, now: datetime) -> Batch:
        """The entries to describe (current boards only), with their users' names from the same snapshot."""
        current = [r for r in rows if r.board.bucket == bucket_of(r.board.window, now)]
        targets = [(b, r) for r in current for b in [r.board] + ([r.board.in_clan(r.clan_id)] if r.clan_id else [])]
        if len(targets) > MAX_DESCRIBED:
            return Batch(rows, position, bulk=True)
        names = self.profiles.usernames(conn, self.profile_tables, list({r.user_id for _, r in targets}))
        return Batch(rows, position, targets, names)

    def rank_reads(self, batch: Batch) -> list[Callable[[Any], object]]:
        """Pipeline ops reading each target's 0-based rank (None when not ranked)."""
        return [self._rank_of(board, row.user_id) for board, row in batch.targets]

    def publish(self, batch: Batch, before: list[Any], after: list[Any]) -> None:
        if batch.bulk:
            self.resync(batch.position)
            return
        with self.client.pipeline(transaction=False) as pipe:
            for (board, row), old, new in zip(batch.targets, before, after, strict=True):
                message = _message(board, row, batch, _rank(old), _rank(new))
                pipe.publish(self.keys.channel(board.metric), json.dumps(message))
            pipe.execute()

    def resync(self, position: int) -> None:
        """Tell every subscriber to re-read its board."""
        with self.client.pipeline(transaction=False) as pipe:
            for metric in Metric:
                pipe.publish(self.keys.channel(metric), json.dumps({"type": "resync", "position": position}))
            pipe.execute()

    def _rank_of(self, board: Board, user_id: UUID) -> Callable[[Any], object]:
        keys = [self.keys.board(board), self.keys.members(board)]
        return lambda pipe: self.scripts.rank_of(keys=keys, args=[user_id.hex], client=pipe)


def _rank(raw: Any) -> int | None:
    return None if raw is None else int(raw) + 1


def _message(board: Board, row: Row, batch: Batch, previous: int | None, rank: int | None) -> dict[str, Any]:
    return {
        "type": "rank",
        "metric": board.metric.value,
        "window": board.window.value,
        "bucket": board.label,
        "clan_id": str(board.clan_id) if board.clan_id else None,
        "user_id": str(row.user_id),
        "username": batch.names.get(row.user_id),
        "value": format(row.value, "f") if row.ranked else None,
        "rank": rank,
        "previous_rank": previous,
        "position": batch.position,
    }


class Loader:
    """Bulk ZADD/HSET of a rebuild, grouped by board, in pipelines of ``size`` entries."""

    def __init__(self, client: redis.Redis, keys: LiveKeys, ttl: Callable[[Board], int], size: int = 5_000) -> None:
        self.client, self.keys, self.ttl, self.size = client, keys, ttl, size
        self.pending: dict[Board, dict[str, tuple[str, float]]] = {}
        self.count = self.written = 0

    def load(self, rows: Iterable[Row], clans: dict[UUID, UUID | None]) -> int:
        """Every row on its global board and its user's clan board; the clan map itself. Entries written."""
        for row in rows:
            self._add(row.board, row)
            clan = clans.get(row.user_id)
            if clan is not None:
                self._add(row.board.in_clan(clan), row)
        self._flush()
        members = {user.hex: clan.hex for user, clan in clans.items() if clan is not None}
        for start in range(0, len(members), self.size):
            chunk = dict(list(members.items())[start : start + self.size])
            self.client.hset(self.keys.clan_of, mapping=chunk)  # type: ignore[arg-type]
        return self.written

    def _add(self, board: Board, row: Row) -> None:
        self.pending.setdefault(board, {})[row.user_id.hex] = (
            member(row.reached_position, row.user_id),
            score(row.value),
        )
        self.count += 1
        if self.count >= self.size:
            self._flush()

    def _flush(self) -> None:
        with self.client.pipeline(transaction=False) as pipe:
            for board, entries in self.pending.items():
                zkey, hkey = self.keys.board(board), self.keys.members(board)
                pipe.zadd(zkey, {m: s for m, s in entries.values()})
                pipe.hset(hkey, mapping={user: m for user, (m, _) in entries.items()})
                ttl = self.ttl(board)
                if ttl:
                    pipe.expire(zkey, ttl)
                    pipe.expire(hkey, ttl)
            pipe.execute()
        self.written += self.count
        self.pending, self.count = {}, 0
