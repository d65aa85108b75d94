"""Serving an ASGI app under uvicorn in a thread on a free loopback port, for tests over real HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from projections.runtime.config import ReadModels
from query_api.app import create_app
from query_api.deps import clock as board_clock
from tests.leaderboard.support import FAST, api_settings
from tests.support import SteppingClock


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(app: Any, port: int | None = None, **options: Any) -> Iterator[str]:
    """``app`` under uvicorn in a thread until the block ends (``options``: more of uvicorn's); its base URL."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1, **options)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def serving(read_models: ReadModels, redis_url: str, clock: SteppingClock) -> Iterator[str]:
    """One query API process on this schema, its clock the test's; its base URL."""
    app = create_app(api_settings(redis_url), read_models, FAST)
    app.dependency_overrides[board_clock] = clock
    with served(app) as base:
        yield base
