"""The event store application: one events table, one global log, for all contexts."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent, Repository
from eventsourcing.domain import BaseAggregate
from eventsourcing.persistence import InfrastructureFactory, Mapper, Recording
from eventsourcing.utils import Environment
from psycopg_pool import ConnectionPool

from aggregates.catalog import AGGREGATES  # noqa: F401  (registers every event topic)
from aggregates.financial.insurance_fund import InsuranceFund
from aggregates.financial.revenue import PlatformRevenue
from aggregates.trading.market_price import MarketPrice
from aggregates.trading.wallet import Wallet
from event_store import access
from event_store.codec import OrjsonTranscoder
from event_store.config import connection_name
from event_store.mapper import MetadataMapper
from event_store.recorder import AstraRecorder
from event_store.repository import OneTripRepository, replay

POOL_FILL_TIMEOUT = 5.0  # seconds; past it a slow or down database is the first query's to report


class EventStore(Application[UUID]):
    """Every aggregate of every context, stored in table ``astratrade_events``.

    Saving several aggregates in one ``save()`` commits them in one transaction;
    each event's global position is its ``notification_id``.
    """

    name = "astratrade"
    # Wallets and revenue books live as long as their user, the insurance fund
    # forever: a snapshot every 100 events keeps their load time flat however long
    # their history grows.
    # A symbol's price stream grows by every tick (millions): a snapshot every 1,000 keeps a cold
    # load (a new process, a cache eviction) to at most 1,000 events, for one extra read and write
    # per 1,000 ticks; warm loads fast-forward from the cache anyway.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Wallet: 100,
        PlatformRevenue: 100,
        InsuranceFund: 100,
        MarketPrice: 1000,
    }
    # Taking one replays the events since the last snapshot: with ``replay``, not eventsourcing's
    # projector (a runtime Protocol isinstance per event, ~13 % of a batched ingest's time).
    snapshotting_projectors: ClassVar[dict[type[Any], Any]] = {MarketPrice: replay}

    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        factory = super().construct_factory(env)
        datastore = getattr(factory, "datastore", None)
        if datastore is not None:
            # Named for pg_stat_activity: which part of which process holds each connection (CONNECTION_ROLE).
            datastore.pool.kwargs.setdefault("application_name", connection_name(env.get("CONNECTION_ROLE") or "store"))
            _fill(datastore.pool)
        return factory

    def construct_transcoder(self) -> OrjsonTranscoder:
        transcoder = OrjsonTranscoder()  # the same bytes as eventsourcing's, encoded faster (event_store/codec.py)
        self.register_transcodings(transcoder)
        return transcoder

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=MetadataMapper)

    def construct_repository(self) -> Repository[UUID]:
        # eventsourcing's own, with its cache settings from the env, loading in one round trip.
        base = super().construct_repository()
        repository = OneTripRepository(
            self.store,
            self.mapper,
            event_store=self.events,
            snapshot_store=self.snapshots,
            fastforward=base.fastforward,
            fastforward_skipping=base.fastforward_skipping,
            deepcopy_from_cache=base.deepcopy_from_cache,
        )
        repository.cache = base.cache
        return repository

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """eventsourcing's ``save``, collecting an aggregate's events without its two runtime
        Protocol checks per object (``ProcessingEvent.collect_events``: an isinstance against a
        runtime-checkable Protocol walks the Protocol's attributes, ~3 % of a command's CPU).
        Anything but an aggregate takes eventsourcing's path."""
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            if isinstance(obj, BaseAggregate):
                processing_event.events.extend(obj.collect_events())
                processing_event.aggregates[obj.id] = obj
            else:
                processing_event.collect_events(obj)
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # eventsourcing's deprecated hook, kept for subclasses
        return recordings

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        # The access tables follow users, logins and API keys in the same transaction (event_store/access.py).
        changed = {e.originator_id for e in processing_event.events}
        rows = access.rows_for(processing_event.aggregates.values(), changed)
        if not rows:
            return super()._record(processing_event)
        processing_event.saved_kwargs["access"] = rows
        recordings = super()._record(processing_event)
        for listener in self.access_listeners:  # e.g. this process's cache of access checks: forget them now
            listener({row.user_id for row in rows})
        return recordings

    @property
    def access_listeners(self) -> list[Callable[[set[UUID]], None]]:
        """Called with the users whose access rows a save changed, after it committed."""
        listeners: list[Callable[[set[UUID]], None]] = self.__dict__.setdefault("_access_listeners", [])
        return listeners

    def close(self) -> None:
        if isinstance(getattr(self, "recorder", None), AstraRecorder):
            self.store.close_writers()
        super().close()

    @property
    def store(self) -> AstraRecorder:
        recorder = self.recorder
        assert isinstance(recorder, AstraRecorder)
        return recorder


def _fill(pool: ConnectionPool[Any], timeout: float = POOL_FILL_TIMEOUT) -> None:
    """Open ``pool`` and give it up to ``timeout`` to open its minimum of connections.

    eventsourcing opens its pool on first use without waiting for it to fill, so that
    first request finds no connection ready and the pool grows one past its minimum at
    once: every process held a connection more than it ever used (~25 on a full `up`,
    measured). Not ``pool.open(wait=True)``: on a timeout that closes the pool for
    good. A database that is down is left to the first query, as before.
    """
    pool.open(wait=False)
    deadline = time.monotonic() + timeout
    while pool.get_stats().get("pool_available", 0) < pool.min_size and time.monotonic() < deadline:
        time.sleep(0.005)
