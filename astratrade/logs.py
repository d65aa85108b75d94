"""Structured logs through structlog: one JSON object per line, the same set-up in every process.

Each record carries ``timestamp`` (UTC, ISO 8601), ``level``, ``logger``,
``message``, ``process`` (which AstraTrade process wrote it), ``pid`` and, when
known, ``correlation_id``: the id of the HTTP request (``X-Correlation-ID``) that
caused the work. It travels HTTP → command → event metadata → workers:

- the middleware both APIs share (``http_common.middleware.CorrelationId``) binds it
  in structlog's context variables for the whole request, and a command running
  under a ``CommandContext`` has it anyway;
- a projection worker binds the correlation id of the events it applies and logs
  every batch with them (the runtime does, ``projections/runtime/tracing.py``);
- a policy's reaction runs its command under the triggering event's correlation id.

structlog renders every line: those of structlog loggers (``get_logger``) and those
of the standard library's (ours, uvicorn's, dramatiq's), through one
``ProcessorFormatter`` on the root logger. ``extra={...}`` fields of a standard
record, like the key-value pairs of a structlog call, become fields of the object.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import orjson


def _import_structlog_without_rich() -> None:
    """Import structlog with ``rich`` hidden, which its console renderer loads when installed (the dev
    tools bring it: schemathesis, typer): the same plain tracebacks in ``LOG_FORMAT=text`` in a dev venv
    as in production, which has no rich, and ~4 MB less in every process (docs/operations.md). Hidden
    for that import only: rich stays importable for whatever else wants it."""
    if "structlog" in sys.modules or "rich" in sys.modules:
        return
    sys.modules["rich"] = None  # type: ignore[assignment]  # None in sys.modules: the import raises ImportError
    try:
        import structlog  # noqa: F401, PLC0415
    finally:
        del sys.modules["rich"]


_import_structlog_without_rich()
import structlog  # noqa: E402
from structlog.typing import EventDict  # noqa: E402

CORRELATION_KEY = "correlation_id"  # the context variable http_common.middleware binds
_process = "astratrade"
# Attributes every LogRecord has; anything else came from ``extra=`` and is logged as a field.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
_FIRST = ("timestamp", "level", "logger", "message", "process", "pid", CORRELATION_KEY)
_NOISY = {"uvicorn.access": logging.WARNING, "httpx": logging.WARNING, "pika": logging.CRITICAL}


def setup(process: str = "astratrade", level: str | None = None, fmt: str | None = None) -> None:
    """Route every logger to stderr as JSON lines (``fmt="text"``: human-readable); idempotent."""
    global _process  # noqa: PLW0603  (one process name per OS process)
    _process = process
    text = (fmt or os.environ.get("LOG_FORMAT", "json")).lower() == "text"
    structlog.configure(
        processors=[
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(text))
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


def get_logger(name: str) -> Any:
    """A structlog logger named ``name``: ``log.info("filled", order_id=...)``."""
    return structlog.stdlib.get_logger(name)


def formatter(text: bool = False) -> logging.Formatter:
    """The one formatter: structlog's processors, then JSON (or a human line)."""
    # Run for every record, structlog's and the standard library's alike (``_record`` is set for both).
    return structlog.stdlib.ProcessorFormatter(
        processors=[
            structlog.contextvars.merge_contextvars,
            _record_fields,
            _extras,
            _correlation,
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _message,
            _render_text if text else _render_json,
        ],
        pass_foreign_args=False,
    )


@contextmanager
def bind(correlation_id: str | None) -> Iterator[None]:
    """Log records emitted inside the block (threads started by it included) carry ``correlation_id``."""
    with structlog.contextvars.bound_contextvars(**{CORRELATION_KEY: correlation_id}):
        yield


def correlation_id() -> str | None:
    """The bound correlation id, else the one of the command running in this context, else None."""
    bound = structlog.contextvars.get_contextvars().get(CORRELATION_KEY)
    if bound:
        return str(bound)
    tracing = sys.modules.get("projections.runtime.tracing")  # loaded only where a projection worker runs
    applying = tracing.applying_correlation.get() if tracing is not None else None
    if applying:
        return str(applying)  # the events a worker applies right now
    from event_store import metadata  # noqa: PLC0415  (logging must not load the event store eagerly)

    command = metadata._context.get()
    return command.correlation_id if command is not None and command.correlation_id else None


def _record_fields(_logger: Any, _name: str, event: EventDict) -> EventDict:
    record: logging.LogRecord = event["_record"]
    event["timestamp"] = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
    event["level"], event["logger"] = record.levelname, record.name
    event["process"], event["pid"] = _process, record.process
    return event


def _extras(_logger: Any, _name: str, event: EventDict) -> EventDict:
    record: logging.LogRecord = event["_record"]
    event.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
    return event


def _correlation(_logger: Any, _name: str, event: EventDict) -> EventDict:
    """The bound (or given) id, else the running command's; no key at all when there is none."""
    found = event.get(CORRELATION_KEY) or correlation_id()
    if found:
        event[CORRELATION_KEY] = found
    else:
        event.pop(CORRELATION_KEY, None)
    return event


def _message(_logger: Any, _name: str, event: EventDict) -> EventDict:
    event["message"] = event.pop("event", "")
    return event


def _render_json(_logger: Any, _name: str, event: EventDict) -> str:
    first = {key: event.pop(key) for key in _FIRST if key in event}  # the fixed fields lead each line
    return orjson.dumps({**first, **event}, default=str).decode()


def _render_text(_logger: Any, _name: str, event: EventDict) -> str:
    line = f"{event['timestamp']} {event['level']} {event['logger']}: {event['message']}"
    if event.get(CORRELATION_KEY):
        line += f" [correlation_id={event[CORRELATION_KEY]}]"
    return line + (f"\n{event['exception']}" if event.get("exception") else "")
