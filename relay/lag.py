"""How far the bus is behind the log: the relay's status and its Prometheus gauges.

Computed from the two ends, not reported by the relay: the last position in ``all`` (Redis) against
the log's safe head (PostgreSQL). So a dead or stuck relay shows as growing lag, not as a frozen gauge.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from event_store.log import EventLog
from relay.follower import Relay
from relay.target import Target

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Lag:
    published: int  # position of the last event on the bus
    head: int  # the log's safe head
    events: int  # events of the log not on the bus yet
    seconds: float  # how long the oldest of them has waited (0 when caught up)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def lag_of(event_log: EventLog, target: Target) -> Lag:
    published, head = target.published(), event_log.head()
    waiting = event_log.read(published, head, 1)
    if not waiting:
        return Lag(published, head, 0, 0.0)
    age = (datetime.now(UTC) - waiting[0].timestamp).total_seconds()
    return Lag(published, head, event_log.count(published, head), max(0.0, age))


class RelayMetrics:
    """Prometheus collector: the lag, read at each scrape, and this process's publish counters."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay

    def describe(self) -> list[Metric]:
        return []  # nothing is read when registering: a server that is down cannot stop the start

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("astratrade_relay_up", "1 when both the log and the bus could be read")
        try:
            lag = lag_of(self.relay.log, self.relay.target)
        except Exception as error:
            log.warning("relay metrics: %s", error)
            up.add_metric([], 0)
        else:
            up.add_metric([], 1)
            for name, text, value in (
                ("lag_events", "events of the log not published on the bus yet", lag.events),
                ("lag_seconds", "age of the oldest event not published yet (0 when caught up)", lag.seconds),
                ("position", "global log position of the last event on the bus", lag.published),
            ):
                gauge = GaugeMetricFamily(f"astratrade_relay_{name}", text)
                gauge.add_metric([], float(value))
                yield gauge
        counted = CounterMetricFamily(
            "astratrade_relay_entries",
            "events this relay process handed to the bus, by outcome (added, or already there: refused by Redis)",
            labels=["outcome"],
        )
        counted.add_metric(["added"], self.relay.added)
        counted.add_metric(["already"], self.relay.already)
        yield from [counted, up]
