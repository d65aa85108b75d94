"""The hot statements (a command's load and its append) run straight on libpq.

psycopg's ``Cursor.execute`` costs 40–75 µs of Python per statement before and
after the round trip (query conversion, parameter dumping, prepared-statement
bookkeeping, row makers): the largest single item of a command's CPU once the
append's arrays were packed by hand (docs/performance.md, "Python CPU per
command"). These few statements have fixed parameter and column types, so they
are prepared once per connection under a name of ours and executed with
``PQexecPrepared`` on the connection's ``pgconn``, parameters and results in
binary: ~10 µs. libpq's blocking call releases the GIL while it waits, like
psycopg's own wait.

Errors are psycopg's own classes (``psycopg.errors.error_from_result``), so
callers translate them exactly as before; a connection that broke raises
``psycopg.OperationalError`` and is left broken, for its pool to discard.
Statements are only run on a connection lent to one thread (a pool checkout or a
batch writer's own), like any psycopg statement.
"""

from __future__ import annotations

import asyncio
import hashlib
import struct
import weakref
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import psycopg
from eventsourcing import persistence
from psycopg import errors
from psycopg.pq import ConnStatus, ExecStatus

_OK = (ExecStatus.TUPLES_OK, ExecStatus.COMMAND_OK)
_UNDEFINED_PREPARED_STATEMENT = b"26000"
_DUPLICATE_PREPARED_STATEMENT = b"42P05"
_SQLSTATE = 0x43  # PG_DIAG_SQLSTATE

# Parameter types (oids) and the binary formats of the integers.
UUID, INT8, TEXT = 2950, 20, 25
int8 = struct.Struct("!q")
int4 = struct.Struct("!i")


class Statement:
    """One prepared statement (``$n`` placeholders), prepared on each connection at first use.

    Its name is derived from its text, so two instances of one statement (two recorders
    on one pool) share it on a connection, and two different statements never collide.
    """

    def __init__(self, sql: bytes, param_types: Sequence[int]) -> None:
        digest = hashlib.blake2b(sql + repr(list(param_types)).encode(), digest_size=10)
        self.name = b"astra_" + digest.hexdigest().encode()
        self.sql = sql
        self.param_types = list(param_types)
        self._formats = [1] * len(param_types)
        # The connections this statement is prepared on; a connection's own attribute would
        # be simpler, but psycopg's Connection is not ours to extend.
        self._prepared: weakref.WeakSet[psycopg.Connection[Any] | psycopg.AsyncConnection[Any]] = weakref.WeakSet()

    def run(self, conn: psycopg.Connection[Any], params: Sequence[bytes]) -> Any:
        """Execute on ``conn``; the ``PGresult`` (binary columns: ``get_value(row, column)``)."""
        pgconn = conn.pgconn
        if conn not in self._prepared:
            self._prepare(pgconn)
            self._prepared.add(conn)
        result = pgconn.exec_prepared(self.name, params, self._formats, 1)
        if result.status not in _OK and result.error_field(_SQLSTATE) == _UNDEFINED_PREPARED_STATEMENT:
            # Deallocated behind our back (a DISCARD ALL, a pooler): prepare it again, once.
            self._prepare(pgconn)
            result = pgconn.exec_prepared(self.name, params, self._formats, 1)
        self._check(pgconn, result)
        return result

    async def run_async(self, conn: psycopg.AsyncConnection[Any], params: Sequence[bytes]) -> Any:
        """``run`` on an async connection: the same prepared statement and binary formats, libpq's
        non-blocking calls awaited on the event loop (event_store/async_store.py)."""
        pgconn = conn.pgconn
        if conn not in self._prepared:
            await self._prepare_async(pgconn)
            self._prepared.add(conn)
        send = partial(pgconn.send_query_prepared, self.name, params, self._formats, 1)
        result = await _round_trip(pgconn, send)
        if result.status not in _OK and result.error_field(_SQLSTATE) == _UNDEFINED_PREPARED_STATEMENT:
            await self._prepare_async(pgconn)
            result = await _round_trip(pgconn, send)
        self._check(pgconn, result)
        return result

    async def _prepare_async(self, pgconn: Any) -> None:
        result = await _round_trip(pgconn, partial(pgconn.send_prepare, self.name, self.sql, self.param_types))
        if result.status not in _OK and result.error_field(_SQLSTATE) == _DUPLICATE_PREPARED_STATEMENT:
            return
        self._check(pgconn, result)

    def _prepare(self, pgconn: Any) -> None:
        result = pgconn.prepare(self.name, self.sql, self.param_types)
        if result.status not in _OK and result.error_field(_SQLSTATE) == _DUPLICATE_PREPARED_STATEMENT:
            return  # another instance of this very statement prepared it on this connection
        self._check(pgconn, result)

    @staticmethod
    def _check(pgconn: Any, result: Any) -> None:
        if result.status in _OK:
            return
        if pgconn.status != ConnStatus.OK:
            raise psycopg.OperationalError(f"connection lost: {pgconn.get_error_message().strip()}")
        raise errors.error_from_result(result, encoding=pgconn._encoding)


async def _round_trip(pgconn: Any, send: Callable[[], None]) -> Any:
    """Send one statement and await its result without blocking the loop (libpq's asynchronous
    command processing: flush, then consume input while busy); the first error result, else the
    last result. The connection is lent to this task alone, like any statement of ours."""
    loop = asyncio.get_running_loop()
    fd = pgconn.socket
    send()
    while pgconn.flush():  # 1 while data is left to send
        await _ready(loop, fd, write=True)
    result = None
    while True:
        while pgconn.is_busy():
            await _ready(loop, fd, write=False)
            pgconn.consume_input()
        got = pgconn.get_result()
        if got is None:
            break
        if result is None or result.status in _OK:
            result = got
    if result is None:  # the server closed the connection before answering
        raise psycopg.OperationalError(f"connection lost: {pgconn.get_error_message().strip()}")
    return result


async def _ready(loop: asyncio.AbstractEventLoop, fd: int, *, write: bool) -> None:
    ready = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    (loop.add_writer if write else loop.add_reader)(fd, wake)
    try:
        await ready
    finally:
        (loop.remove_writer if write else loop.remove_reader)(fd)


# eventsourcing's translation of psycopg's errors (PostgresDatastore.get_connection), in its
# order, for statements run on a connection borrowed without that context manager.
_TRANSLATIONS: tuple[tuple[type[psycopg.Error], type[persistence.PersistenceError]], ...] = (
    (psycopg.InterfaceError, persistence.InterfaceError),
    (psycopg.OperationalError, persistence.OperationalError),
    (psycopg.DataError, persistence.DataError),
    (psycopg.IntegrityError, persistence.IntegrityError),
    (psycopg.InternalError, persistence.InternalError),
    (psycopg.ProgrammingError, persistence.ProgrammingError),
    (psycopg.NotSupportedError, persistence.NotSupportedError),
    (psycopg.DatabaseError, persistence.DatabaseError),
)


def translate(error: psycopg.Error) -> persistence.PersistenceError:
    """The eventsourcing exception eventsourcing raises for ``error`` (its callers and
    ``@retry`` catch those: a lost connection is an ``OperationalError`` to retry)."""
    for theirs, ours in _TRANSLATIONS:
        if isinstance(error, theirs):
            return ours(str(error))
    return persistence.PersistenceError(str(error))
