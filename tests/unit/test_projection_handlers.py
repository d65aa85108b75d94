"""``@handles``: topics derived from the handlers, dispatch by topic, explicit topics still work."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, ClassVar

import pytest
from psycopg import sql

from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles


class Opened:
    TOPIC = "test:Opened"


class Closed:
    TOPIC = "test:Closed"


class Renamed:
    TOPIC = "test:Renamed"


class Recorder(Projection):
    name: ClassVar[str] = "recorder"
    tables: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self.seen: list[tuple[str, int]] = []

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return []

    @handles(Opened)
    def _opened(self, cur: Any, t: Tables, e: Any) -> None:
        self.seen.append(("opened", e.position))

    @handles(Closed, Renamed)
    def _changed(self, cur: Any, t: Tables, e: Any) -> None:
        self.seen.append(("changed", e.position))


def logged(topic: str, position: int) -> Any:
    return SimpleNamespace(topic=topic, position=position)


def test_topics_are_the_handled_events_in_definition_order() -> None:
    assert Recorder.topics == ("test:Opened", "test:Closed", "test:Renamed")


def test_apply_dispatches_by_topic() -> None:
    projection = Recorder()
    projection.apply_batch(
        None,  # type: ignore[arg-type]
        Tables("s"),
        [
            logged(Closed.TOPIC, 1),
            logged(Opened.TOPIC, 2),
            logged(Renamed.TOPIC, 3),
        ],
    )
    assert projection.seen == [("changed", 1), ("opened", 2), ("changed", 3)]


def test_an_unhandled_topic_is_refused_not_skipped() -> None:
    with pytest.raises(ValueError, match="recorder does not handle 'test:Other'"):
        Recorder().apply(None, Tables("s"), logged("test:Other", 7))  # type: ignore[arg-type]


def test_a_subclass_adds_and_overrides_handlers() -> None:
    class Louder(Recorder):
        @handles(Opened)
        def _opened_loudly(self, cur: Any, t: Tables, e: Any) -> None:
            self.seen.append(("OPENED", e.position))

    projection = Louder()
    projection.apply(None, Tables("s"), logged(Opened.TOPIC, 1))  # type: ignore[arg-type]
    assert projection.seen == [("OPENED", 1)]
    assert set(Louder.topics) == set(Recorder.topics)


def test_two_handlers_of_one_topic_are_refused() -> None:
    with pytest.raises(TypeError, match="handled by both"):

        class Twice(Recorder):
            @handles(Closed)
            def _a(self, cur: Any, t: Tables, e: Any) -> None: ...

            @handles(Closed)
            def _b(self, cur: Any, t: Tables, e: Any) -> None: ...


def test_declared_topics_and_handlers_together_are_refused() -> None:
    with pytest.raises(TypeError, match="topics come from its @handles"):

        class Both(Recorder):
            topics: ClassVar[tuple[str, ...]] = ("test:Opened",)


def test_explicit_topics_and_apply_still_work_for_unconverted_projections() -> None:
    class Explicit(Projection):
        name: ClassVar[str] = "explicit"
        topics: ClassVar[tuple[str, ...]] = ("test:Opened",)
        tables: ClassVar[tuple[str, ...]] = ()

        def create_tables(self, tables: Tables) -> list[sql.Composable]:
            return []

        def apply(self, cursor: Any, tables: Tables, event: Any) -> None:
            self.last = event.position

    projection = Explicit()
    projection.apply(None, Tables("s"), logged("test:Opened", 5))
    assert Explicit.topics == ("test:Opened",) and Explicit.handlers == {} and projection.last == 5


def test_an_event_may_be_named_by_its_topic() -> None:
    class ByTopic(Recorder):
        @handles("other.Context.Happened")
        def _happened(self, cur: Any, t: Tables, e: Any) -> None:
            self.seen.append(("happened", e.position))

    projection = ByTopic()
    projection.apply(None, Tables("s"), logged("other.Context.Happened", 4))  # type: ignore[arg-type]
    assert projection.seen == [("happened", 4)] and "other.Context.Happened" in ByTopic.topics


def test_handles_needs_an_event() -> None:
    with pytest.raises(TypeError):
        handles()
