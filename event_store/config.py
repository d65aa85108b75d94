"""Translates a database URL into eventsourcing's environment variables (one place)."""

from __future__ import annotations

import os
from urllib.parse import unquote, urlparse

RECORDER_TOPIC = "event_store.recorder:AstraRecorder"
# A process application on our table needs our positions plus a tracking table.
PROCESS_RECORDER_TOPIC = "event_store.recorder:AstraProcessRecorder"


# Aggregates cached per process and fast-forwarded from the store on every load:
# one query (new events since the cached version) instead of two (latest
# snapshot, then events after it). Loads are deep copies, so a refused command
# never corrupts the cache; other processes' writes are read by the fast-forward.
AGGREGATE_CACHE_SIZE = 20_000


def connection_name(role: str) -> str:
    """The ``application_name`` of a connection opened for ``role``: this process's name (``PGAPPNAME``, which
    ``up`` sets per process and libpq gives every other connection) and the role, so ``pg_stat_activity``
    tells which part of which process holds it."""
    return f"{os.environ.get('PGAPPNAME') or 'astratrade'}:{role}"[:63]


def eventsourcing_env(
    database_url: str, *, schema: str = "public", pool_size: int = 5, max_overflow: int = 10
) -> dict[str, str]:
    """The ``env`` for an eventsourcing Application on ``database_url``.

    Tables are never created implicitly (``CREATE_TABLE=n``): ``event_store.schema.migrate``
    creates them once, under an advisory lock, at start-up.
    """
    url = urlparse(database_url)
    if url.scheme not in ("postgresql", "postgres"):
        raise ValueError(f"DATABASE_URL must be a postgresql:// URL, got {url.scheme!r}")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "APPLICATION_RECORDER_TOPIC": RECORDER_TOPIC,
        "PROCESS_RECORDER_TOPIC": PROCESS_RECORDER_TOPIC,
        "POSTGRES_DBNAME": unquote(url.path.lstrip("/")) or "postgres",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(max_overflow),
        "POSTGRES_CONN_MAX_AGE": "",
        "CREATE_TABLE": "n",
        "AGGREGATE_CACHE_MAXSIZE": str(AGGREGATE_CACHE_SIZE),
        "AGGREGATE_CACHE_FASTFORWARD": "y",
    }
