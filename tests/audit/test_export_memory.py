"""Memory of a 1,000,000-event NDJSON export: the query API streams it with a flat footprint.

Slow (about 5 minutes on 2 cores, mostly the audit projection catching up): run with
``ASTRATRADE_SLOW=1 pytest tests/audit/test_export_memory.py -s``; ``AUDIT_EXPORT_EVENTS``
changes the size. It prints the figures docs/audit.md reports.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import httpx
import pytest

from projections.runtime.config import ReadModels
from tests.audit.support import catch_up, insert_ticks
from tests.query_api.support import JWT_SECRET, bearer
from tests.support import TEST_DATABASE_URL

EVENTS = int(os.environ.get("AUDIT_EXPORT_EVENTS", "1000000"))
MAX_GROWTH_MB = 64
ROOT = Path(__file__).resolve().parents[2]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serve(read_models: ReadModels, es_env: dict[str, str], redis_url: str) -> Iterator[tuple[str, int]]:
    """The query API in a process of its own (uvicorn), on this test's schemas."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": TEST_DATABASE_URL,
        "DATABASE_SCHEMA": es_env["POSTGRES_SCHEMA"],
        "READ_MODEL_SCHEMA": read_models.schema,
        "QUERY_API_PORT": str(port),
        "JWT_SECRET": JWT_SECRET,
        "CLAIM_KEY": "memory-test-claim-key-0123456789abcdef",
        "ASTRATRADE_ENV": "test",
        "REDIS_URL": redis_url,
        "APP_DATABASE_ROLE": "",
    }  # fixtures migrated these schemas, not `migrate`: no app role grants
    process = subprocess.Popen([sys.executable, "-m", "astratrade.cli", "serve", "query-api"], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            assert process.poll() is None, f"the query API exited with {process.returncode}"
            assert time.monotonic() < deadline, "the query API did not start within 60 s"
            time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("ASTRATRADE_SLOW") != "1", reason="five minutes: run with ASTRATRADE_SLOW=1")
@pytest.mark.timeout(3600)
def test_memory_stays_flat_when_a_million_events_are_exported_as_ndjson(
    read_models: ReadModels,
    es_env: dict[str, str],
    redis_url: str,
) -> None:
    # Given a log of EVENTS events, all in the trail
    insert_ticks(es_env, EVENTS, datetime(2026, 3, 1, tzinfo=UTC))
    started = time.monotonic()
    catch_up(read_models, es_env, timeout=3600)
    caught_up = time.monotonic() - started
    with _serve(read_models, es_env, redis_url) as (url, pid):
        lines, size, seconds, baseline, peak = _export(url, pid)
        started = time.monotonic()
        verdict = httpx.get(f"{url}/v1/audit/verify", headers=bearer(uuid4(), "compliance"), timeout=None).json()
        verified_in = time.monotonic() - started

    # Then every event arrived, and the server grew by a bounded amount, not by the export's size
    print(
        f"\naudit export: {lines} events, {size / 2**20:.0f} MiB of NDJSON in {seconds:.1f} s "
        f"({lines / seconds:.0f} events/s); query API RSS {baseline:.0f} MiB before, peak {peak:.0f} MiB "
        f"(+{peak - baseline:.0f} MiB); audit projection caught up in {caught_up:.0f} s; "
        f"verify walked {verdict['checked']} events in {verified_in:.1f} s"
    )
    assert lines == EVENTS and (verdict["ok"], verdict["checked"]) == (True, EVENTS)
    assert peak - baseline < MAX_GROWTH_MB


def _export(url: str, pid: int) -> tuple[int, int, float, float, float]:
    """Stream the whole trail while sampling the server's resident memory: lines, bytes, seconds,
    RSS before (MiB), peak RSS during (MiB)."""
    headers = {**bearer(uuid4(), "trader", "compliance"), "Accept": "application/x-ndjson"}
    httpx.get(f"{url}/v1/audit/events", params={"limit": 10}, headers=headers, timeout=30)  # warm up
    baseline, peak, done = _rss_mb(pid), [0.0], threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _rss_mb(pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started, lines, size = time.monotonic(), 0, 0
    with httpx.stream("GET", f"{url}/v1/audit/events", headers=headers, timeout=None) as response:
        for line in response.iter_lines():
            lines += 1
            size += len(line) + 1
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    return lines, size, seconds, baseline, peak[0]
