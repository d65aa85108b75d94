"""The Backtest aggregate: who asked for which run of a strategy, and how it ended.

The request (``Requested``: owner and the whole spec) and the outcome (``Completed`` with the summary stats,
or ``Failed``) are events, so compliance sees who ran what from the log. The full trade list and equity
curve are too large for an event (a 200,000-candle run has thousands of trades): the job writes them to the
``backtest_results`` table and ``Completed`` carries the SHA-256 ``results_digest`` of that row's canonical
JSON, so the table can be checked against the log (docs/adr/0013-backtest-records.md).
"""

from __future__ import annotations

from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.strategies.errors import BacktestFinished


class BacktestStatus(str, Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Backtest(AstraAggregate):
    """One requested run of a strategy over a symbol's candles."""

    TOPIC = "strategies.Backtest"

    class Requested(CreationEvent):
        """A trader asked for a backtest: ``spec`` holds strategy, params, symbol, interval, from, to, sizing,
        leverage, fill and fee_rate (decimals and instants as strings); ``optimization_id`` when it is one
        combination of a grid."""

        TOPIC = "strategies.Backtest.Requested"
        owner_id: UUID
        spec: dict[str, Any]
        optimization_id: UUID | None

    class Started(AstraAggregate.Event):
        """A job worker started running it."""

        TOPIC = "strategies.Backtest.Started"

    class Completed(AstraAggregate.Event):
        """The run finished: ``stats`` (decimal strings, api.md's names) and the digest of its stored results."""

        TOPIC = "strategies.Backtest.Completed"
        stats: dict[str, Any]
        results_digest: str

    class Failed(AstraAggregate.Event):
        """The run could not finish (``reason``: ``no_candles`` or the error)."""

        TOPIC = "strategies.Backtest.Failed"
        reason: str

    @event(Requested)
    def __init__(self, id: UUID, owner_id: UUID, spec: dict[str, Any], optimization_id: UUID | None) -> None:  # noqa: A002, ARG002
        self.owner_id = owner_id
        self.spec = spec
        self.optimization_id = optimization_id
        self.status = BacktestStatus.QUEUED

    @classmethod
    def request(
        cls, owner_id: UUID, spec: dict[str, Any], optimization_id: UUID | None = None, backtest_id: UUID | None = None
    ) -> Backtest:
        """Record a validated request (validated against the strategy registry before); a grid names the ids of
        its runs in its own request, so it passes ``backtest_id``."""
        return cls(id=backtest_id or uuid4(), owner_id=owner_id, spec=spec, optimization_id=optimization_id)

    @property
    def finished(self) -> bool:
        return self.status in (BacktestStatus.DONE, BacktestStatus.FAILED)

    def start(self) -> None:
        """Mark it running (a job picking it up again after a crash finds it running and goes on)."""
        self._refuse_if_finished()
        if self.status is BacktestStatus.QUEUED:
            self._started()

    def complete(self, stats: dict[str, Any], results_digest: str) -> None:
        self._refuse_if_finished()
        self._completed(stats, results_digest)

    def fail(self, reason: str) -> None:
        self._refuse_if_finished()
        self._failed(reason)

    def _refuse_if_finished(self) -> None:
        if self.finished:
            raise BacktestFinished(f"backtest {self.id} is {self.status.value}")

    @event(Started)
    def _started(self) -> None:
        self.status = BacktestStatus.RUNNING

    @event(Completed)
    def _completed(self, stats: dict[str, Any], results_digest: str) -> None:  # noqa: ARG002
        self.status = BacktestStatus.DONE

    @event(Failed)
    def _failed(self, reason: str) -> None:  # noqa: ARG002
        self.status = BacktestStatus.FAILED
