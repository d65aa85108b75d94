"""``EnqueuingPolicy``: the broker's lifecycle and the refused enqueue, in one place for the five policies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import psycopg
import pytest
import redis
from dramatiq import Message

from projections.policies import job_broker
from projections.policies.enqueuing import BrokerUnavailable, EnqueuingPolicy

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


class FakeBroker:
    def __init__(self, refuse: bool = False) -> None:
        self.sent: list[tuple[Message[Any], int | None]] = []
        self.closed, self.refuse = False, refuse

    def enqueue(self, message: Message[Any], *, delay: int | None = None) -> Message[Any]:
        if self.refuse:
            raise redis.ConnectionError("down")
        self.sent.append((message, delay))
        return message

    def close(self) -> None:
        self.closed = True


class Sender(EnqueuingPolicy):
    name: ClassVar[str] = "test_sender"
    topics: ClassVar[tuple[str, ...]] = ()


def test_a_job_is_due_at_once_or_after_its_delay() -> None:
    broker = FakeBroker()
    policy = Sender(broker, now=lambda: NOW)
    policy.enqueue("q", "now", ("a",))
    policy.enqueue("q", "later", ("b", 1), NOW + timedelta(seconds=1.5))
    policy.enqueue("q", "overdue", ("c",), NOW - timedelta(hours=1))
    assert [(m.queue_name, m.actor_name, m.args, delay) for m, delay in broker.sent] == [
        ("q", "now", ("a",), None),
        ("q", "later", ("b", 1), 1500),
        ("q", "overdue", ("c",), 0),
    ]


def test_a_refused_enqueue_is_a_connection_error_the_runtime_retries() -> None:
    policy = Sender(FakeBroker(refuse=True), now=lambda: NOW)
    with pytest.raises(BrokerUnavailable, match=r"cannot schedule end\('x',\): down") as raised:
        policy.enqueue("q", "end", ("x",), NOW)
    assert isinstance(raised.value, psycopg.OperationalError)


def test_the_broker_it_was_given_is_the_callers_to_close() -> None:
    broker = FakeBroker()
    policy = Sender(broker)
    policy.started(None)  # type: ignore[arg-type]
    policy.close()
    assert not broker.closed


def test_without_one_it_opens_the_configured_broker_when_started_and_closes_it_when_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[FakeBroker] = []

    def from_environ() -> FakeBroker:
        opened.append(FakeBroker())
        return opened[-1]

    monkeypatch.setattr(job_broker, "from_environ", from_environ)
    policy = Sender()
    policy.started(None)  # type: ignore[arg-type]
    policy.enqueue("q", "job", ())
    policy.close()
    assert len(opened) == 1 and opened[0].closed and len(opened[0].sent) == 1
    policy.started(None)  # type: ignore[arg-type]
    # A worker's next session opens a new one.
    assert len(opened) == 2 and not opened[1].closed
