"""The mirror: copies the leaderboard's PostgreSQL rows into Redis and publishes rank changes.

Why a follower of the committed tables, not a hook in the projection: a handler runs
inside the projection's transaction, which may still roll back (a conflict, a
poison retry), and Redis cannot roll back with it. Following what PostgreSQL has
committed, as of the tracking position, needs no coordination and no outbox, and
the same code rebuilds Redis from scratch (at start-up, and whenever the meta hash
is missing: Redis restarted empty or was flushed).

Each sync is one PostgreSQL snapshot and one Redis MULTI, closed by a script that
moves the mirrored position only if the meta hash is still this mirror's: a flush
in between leaves no meta, so readers fall back to PostgreSQL and the next sync
rebuilds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import redis
from psycopg import Connection, IsolationLevel

from aggregates.clock import Clock, system_clock
from projections.leaderboard.boards import Board, Window, bucket_end, bucket_of
from projections.leaderboard.live.changes import Batch, Loader, Publisher
from projections.leaderboard.live.keys import LiveKeys, member, padded, score
from projections.leaderboard.live.scripts import Scripts
from projections.leaderboard.live.source import Covered, Row, Source
from projections.runtime.config import ReadModels

log = logging.getLogger(__name__)
GRACE = timedelta(days=1)  # a day or week board lives this long past its end
Op = Callable[[Any], object]  # one command queued on a pipeline


class RebuildInterrupted(RuntimeError):
    """Redis was emptied while the mirror was rebuilding it."""


class LiveMirror:
    """Mirrors one read-model schema's boards into Redis (one active mirror per schema: see ``worker``)."""

    def __init__(
        self, read_models: ReadModels, client: redis.Redis, clock: Clock = system_clock, chunk: int = 2_000
    ) -> None:
        self.client, self.clock, self.chunk = client, clock, chunk
        self.source, self.keys = Source(read_models), LiveKeys.for_schema(read_models.schema)
        self.scripts = Scripts.on(client)
        self.publisher = Publisher(read_models, client, self.keys, self.scripts)
        self.epoch: str | None = None  # None: rebuild first (a new mirror always starts from PostgreSQL)
        self.position = 0

    def sync(self, conn: Connection[Any]) -> int:
        """Mirror what changed since the last sync (or everything); how many entries were written."""
        if self.epoch is None or self.client.hget(self.keys.meta, "epoch") != self.epoch.encode():
            return self.rebuild(conn)
        with _snapshot(conn):
            position = self.source.position(conn)
            if position <= self.position:
                if position < self.position:
                    self.epoch = None  # the read model went back (reset): start over
                return 0
            covered = self._covered()
            rows = self.source.changed(conn, covered, self.position)
            moved = self.source.memberships(conn, self.position)
            moved_rows = self.source.of_users(conn, covered, list(moved)) if moved else []
            batch = self.publisher.prepare(conn, rows, position, self.clock())
        ops = self._moves(moved, moved_rows) + [op for row in rows for op in self._placed(row, row.clan_id)]
        self._apply(ops, batch)
        return len(rows) + len(moved_rows)

    def rebuild(self, conn: Connection[Any]) -> int:
        """Empty this schema's boards in Redis and load every covered entry again from PostgreSQL."""
        epoch = uuid4().hex
        self.client.set(self.keys.building, epoch)
        self.client.delete(self.keys.meta)  # readers fall back to PostgreSQL from here on
        self._delete_boards()
        with _snapshot(conn):
            position, covered = self.source.position(conn), self._covered()
            clans = self.source.memberships(conn)
            loader = Loader(self.client, self.keys, self._ttl)
            written = loader.load(self.source.ranked(conn, covered), clans)
        args = [epoch, padded(position), covered.day.isoformat(), covered.week.isoformat()]
        if not self.scripts.finish(keys=[self.keys.building, self.keys.meta], args=args):
            raise RebuildInterrupted("Redis was emptied during the rebuild; starting over")
        self.epoch, self.position = epoch, position
        self.publisher.resync(position)
        log.info("live ranks rebuilt from PostgreSQL at position %s: %s entries", position, written)
        return written

    def _covered(self) -> Covered:
        now = self.clock()
        return Covered(day=now.date() - timedelta(days=1), week=bucket_of(Window.WEEK, now) - timedelta(days=7))

    def _ttl(self, board: Board) -> int:
        """Seconds the board's keys live (0: forever); day and week boards expire a day after their bucket."""
        end = bucket_end(board.window, board.bucket)
        return 0 if end is None else max(1, int((end + GRACE - self.clock()).total_seconds()))

    def _placed(self, row: Row, clan: UUID | None) -> list[Op]:
        """Upsert (or remove, if no longer ranked) the row on its global board and on its clan's."""
        boards = [row.board] + ([row.board.in_clan(clan)] if clan else [])
        return [self._upsert(b, row) if row.ranked else self._remove(b, row) for b in boards]

    def _moves(self, moved: dict[UUID, UUID | None], rows: list[Row]) -> list[Op]:
        """Take users who changed clan off their old clan's boards and onto their new clan's."""
        users = list(moved)
        found = self.client.hmget(self.keys.clan_of, [u.hex for u in users]) if users else []
        old = {
            u: UUID(hex=raw.decode() if isinstance(raw, bytes) else raw)
            for u, raw in zip(users, found, strict=True)
            if raw
        }
        ops: list[Op] = []
        for row in rows:
            before, after = old.get(row.user_id), moved[row.user_id]
            if before is not None and before != after:
                ops.append(self._remove(row.board.in_clan(before), row))
            if after is not None and row.ranked:
                ops.append(self._upsert(row.board.in_clan(after), row))
        for user, clan in moved.items():
            key = self.keys.clan_of
            ops.append(_op("hset", key, user.hex, clan.hex) if clan else _op("hdel", key, user.hex))
        return ops

    def _upsert(self, board: Board, row: Row) -> Op:
        keys = [self.keys.board(board), self.keys.members(board)]
        args = [row.user_id.hex, member(row.reached_position, row.user_id), score(row.value), self._ttl(board)]
        return lambda pipe: self.scripts.upsert(keys=keys, args=args, client=pipe)

    def _remove(self, board: Board, row: Row) -> Op:
        keys = [self.keys.board(board), self.keys.members(board)]
        return lambda pipe: self.scripts.remove(keys=keys, args=[row.user_id.hex], client=pipe)

    def _apply(self, ops: list[Op], batch: Batch) -> None:
        """Every op, in MULTI chunks; the last chunk carries the rank reads and the position's commit."""
        split = max(0, len(ops) - self.chunk)
        for start in range(0, split, self.chunk):
            self._exec(ops[start : min(start + self.chunk, split)])
        commit: Op = lambda pipe: self.scripts.commit(  # noqa: E731
            keys=[self.keys.meta], args=[self.epoch, padded(batch.position)], client=pipe
        )
        before, after = self.publisher.rank_reads(batch), self.publisher.rank_reads(batch)
        results = self._exec([*before, *ops[split:], *after, commit])
        if not results[-1]:
            self.epoch = None  # flushed, or rebuilt by another mirror meanwhile: rebuild next time
            return
        self.position = batch.position
        self.publisher.publish(batch, results[: len(before)], results[-1 - len(after) : -1])

    def _exec(self, ops: Iterable[Op]) -> list[Any]:
        with self.client.pipeline(transaction=True) as pipe:
            for op in ops:
                op(pipe)
            return list(pipe.execute())

    def _delete_boards(self) -> None:
        batch: list[bytes] = []
        for key in self.client.scan_iter(match=self.keys.boards_pattern, count=1_000):
            batch.append(key)
            if len(batch) >= 1_000:
                self.client.unlink(*batch)
                batch = []
        self.client.unlink(*batch, self.keys.clan_of)


def _snapshot(conn: Connection[Any]) -> AbstractContextManager[Any]:
    conn.isolation_level = IsolationLevel.REPEATABLE_READ
    return conn.transaction()


def _op(command: str, *args: str) -> Op:
    return lambda pipe: getattr(pipe, command)(*args)
