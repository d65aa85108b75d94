"""The application recorder: concurrent, gap-safe appends plus idempotency keys.

Positions. eventsourcing's recorder serialises every append with a table lock so
that positions (``notification_id``) are handed out in commit order; all writers
queue behind one another's commit. Here no lock is taken. Instead each event's
position is derived from its transaction id, assigned in the INSERT itself::

    position = (xid << 20) + index of the event within its transaction

and log readers only read up to the **safe head** (event_store/horizon.py): the
position just below the lowest transaction id that may still write this
database. Every transaction of ours below it has finished, so every position
below it is final: committed and visible, or never. A transaction still running
has an xid at or above it, so all its events get positions above the bound, above
anything a reader has already passed. Readers therefore never skip an event
committed late, tracking stays one integer, and writers commit in parallel.
Positions are sparse (gaps are normal); a transaction holds at most 2**20 events,
and positions fit a signed bigint until xid 2**43.

eventsourcing's own readers (``select_notifications``, ``max_notification_id``,
``subscribe``) are capped at the safe head too, so an eventsourcing-native
follower (a ``ProjectionRunner``, a process application) is as gap-safe as ours.
``max_position`` is the uncapped maximum, for lag displays only.

Idempotency. A command's idempotency record is written in the same statement, so
the same transaction, as its events: a crash can never leave events without their
key (a retry would then apply the command twice) nor a key without its events.

One round trip, one transaction id. An append is a single autocommit statement
(``_append_statement``: a CTE inserting the events and the keys, and NOTIFYing
followers in the same transaction). The appends of concurrent commands of one
process share that statement (group commit: event_store/group_commit.py,
docs/adr/0007-group-commit.md); the statement refuses a command whose version or
key is already stored without touching its neighbours. Its parameters are packed
in PostgreSQL's binary array format (event_store/pg_arrays.py).

The NOTIFY used to be a statement of its own after the commit (a second round trip
and a second transaction id per command), because a NOTIFY inside takes
PostgreSQL's notify-queue lock until the commit ends and so serialises committers;
with a batch per process there are few committers to serialise, and the saved
round trip and transaction id weigh more (docs/performance.md).

An append that fails on a lost connection (a pooled connection the server dropped,
a restart) is retried, like eventsourcing's: if the first attempt had in fact
committed, the retry finds its versions taken, and the append reads its events
back; if they are stored byte for byte as sent, it was ours and the append
succeeds with their positions (never a duplicate, never a false conflict).
``tracking=`` (a process recorder's position upstream) is written in the same
transaction, or refused.

Loading is one round trip too: ``select_snapshot_and_events`` reads an aggregate's
latest snapshot and the events after it in one statement (eventsourcing's
repository asks for the snapshot, then for the events: two).
"""

from __future__ import annotations

import queue
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import orjson
import psycopg
from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    InterfaceError,
    Notification,
    OperationalError,
    ProgrammingError,
    StoredEvent,
    Subscription,
    Tracking,
)
from eventsourcing.postgres import (
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresProcessRecorder,
    PostgresSubscription,
    PostgresTrackingRecorder,
)
from eventsourcing.utils import retry
from psycopg import Connection
from psycopg.sql import SQL, Composed, Identifier
from psycopg_pool import PoolClosed, PoolTimeout

from event_store import access, pg_arrays, pg_direct
from event_store.config import connection_name
from event_store.group_commit import Alone, Append, GroupCommit
from event_store.horizon import SAFE_HEAD_SQL, STALL_AFTER_SECONDS, TX_SHIFT, Blocker, stalled_by

IDEMPOTENCY_TABLE = "idempotency_keys"
MAX_EVENTS_PER_TRANSACTION = 2**TX_SHIFT
# Like eventsourcing's own retry of an append: a pool left with dead connections by a
# server restart hands them out one by one, so a few attempts are needed. Bounded in
# time too, so a database that stays down still answers 503 promptly; a pool timeout
# (no connection at all, after the pool's own wait) or a closed pool is not retried.
APPEND_ATTEMPTS = 10
APPEND_RETRY_WAIT = 0.2
APPEND_RETRY_BUDGET = 2.0  # seconds
# A subscription re-reads at least this often (seconds), not only on NOTIFY: the safe
# head also moves when a transaction that appended nothing (so sent no NOTIFY) ends.
SUBSCRIPTION_REPOLL = 0.5
_NO_STOP = 2**63 - 1


@dataclass(frozen=True)
class IdempotencyRecord:
    """The first answer to a keyed command, stored with the events it wrote."""

    actor: str
    key: str
    request_hash: str
    status: int
    body: dict[str, Any]


class AstraRecorder(PostgresApplicationRecorder):
    """Appends events (and an ``idempotency=`` record) in one statement, lock-free."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        events = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(events_table_name))
        keys = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(IDEMPOTENCY_TABLE))
        self.idempotency_table = keys
        # Positions come from the transaction id, not from a sequence (module docstring).
        self.sql_create_statements[self.create_table_statement_index] = SQL(
            "CREATE TABLE IF NOT EXISTS {} ("
            "originator_id uuid NOT NULL, originator_version bigint NOT NULL, topic text NOT NULL, "
            "state bytea NOT NULL, notification_id bigint NOT NULL, "
            "PRIMARY KEY (originator_id, originator_version))"
        ).format(events)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} ("
                "actor text NOT NULL, key text NOT NULL, request_hash text NOT NULL, "
                "status smallint NOT NULL, body jsonb NOT NULL, position bigint NOT NULL, "
                "created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (actor, key))"
            ).format(keys)
        )
        # The per-command statements run straight on libpq, prepared once per connection
        # (event_store/pg_direct.py): psycopg's execute costs several times their Python.
        self._append = pg_direct.Statement(_append_statement(events, keys).as_bytes(None), _APPEND_TYPES)
        self._group = GroupCommit(self._write_batch)
        self._writers: queue.SimpleQueue[Connection[Any]] = queue.SimpleQueue()  # idle batch connections
        # eventsourcing names the tables <application>_events and <application>_snapshots.
        snapshots_table = events_table_name.removesuffix("_events") + "_snapshots"
        snapshots = SQL("{}.{}").format(Identifier(datastore.schema), Identifier(snapshots_table))
        self._snapshot_and_events = pg_direct.Statement(
            SQL(
                "WITH s AS (SELECT originator_version, topic, state FROM {snapshots} WHERE originator_id = $1 "
                "ORDER BY originator_version DESC LIMIT 1) "
                "SELECT true AS snapshot, originator_version, topic, state FROM s UNION ALL "
                "SELECT false, originator_version, topic, state FROM {events} WHERE originator_id = $1 "
                "AND originator_version > coalesce((SELECT originator_version FROM s), 0) "
                "ORDER BY snapshot DESC, originator_version"
            )
            .format(snapshots=snapshots, events=events)
            .as_bytes(None),
            (pg_direct.UUID,),
        )
        # A cached aggregate's fast-forward: its events after the version it has.
        self._events_after = pg_direct.Statement(
            SQL(
                "SELECT originator_version, topic, state FROM {} WHERE originator_id = $1 AND originator_version > $2 "
                "ORDER BY originator_version"
            )
            .format(events)
            .as_bytes(None),
            (pg_direct.UUID, pg_direct.INT8),
        )
        self._safe_head = SQL("SELECT {} AS head").format(SAFE_HEAD_SQL)
        self._count = SQL("SELECT count(*) AS n FROM {} WHERE notification_id > %s AND notification_id <= %s").format(
            events
        )
        self._find_key = SQL(
            "SELECT request_hash, status, body, position FROM {} WHERE actor = %s AND key = %s"
        ).format(keys)
        # eventsourcing's readers, capped at the safe head (module docstring).
        select = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM {} "
            "WHERE notification_id > %(after)s AND notification_id <= least(%(stop)s, {})"
        ).format(events, SAFE_HEAD_SQL)
        order = SQL(" ORDER BY notification_id LIMIT %(limit)s")
        self._select_notifications = (select + order).as_bytes(None)
        # Our own readers (EventLog) pass a head they read: no cap, no second horizon.
        between = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM {} "
            "WHERE notification_id > %(after)s AND notification_id <= %(stop)s"
        ).format(events)
        self._select_between = (between + order).as_bytes(None)
        self._select_between_of = (between + SQL(" AND topic = ANY(%(topics)s)") + order).as_bytes(None)
        self._select_notifications_of = (select + SQL(" AND topic = ANY(%(topics)s)") + order).as_bytes(None)
        self._max_final = (
            SQL("SELECT max(notification_id) AS max FROM {} WHERE notification_id <= {}")
            .format(events, SAFE_HEAD_SQL)
            .as_bytes(None)
        )
        self._max_position = SQL("SELECT max(notification_id) AS max FROM {}").format(events).as_bytes(None)
        self._stored = (
            SQL(
                "SELECT e.originator_id, e.originator_version, e.state, e.notification_id FROM {} e "
                "JOIN unnest(%(ids)s::uuid[], %(versions)s::bigint[]) AS w(id, version) "
                "ON e.originator_id = w.id AND e.originator_version = w.version"
            )
            .format(events)
            .as_bytes(None)
        )

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        tracking: Tracking | None = kwargs.get("tracking")
        if tracking is not None and not isinstance(self, PostgresTrackingRecorder):
            # Dropping it silently would let a process application apply an upstream event twice.
            raise ProgrammingError(
                f"{type(self).__name__} has no tracking table: use AstraProcessRecorder to record tracking= with events"
            )
        if not stored_events and tracking is None:
            return []
        if len(stored_events) >= MAX_EVENTS_PER_TRANSACTION:
            raise ValueError(f"at most {MAX_EVENTS_PER_TRANSACTION - 1} events per transaction")
        append = Append(stored_events, kwargs.get("idempotency"))
        access_rows: list[access.AccessRow] = kwargs.pop("access", None) or []
        first_attempt = 1
        # Plain appends (most commands) share transactions with their concurrent neighbours;
        # tracking and access rows join the events' own transaction, and so do the
        # ``_append_events`` hooks' arguments (tests), so those are written alone.
        if tracking is None and not access_rows and not kwargs.keys() - _GROUPABLE and stored_events:
            outcome = self._group.submit(append)
            if isinstance(outcome, BaseException):
                raise outcome
            if not isinstance(outcome, Alone):
                return outcome  # type: ignore[no-any-return]
            first_attempt = 2 if outcome.maybe_committed else 1
        deadline = time.monotonic() + APPEND_RETRY_BUDGET
        for attempt in range(first_attempt, APPEND_ATTEMPTS + 1):
            try:
                return self._insert_once(append, access_rows, **kwargs)
            except (InterfaceError, OperationalError) as error:
                if (
                    attempt == APPEND_ATTEMPTS
                    or time.monotonic() + APPEND_RETRY_WAIT > deadline
                    or isinstance(error.__cause__, (PoolTimeout, PoolClosed))
                ):
                    raise
                time.sleep(APPEND_RETRY_WAIT)
            except IntegrityError:
                # After a lost connection the first attempt may have committed: then
                # this conflict is with ourselves (module docstring).
                ids = self._already_recorded(stored_events, tracking) if attempt > 1 else None
                if ids is None:
                    raise
                return ids
        raise AssertionError("unreachable")  # pragma: no cover

    @property
    def batches_written(self) -> int:
        """How many group-commit batches this recorder has written (tests and benches)."""
        return self._group.batches

    def _insert_once(self, append: Append, access_rows: list[access.AccessRow], **kwargs: Any) -> list[int]:
        tracking: Tracking | None = kwargs.get("tracking")
        params = _batch_params([append], self.channel_name)
        with self.datastore.get_connection() as conn:
            if tracking is None and not access_rows:
                rows = self._append_events(conn, self._append, params, **kwargs)
            else:  # tracking, and a login's, key's or user's access rows, commit with the events
                with conn.transaction(), conn.cursor() as curs:
                    if tracking is not None:
                        assert isinstance(self, PostgresTrackingRecorder)
                        self._insert_tracking(curs, tracking)
                    rows = self._append_events(conn, self._append, params, **kwargs) if append.events else []
                    if append.events and not rows:
                        raise IntegrityError("version or idempotency key already recorded")
                    if access_rows:
                        access.write(conn, self.datastore.schema, access_rows)
        positions = sorted(position for _, position in rows if position is not None)
        if append.events and not positions:
            raise IntegrityError("version or idempotency key already recorded")
        return positions

    def _write_batch(self, batch: list[Append]) -> None:
        """One statement, one transaction, for every append of ``batch``; each gets its own
        outcome. A batch failing as a whole (a race on a version with another process, a lost
        connection) sends each append to be written alone, so no failure is a neighbour's."""
        params = _batch_params(batch, self.channel_name)
        conn = None
        try:
            conn = self._writer()
            rows = self._append_events(conn, self._append, params)
        except (InterfaceError, OperationalError, psycopg.InterfaceError, psycopg.OperationalError):
            for append in batch:
                append.outcome = Alone(maybe_committed=True)
            return
        except Exception:
            for append in batch:
                append.outcome = Alone(maybe_committed=False)
            return
        finally:
            if conn is not None:
                if conn.broken or conn.closed:
                    conn.close()
                else:
                    self._writers.put(conn)
        positions: list[list[int]] = [[] for _ in batch]
        for command, position in rows:
            if command is not None and position is not None:  # (None, None): followers were woken
                positions[command].append(position)
        for append, got in zip(batch, positions, strict=True):
            got.sort()
            append.outcome = got or IntegrityError("version or idempotency key already recorded")

    def _writer(self) -> Connection[Any]:
        """A connection of the batch writers' own (at most one per batch in flight).

        Not the pool's, for one setting: PostgreSQL plans a prepared statement afresh
        for its parameters unless its generic plan looks cheaper, and the generic plan
        of the batch statement assumes 10 elements per array, so it never does: every
        append paid ~1 ms of planning (pg_prepared_statements.custom_plans, measured).
        Its plan is index probes whatever the batch (``_append_statement``), so these
        connections always use the generic plan; other statements never run on them.
        """
        try:
            return self._writers.get_nowait()
        except queue.Empty:
            pass
        conninfo, kwargs = self.datastore.pool.conninfo, self.datastore.pool.kwargs
        assert isinstance(conninfo, str) and isinstance(kwargs, dict)  # eventsourcing's pool: a string and a dict
        conn: Connection[Any] = psycopg.Connection.connect(
            conninfo, **{**kwargs, "application_name": connection_name("batch-writer"), "autocommit": True}
        )
        conn.execute("SET plan_cache_mode = force_generic_plan")  # a SET, not options=: PGOPTIONS still applies
        return conn

    def close_writers(self) -> None:
        """Close the batch writers' connections (the event store's close)."""
        while True:
            try:
                self._writers.get_nowait().close()
            except queue.Empty:
                return

    def _already_recorded(self, stored_events: Sequence[StoredEvent], tracking: Tracking | None) -> list[int] | None:
        """The positions of ``stored_events`` if each is stored exactly as given (so an
        earlier attempt of this very append committed), else None."""
        if tracking is not None:
            assert isinstance(self, PostgresTrackingRecorder)
            if self.max_tracking_id(tracking.application_name) != tracking.notification_id:
                return None
        if not stored_events:
            return []
        params = {
            "ids": [e.originator_id for e in stored_events],
            "versions": [e.originator_version for e in stored_events],
        }
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            rows = curs.execute(self._stored, params).fetchall()
        stored = {(row["originator_id"], row["originator_version"]): row for row in rows}
        for event in stored_events:
            row = stored.get((UUID(str(event.originator_id)), event.originator_version))
            if row is None or bytes(row["state"]) != event.state:
                return None
        return sorted(row["notification_id"] for row in rows)

    def _append_events(
        self, conn: Connection[Any], statement: pg_direct.Statement, params: list[bytes], **_: Any
    ) -> list[tuple[int | None, int | None]]:
        """Runs the append statement: a row (command index, position) per event appended,
        and (None, None) when it woke followers. Tests wrap this to delay or break appends."""
        result = statement.run(conn, params)
        value = result.get_value
        rows: list[tuple[int | None, int | None]] = []
        for row in range(result.ntuples):
            command = value(row, 0)
            if command is None:
                rows.append((None, None))
            else:
                rows.append((_int4(command)[0], _int8(value(row, 1))[0]))
        return rows

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        """eventsourcing's reader, never past the safe head: what it returns is final."""
        after = -1 if start is None else start - 1 if inclusive_of_start else start
        capped = self._select_notifications_of if topics else self._select_notifications
        return self._select(capped, after, _NO_STOP if stop is None else stop, limit, topics)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_between(self, after: int, upto: int, limit: int, topics: Sequence[str] = ()) -> Sequence[Notification]:
        """Events with ``after < position <= upto``, uncapped: ``upto`` must be a safe
        head the caller read (``EventLog.read``), or it may pass a late commit."""
        return self._select(self._select_between_of if topics else self._select_between, after, upto, limit, topics)

    def _select(self, statement: bytes, after: int, stop: int, limit: int, topics: Sequence[str]) -> list[Notification]:
        params = {"after": after, "stop": stop, "limit": limit, "topics": list(topics)}
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params, prepare=True)
            return [
                Notification(
                    id=row["notification_id"],
                    originator_id=row["originator_id"],
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
                for row in curs.fetchall()
            ]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def max_notification_id(self) -> int | None:
        """The highest *final* position (at or below the safe head): a follower may
        resume after it without skipping an event that commits later."""
        return self._fetch_one(self._max_final, ())["max"]  # type: ignore[no-any-return]

    def max_position(self) -> int | None:
        """The highest position written so far; transactions below it may still be
        running, so never read up to it (lag displays only)."""
        return self._fetch_one(self._max_position, ())["max"]  # type: ignore[no-any-return]

    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> Subscription[ApplicationRecorder]:
        return RepollingSubscription(recorder=self, gt=gt, topics=topics)

    # A read is always safe to retry: like eventsourcing's select_events, ride out the
    # pooled connections a database restart left dead.
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_snapshot_and_events(self, originator_id: UUID | str) -> tuple[StoredEvent | None, list[StoredEvent]]:
        """The latest snapshot of an aggregate (if any) and its events after it, in one round trip."""
        result = self._run_read(self._snapshot_and_events, (_uuid(originator_id).bytes,))
        value = result.get_value
        stored = [
            StoredEvent(originator_id, _int8(value(row, 1))[0], value(row, 2).decode(), value(row, 3))
            for row in range(result.ntuples)
        ]
        if stored and value(0, 0) == b"\x01":
            return stored[0], stored[1:]
        return None, stored

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """eventsourcing's read of an aggregate's events; the common one (every event after
        a version, in order: each load's fast-forward of a cached aggregate) by ``select_events_after``."""
        events: Sequence[StoredEvent]
        if lte is not None or desc or limit is not None:
            events = super().select_events(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        else:
            events = self.select_events_after(_uuid(originator_id), 0 if gt is None else gt)
        return events

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events_after(self, originator_id: UUID | str, version: int) -> list[StoredEvent]:
        """An aggregate's events after ``version``, in order (a cached aggregate's fast-forward)."""
        uuid = _uuid(originator_id)
        result = self._run_read(self._events_after, (uuid.bytes, pg_direct.int8.pack(version)))
        value = result.get_value
        return [
            StoredEvent(uuid, _int8(value(row, 0))[0], value(row, 1).decode(), value(row, 2))
            for row in range(result.ntuples)
        ]

    def _run_read(self, statement: pg_direct.Statement, params: Sequence[bytes]) -> Any:
        """``statement`` on a pooled connection, borrowed with the pool's getconn/putconn.

        Not ``datastore.get_connection()``: its generator context manager, pool.open()
        and the pool's ``with conn`` (a psycopg COMMIT of an idle connection) cost ~10 µs,
        a sixth of a load's Python. Its error translation is kept (pg_direct.translate)."""
        pool = self.datastore.pool
        try:
            conn = pool.getconn()
            try:
                return statement.run(conn, params)
            finally:
                pool.putconn(conn)
        except psycopg.Error as error:
            raise pg_direct.translate(error) from error

    def safe_head(self) -> int:
        """The highest position below which the log is final (module docstring)."""
        return int(self._fetch_one(self._safe_head, ())["head"])

    def blocker(self, older_than: float = STALL_AFTER_SECONDS) -> Blocker | None:
        """The transaction of this database holding the safe head back for more than
        ``older_than`` seconds, if any (event_store/horizon.py)."""
        with self.datastore.get_connection() as conn:
            return stalled_by(conn, older_than)

    def count_events(self, after: int, upto: int | None = None) -> int:
        """How many events have ``after < position <= upto`` (positions are sparse)."""
        return int(self._fetch_one(self._count, (after, upto if upto is not None else 2**63 - 1))["n"])

    def find_idempotency_record(self, actor: str, key: str) -> tuple[IdempotencyRecord, int] | None:
        """The stored first answer for ``key`` and the position it wrote, if any."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._find_key, (actor, key))
            row = curs.fetchone()
        if row is None:
            return None
        record = IdempotencyRecord(actor, key, row["request_hash"], row["status"], row["body"])
        return record, int(row["position"])

    def _fetch_one(self, query: Composed | bytes, params: tuple[Any, ...]) -> dict[str, Any]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(query, params, prepare=True)
            row = curs.fetchone()
        assert row is not None
        return dict(row)


class AstraProcessRecorder(PostgresProcessRecorder, AstraRecorder):
    """Our recorder plus eventsourcing's tracking table, for process applications:
    ``insert_events(..., tracking=)`` records the upstream position in the same
    transaction as the events (``AstraRecorder.insert_events``)."""


class RepollingSubscription(PostgresSubscription):
    """eventsourcing's LISTEN/NOTIFY subscription, also re-reading every
    ``SUBSCRIPTION_REPOLL`` seconds: its reads are capped at the safe head, which
    moves when *any* transaction of this database ends, and most send no NOTIFY."""

    def _listen(self) -> None:
        try:
            with self._recorder.datastore.get_connection() as conn:
                conn.execute(SQL("LISTEN {0}").format(Identifier(self._recorder.channel_name)))
                polled = time.monotonic()
                while not self._has_been_stopped and not self._thread_error:
                    for _ in conn.notifies(timeout=0.1, stop_after=1):
                        self._has_been_notified.set()
                    if time.monotonic() - polled >= SUBSCRIPTION_REPOLL:
                        polled = time.monotonic()
                        self._has_been_notified.set()
        except BaseException as e:
            if self._thread_error is None:
                self._thread_error = e
            self.stop()


# Save keywords a group-committed append may carry; any other is a hook's (tests).
_GROUPABLE = frozenset({"tracking", "idempotency"})


def _batch_params(batch: Sequence[Append], channel: str) -> list[bytes]:
    """The append statement's parameters ($1..$12) for ``batch``: its events flattened, each
    tagged with its command's index, and the idempotency records by command index."""
    events = [e for append in batch for e in append.events]
    commands = [i for i, append in enumerate(batch) for _ in append.events]
    params = [
        pg_arrays.uuids(
            [e.originator_id if type(e.originator_id) is UUID else UUID(str(e.originator_id)) for e in events]
        ),
        pg_arrays.int8s([e.originator_version for e in events]),
        pg_arrays.texts([e.topic for e in events]),
        pg_arrays.byteas([e.state for e in events]),
        pg_arrays.int4s(commands),
        channel.encode(),
    ]
    keyed = [(i, append.record) for i, append in enumerate(batch) if append.record is not None]
    if not keyed:
        return params + _NO_KEYS
    return params + [
        pg_arrays.int4s([i for i, _ in keyed]),
        pg_arrays.texts([r.actor for _, r in keyed]),
        pg_arrays.texts([r.key for _, r in keyed]),
        pg_arrays.texts([r.request_hash for _, r in keyed]),
        pg_arrays.int4s([r.status for _, r in keyed]),
        pg_arrays.texts([orjson.dumps(r.body).decode() for _, r in keyed]),
    ]


_NO_KEYS = [pg_arrays.int4s([]), *(pg_arrays.texts([]) for _ in range(3)), pg_arrays.int4s([]), pg_arrays.texts([])]
_APPEND_TYPES = (
    *(pg_arrays.UUID_ARRAY, pg_arrays.INT8_ARRAY, pg_arrays.TEXT_ARRAY, pg_arrays.BYTEA_ARRAY, pg_arrays.INT4_ARRAY),
    pg_direct.TEXT,
    *(pg_arrays.INT4_ARRAY, pg_arrays.TEXT_ARRAY, pg_arrays.TEXT_ARRAY, pg_arrays.TEXT_ARRAY, pg_arrays.INT4_ARRAY),
    pg_arrays.TEXT_ARRAY,
)
_int4, _int8 = pg_direct.int4.unpack, pg_direct.int8.unpack


def _uuid(originator_id: UUID | str) -> UUID:
    # Ids arrive as strings too (services pass ids read from URLs): psycopg took both.
    return originator_id if type(originator_id) is UUID else UUID(str(originator_id))


def _append_statement(events: Composed, keys: Composed) -> Composed:
    """One statement appending the events of several commands, each command all or nothing.

    A command whose version (or idempotency key) is already stored is refused by the
    statement itself, before anything is inserted, so its neighbours still commit; a
    version another transaction inserts concurrently fails the whole statement (the
    caller then writes each command alone: group_commit.Alone). Followers are woken by
    a NOTIFY in the same transaction: one transaction id per batch (docs/adr/0007).
    """
    return SQL(
        "WITH input AS (SELECT * FROM unnest($1, $2, $3, $4, $5) "
        "WITH ORDINALITY AS e(id, version, topic, state, command, n)), "
        "keys_in AS (SELECT * FROM unnest($7, $8, $9, $10, $11, $12) AS k(command, actor, key, hash, status, body)), "
        # LATERAL ... LIMIT 1: an index probe per row in every plan, never a hash join over the
        # whole table (a generic plan guesses 10 rows for an array it has not seen).
        "refused AS (SELECT i.command FROM input i CROSS JOIN LATERAL (SELECT FROM {events} e "
        "WHERE e.originator_id = i.id AND e.originator_version = i.version LIMIT 1) hit "
        "UNION SELECT k.command FROM keys_in k CROSS JOIN LATERAL (SELECT FROM {keys} x "
        "WHERE x.actor = k.actor AND x.key = k.key LIMIT 1) hit), "
        "appended AS (INSERT INTO {events} (originator_id, originator_version, topic, state, notification_id) "
        "SELECT id, version, topic, state, (pg_current_xact_id()::text::bigint << {shift}) + n - 1 FROM input "
        "WHERE command NOT IN (SELECT command FROM refused) "
        "RETURNING originator_id, originator_version, notification_id), "
        "placed AS (SELECT i.command, a.notification_id FROM appended a JOIN input i "
        "ON i.id = a.originator_id AND i.version = a.originator_version), "
        "keyed AS (INSERT INTO {keys} (actor, key, request_hash, status, body, position) "
        "SELECT k.actor, k.key, k.hash, k.status, k.body::jsonb, p.position FROM keys_in k "
        "JOIN (SELECT command, max(notification_id) AS position FROM placed GROUP BY command) p USING (command)), "
        "woken AS (SELECT pg_notify($6, '') WHERE EXISTS (SELECT FROM appended)) "
        "SELECT command, notification_id FROM placed UNION ALL SELECT NULL, NULL FROM woken"
    ).format(events=events, keys=keys, shift=SQL(str(TX_SHIFT)))
