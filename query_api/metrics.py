"""Prometheus metrics of one query API instance: the shared HTTP ones plus read-your-writes waits."""

from __future__ import annotations

from prometheus_client import Histogram

from http_common.metrics import CONTENT_TYPE, LATENCY_BUCKETS, HttpMetrics

__all__ = ["CONTENT_TYPE", "Metrics"]


class Metrics(HttpMetrics):
    """Request counts by route and status, latency, and read-your-writes waits."""

    def __init__(self) -> None:
        super().__init__("astratrade_query")
        self.waits = Histogram(
            "astratrade_query_min_position_wait_seconds", "Time spent waiting for a projection to reach min_position",
            ["projection", "outcome"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
