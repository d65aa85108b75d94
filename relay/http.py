"""The relay's own small HTTP endpoint: ``/metrics`` (Prometheus) and ``/ready`` (JSON status).

A worker group has no HTTP server of its own, so the relay brings this one (RELAY_METRICS_PORT).
``/ready`` answers 200 while both ends answer and the oldest unpublished event is younger than
``stale_after`` seconds, else 503 with the reason: a relay that is dead, stuck or cut off shows.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app

from relay.follower import Relay
from relay.lag import RelayMetrics, lag_of


def status_of(relay: Relay, stale_after: float) -> tuple[bool, dict[str, object]]:
    """(ready, detail): the relay's lag, or why it cannot be read."""
    try:
        lag = lag_of(relay.log, relay.target)
    except Exception as error:
        return False, {"status": "unavailable", "error": f"{type(error).__name__}: {error}"}
    ready = lag.seconds <= stale_after
    return ready, {"status": "ok" if ready else "behind", **lag.as_dict()}


def serve(relay: Relay, host: str, port: int, stale_after: float) -> WSGIServer:
    """Serve ``/metrics`` and ``/ready`` on a daemon thread; the server (``shutdown()`` stops it)."""
    registry = CollectorRegistry()
    registry.register(RelayMetrics(relay))
    metrics = make_wsgi_app(registry)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/ready":
            return metrics(environ, start_response)  # type: ignore[no-any-return]
        ready, detail = status_of(relay, stale_after)
        start_response("200 OK" if ready else "503 Service Unavailable", [("Content-Type", "application/json")])
        return [json.dumps(detail).encode()]

    server = make_server(host, port, app, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, name="relay-http", daemon=True).start()
    return server


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (scrapes are not news)
        pass
