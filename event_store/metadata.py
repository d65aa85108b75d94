"""Metadata stamped on every event: who acted, and which request caused it.

The application service installs a ``CommandContext`` for the duration of a
command; the mapper writes it into each stored event under ``_meta``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from uuid import uuid4


@dataclass(frozen=True)
class CommandContext:
    """Who issued a command and why: carried into every event it writes."""

    actor: str | None = None
    correlation_id: str = ""
    causation_id: str | None = None
    idempotency_key: str | None = None
    # Where a tick came from (``ccxt:binance`` for the market feed connector); stored only when set,
    # so every other event's metadata stays exactly as it always was.
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        # Every field is a str or None: a shallow copy is the dataclasses.asdict,
        # without its recursive walk on every stored event.
        fields = dict(vars(self))
        if fields["source"] is None:
            del fields["source"]
        return fields


_context: ContextVar[CommandContext | None] = ContextVar("astratrade_command_context", default=None)


def current() -> CommandContext:
    """The installed context, or a fresh system context with its own correlation id."""
    return _context.get() or CommandContext(actor=None, correlation_id=str(uuid4()))


@contextmanager
def using(context: CommandContext) -> Iterator[CommandContext]:
    token = _context.set(context)
    try:
        yield context
    finally:
        _context.reset(token)


def metadata_of(domain_event: object) -> dict[str, Any]:
    """The metadata a stored event was written with (empty for unsaved events)."""
    return dict(vars(domain_event).get("_meta") or {})
