"""Prometheus metrics of one command API instance: the shared HTTP ones plus concurrency conflicts."""

from __future__ import annotations

from prometheus_client import Counter

from http_common.metrics import CONTENT_TYPE, HttpMetrics

__all__ = ["CONTENT_TYPE", "Metrics"]


class Metrics(HttpMetrics):
    """Request counts by route and status, latency, and concurrency conflicts."""

    def __init__(self) -> None:
        super().__init__("astratrade")
        self.conflicts = Counter(
            "astratrade_command_concurrency_conflicts",
            "Commands refused after exhausting their optimistic-concurrency retries",
            registry=self.registry,
        )
