"""Structured logs: one JSON object per line, the same set-up in every process.

Each record carries ``timestamp`` (UTC, ISO 8601), ``level``, ``logger``,
``message``, ``process`` (which AstraTrade process wrote it) and, when known,
``correlation_id``: the id of the HTTP request (``X-Correlation-ID``) that caused
the work. It travels HTTP → command → event metadata → workers:

- the command API binds it for the whole request (``bind``, installed with the
  rate limiter), and a command running under a ``CommandContext`` has it anyway;
- a projection worker binds the correlation id of the events it applies and logs
  every batch with them (the runtime does, ``projections/runtime/tracing.py``);
- a policy's reaction runs its command under the triggering event's correlation id.

``extra={...}`` fields of a record become fields of the JSON object.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import orjson

_correlation: ContextVar[str | None] = ContextVar("astratrade_log_correlation_id", default=None)
_process = "astratrade"
# Attributes every LogRecord has; anything else came from ``extra=`` and is logged as a field.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
_NOISY = {"uvicorn.access": logging.WARNING, "httpx": logging.WARNING, "pika": logging.CRITICAL}


def setup(process: str = "astratrade", level: str | None = None, fmt: str | None = None) -> None:
    """Route every logger to stderr as JSON lines (``fmt="text"``: human-readable); idempotent."""
    global _process  # noqa: PLW0603  (one process name per OS process)
    _process = process
    handler = logging.StreamHandler(sys.stderr)
    text = (fmt or os.environ.get("LOG_FORMAT", "json")).lower() == "text"
    handler.setFormatter(_TextFormatter() if text else JsonFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_astratrade", False)]:
        root.removeHandler(old)  # a second set-up replaces ours, and leaves others' (pytest's) alone
    handler._astratrade = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel((level or os.environ.get("LOG_LEVEL", "INFO")).upper())
    for name, floor in _NOISY.items():
        logging.getLogger(name).setLevel(floor)
    for name in ("uvicorn", "uvicorn.error", "dramatiq"):
        # Their own handlers would print a second, unstructured copy of each line.
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True


@contextmanager
def bind(correlation_id: str | None) -> Iterator[None]:
    """Log records emitted inside the block (threads started by it included) carry ``correlation_id``."""
    token = _correlation.set(correlation_id)
    try:
        yield
    finally:
        _correlation.reset(token)


def correlation_id() -> str | None:
    """The bound correlation id, else the one of the command running in this context, else None."""
    bound = _correlation.get()
    if bound:
        return bound
    tracing = sys.modules.get("projections.runtime.tracing")  # loaded only where a projection worker runs
    applying = tracing.applying_correlation.get() if tracing is not None else None
    if applying:
        return applying  # the events a worker applies right now
    from event_store import metadata  # noqa: PLC0415  (logging must not load the event store eagerly)

    command = metadata._context.get()  # noqa: SLF001  (read-only peek at the running command)
    return command.correlation_id if command is not None and command.correlation_id else None


class JsonFormatter(logging.Formatter):
    """A record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": _process,
            "pid": record.process,
        }
        found = correlation_id()
        if found:
            entry["correlation_id"] = found
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return orjson.dumps(entry, default=str).decode()


class _TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        found = correlation_id()
        return f"{line} [correlation_id={found}]" if found else line
