"""Graceful shutdown with an open Server-Sent Events stream: ``astratrade serve query-api`` in a process of
its own stops promptly on SIGTERM (an endless stream used to hold it until SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from uuid import uuid4

import httpx

from projections.runtime.config import ReadModels
from tests.leaderboard.http import free_port
from tests.leaderboard.support import JWT_SECRET, bearer
from tests.support import TEST_DATABASE_URL

SERVE = "from astratrade.cli import main; raise SystemExit(main(['serve', 'query-api']))"


def _serve(read_models: ReadModels, es_env: dict[str, str], redis_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ASTRATRADE_ENV": "test",
        "DATABASE_URL": TEST_DATABASE_URL,
        "REDIS_URL": redis_url,
        "DATABASE_SCHEMA": es_env["POSTGRES_SCHEMA"],
        "READ_MODEL_SCHEMA": read_models.schema,
        "JWT_SECRET": JWT_SECRET,
        "CLAIM_KEY": "shutdown-test-claim-key-0123456789abcdef",
        "QUERY_API_PORT": str(port),
        "ASTRATRADE_HOST": "127.0.0.1",
        "ASTRATRADE_EMBEDDED": "never",
        "APP_DATABASE_ROLE": "",
    }  # fixtures migrated these schemas, not `migrate`: no app role grants
    return subprocess.Popen(
        [sys.executable, "-c", SERVE], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _ready(base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("the query API did not start")


def test_sigterm_stops_the_server_promptly_while_a_stream_is_open(
    read_models: ReadModels, es_env: dict[str, str], redis_url: str
):
    # Given the query API serving one open leaderboard stream
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(read_models, es_env, redis_url, port)
    try:
        _ready(base, time.monotonic() + 30)
        opened = threading.Event()

        def listen() -> None:
            try:
                with httpx.stream(
                    "GET",
                    f"{base}/v1/stream/leaderboards/xp",
                    headers=bearer(uuid4()),
                    timeout=httpx.Timeout(5, read=60),
                ) as reply:
                    for line in reply.iter_lines():
                        if line.startswith("event: snapshot"):
                            opened.set()
            except httpx.HTTPError:
                pass

        threading.Thread(target=listen, daemon=True).start()
        assert opened.wait(30), "the stream did not open"
        # When the process is told to stop
        began = time.monotonic()
        server.send_signal(signal.SIGTERM)
        # Then it exits within a few seconds, stream and all
        server.wait(timeout=10)
        assert time.monotonic() - began < 5
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
