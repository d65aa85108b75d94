"""Prometheus metrics of one query API instance: the shared HTTP ones, read-your-writes waits, and every
projection's progress (read from the tracking table at each scrape)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from prometheus_client import Histogram
from prometheus_client.core import GaugeMetricFamily, Metric

from http_common.metrics import CONTENT_TYPE, LATENCY_BUCKETS, HttpMetrics
from projections.runtime import ReadModels, projection_status

__all__ = ["CONTENT_TYPE", "Metrics", "ReadSideMetrics"]
_GAUGES = (
    ("lag_events", "events of the log the projection has not applied yet"),
    ("lag_seconds", "age of the last event applied while behind (0 when caught up)"),
    ("parked_events", "events parked in the dead-letter table (poison events skipped)"),
    ("halted", "1 when the projection stopped on an event it cannot apply"),
    ("worker_running", "1 when a worker holds the projection's lease"),
    ("position", "global log position applied"),
)


class Metrics(HttpMetrics):
    """Request counts by route and status, latency, and read-your-writes waits."""

    def __init__(self) -> None:
        super().__init__("astratrade_query")
        self.waits = Histogram(
            "astratrade_query_min_position_wait_seconds",
            "Time spent waiting for a projection to reach min_position",
            ["projection", "outcome"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )


class ReadSideMetrics:
    """Prometheus gauges of every projection, read from the tracking table at each scrape."""

    def __init__(self, read_models: ReadModels, pool: Any, primary: Any = None) -> None:
        # ``primary``: the primary's pool when ``pool`` reads a standby (where the workers' leases are seen).
        self.read_models, self.pool, self.primary = read_models, pool, primary

    def describe(self) -> list[Metric]:
        return []  # nothing is read when registering, so a database that is down cannot stop the start

    def collect(self) -> Iterator[Metric]:
        gauges = {
            name: GaugeMetricFamily(f"astratrade_projection_{name}", text, labels=["projection"])
            for name, text in _GAUGES
        }
        up = GaugeMetricFamily("astratrade_read_side_up", "1 when the tracking table could be read")
        try:
            with self.pool.connection() as conn, _connection(self.primary) as leases:
                rows = projection_status(self.read_models, conn=conn, leases=leases)
        except Exception:
            rows = []
        up.add_metric([], 1 if rows else 0)
        for row in rows:
            for name, value in (
                ("lag_events", row.lag_events),
                ("lag_seconds", row.lag_seconds),
                ("parked_events", row.parked),
                ("halted", row.status == "halted"),
                ("worker_running", row.status != "stopped"),
                ("position", row.position),
            ):
                gauges[name].add_metric([row.name], float(value))
        yield from [*gauges.values(), up]


def _connection(pool: Any) -> AbstractContextManager[Any]:
    return nullcontext() if pool is None else pool.connection()
