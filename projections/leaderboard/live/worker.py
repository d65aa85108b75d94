"""Running the mirror: one active mirror per read-model schema, woken by the projections' progress.

It holds a PostgreSQL advisory lock (the runtime's lease namespace, under the name
``leaderboard_live``) on the connection it LISTENs on: a second mirror stands by,
and takes over the moment the first one's connection dies. It syncs whenever a
projection reports progress (the runtime NOTIFYs at commit), and at least every
``poll`` seconds. With Redis down it keeps retrying; the query API meanwhile
serves every board from PostgreSQL.
"""

from __future__ import annotations

import logging
import threading

import psycopg
import redis
from psycopg import sql

from aggregates.clock import Clock, system_clock
from projections.leaderboard.live.mirror import LiveMirror, RebuildInterrupted
from projections.runtime.config import ReadModels
from projections.runtime.lease import LEASE_NAMESPACE, lease_key

log = logging.getLogger(__name__)
NAME = "leaderboard_live"
_FAILURES = (redis.RedisError, psycopg.Error, RebuildInterrupted)


class MirrorWorker:
    """Keeps Redis mirroring the boards of ``read_models`` until ``stop`` is set."""

    def __init__(
        self,
        read_models: ReadModels,
        redis_url: str,
        *,
        clock: Clock = system_clock,
        poll: float = 0.5,
        stop: threading.Event | None = None,
    ) -> None:
        self.read_models, self.redis_url, self.clock, self.poll = read_models, redis_url, clock, poll
        self.stop = stop or threading.Event()
        self.synced = threading.Event()  # set after each successful sync (tests wait on it)

    def run(self) -> None:
        delay = 0.5
        while not self.stop.is_set():
            try:
                self._serve()
                delay = 0.5
            except _FAILURES as error:
                log.warning("live ranks: %s; retrying in %.1fs", error, delay)
                self.stop.wait(delay)
                delay = min(10.0, delay * 2)

    def _serve(self) -> None:
        client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=2, socket_timeout=10)
        try:
            with (
                self.read_models.connect(f"live:{self.read_models.schema}") as listen,
                self.read_models.connect(f"live-read:{self.read_models.schema}") as conn,
            ):
                if self._lease(listen):
                    listen.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.read_models.progress_channel)))
                    self._follow(LiveMirror(self.read_models, client, self.clock), listen, conn)
        finally:
            client.close()

    def _follow(self, mirror: LiveMirror, listen: psycopg.Connection, conn: psycopg.Connection) -> None:
        """Sync (a new mirror rebuilds first), then sleep until progress is NOTIFYed or ``poll`` passes."""
        while not self.stop.is_set():
            mirror.sync(conn)
            self.synced.set()
            for _ in listen.notifies(timeout=self.poll, stop_after=1):
                pass
            for _ in listen.notifies(timeout=0, stop_after=1_000):  # whatever came meanwhile: one sync answers all
                pass

    def _lease(self, conn: psycopg.Connection) -> bool:
        """Wait (standing by) until this worker holds the mirror's lease; False if stopped first."""
        key = lease_key(self.read_models, NAME)
        while not self.stop.is_set():
            row = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", (LEASE_NAMESPACE, key)).fetchone()
            if row == (True,):
                log.info("live ranks: mirroring %s into Redis", self.read_models.schema)
                return True
            self.stop.wait(1.0)
        return False
