"""Which PostgreSQL a command uses, as which role, and what it does when the server is full.

``migrate`` (and ``up``, ``create-admin``, which migrate first) connect as
``DATABASE_URL``'s user, the owner of the tables. Every other process (the APIs,
the workers, the operator commands) connects as the non-superuser role that
``migrate`` creates (``APP_DATABASE_ROLE``, ``astratrade/app_role.py``): the
insert-only triggers then hold for it, and it never takes the connection slots
PostgreSQL reserves for superusers.

A full server (SQLSTATE 53300, "too many clients") is a state, not a bug: the
command says so in one line and tries again, never with a traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote, urlparse, urlunparse

from astratrade.settings import Settings

log = logging.getLogger("astratrade.database")
T = TypeVar("T")
TOO_MANY_CONNECTIONS = "53300"
_FULL_MESSAGES = ("too many clients", "connection slots are reserved")
FULL_PATIENCE = 300.0  # seconds a command waits for a free slot before it gives up
_MAX_DELAY = 15.0


class ServerFull(Exception):
    """The server has no connection slot left for an ordinary (non-superuser) role."""


def as_app_role(settings: Settings) -> Settings:
    """``settings`` whose DATABASE_URL connects as the application's role (unchanged if it is unset)."""
    role = settings.app_database_role
    if not role:
        return settings
    password = app_password(settings)
    login = quote(role, safe="") + (f":{quote(password, safe='')}" if password else "")

    def as_role(database_url: str) -> str:
        url = urlparse(database_url)
        return urlunparse(url._replace(netloc=f"{login}@{url.netloc.rpartition('@')[2]}"))

    # A replica (READ_DATABASE_URL) is a copy of the primary's cluster: the same role logs in there.
    replica = settings.read_database_url and as_role(settings.read_database_url)
    return settings.model_copy(update={"database_url": as_role(settings.database_url), "read_database_url": replica})


def app_password(settings: Settings) -> str | None:
    """APP_DATABASE_PASSWORD, else DATABASE_URL's own password (one secret to set on a password-only server)."""
    if settings.app_database_password is not None:
        return settings.app_database_password.get_secret_value() or None
    return urlparse(settings.database_url).password or None


def describe(database_url: str) -> str:
    """The URL without its password: what a log line may say."""
    url = urlparse(database_url)
    if url.password is None:
        return database_url
    return urlunparse(url._replace(netloc=url.netloc.replace(f":{url.password}@", ":***@", 1)))


def is_full(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is PostgreSQL refusing a connection for want of a slot."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ServerFull) or getattr(seen, "sqlstate", None) == TOO_MANY_CONNECTIONS:
            return True
        if any(message in str(seen) for message in _FULL_MESSAGES):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def refuse_reserved_slot(conn: Any) -> None:
    """Raise ``ServerFull`` if this (superuser) connection got in only through a reserved slot:
    an owner running ``migrate`` must not take the slots kept for a DBA on a full server."""
    row = conn.execute(
        "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int"
        " - coalesce(current_setting('reserved_connections', true)::int, 0)"
        " - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"
    ).fetchone()
    if row is not None and row[0] < 0:
        raise ServerFull("remaining connection slots are reserved: too many clients")


def retrying_when_full(
    action: Callable[[], T],
    database_url: str,
    *,
    patience: float = FULL_PATIENCE,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``action()``, tried again (with a growing pause) while the server is full, for up to ``patience`` s."""
    deadline, delay = time.monotonic() + patience, 1.0
    while True:
        try:
            return action()
        except Exception as error:
            if not is_full(error) or time.monotonic() + delay > deadline:
                raise
            log.warning(
                "PostgreSQL %s is full (too many clients); trying again in %.0f s", describe(database_url), delay
            )
        sleep(delay)
        delay = min(_MAX_DELAY, delay * 2)
